package backend_windows

import "net/netip"

// What the Windows build's live tests print and the Linux-side Wine tests
// read: shared by both sides.

// Markers of the lines the Linux-side Wine test reads from this test's
// output.
const (
	markTables   = "RTNLX-TABLES "
	markSnapshot = "RTNLX-SNAPSHOT "
	markProcs    = "RTNLX-PROCS "
)

// watchStop is the address whose appearance ends TestLiveWatch early:
// the driving test adds it last.
var watchStop = netip.MustParseAddr("203.0.113.255")

// RTNL multicast groups (linux/rtnetlink.h) and message types.
const (
	rtnlgrpLink       = 1
	rtnlgrpNeigh      = 3
	rtnlgrpIPv4IfAddr = 5
	rtnlgrpIPv4Route  = 7
	rtnlgrpIPv6IfAddr = 9
	rtnlgrpIPv6Route  = 11

	rtmNewLink, rtmDelLink   = 16, 17
	rtmNewAddr, rtmDelAddr   = 20, 21
	rtmNewRoute, rtmDelRoute = 24, 25
	rtmNewNeigh, rtmDelNeigh = 28, 29
)

// A watchEvent is one RTNL notification as TestLiveWatch prints it.
type watchEvent struct {
	Type  uint16
	Link  *dumpLink  `json:",omitempty"`
	Addr  *dumpAddr  `json:",omitempty"`
	Route *dumpRoute `json:",omitempty"`
	Neigh *dumpNeigh `json:",omitempty"`
}
