package backend_windows

import (
	"math"
	"net"
	"net/netip"

	"github.com/jsimonetti/rtnetlink/v2"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// translateRoutes makes one RTM_NEWROUTE record per forwarding row.
//
// Windows keeps every route in one table, including the host routes
// Linux keeps in its local table: routes to the machine's own addresses,
// to the loopback range, to subnet and limited broadcast addresses, and
// the multicast ranges.
// Those go to table local (255) with Linux's type (local, broadcast,
// multicast), so that `ip route` (table main) shows what it shows on
// Linux; every other route is a unicast route of table main (254).
func translateRoutes(t *tableSet, ix *index) []rtnetlink.RouteMessage {
	own := ownAddrs(t)
	routes := make([]rtnetlink.RouteMessage, 0, len(t.Routes))
	for i := range t.Routes {
		if m, ok := routeMessage(&t.Routes[i], ix, own); ok {
			routes = append(routes, m)
		}
	}
	return routes
}

// ownAddrs holds the machine's addresses and, for IPv4, the prefixes
// they sit in, per interface.
type ownAddrSet struct {
	local      map[netip.Addr]bool
	broadcast  map[netip.Addr]bool
	byIfPrefix map[uint32][]netip.Prefix // IPv4 address with its prefix length
}

func ownAddrs(t *tableSet) *ownAddrSet {
	s := &ownAddrSet{
		local:      make(map[netip.Addr]bool, len(t.Addrs)),
		broadcast:  make(map[netip.Addr]bool),
		byIfPrefix: make(map[uint32][]netip.Prefix),
	}
	for _, r := range t.Addrs {
		if !r.Addr.IsValid() || int(r.PrefixLength) > r.Addr.BitLen() {
			continue
		}
		a := r.Addr.WithZone("")
		s.local[a] = true
		if a.Is4() {
			p := netip.PrefixFrom(a, int(r.PrefixLength))
			s.byIfPrefix[r.Index] = append(s.byIfPrefix[r.Index], p)
			if b, ok := subnetBroadcast(p); ok {
				s.broadcast[b] = true
			}
		}
	}
	return s
}

// limitedBroadcast is 255.255.255.255.
var limitedBroadcast = netip.AddrFrom4([4]byte{255, 255, 255, 255})

// routeMessage translates one route.
func routeMessage(r *routeRow, ix *index, own *ownAddrSet) (rtnetlink.RouteMessage, bool) {
	dst := r.Dst
	if !dst.IsValid() || r.Index == 0 {
		return rtnetlink.RouteMessage{}, false
	}
	dst = dst.Masked()
	family := uint8(linux.AF_INET)
	if dst.Addr().Is6() {
		family = linux.AF_INET6
	}
	m := rtnetlink.RouteMessage{
		Family:    family,
		DstLength: uint8(dst.Bits()),
		Table:     linux.RT_TABLE_MAIN,
		Protocol:  routeProtocol(r.Protocol, r.Origin),
		Scope:     linux.RT_SCOPE_UNIVERSE,
		Type:      linux.RTN_UNICAST,
		Attributes: rtnetlink.RouteAttributes{
			OutIface: r.Index,
			Priority: addMetric(r.Metric, ix.ifMetric(family, r.Index)),
		},
	}
	if dst.Bits() > 0 {
		m.Attributes.Dst = net.IP(dst.Addr().AsSlice())
	}
	gw := r.NextHop
	onLink := !gw.IsValid() || gw.IsUnspecified()
	if !onLink {
		m.Attributes.Gateway = net.IP(gw.WithZone("").AsSlice())
	}
	host := dst.IsSingleIP()
	switch {
	case host && own.local[dst.Addr()]:
		m.Table, m.Type, m.Scope, m.Protocol = linux.RT_TABLE_LOCAL, linux.RTN_LOCAL, linux.RT_SCOPE_HOST, linux.RTPROT_KERNEL
	case host && family == linux.AF_INET && (dst.Addr() == limitedBroadcast || own.broadcast[dst.Addr()]):
		m.Table, m.Type, m.Scope, m.Protocol = linux.RT_TABLE_LOCAL, linux.RTN_BROADCAST, linux.RT_SCOPE_LINK, linux.RTPROT_KERNEL
	case dst.Addr().IsLoopback() && onLink:
		// 127.0.0.0/8: Linux has it as one local route of table local.
		m.Table, m.Type, m.Scope, m.Protocol = linux.RT_TABLE_LOCAL, linux.RTN_LOCAL, linux.RT_SCOPE_HOST, linux.RTPROT_KERNEL
	case dst.Addr().IsMulticast() && onLink:
		m.Table, m.Type, m.Protocol = linux.RT_TABLE_LOCAL, linux.RTN_MULTICAST, linux.RTPROT_KERNEL
	case onLink:
		m.Scope = linux.RT_SCOPE_LINK
		if family == linux.AF_INET {
			m.Attributes.Src = prefSrc(dst, own.byIfPrefix[r.Index])
		}
	}
	m.Attributes.Table = uint32(m.Table)
	return m, true
}

// prefSrc is the source address Linux puts on an IPv4 on-link route: the
// link's address whose subnet the route covers.
func prefSrc(dst netip.Prefix, addrs []netip.Prefix) net.IP {
	for _, p := range addrs {
		if p.Bits() == dst.Bits() && dst.Contains(p.Addr()) {
			return net.IP(p.Addr().AsSlice())
		}
	}
	return nil
}

// addMetric adds the interface metric as Windows does when it chooses a
// route, saturating rather than wrapping.
func addMetric(route, iface uint32) uint32 {
	if uint64(route)+uint64(iface) > math.MaxUint32 {
		return math.MaxUint32
	}
	return route + iface
}

// routeProtocol maps a route's protocol and origin to RTPROT_*.
//
// Routes learned from router advertisements and DHCP are ra and dhcp
// whatever protocol Windows files them under. Windows' own routes
// (MIB_IPPROTO_LOCAL: on-link prefixes, host routes) are kernel. Routes
// an administrator or a program added (NETMGMT, the persistent NT_STATIC
// kinds, NT_AUTOSTATIC) are static. Routing protocols keep their Linux
// names; anything else is unspec.
func routeProtocol(proto, origin uint32) uint8 {
	switch origin {
	case nlroRouterAdvertisement:
		return linux.RTPROT_RA
	case nlroDHCP:
		return linux.RTPROT_DHCP
	}
	switch proto {
	case mibIPProtoLocal:
		return linux.RTPROT_KERNEL
	case mibIPProtoNetMgmt, mibIPProtoNTAutostatic, mibIPProtoNTStatic, mibIPProtoNTStaticNonDOD:
		return linux.RTPROT_STATIC
	case mibIPProtoICMP:
		return linux.RTPROT_REDIRECT
	case mibIPProtoDHCP:
		return linux.RTPROT_DHCP
	case mibIPProtoRIP:
		return linux.RTPROT_RIP
	case mibIPProtoOSPF:
		return linux.RTPROT_OSPF
	case mibIPProtoBGP:
		return linux.RTPROT_BGP
	case mibIPProtoISIS:
		return linux.RTPROT_ISIS
	case mibIPProtoEIGRP:
		return linux.RTPROT_EIGRP
	}
	return linux.RTPROT_UNSPEC
}
