package rtnlemu

import (
	"context"
	"syscall"

	"github.com/jsimonetti/rtnetlink/v2"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// A link change's IFLA_AF_SPEC holds one entry per address family, each
// handled by that family's rtnl_af_ops: validate_linkmsg validates every
// entry before do_setlink changes anything, and do_setlink applies them
// after the link's other changes (before protodown and XDP). The families
// a kernel with IPv4, IPv6 and the bridge has are AF_INET (IPv4 device
// settings), AF_INET6 (the interface token and the address generation
// mode) and AF_BRIDGE, which has no set_link_af. A Source keeps none of
// these settings, so an entry that would change one is EOPNOTSUPP, after
// every check the kernel makes: a difference rtnlemu documents.

// inetAFPolicy is inet_af_policy (IFLA_INET_MAX is IFLA_INET_CONF).
var inetAFPolicy = &policy{maxType: 1, attrs: map[uint16]attrPolicy{
	linux.IFLA_INET_CONF: nestPolicy,
}}

// inet6AFPolicy is inet6_af_policy (IFLA_INET6_MAX is IFLA_INET6_RA_MTU).
var inet6AFPolicy = &policy{maxType: 9, attrs: map[uint16]attrPolicy{
	linux.IFLA_INET6_ADDR_GEN_MODE: u8Policy,
	linux.IFLA_INET6_TOKEN:         {typ: nlaUnspec, len: 16},
	linux.IFLA_INET6_RA_MTU:        rejPolicy,
}}

// Minimum MTUs below which the kernel takes a link's IPv4 (inetdev_event)
// or IPv6 (addrconf_notify) state away: the link then has no in_device or
// inet6_dev, and per-family settings for it are EAFNOSUPPORT. Loopback
// keeps its inet6_dev.
const (
	ipv4MinMTU = 68
	ipv6MinMTU = 1280
)

// hasFamily tells whether link l has the kernel's per-family state for
// family (an in_device, an inet6_dev).
func hasFamily(l *rtnetlink.LinkMessage, family uint16) bool {
	mtu := uint32(0)
	if l.Attributes != nil {
		mtu = l.Attributes.MTU
	}
	if family == linux.AF_INET {
		return mtu >= ipv4MinMTU
	}
	return mtu >= ipv6MinMTU || l.Type == linux.ARPHRD_LOOPBACK
}

// validateAFSpec is validate_linkmsg's check of IFLA_AF_SPEC on link l:
// each entry's family must be registered, have set_link_af, and pass its
// validate_link_af.
func validateAFSpec(attrs []byte, l *rtnetlink.LinkMessage) error {
	spec := lastAttr(attrs, linux.IFLA_AF_SPEC)
	var err error
	forEachAttr(spec, func(family uint16, data []byte) bool {
		switch family {
		case linux.AF_INET:
			err = validateInetAF(data, l)
		case linux.AF_INET6:
			err = validateInet6AF(data, l)
		case linux.AF_BRIDGE:
			err = syscall.EOPNOTSUPP // br_af_ops has no set_link_af
		default:
			err = syscall.EAFNOSUPPORT
		}
		return err == nil
	})
	return err
}

// validateInetAF is inet_validate_link_af: each IPv4 device setting is a
// u32 with a known id.
func validateInetAF(data []byte, l *rtnetlink.LinkMessage) error {
	if !hasFamily(l, linux.AF_INET) {
		return syscall.EAFNOSUPPORT
	}
	if _, err := inetAFPolicy.validate(data, parseLiberal); err != nil {
		return err
	}
	var err error
	forEachAttr(lastAttr(data, linux.IFLA_INET_CONF), func(id uint16, v []byte) bool {
		if len(v) < 4 || id == 0 || id > linux.IPV4_DEVCONF_MAX {
			err = syscall.EINVAL
		}
		return err == nil
	})
	return err
}

// validateInet6AF is inet6_validate_link_af: a token or an address
// generation mode, the mode one the kernel knows. Stable-privacy
// addresses need a secret, which a namespace has not until one is
// written to its sysctl: refused as in a fresh namespace.
func validateInet6AF(data []byte, l *rtnetlink.LinkMessage) error {
	if !hasFamily(l, linux.AF_INET6) {
		return syscall.EAFNOSUPPORT
	}
	if _, err := inet6AFPolicy.validate(data, parseLiberal); err != nil {
		return err
	}
	mode := lastAttr(data, linux.IFLA_INET6_ADDR_GEN_MODE)
	if mode == nil && lastAttr(data, linux.IFLA_INET6_TOKEN) == nil {
		return syscall.EINVAL
	}
	if mode != nil && mode[0] > linux.IN6_ADDR_GEN_MODE_RANDOM || mode != nil && mode[0] == linux.IN6_ADDR_GEN_MODE_STABLE_PRIVACY {
		return syscall.EINVAL
	}
	return nil
}

// setAFSpec is do_setlink's application of IFLA_AF_SPEC to link l, as it
// is after the request's other changes: the entries in order, each
// family's set_link_af checks; the first refusal is the answer. An entry
// that would change a setting is EOPNOTSUPP once every entry has passed.
func (c *Conn) setAFSpec(ctx context.Context, attrs []byte, l *rtnetlink.LinkMessage) error {
	spec := lastAttr(attrs, linux.IFLA_AF_SPEC)
	if spec == nil {
		return nil
	}
	if now := c.findLink(ctx, l.Index); now != nil {
		l = now // the flags the request set count
	}
	var err error
	changes := false
	forEachAttr(spec, func(family uint16, data []byte) bool {
		switch family {
		case linux.AF_INET:
			conf := lastAttr(data, linux.IFLA_INET_CONF)
			changes = changes || len(conf) >= linux.SizeofNlAttr
		case linux.AF_INET6:
			changes = true
			if lastAttr(data, linux.IFLA_INET6_TOKEN) == nil {
				break
			}
			// inet6_set_iftoken: only links that take router
			// advertisements have a token.
			switch {
			case l.Flags&linux.IFF_LOOPBACK != 0:
				err = kerr(syscall.EINVAL, "Device is loopback")
			case l.Flags&linux.IFF_NOARP != 0:
				err = kerr(syscall.EINVAL, "Device does not do neighbour discovery")
			}
		}
		return err == nil
	})
	if err != nil {
		return err
	}
	if changes {
		return kerr(syscall.EOPNOTSUPP, "per-family link settings (IFLA_AF_SPEC) are not supported by this emulated network")
	}
	return nil
}
