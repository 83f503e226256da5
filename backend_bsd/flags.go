package backend_bsd

import "github.com/rtnlx/rtnlx/internal/linux"

// routeFlags are a route's RTF_* flags with one meaning on every kernel;
// layout.routeFlags maps each kernel's rtm_flags onto them.
type routeFlags uint32

// Route flags.
const (
	routeUp        routeFlags = 1 << iota // RTF_UP
	routeGateway                          // RTF_GATEWAY
	routeHost                             // RTF_HOST
	routeReject                           // RTF_REJECT
	routeDynamic                          // RTF_DYNAMIC (made by a redirect)
	routeStatic                           // RTF_STATIC (added by hand)
	routeBlackhole                        // RTF_BLACKHOLE
	routeLLInfo                           // RTF_LLINFO / RTF_LLDATA: a neighbour entry
	routeLocal                            // RTF_LOCAL: a route to one of our addresses
	routeBroadcast                        // RTF_BROADCAST
	routeMulticast                        // RTF_MULTICAST
	routeCloned                           // RTF_WASCLONED (Darwin, DragonFly), RTF_CLONED (OpenBSD, NetBSD 7)
	routeRouter                           // Darwin RTF_ROUTER: the neighbour is a router
)

// Raw RTF_* bits common to every kernel (net/route.h).
const (
	rtfUp        = 0x1
	rtfGateway   = 0x2
	rtfHost      = 0x4
	rtfReject    = 0x8
	rtfDynamic   = 0x10
	rtfLLInfo    = 0x400
	rtfStatic    = 0x800
	rtfBlackhole = 0x1000
)

// rawFlag pairs a raw bit with its meaning.
type rawFlag struct {
	raw  uint32
	flag routeFlags
}

var commonRouteFlags = []rawFlag{
	{rtfUp, routeUp}, {rtfGateway, routeGateway}, {rtfHost, routeHost},
	{rtfReject, routeReject}, {rtfDynamic, routeDynamic}, {rtfLLInfo, routeLLInfo},
	{rtfStatic, routeStatic}, {rtfBlackhole, routeBlackhole},
}

// routeFlagsOf lists the bits that differ between kernels.
func (l layout) routeFlagsOf() []rawFlag {
	switch l.OS {
	case osNetBSD:
		// NetBSD sys/net/route.h 1.114 (8.0). RTF_CLONED 0x2000 is the
		// bit of NetBSD 7 and earlier; 8.0 retired it and leaves it
		// unused, so reading it costs nothing on newer kernels.
		return []rawFlag{{0x40000, routeLocal}, {0x80000, routeBroadcast}, {0x2000, routeCloned}}
	case osOpenBSD: // OpenBSD sys/net/route.h: RTF_MULTICAST is 0x200, RTF_CLONED 0x10000
		return []rawFlag{{0x200000, routeLocal}, {0x400000, routeBroadcast}, {0x200, routeMulticast}, {0x10000, routeCloned}}
	case osDarwin: // xnu bsd/net/route.h
		return []rawFlag{{0x200000, routeLocal}, {0x400000, routeBroadcast}, {0x800000, routeMulticast}, {0x20000, routeCloned}, {0x10000000, routeRouter}}
	case osDragonFly:
		return []rawFlag{{0x200000, routeLocal}, {0x400000, routeBroadcast}, {0x800000, routeMulticast}, {0x20000, routeCloned}}
	default: // FreeBSD sys/net/route.h
		return []rawFlag{{0x200000, routeLocal}, {0x400000, routeBroadcast}, {0x800000, routeMulticast}}
	}
}

// routeFlags maps raw rtm_flags to RouteFlags.
func (l layout) routeFlags(raw uint32) routeFlags {
	var f routeFlags
	for _, m := range commonRouteFlags {
		if raw&m.raw != 0 {
			f |= m.flag
		}
	}
	for _, m := range l.routeFlagsOf() {
		if raw&m.raw != 0 {
			f |= m.flag
		}
	}
	return f
}

// rawRouteFlags maps RouteFlags back to the kernel's rtm_flags.
func (l layout) rawRouteFlags(f routeFlags) uint32 {
	var raw uint32
	for _, m := range commonRouteFlags {
		if f&m.flag != 0 {
			raw |= m.raw
		}
	}
	for _, m := range l.routeFlagsOf() {
		if f&m.flag != 0 {
			raw |= m.raw
		}
	}
	return raw
}

// Raw IFF_* bits, the same on every BSD kernel and Darwin (net/if.h).
const (
	iffUp          = 0x1
	iffBroadcast   = 0x2
	iffDebug       = 0x4
	iffLoopback    = 0x8
	iffPointToPt   = 0x10
	iffRunning     = 0x40
	iffNoARP       = 0x80
	iffPromisc     = 0x100
	iffAllMulti    = 0x200
	iffMulticast   = 0x8000
	iffPPromiscFBS = 0x20000 // FreeBSD and DragonFly IFF_PPROMISC: promiscuous by user request
)

// linuxIFFBSDMappable are the Linux IFF_* bits that a BSD flag maps to.
const linuxIFFBSDMappable = linux.IFF_UP | linux.IFF_BROADCAST | linux.IFF_DEBUG | linux.IFF_LOOPBACK |
	linux.IFF_POINTOPOINT | linux.IFF_NOARP | linux.IFF_PROMISC | linux.IFF_ALLMULTI | linux.IFF_MULTICAST

var iffMap = []struct{ bsd, linux uint32 }{
	{iffUp, linux.IFF_UP}, {iffBroadcast, linux.IFF_BROADCAST}, {iffDebug, linux.IFF_DEBUG},
	{iffLoopback, linux.IFF_LOOPBACK}, {iffPointToPt, linux.IFF_POINTOPOINT}, {iffNoARP, linux.IFF_NOARP},
	{iffPromisc, linux.IFF_PROMISC}, {iffAllMulti, linux.IFF_ALLMULTI}, {iffMulticast, linux.IFF_MULTICAST},
}

// linuxIFF maps BSD if_flags to Linux IFF_* bits, leaving out RUNNING
// and LOWER_UP, which come from the link state.
func linuxIFF(o osKind, bsd uint32) uint32 {
	var f uint32
	for _, m := range iffMap {
		if bsd&m.bsd != 0 {
			f |= m.linux
		}
	}
	if (o == osFreeBSD || o == osDragonFly) && bsd&iffPPromiscFBS != 0 {
		f |= linux.IFF_PROMISC
	}
	return f
}

// linkState is an interface's link state, one meaning on every kernel.
type linkState uint8

// Link states.
const (
	stateUnknown linkState = iota // LINK_STATE_UNKNOWN, or not reported (Darwin)
	stateDown                     // LINK_STATE_DOWN (OpenBSD: also INVALID and KALIVE_DOWN)
	stateUp                       // LINK_STATE_UP (OpenBSD: also HALF_DUPLEX and FULL_DUPLEX)
)

// linkState maps a kernel's ifi_link_state.
func (l layout) linkState(raw uint64) linkState {
	if l.OS == osOpenBSD {
		// OpenBSD net/if.h: UNKNOWN 0, INVALID 1, DOWN 2, KALIVE_DOWN 3,
		// UP 4, HALF_DUPLEX 5, FULL_DUPLEX 6.
		switch {
		case raw == 0:
			return stateUnknown
		case raw >= 4:
			return stateUp
		default:
			return stateDown
		}
	}
	// FreeBSD, NetBSD, DragonFly net/if.h: UNKNOWN 0, DOWN 1, UP 2.
	switch raw {
	case 1:
		return stateDown
	case 2:
		return stateUp
	}
	return stateUnknown
}
