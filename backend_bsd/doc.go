// Package backend_bsd serves RTNL (Linux rtnetlink) from PF_ROUTE on
// FreeBSD, OpenBSD, NetBSD, DragonFly and macOS, through rtnlemu.
//
// The package has two layers. The pure layer, which builds and is tested
// on every OS, parses routing-socket messages from bytes laid out as each
// kernel lays them out ([Layout]), translates the parsed values into
// rtnetlink records with Linux's numeric values, encodes route requests,
// and runs the monitor's state machine. The thin syscall layer, built
// only on the BSDs and macOS, reads sysctl dumps and the routing socket,
// makes ioctls, and hands bytes to the pure layer.
package backend_bsd
