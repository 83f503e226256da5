package kernel

import (
	"net/netip"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// AddrScope is the scope Linux gives an address it assigns without an
// explicit scope: RT_SCOPE_HOST for loopback, RT_SCOPE_LINK for IPv6
// link-local, RT_SCOPE_SITE for IPv6 site-local (fec0::/10), and for an
// IPv6 multicast address the scope its scope field names; everything
// else, IPv4 link-local (169.254/16) included, is RT_SCOPE_UNIVERSE.
// It follows ipv6_addr_scope (net/ipv6/addrconf_core.c) as rt_scope
// reports it; IPv4 addresses get RT_SCOPE_HOST only in 127/8
// (inet_rtm_newaddr leaves the rest to the caller, who rarely sets one).
func AddrScope(a netip.Addr) uint8 {
	switch {
	case a.Is4In6(): // an IPv4-mapped address is global to IPv6
		return linux.RT_SCOPE_UNIVERSE
	case a.IsLoopback(), a.IsInterfaceLocalMulticast():
		return linux.RT_SCOPE_HOST
	case !a.Is6():
		return linux.RT_SCOPE_UNIVERSE
	case a.IsLinkLocalUnicast(), a.IsLinkLocalMulticast():
		return linux.RT_SCOPE_LINK
	}
	b := a.As16()
	switch {
	case b[0] == 0xfe && b[1]&0xc0 == 0xc0: // fec0::/10
		return linux.RT_SCOPE_SITE
	case b[0] == 0xff && b[1]&0x0f == 0x05: // site-local multicast
		return linux.RT_SCOPE_SITE
	}
	return linux.RT_SCOPE_UNIVERSE
}
