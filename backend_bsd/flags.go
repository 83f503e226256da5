package backend_bsd

import "github.com/rtnlx/rtnlx/internal/linux"

// RouteFlags are a route's RTF_* flags with one meaning on every kernel;
// [Layout.routeFlags] maps each kernel's rtm_flags onto them.
type RouteFlags uint32

// Route flags.
const (
	RouteUp        RouteFlags = 1 << iota // RTF_UP
	RouteGateway                          // RTF_GATEWAY
	RouteHost                             // RTF_HOST
	RouteReject                           // RTF_REJECT
	RouteDynamic                          // RTF_DYNAMIC (made by a redirect)
	RouteStatic                           // RTF_STATIC (added by hand)
	RouteBlackhole                        // RTF_BLACKHOLE
	RouteLLInfo                           // RTF_LLINFO / RTF_LLDATA: a neighbour entry
	RouteLocal                            // RTF_LOCAL: a route to one of our addresses
	RouteBroadcast                        // RTF_BROADCAST
	RouteMulticast                        // RTF_MULTICAST
	RouteCloned                           // RTF_WASCLONED (Darwin, DragonFly), RTF_CLONED (OpenBSD)
	RouteRouter                           // Darwin RTF_ROUTER: the neighbour is a router
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
	flag RouteFlags
}

var commonRouteFlags = []rawFlag{
	{rtfUp, RouteUp}, {rtfGateway, RouteGateway}, {rtfHost, RouteHost},
	{rtfReject, RouteReject}, {rtfDynamic, RouteDynamic}, {rtfLLInfo, RouteLLInfo},
	{rtfStatic, RouteStatic}, {rtfBlackhole, RouteBlackhole},
}

// routeFlagsOf lists the bits that differ between kernels.
func (l Layout) routeFlagsOf() []rawFlag {
	switch l.OS {
	case NetBSD: // NetBSD sys/net/route.h 1.114
		return []rawFlag{{0x40000, RouteLocal}, {0x80000, RouteBroadcast}}
	case OpenBSD: // OpenBSD sys/net/route.h: RTF_MULTICAST is 0x200, RTF_CLONED 0x10000
		return []rawFlag{{0x200000, RouteLocal}, {0x400000, RouteBroadcast}, {0x200, RouteMulticast}, {0x10000, RouteCloned}}
	case Darwin: // xnu bsd/net/route.h
		return []rawFlag{{0x200000, RouteLocal}, {0x400000, RouteBroadcast}, {0x800000, RouteMulticast}, {0x20000, RouteCloned}, {0x10000000, RouteRouter}}
	case DragonFly:
		return []rawFlag{{0x200000, RouteLocal}, {0x400000, RouteBroadcast}, {0x800000, RouteMulticast}, {0x20000, RouteCloned}}
	default: // FreeBSD sys/net/route.h
		return []rawFlag{{0x200000, RouteLocal}, {0x400000, RouteBroadcast}, {0x800000, RouteMulticast}}
	}
}

// routeFlags maps raw rtm_flags to RouteFlags.
func (l Layout) routeFlags(raw uint32) RouteFlags {
	var f RouteFlags
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
func (l Layout) rawRouteFlags(f RouteFlags) uint32 {
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
func linuxIFF(o OS, bsd uint32) uint32 {
	var f uint32
	for _, m := range iffMap {
		if bsd&m.bsd != 0 {
			f |= m.linux
		}
	}
	if (o == FreeBSD || o == DragonFly) && bsd&iffPPromiscFBS != 0 {
		f |= linux.IFF_PROMISC
	}
	return f
}

// LinkState is an interface's link state, one meaning on every kernel.
type LinkState uint8

// Link states.
const (
	LinkStateUnknown LinkState = iota // LINK_STATE_UNKNOWN, or not reported (Darwin)
	LinkStateDown                     // LINK_STATE_DOWN (OpenBSD: also INVALID and KALIVE_DOWN)
	LinkStateUp                       // LINK_STATE_UP (OpenBSD: also HALF_DUPLEX and FULL_DUPLEX)
)

// linkState maps a kernel's ifi_link_state.
func (l Layout) linkState(raw uint64) LinkState {
	if l.OS == OpenBSD {
		// OpenBSD net/if.h: UNKNOWN 0, INVALID 1, DOWN 2, KALIVE_DOWN 3,
		// UP 4, HALF_DUPLEX 5, FULL_DUPLEX 6.
		switch {
		case raw == 0:
			return LinkStateUnknown
		case raw >= 4:
			return LinkStateUp
		default:
			return LinkStateDown
		}
	}
	// FreeBSD, NetBSD, DragonFly net/if.h: UNKNOWN 0, DOWN 1, UP 2.
	switch raw {
	case 1:
		return LinkStateDown
	case 2:
		return LinkStateUp
	}
	return LinkStateUnknown
}
