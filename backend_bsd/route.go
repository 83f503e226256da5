package backend_bsd

import (
	"github.com/jsimonetti/rtnetlink/v2"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// tableID maps a FreeBSD FIB or OpenBSD rtable number to a Linux table:
// the default FIB/rtable 0 is RT_TABLE_MAIN, others keep their number.
// (A FIB numbered 253-255 would share a Linux reserved id.)
func tableID(fib uint32) uint32 {
	if fib == 0 {
		return linux.RT_TABLE_MAIN
	}
	return fib
}

// fibOf is the inverse of TableID for requests; 0 (unspecified) and
// RT_TABLE_MAIN are FIB 0.
func fibOf(table uint32) uint32 {
	if table == 0 || table == linux.RT_TABLE_MAIN {
		return 0
	}
	return table
}

// routeDst gives the destination and prefix length of a route or
// neighbour message; ok is false when it has no IP destination or a
// netmask that is not contiguous.
func routeDst(m *routeMsg) (dst sockaddr, bits int, ok bool) {
	dst = m.Addrs[raxDst]
	if dst.Kind != saInet {
		return dst, 0, false
	}
	v6 := dst.IP.Is6()
	switch nm := m.Addrs[raxNetmask]; {
	case m.Flags&routeHost != 0:
		bits = dst.IP.BitLen()
	case nm.Kind != saNone:
		if bits, ok = maskBits(nm, v6); !ok {
			return dst, 0, false
		}
	case dst.IP.IsUnspecified():
		bits = 0 // a default route written without a netmask
	default:
		bits = dst.IP.BitLen() // no netmask: a host route
	}
	return dst, bits, true
}

// Route translates a route message into an RTM_NEWROUTE record in the
// given Linux table (see TableID; on OpenBSD the message's own rtable
// is used when table is 0). ok is false for neighbour entries
// (RTF_LLINFO), clones, and messages without an IP destination.
func (l layout) Route(m *routeMsg, table uint32) (msg rtnetlink.RouteMessage, ok bool) {
	if m == nil || m.Flags&(routeLLInfo|routeCloned) != 0 {
		return msg, false
	}
	dst, bits, ok := routeDst(m)
	if !ok {
		return msg, false
	}
	v6 := dst.IP.Is6()
	if table == 0 {
		table = tableID(m.Table)
	}
	msg = rtnetlink.RouteMessage{
		Family:    linux.AF_INET,
		DstLength: uint8(bits),
		Protocol:  linux.RTPROT_KERNEL,
		Scope:     linux.RT_SCOPE_UNIVERSE,
		Type:      linux.RTN_UNICAST,
	}
	if v6 {
		msg.Family = linux.AF_INET6
	}
	msg.Table = linux.RT_TABLE_COMPAT
	if table < 256 {
		msg.Table = uint8(table)
	}
	a := &msg.Attributes
	a.Table = table
	if bits > 0 {
		p, _ := dst.IP.Prefix(bits)
		a.Dst = ipBytes(p.Addr())
	}
	a.OutIface = uint32(m.Index)
	gw := m.Addrs[raxGateway]
	switch gw.Kind {
	case saInet:
		if m.Flags&routeGateway != 0 && gw.IP.Is6() == v6 {
			a.Gateway = ipBytes(gw.IP)
			if a.OutIface == 0 {
				a.OutIface = gw.Zone
			}
		}
	case saLink:
		if a.OutIface == 0 {
			a.OutIface = uint32(gw.Link.Index)
		}
	}
	if ifp := m.Addrs[raxIFP]; a.OutIface == 0 && ifp.Kind == saLink {
		a.OutIface = uint32(ifp.Link.Index)
	}
	if a.OutIface == 0 && v6 && dst.Zone != 0 {
		a.OutIface = dst.Zone
	}
	switch {
	case l.OS == osOpenBSD && openbsdProto(m.Priority) != 0:
		msg.Protocol = openbsdProto(m.Priority)
	case m.Flags&routeStatic != 0:
		msg.Protocol = linux.RTPROT_STATIC
	case m.Flags&routeDynamic != 0:
		msg.Protocol = linux.RTPROT_REDIRECT
	}
	switch {
	case m.Flags&routeBlackhole != 0:
		msg.Type = linux.RTN_BLACKHOLE
		dropLoopbackNexthop(a)
	case m.Flags&routeReject != 0:
		msg.Type = linux.RTN_UNREACHABLE
		dropLoopbackNexthop(a)
	case m.Flags&routeLocal != 0:
		msg.Type, msg.Scope = linux.RTN_LOCAL, linux.RT_SCOPE_HOST
	case m.Flags&routeBroadcast != 0:
		msg.Type, msg.Scope = linux.RTN_BROADCAST, linux.RT_SCOPE_LINK
	case m.Flags&routeMulticast != 0:
		msg.Type = linux.RTN_MULTICAST
	case m.Flags&routeGateway == 0:
		// Directly reachable: Linux's scope link for connected routes.
		msg.Scope = linux.RT_SCOPE_LINK
	}
	if m.Priority != 0 {
		a.Priority = uint32(m.Priority)
	}
	return msg, true
}

// openbsdProto maps the rtm_priority OpenBSD's routing daemons install
// their routes with (sys/net/route.h RTP_*) to the RTPROT_* value Linux
// daemons use; 0 for other priorities.
func openbsdProto(prio uint8) uint8 {
	switch prio {
	case 28: // RTP_EIGRP
		return 192 // RTPROT_EIGRP
	case 32: // RTP_OSPF
		return 188 // RTPROT_OSPF
	case 36: // RTP_ISIS
		return 187 // RTPROT_ISIS
	case 40: // RTP_RIP
		return 189 // RTPROT_RIP
	case 48: // RTP_BGP
		return 186 // RTPROT_BGP
	}
	return 0
}

// dropLoopbackNexthop removes the loopback gateway (and with it lo0)
// that BSD kernels require on blackhole and reject routes: Linux's
// routes of those types have no next hop, and RouteRequestFromRTNL adds
// the same gateway back when writing one.
func dropLoopbackNexthop(a *rtnetlink.RouteAttributes) {
	if a.Gateway != nil && a.Gateway.IsLoopback() {
		a.Gateway, a.OutIface = nil, 0
	}
}
