package netinfo

import (
	"fmt"
	"net/netip"
	"strings"
	"syscall"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// ifNameMax is the longest link name the kernel takes: IFNAMSIZ less the
// terminating NUL (dev_valid_name).
const ifNameMax = linux.IFNAMSIZ - 1

// ifAliasMax is the longest alias ifla_policy takes (IFALIASZ - 1).
const ifAliasMax = linux.IFALIASZ - 1

// invalid is the error of an argument the library refuses before sending:
// it names the operation and the field and matches syscall.EINVAL, as the
// kernel's answer to the same mistake would.
func invalid(op, field, format string, args ...any) error {
	return fmt.Errorf("netinfo: %s: %s: %s: %w", op, field, fmt.Sprintf(format, args...), syscall.EINVAL)
}

// checkFamily checks that family, when set, is one of those listed.
func checkFamily(op, field string, family Family, known ...Family) error {
	if family == FamilyAll {
		return nil
	}
	for _, k := range known {
		if family == k {
			return nil
		}
	}
	return invalid(op, field, "unknown family %d", uint8(family))
}

// checkPrefix checks a prefix that must be given (required) or may be
// left zero: a non-zero prefix must be valid (netip.PrefixFrom(v4, 40) is
// not) and of family, when family is set.
func checkPrefix(op, field string, p netip.Prefix, family Family, required bool) error {
	switch {
	case p == netip.Prefix{}:
		if required {
			return invalid(op, field, "none given")
		}
		return nil
	case !p.IsValid():
		return invalid(op, field, "%s/%d is not a valid prefix", p.Addr(), p.Bits())
	}
	return checkAddrFamily(op, field, p.Addr(), family)
}

// checkAddrFamily checks that a, when set, is of family, when set.
func checkAddrFamily(op, field string, a netip.Addr, family Family) error {
	if !a.IsValid() || family == FamilyAll {
		return nil
	}
	if got := familyOf(a.Is4()); got != family {
		return invalid(op, field, "%s is %s, the family given is %s", a, got, family)
	}
	return nil
}

// checkIndex checks a link index field that 0 leaves unset.
func checkIndex(op, field string, index int) error {
	if index < 0 {
		return invalid(op, field, "negative link index %d", index)
	}
	return nil
}

// checkLinkName applies the kernel's dev_valid_name.
func checkLinkName(op, name string) error {
	switch {
	case name == "":
		return invalid(op, "Name", "empty")
	case len(name) > ifNameMax:
		return invalid(op, "Name", "%q is %d bytes, more than IFNAMSIZ-1 (%d)", name, len(name), ifNameMax)
	case name == "." || name == "..":
		return invalid(op, "Name", "%q is not a valid interface name", name)
	case strings.ContainsAny(name, "/: \t\n\v\f\r"):
		return invalid(op, "Name", "%q holds '/', ':' or a space", name)
	}
	return nil
}

// validate checks a route given to a setter. family is the route's, from
// its Family or its Dst.
func (r *Route) validate(op string, family Family) error {
	if err := checkFamily(op, "Family", r.Family, FamilyInet, FamilyInet6); err != nil {
		return err
	}
	if err := checkPrefix(op, "Dst", r.Dst, family, true); err != nil {
		if r.Dst == (netip.Prefix{}) {
			return invalid(op, "Dst", "none given (use 0.0.0.0/0 or ::/0 for a default route)")
		}
		return err
	}
	if err := checkPrefix(op, "Src", r.Src, family, false); err != nil {
		return err
	}
	if err := checkAddrFamily(op, "PrefSrc", r.PrefSrc, family); err != nil {
		return err
	}
	// An IPv4 route may have an IPv6 gateway (RTA_VIA); not the reverse.
	if family == FamilyInet6 {
		if err := checkAddrFamily(op, "Gateway", r.Gateway, family); err != nil {
			return err
		}
	}
	if err := checkIndex(op, "OutIndex", r.OutIndex); err != nil {
		return err
	}
	for i, h := range r.NextHops {
		field := fmt.Sprintf("NextHops[%d]", i)
		if h.Weight < 1 || h.Weight > 256 {
			return invalid(op, field+".Weight", "%d is outside 1-256", h.Weight)
		}
		if err := checkIndex(op, field+".OutIndex", h.OutIndex); err != nil {
			return err
		}
		if family == FamilyInet6 {
			if err := checkAddrFamily(op, field+".Gateway", h.Gateway, family); err != nil {
				return err
			}
		}
	}
	return nil
}

// validate checks an address given to a setter.
func (a *Addr) validate(op string) error {
	if err := checkFamily(op, "Family", a.Family, FamilyInet, FamilyInet6); err != nil {
		return err
	}
	if err := checkPrefix(op, "Prefix", a.Prefix, a.Family, true); err != nil {
		return err
	}
	family := familyOf(a.Prefix.Addr().Is4())
	if err := checkAddrFamily(op, "Peer", a.Peer, family); err != nil {
		return err
	}
	if err := checkAddrFamily(op, "Broadcast", a.Broadcast, family); err != nil {
		return err
	}
	return checkIndex(op, "Index", a.Index)
}

// validate checks a neighbour given to a setter (its Index separately).
func (n *Neighbor) validate(op string) error {
	if err := checkFamily(op, "Family", n.Family, FamilyInet, FamilyInet6, FamilyBridge); err != nil {
		return err
	}
	if !n.IP.IsValid() {
		return invalid(op, "IP", "none given")
	}
	if len(n.HardwareAddr) > linux.MAX_ADDR_LEN {
		return invalid(op, "HardwareAddr", "%d bytes, more than MAX_ADDR_LEN (%d)", len(n.HardwareAddr), linux.MAX_ADDR_LEN)
	}
	if n.Family == FamilyBridge {
		return nil // a bridge FDB entry's IP is of either family
	}
	return checkAddrFamily(op, "IP", n.IP, n.Family)
}

// validate checks a route filter.
func (f *RouteFilter) validate(op string) error {
	if err := checkFamily(op, "RouteFilter.Family", f.Family, FamilyInet, FamilyInet6); err != nil {
		return err
	}
	if err := checkIndex(op, "RouteFilter.OutIndex", f.OutIndex); err != nil {
		return err
	}
	if f.Dst != nil {
		if !f.Dst.IsValid() {
			return invalid(op, "RouteFilter.Dst", "not a valid prefix")
		}
		return checkAddrFamily(op, "RouteFilter.Dst", f.Dst.Addr(), f.Family)
	}
	return nil
}

// validate checks an address filter.
func (f *AddrFilter) validate(op string) error {
	if err := checkFamily(op, "AddrFilter.Family", f.Family, FamilyInet, FamilyInet6); err != nil {
		return err
	}
	return checkIndex(op, "AddrFilter.Index", f.Index)
}

// validate checks a neighbour filter.
func (f *NeighFilter) validate(op string) error {
	if err := checkFamily(op, "NeighFilter.Family", f.Family, FamilyInet, FamilyInet6, FamilyBridge); err != nil {
		return err
	}
	return checkIndex(op, "NeighFilter.Index", f.Index)
}
