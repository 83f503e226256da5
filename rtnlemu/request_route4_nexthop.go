package rtnlemu

import (
	"context"
	"net"
	"syscall"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// The checks of an IPv4 route's next hops that fib_create_info makes
// before and while it checks each one (fib_get_nhs, fib_check_nh), for
// what a Source's state decides.

// checkMultipath4 is fib_get_nhs's checks of an IPv4 route's
// RTA_MULTIPATH, which countNexthops found well formed: each next hop's
// flags and gateway attributes, then the route's own RTA_OIF, gateway
// and RTA_FLOW against its first next hop's.
func checkMultipath4(mp, attrs []byte, flags uint32) error {
	var first nexthop
	n := 0
	for nh := range nexthops(mp) {
		if n++; n == 1 {
			first = nh
		}
		if nh.flags&(linux.RTNH_F_DEAD|linux.RTNH_F_LINKDOWN) != 0 {
			return kerr(syscall.EINVAL, "Invalid flags for nexthop - can not contain DEAD or LINKDOWN")
		}
		gw, via := firstAttr(nh.attrs, linux.RTA_GATEWAY), firstAttr(nh.attrs, linux.RTA_VIA)
		switch {
		case gw != nil && via != nil:
			return kerr(syscall.EINVAL, "Nexthop configuration can not contain both GATEWAY and VIA")
		case gw != nil && len(gw) < 4:
			return kerr(syscall.EINVAL, "Invalid IPv4 address in RTA_GATEWAY")
		case gw == nil && via != nil:
			if err := checkVia(via); err != nil {
				return err
			}
		}
		if f := firstAttr(nh.attrs, linux.RTA_FLOW); f != nil && len(f) < 4 {
			return kerr(syscall.EINVAL, "Invalid RTA_FLOW")
		}
	}
	if oif := lastAttr(attrs, linux.RTA_OIF); len(oif) >= 4 && ne.Uint32(oif) != 0 && ne.Uint32(oif) != first.index {
		return kerr(syscall.EINVAL, "Nexthop device index does not match RTA_OIF")
	}
	if family, addr := routeGateway(attrs); family != 0 {
		hopFamily, hopAddr := hopGateway(first.attrs)
		if hopFamily != family || string(hopAddr) != string(addr) {
			return kerr(syscall.EINVAL, "Nexthop gateway does not match RTA_GATEWAY or RTA_VIA")
		}
	}
	if f := lastAttr(attrs, linux.RTA_FLOW); len(f) >= 4 && ne.Uint32(f) != 0 {
		if hf := firstAttr(first.attrs, linux.RTA_FLOW); len(hf) < 4 || ne.Uint32(hf) != ne.Uint32(f) {
			return kerr(syscall.EINVAL, "Nexthop class id does not match RTA_FLOW")
		}
	}
	return nil
}

// routeGateway is the gateway an IPv4 route's (or next hop's)
// attributes name, as rtm_to_fib_config reads them in turn: its family,
// 0 for none, and address. An RTA_GATEWAY sets the address and, unless
// it is 0.0.0.0, the family; an RTA_VIA sets both.
func routeGateway(attrs []byte) (uint16, []byte) {
	var family uint16
	var addr []byte
	forEachAttr(attrs, func(t uint16, v []byte) bool {
		switch {
		case t == linux.RTA_GATEWAY && len(v) >= 4:
			addr = v[:4]
			if ne.Uint32(v) != 0 {
				family = linux.AF_INET
			}
		case t == linux.RTA_VIA && len(v) >= 2:
			family, addr = ne.Uint16(v), v[2:]
		}
		return true
	})
	return family, addr
}

// hopGateway is a multipath next hop's gateway as fib_get_nhs reads its
// attributes (the first RTA_GATEWAY, else the first RTA_VIA): its
// family, 0 for none (a gateway of 0.0.0.0 is none), and address.
func hopGateway(attrs []byte) (uint16, []byte) {
	if g := firstAttr(attrs, linux.RTA_GATEWAY); g != nil {
		if len(g) < 4 || ne.Uint32(g) == 0 {
			return 0, nil
		}
		return linux.AF_INET, g[:4]
	}
	if v := firstAttr(attrs, linux.RTA_VIA); len(v) >= 2 {
		return ne.Uint16(v), v[2:]
	}
	return 0, nil
}

// ipv4 is addr as an IPv4 address where family says it is one, else nil.
func ipv4(family uint16, addr []byte) net.IP {
	if family != linux.AF_INET || len(addr) != 4 {
		return nil
	}
	return net.IP(addr)
}

// checkNexthop is fib_check_nh for one next hop, of link oif with flags,
// with a gateway or not, gw4 when it is an IPv4 one: a gateway is
// checked where it is an IPv4 one on link.
func (c *Conn) checkNexthop(ctx context.Context, scope uint8, oif, flags uint32, gw bool, gw4 net.IP) error {
	switch {
	case !gw:
		return c.checkNexthopDevice(ctx, oif, flags)
	case flags&linux.RTNH_F_ONLINK != 0 && gw4 != nil:
		return c.checkOnlinkGateway(ctx, scope, oif, gw4)
	}
	return nil
}

// checkOnlinkGateway is fib_check_nh_v4_gw for a next hop marked
// RTNH_F_ONLINK: the route's scope is below link, its link exists, and
// its IPv4 gateway is a unicast address as the local table says.
func (c *Conn) checkOnlinkGateway(ctx context.Context, scope uint8, oif uint32, gw net.IP) error {
	if scope >= linux.RT_SCOPE_LINK {
		return kerr(syscall.EINVAL, "Nexthop has invalid scope")
	}
	if c.findLink(ctx, oif) == nil {
		return kerr(syscall.ENODEV, "Nexthop device required for onlink")
	}
	// A link that is down: as in checkNexthopDevice.
	snap, err := c.t.src.Snapshot(ctx, KindRoutes)
	if err != nil || snap == nil {
		return nil
	}
	if addrType(snap.Routes, gw) != linux.RTN_UNICAST {
		return kerr(syscall.EINVAL, "Nexthop has invalid gateway")
	}
	return nil
}

// gateway4 is an IPv4 route request's IPv4 gateway (RTA_GATEWAY, or an
// RTA_VIA of family AF_INET), nil when it has none.
func gateway4(attrs []byte) net.IP {
	if v := lastAttr(attrs, linux.RTA_VIA); v != nil {
		if len(v) >= 6 && ne.Uint16(v) == linux.AF_INET {
			return net.IP(v[2:6])
		}
		return nil
	}
	if v := lastAttr(attrs, linux.RTA_GATEWAY); len(v) >= 4 {
		return net.IP(v[:4])
	}
	return nil
}

// checkVia is fib_gw_from_via's checks of an RTA_VIA: a family and an
// address of that family's length, IPv4 or IPv6.
func checkVia(via []byte) error {
	if len(via) < 2 {
		return kerr(syscall.EINVAL, "Invalid attribute length for RTA_VIA")
	}
	switch ne.Uint16(via) {
	case linux.AF_INET:
		if len(via) != 6 {
			return kerr(syscall.EINVAL, "Invalid IPv4 address in RTA_VIA")
		}
	case linux.AF_INET6:
		if len(via) != 18 {
			return kerr(syscall.EINVAL, "Invalid IPv6 address in RTA_VIA")
		}
	default:
		return kerr(syscall.EINVAL, "Unsupported address family in RTA_VIA")
	}
	return nil
}
