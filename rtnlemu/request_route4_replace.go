package rtnlemu

import (
	"context"
	"net"
	"syscall"

	"github.com/jsimonetti/rtnetlink/v2"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// IPv4 routes as fib_table_insert keeps them. The kernel keeps a route's
// next hops, type, protocol, scope, preferred source, metrics and flags
// in a fib_info, shared by every route that has an equal one
// (fib_find_info), and an NLM_F_REPLACE that finds its own route already
// there changes nothing and notifies nothing.

// rtnhDumped are the next-hop flags fib_nexthop_info reports of what a
// request set: a single-path route's rtm_flags and a multipath route's
// rtnh_flags are these alone in the kernel's messages, whatever else
// the request's flags held.
const rtnhDumped = linux.RTNH_F_ONLINK | linux.RTNH_F_OFFLOAD | linux.RTNH_F_TRAP

// rtnhCompareMask is RTNH_COMPARE_MASK: flags fib_find_info and nh_comp
// leave out when they compare two routes.
const rtnhCompareMask = linux.RTNH_F_DEAD | linux.RTNH_F_LINKDOWN | linux.RTNH_F_OFFLOAD | linux.RTNH_F_TRAP

// keptMetrics are the RTA_METRICS a Source's route keeps.
var keptMetrics = map[uint16]bool{
	linux.RTAX_MTU: true, linux.RTAX_ADVMSS: true, linux.RTAX_INITCWND: true,
	linux.RTAX_FEATURES: true, linux.RTAX_INITRWND: true,
}

// dumpedRoute4 gives a new IPv4 route the form fib_dump_info reports it
// in: RTA_DST whenever the prefix has a length, a single-path route's
// rtm_flags cut to its next hop's reported flags (a multipath route
// reports its rtm_flags whole, and each hop's reported flags).
func dumpedRoute4(m *rtnetlink.RouteMessage) {
	if m.DstLength > 0 && m.Attributes.Dst.To4() == nil {
		m.Attributes.Dst = net.IPv4zero.To4()
	}
	if len(m.Attributes.Multipath) == 0 {
		m.Flags &= rtnhDumped
		return
	}
	hops := make([]rtnetlink.NextHop, len(m.Attributes.Multipath))
	copy(hops, m.Attributes.Multipath)
	for i := range hops {
		hops[i].Hop.Flags &= rtnhDumped
	}
	m.Attributes.Multipath = hops
}

// replaceNoop4 is fib_table_insert's NLM_F_REPLACE when the route is
// there already: among the IPv4 routes of m's table, prefix, TOS and
// metric, in the kernel's order, it looks for the first of m's type whose
// fib_info equals m's. When that is the first of those routes, the kernel
// answers success having changed and notified nothing (done is true);
// when it is a later one, EEXIST. Otherwise the request replaces the
// first (done false, err nil). body is the request as rtm_to_fib_config
// reads it.
func (c *Conn) replaceNoop4(ctx context.Context, m *rtnetlink.RouteMessage, body []byte) (done bool, err error) {
	if !comparable4(body) {
		return false, nil
	}
	snap, serr := c.t.src.Snapshot(ctx, KindRoutes)
	if serr != nil || snap == nil {
		return false, nil
	}
	first := true
	for i := range snap.Routes {
		r := &snap.Routes[i]
		if r.Family != linux.AF_INET || r.DstLength != m.DstLength || r.Tos != m.Tos ||
			routeTable(r) != routeTable(m) || r.Attributes.Priority != m.Attributes.Priority ||
			!ip4Equal(r.Attributes.Dst, m.Attributes.Dst) {
			continue
		}
		if r.Type == m.Type && sameFibInfo4(r, m) {
			if first {
				return true, nil
			}
			return true, syscall.EEXIST
		}
		first = false
	}
	return false, nil
}

// comparable4 tells whether everything fib_find_info compares of an IPv4
// route request is something a Source's route keeps: not a realm
// (RTA_FLOW), an encapsulation, a gateway of another family (RTA_VIA) or
// a metric other than keptMetrics. A request holding one of those cannot
// be told equal to a route, and replaces it.
func comparable4(body []byte) bool {
	attrs := body[linux.SizeofRtMsg:]
	if hasAttr(attrs, linux.RTA_FLOW) || hasAttr(attrs, linux.RTA_ENCAP) || hasAttr(attrs, linux.RTA_VIA) {
		return false
	}
	ok := true
	if mx := lastAttr(attrs, linux.RTA_METRICS); mx != nil {
		forEachAttr(mx, func(typ uint16, _ []byte) bool {
			ok = typ == 0 || keptMetrics[typ]
			return ok
		})
	}
	if mp := lastAttr(attrs, linux.RTA_MULTIPATH); mp != nil {
		for len(mp) >= 8 {
			l := int(ne.Uint16(mp))
			if l < 8 || l > len(mp) {
				break
			}
			if hasAttr(mp[8:l], linux.RTA_FLOW) || hasAttr(mp[8:l], linux.RTA_ENCAP) || hasAttr(mp[8:l], linux.RTA_VIA) {
				return false
			}
			mp = mp[min(len(mp), (l+3)&^3):]
		}
	}
	return ok
}

// sameFibInfo4 is fib_find_info's comparison of two IPv4 routes (r as
// the kernel reports it, m as requested), for what the kernel reports:
// protocol, scope, preferred source, metrics, flags and next hops
// (nh_comp: link, gateway, weight, flags). Flags the kernel keeps and
// does not report (a single-path route's beyond rtnhDumped, a hop's
// PERVASIVE) are state only the kernel has; rtnlemu leaves them out.
func sameFibInfo4(r, m *rtnetlink.RouteMessage) bool {
	a, b := &r.Attributes, &m.Attributes
	if r.Protocol != m.Protocol || r.Scope != m.Scope || !ip4Equal(a.Src, b.Src) ||
		metricsOf(a) != metricsOf(b) || len(a.Multipath) != len(b.Multipath) {
		return false
	}
	if len(a.Multipath) == 0 {
		return a.OutIface == b.OutIface && ip4Equal(a.Gateway, b.Gateway) &&
			(r.Flags^m.Flags)&rtnhDumped&^rtnhCompareMask == 0
	}
	if (r.Flags^m.Flags)&^rtnhCompareMask != 0 {
		return false
	}
	for i := range a.Multipath {
		x, y := &a.Multipath[i], &b.Multipath[i]
		if x.Hop.IfIndex != y.Hop.IfIndex || x.Hop.Hops != y.Hop.Hops || !ip4Equal(x.Gateway, y.Gateway) ||
			(x.Hop.Flags^y.Hop.Flags)&rtnhDumped&^rtnhCompareMask != 0 {
			return false
		}
	}
	return true
}

// metricsOf is a route's metrics, none as zero.
func metricsOf(a *rtnetlink.RouteAttributes) rtnetlink.RouteMetrics {
	if a.Metrics == nil {
		return rtnetlink.RouteMetrics{}
	}
	return *a.Metrics
}

// ip4Equal compares two IPv4 addresses, none as 0.0.0.0.
func ip4Equal(x, y net.IP) bool {
	x4, y4 := x.To4(), y.To4()
	if x4 == nil {
		x4 = net.IPv4zero.To4()
	}
	if y4 == nil {
		y4 = net.IPv4zero.To4()
	}
	return x4.Equal(y4)
}
