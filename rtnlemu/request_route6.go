package rtnlemu

import (
	"context"
	"net"
	"syscall"

	"github.com/jsimonetti/rtnetlink/v2"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// checkNewRoute6 is what an IPv6 route add checks after
// fib6_config_validate, in the kernel's order (ip6_route_info_create,
// ip6_route_info_create_nh, fib6_nh_init), for what a Source's state
// decides: m is the request decoded, body its bytes as
// rtm_to_fib6_config reads them. Gateways are not checked
// (ip6_validate_gw's lookups: a difference rtnlemu documents), and a
// multipath route's next hops are left to the Source.
func (c *Conn) checkNewRoute6(ctx context.Context, m *rtnetlink.RouteMessage, body []byte) error {
	attrs := body[linux.SizeofRtMsg:]
	if mx := lastAttr(attrs, linux.RTA_METRICS); mx != nil {
		if err := checkMetrics(mx); err != nil {
			return err
		}
	}
	if m.Attributes.Multipath != nil || hasAttr(attrs, linux.RTA_MULTIPATH) {
		return nil
	}
	if hasAttr(attrs, linux.RTA_NH_ID) {
		// rtnlemu keeps no nexthop objects.
		return kerr(syscall.EINVAL, "Nexthop id does not exist")
	}
	var dev *rtnetlink.LinkMessage
	if oif := m.Attributes.OutIface; oif != 0 {
		if dev = c.findLink(ctx, oif); dev == nil || !hasFamily(dev, linux.AF_INET6) {
			return syscall.ENODEV
		}
	}
	if ne.Uint32(body[8:])&linux.RTNH_F_ONLINK != 0 && dev == nil {
		return kerr(syscall.ENODEV, "Nexthop device required for onlink")
	}
	reject := m.Type >= linux.RTN_BLACKHOLE && m.Type <= linux.RTN_THROW
	gw := m.Attributes.Gateway != nil
	switch {
	case reject:
		// fib6_nh_init puts reject routes on loopback, without a
		// gateway; rt6_duplicate_nexthop compares them so, and the
		// kernel reports them so.
		if dev = c.loopback(ctx); dev != nil {
			m.Attributes.OutIface = dev.Index
			m.Attributes.Gateway = nil
		}
	case gw:
		if err := c.checkGateway6(ctx, m.Attributes.Gateway, dev); err != nil {
			return err
		}
	case dev == nil:
		return syscall.ENODEV // fib6_nh_init: only reject routes need no device
	}
	if hasAttr(attrs, linux.RTA_ENCAP) && !hasAttr(attrs, linux.RTA_ENCAP_TYPE) {
		// fib6_nh_init: lwtunnel_build_state of type none.
		return kerr(syscall.EINVAL, "Unknown LWT encapsulation type")
	}
	if src := m.Attributes.Src; src != nil && !src.IsUnspecified() && !c.hasIPv6Addr(ctx, src, dev) {
		return kerr(syscall.EINVAL, "Invalid source address")
	}
	return nil
}

// checkGateway6 is ip6_validate_gw's checks that need no route lookup,
// for a gateway gw through dev (nil when the request names none): not a
// local address, not multicast or unspecified; a link-local one needs a
// link, and the link is not loopback. A gateway of another kind is
// looked up by the kernel (a difference rtnlemu documents), which
// finds its link where the request names none.
func (c *Conn) checkGateway6(ctx context.Context, gw net.IP, dev *rtnetlink.LinkMessage) error {
	linkLocal := gw.IsLinkLocalUnicast()
	if dev != nil && c.isIPv6Addr(ctx, gw, dev, !linkLocal) {
		return kerr(syscall.EINVAL, "Gateway can not be a local address")
	}
	if !linkLocal && (gw.IsUnspecified() || gw.IsMulticast()) {
		return kerr(syscall.EINVAL, "Invalid gateway address")
	}
	switch {
	case dev == nil && linkLocal:
		return kerr(syscall.EINVAL, "Egress device not specified")
	case dev != nil && dev.Type == linux.ARPHRD_LOOPBACK:
		return kerr(syscall.EINVAL, "Egress device can not be loopback device for this route")
	}
	return nil
}

// checkMultipath6 is rtm_to_fib6_multipath_config: an IPv6 route's
// RTA_MULTIPATH starts with a well-formed next hop, and of the next hops
// up to the first malformed one each has a gateway of 16 bytes (its
// first RTA_GATEWAY) where it has one, and, in an add, a gateway of its
// own or the route's.
func checkMultipath6(mp []byte, routeGateway, add bool) error {
	if len(mp) < 8 || int(ne.Uint16(mp)) < 8 || int(ne.Uint16(mp)) > len(mp) {
		return kerr(syscall.EINVAL, "Invalid nexthop configuration - no valid nexthops")
	}
	for nh := range nexthops(mp) {
		gw := firstAttr(nh.attrs, linux.RTA_GATEWAY)
		if gw != nil && len(gw) < 16 {
			return kerr(syscall.EINVAL, "Invalid IPv6 address in RTA_GATEWAY")
		}
		if add && gw == nil && !routeGateway {
			return kerr(syscall.EINVAL, "Device only routes can not be added for IPv6 using the multipath API.")
		}
	}
	return checkHopEncapTypes(mp)
}

// loopback is the loopback link, or nil.
func (c *Conn) loopback(ctx context.Context) *rtnetlink.LinkMessage {
	snap, err := c.t.src.Snapshot(ctx, KindLinks)
	if err != nil || snap == nil {
		return nil
	}
	for i := range snap.Links {
		if snap.Links[i].Type == linux.ARPHRD_LOOPBACK {
			return &snap.Links[i]
		}
	}
	return nil
}

// hasIPv6Addr is ipv6_chk_addr(addr, dev, 0): an address that is not
// tentative, on dev or, unless it is link- or host-scoped, on any link.
// Without the source's addresses it is taken to be there.
func (c *Conn) hasIPv6Addr(ctx context.Context, addr net.IP, dev *rtnetlink.LinkMessage) bool {
	found, known := c.chkIPv6Addr(ctx, addr, dev, false, true)
	return found || !known
}

// isIPv6Addr is ipv6_chk_addr_and_flags(addr, dev, anyDev, 0, 0): an
// address of the host, tentative or not, on dev, or on any link where
// anyDev is set or the address is neither link- nor host-scoped.
// Without the source's addresses it is taken not to be there.
func (c *Conn) isIPv6Addr(ctx context.Context, addr net.IP, dev *rtnetlink.LinkMessage, anyDev bool) bool {
	found, _ := c.chkIPv6Addr(ctx, addr, dev, anyDev, false)
	return found
}

// chkIPv6Addr is ipv6_chk_addr_and_flags: whether the source has addr
// on dev, or on any link where anyDev is set, dev is nil or the address
// is neither link- nor host-scoped; with noTentative, an address still tentative
// (and not optimistic) does not count. known is false where the
// source's addresses cannot be read.
func (c *Conn) chkIPv6Addr(ctx context.Context, addr net.IP, dev *rtnetlink.LinkMessage, anyDev, noTentative bool) (found, known bool) {
	snap, err := c.t.src.Snapshot(ctx, KindAddrs)
	if err != nil || snap == nil {
		return false, false
	}
	for i := range snap.Addrs {
		a := &snap.Addrs[i]
		if a.Family != linux.AF_INET6 || !net.IP(addrLocal(a)).Equal(addr) {
			continue
		}
		if f := addrFlags(a); noTentative && f&linux.IFA_F_TENTATIVE != 0 && f&linux.IFA_F_OPTIMISTIC == 0 {
			continue
		}
		if anyDev || dev == nil || a.Index == dev.Index || a.Scope < linux.RT_SCOPE_LINK {
			return true, true
		}
	}
	return false, true
}
