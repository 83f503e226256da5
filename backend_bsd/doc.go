// Package backend_bsd serves RTNL (Linux rtnetlink) from PF_ROUTE on
// FreeBSD, OpenBSD, NetBSD, DragonFly and macOS, through rtnlemu.
//
// The package has two layers. The pure layer, which builds and is tested
// on every OS, parses routing-socket messages from bytes laid out as each
// kernel lays them out (layout: header offsets, OpenBSD's rtm_hdrlen
// and rtm_tableid, NetBSD's field order and message codes, sockaddr
// rounding to 4 or 8 bytes, KAME scope embedding), translates the parsed
// values into rtnetlink records with Linux's numeric values (AF_INET6 10,
// IFF_*, ARPHRD_*, RT_TABLE_MAIN for FIB/rtable 0, RTPROT_*, NUD_*),
// encodes route requests and interface ioctls, and runs the monitor's
// state machine, which turns each routing message into the kinds of
// objects the emulator must re-read. The thin syscall layer (source,
// built only on the BSDs and macOS) reads sysctl dumps and the routing
// socket, makes ioctls, and hands bytes to the pure layer.
//
// What PF_ROUTE cannot express is answered with EOPNOTSUPP: neighbour
// changes, link changes other than IFF_UP and the MTU, multipath and
// source-specific routes, and tables other than the main one on kernels
// without FIBs or rtables (macOS, NetBSD, DragonFly).
package backend_bsd
