// Package backend_windows serves RTNL (Linux rtnetlink) on Windows from the
// IP Helper API, through rtnlemu.
//
// The package has two halves. The translation (rows.go, rawrows.go,
// translate_*.go) is plain Go with no build tags: it turns IP Helper table
// rows, mirrored as Go structs, into the rtnetlink messages the Linux kernel
// would send for the same state, with Linux's numbers (AF_INET6 is 10,
// ARPHRD_*, IFF_*, IF_OPER_*, RTPROT_*, NUD_*). It is tested on every OS.
// The Windows half (*_windows.go) reads the tables through iphlpapi.dll,
// turns its change notifications into rtnlemu.Change values (polling where
// no notification exists or none ever fires), applies the setters, and
// builds the transport with NewTransport, which with its options is all
// the package exports.
//
// The Linux-side Wine harness in internal/winetest runs the Windows
// build of this package under Wine inside a network namespace and compares
// its view with Linux's.
package backend_windows
