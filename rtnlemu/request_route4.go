package rtnlemu

import (
	"context"
	"net"
	"syscall"

	"github.com/jsimonetti/rtnetlink/v2"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// checkNewRoute4 is fib_create_info's checks of an IPv4 route add, in its
// order, for what a Source's state decides: m is the request decoded,
// body its bytes as rtm_to_fib_config reads them. A gateway is checked
// where the request says it is on link (RTNH_F_ONLINK); others are not
// looked up (fib_check_nh's lookup: a difference rtnlemu documents).
func (c *Conn) checkNewRoute4(ctx context.Context, m *rtnetlink.RouteMessage, body []byte) error {
	attrs := body[linux.SizeofRtMsg:]
	flags := ne.Uint32(body[8:])
	switch {
	case m.Type > linux.RTN_MAX:
		return kerr(syscall.EINVAL, "Invalid route type")
	case fibPropsScope(m.Type) > m.Scope:
		return kerr(syscall.EINVAL, "Invalid scope")
	case flags&(linux.RTNH_F_DEAD|linux.RTNH_F_LINKDOWN) != 0:
		return kerr(syscall.EINVAL, "Invalid rtm_flags - can not contain DEAD or LINKDOWN")
	case hasAttr(attrs, linux.RTA_NH_ID):
		// rtnlemu keeps no nexthop objects.
		return kerr(syscall.EINVAL, "Nexthop id does not exist")
	}
	mp := lastAttr(attrs, linux.RTA_MULTIPATH)
	nhs := 1
	if mp != nil {
		nhs = countNexthops(mp)
		if nhs == 0 {
			return kerr(syscall.EINVAL, "Invalid nexthop configuration - extra data after nexthops")
		}
	}
	if mx := lastAttr(attrs, linux.RTA_METRICS); mx != nil {
		if err := checkMetrics(mx); err != nil {
			return err
		}
	}
	gw := m.Attributes.Gateway != nil && !m.Attributes.Gateway.IsUnspecified() || hasAttr(attrs, linux.RTA_VIA)
	oif := m.Attributes.OutIface
	if mp != nil {
		if err := checkMultipath4(mp, attrs, flags); err != nil {
			return err
		}
	} else if hasAttr(attrs, linux.RTA_ENCAP) && !hasAttr(attrs, linux.RTA_ENCAP_TYPE) {
		// fib_nh_init: lwtunnel_build_state of type none.
		return kerr(syscall.EINVAL, "Unknown LWT encapsulation type")
	}
	if fibPropsError(m.Type) {
		if gw || oif != 0 || mp != nil {
			return kerr(syscall.EINVAL, "Gateway, device and multipath can not be specified for this route type")
		}
		return nil
	}
	switch {
	case m.Type == linux.RTN_UNSPEC:
		return kerr(syscall.EINVAL, "Invalid route type")
	case m.Scope > linux.RT_SCOPE_HOST:
		return kerr(syscall.EINVAL, "Invalid scope")
	case m.Scope == linux.RT_SCOPE_HOST:
		if mp != nil {
			for nh := range nexthops(mp) {
				family, _ := hopGateway(nh.attrs)
				gw, oif = family != 0, nh.index
			}
		}
		switch {
		case nhs != 1:
			return kerr(syscall.EINVAL, "Route with host scope can not have multiple nexthops")
		case gw:
			return kerr(syscall.EINVAL, "Route with host scope can not have a gateway")
		case c.findLink(ctx, oif) == nil:
			return syscall.ENODEV
		}
	case mp == nil:
		if err := c.checkNexthop(ctx, m.Scope, oif, flags, gw, gateway4(attrs)); err != nil {
			return err
		}
	default:
		// fib_get_nhs: a next hop's flags are its own in the low byte.
		for nh := range nexthops(mp) {
			family, addr := hopGateway(nh.attrs)
			if err := c.checkNexthop(ctx, m.Scope, nh.index, flags&^0xff|uint32(nh.flags), family != 0, ipv4(family, addr)); err != nil {
				return err
			}
		}
	}
	if src := m.Attributes.Src.To4(); src != nil && !src.IsUnspecified() && !c.validPrefsrc(ctx, m, src) {
		return kerr(syscall.EINVAL, "Invalid prefsrc address")
	}
	return nil
}

// fibPropsError tells whether IPv4 route type typ is one whose lookups
// fail (fib_props[typ].error): such routes have no next hop.
func fibPropsError(typ uint8) bool {
	return typ >= linux.RTN_BLACKHOLE && typ <= linux.RTN_MAX
}

// checkNexthopDevice is fib_check_nh_nongw: a next hop without a gateway
// takes neither PERVASIVE nor ONLINK, and needs a link with IPv4.
func (c *Conn) checkNexthopDevice(ctx context.Context, oif uint32, flags uint32) error {
	if flags&(linux.RTNH_F_PERVASIVE|linux.RTNH_F_ONLINK) != 0 {
		return kerr(syscall.EINVAL, "Invalid flags for nexthop - PERVASIVE and ONLINK can not be set")
	}
	l := c.findLink(ctx, oif)
	if l == nil || !hasFamily(l, linux.AF_INET) {
		return syscall.ENODEV
	}
	// The kernel refuses a link that is down (ENETDOWN); the systems
	// rtnlemu serves take routes on such links, so it does too.
	return nil
}

// rtaxMax is RTAX_MAX, the highest route metric.
const rtaxMax = linux.RTAX_FASTOPEN_NO_COOKIE

// rtaxFeatureMask is RTAX_FEATURE_MASK, the features a route may set.
const rtaxFeatureMask = linux.RTAX_FEATURE_ECN | linux.RTAX_FEATURE_SACK | linux.RTAX_FEATURE_TIMESTAMP |
	linux.RTAX_FEATURE_ALLFRAG | linux.RTAX_FEATURE_TCP_USEC_TS

// checkMetrics is ip_metrics_convert's checks of an RTA_METRICS: known
// metrics, four bytes each, a congestion control the kernel has (built
// in: cubic and reno), known feature bits.
func checkMetrics(mx []byte) error {
	var err error
	forEachAttr(mx, func(typ uint16, v []byte) bool {
		switch {
		case typ == 0:
		case typ > rtaxMax:
			err = kerr(syscall.EINVAL, "Invalid metric type")
		case typ == linux.RTAX_CC_ALGO:
			name := cString(v)
			if len(name) > 15 {
				name = name[:15] // nla_strscpy into TCP_CA_NAME_MAX
			}
			if name != "cubic" && name != "reno" {
				err = kerr(syscall.EINVAL, "Unknown tcp congestion algorithm")
			}
		case len(v) != 4:
			err = kerr(syscall.EINVAL, "Invalid attribute in metrics")
		case typ == linux.RTAX_FEATURES && ne.Uint32(v)&^rtaxFeatureMask != 0:
			err = kerr(syscall.EINVAL, "Unknown flag set in feature mask in metrics attribute")
		}
		return err == nil
	})
	return err
}

// validPrefsrc is fib_valid_prefsrc: a route's preferred source is a
// local address, as the route's table (the local table for main) or the
// local table says; a local route may name its own destination.
func (c *Conn) validPrefsrc(ctx context.Context, m *rtnetlink.RouteMessage, src net.IP) bool {
	dst := m.Attributes.Dst.To4()
	if m.Type == linux.RTN_LOCAL && dst != nil && !dst.IsUnspecified() && dst.Equal(src) {
		return true
	}
	table := routeTable(m)
	if table == 0 || table == linux.RT_TABLE_MAIN {
		table = linux.RT_TABLE_LOCAL
	}
	snap, err := c.t.src.Snapshot(ctx, KindRoutes)
	if err != nil || snap == nil {
		return true
	}
	if addrTypeInTable(snap.Routes, src, table) == linux.RTN_LOCAL {
		return true
	}
	return table != linux.RT_TABLE_LOCAL && addrTypeInTable(snap.Routes, src, linux.RT_TABLE_LOCAL) == linux.RTN_LOCAL
}

// addrTypeInTable is the type of the IPv4 route of table that matches ip
// longest (inet_addr_type_table), RTN_UNICAST when none does.
func addrTypeInTable(routes []rtnetlink.RouteMessage, ip net.IP, table uint32) uint8 {
	typ, _ := longestMatch4(routes, ip, table)
	return typ
}

// addrType is inet_addr_type_dev_table for a link in no VRF: 0.0.0.0
// and the limited broadcast address are broadcast, a multicast address
// multicast; otherwise the type of the local table's route that matches
// ip longest, RTN_UNICAST where none does or it is a reject route (the
// lookup fails).
func addrType(routes []rtnetlink.RouteMessage, ip net.IP) uint8 {
	ip4 := ip.To4()
	switch {
	case ip4 == nil:
		return linux.RTN_UNICAST
	case ip4.IsUnspecified() || ip4.Equal(net.IPv4bcast):
		return linux.RTN_BROADCAST
	case ip4.IsMulticast():
		return linux.RTN_MULTICAST
	}
	typ, r := longestMatch4(routes, ip4, linux.RT_TABLE_LOCAL)
	if r == nil || fibPropsError(typ) {
		return linux.RTN_UNICAST
	}
	return typ
}

// longestMatch4 is the IPv4 route of table that matches ip longest and
// its type, RTN_UNICAST and nil when none does. The lookup's TOS is 0,
// which only routes of TOS 0 match.
func longestMatch4(routes []rtnetlink.RouteMessage, ip net.IP, table uint32) (uint8, *rtnetlink.RouteMessage) {
	best, typ := -1, uint8(linux.RTN_UNICAST)
	var match *rtnetlink.RouteMessage
	for i := range routes {
		r := &routes[i]
		if r.Family != linux.AF_INET || routeTable(r) != table || r.Tos != 0 || int(r.DstLength) <= best {
			continue
		}
		dst := r.Attributes.Dst.To4()
		if dst == nil {
			dst = net.IPv4zero.To4()
		}
		mask := net.CIDRMask(int(r.DstLength), 32)
		if ip.Mask(mask).Equal(dst.Mask(mask)) {
			best, typ, match = int(r.DstLength), r.Type, r
		}
	}
	return typ, match
}

// hasRoute4Prefix tells whether the source has an IPv4 route of m's
// table, prefix, TOS and metric: fib_table_insert refuses an exclusive add
// of one whatever its next hop, type or protocol.
func (c *Conn) hasRoute4Prefix(ctx context.Context, m *rtnetlink.RouteMessage) bool {
	snap, err := c.t.src.Snapshot(ctx, KindRoutes)
	if err != nil || snap == nil {
		return false
	}
	dst := m.Attributes.Dst.To4()
	if dst == nil {
		dst = net.IPv4zero.To4()
	}
	mask := net.CIDRMask(int(m.DstLength), 32)
	for i := range snap.Routes {
		r := &snap.Routes[i]
		if r.Family != linux.AF_INET || r.DstLength != m.DstLength || r.Tos != m.Tos ||
			routeTable(r) != routeTable(m) || r.Attributes.Priority != m.Attributes.Priority {
			continue
		}
		rd := r.Attributes.Dst.To4()
		if rd == nil {
			rd = net.IPv4zero.To4()
		}
		if rd.Mask(mask).Equal(dst.Mask(mask)) {
			return true
		}
	}
	return false
}
