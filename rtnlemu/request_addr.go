package rtnlemu

import (
	"bytes"
	"context"
	"net"
	"syscall"

	"github.com/jsimonetti/rtnetlink/v2"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

// The checks an address add makes beyond the policy, in the kernel's
// order: inet_rtm_newaddr (inet_validate_rtm, inet_rtm_to_ifa,
// __inet_insert_ifa) and inet6_rtm_newaddr (inet6_addr_add,
// ipv6_add_addr), for the parts a Source's state decides.

// addrRequestFlags is the address flags a request sets: IFA_FLAGS, else
// the header's ifa_flags.
func addrRequestFlags(body []byte) uint32 {
	if f := lastAttr(body[linux.SizeofIfAddrmsg:], linux.IFA_FLAGS); len(f) >= 4 {
		return ne.Uint32(f)
	}
	return uint32(body[2])
}

// checkAddrLifetimes is the lifetime check both families make before
// they look the link up: a valid lifetime, a preferred one within it.
func checkAddrLifetimes(body []byte, family uint8) error {
	ci := lastAttr(body[linux.SizeofIfAddrmsg:], linux.IFA_CACHEINFO)
	if len(ci) < 8 {
		return nil
	}
	preferred, valid := ne.Uint32(ci), ne.Uint32(ci[4:])
	if valid == 0 || preferred > valid {
		if family == linux.AF_INET {
			return kerr(syscall.EINVAL, "ipv4: address lifetime invalid")
		}
		return kerr(syscall.EINVAL, "address lifetime invalid")
	}
	return nil
}

// linkAddrs are the addresses of family on link index.
func (c *Conn) linkAddrs(ctx context.Context, family uint8, index uint32) []rtnetlink.AddressMessage {
	snap, err := c.t.src.Snapshot(ctx, KindAddrs)
	if err != nil || snap == nil {
		return nil
	}
	var out []rtnetlink.AddressMessage
	for _, a := range snap.Addrs {
		if a.Family == family && a.Index == index {
			out = append(out, a)
		}
	}
	return out
}

// checkNewAddr4 is what inet_rtm_newaddr checks once the link is found
// (l): an in_device (IPv4 goes with an MTU below 68), then, for an
// address the link does not have, the multicast auto-join and the scope
// of other addresses in its subnet.
func (c *Conn) checkNewAddr4(ctx context.Context, m *rtnetlink.AddressMessage, flags uint32, l *rtnetlink.LinkMessage) error {
	if !hasFamily(l, linux.AF_INET) {
		return syscall.ENOBUFS // inet_rtm_to_ifa: no in_device
	}
	if c.hasMatchingAddr4(ctx, m) {
		return nil // find_matching_ifa: an existing address, changed or EEXIST
	}
	local := addrLocal(m)
	peer := addrPeer(m)
	mask := net.CIDRMask(int(m.PrefixLength), 32)
	inSubnet := func(a []byte) bool {
		return len(a) == 4 && bytes.Equal(net.IP(a).Mask(mask), net.IP(peer).Mask(mask))
	}
	addrs := c.linkAddrs(ctx, linux.AF_INET, m.Index)
	if flags&linux.IFA_F_MCAUTOJOIN != 0 && !net.IP(peer).IsMulticast() {
		return kerr(syscall.EINVAL, "ipv4: Multicast auto join failed")
	}
	for i := range addrs {
		o := &addrs[i]
		if o.PrefixLength == m.PrefixLength && inSubnet(addrPeer(o)) && o.Scope != m.Scope &&
			!bytes.Equal(addrLocal(o), local) {
			return kerr(syscall.EINVAL, "ipv4: Invalid scope value")
		}
	}
	return nil
}

// hasMatchingAddr4 is find_matching_ifa: whether m's link has an IPv4
// address of m's prefix length and local address whose peer is in m's
// peer's subnet.
func (c *Conn) hasMatchingAddr4(ctx context.Context, m *rtnetlink.AddressMessage) bool {
	local, peer := addrLocal(m), addrPeer(m)
	mask := net.CIDRMask(int(m.PrefixLength), 32)
	if mask == nil || len(peer) != 4 {
		return false
	}
	addrs := c.linkAddrs(ctx, linux.AF_INET, m.Index)
	for i := range addrs {
		o := &addrs[i]
		if o.PrefixLength == m.PrefixLength && bytes.Equal(addrLocal(o), local) &&
			bytes.Equal(net.IP(addrPeer(o)).Mask(mask), net.IP(peer).Mask(mask)) {
			return true
		}
	}
	return false
}

// addrPeer is an address's IFA_ADDRESS (its local address when it has
// no peer).
func addrPeer(m *rtnetlink.AddressMessage) []byte {
	if m.Attributes != nil && m.Attributes.Address != nil {
		return ipBytes(m.Family, m.Attributes.Address)
	}
	return addrLocal(m)
}

// checkNewAddr6 is what inet6_rtm_newaddr checks once the link is found
// (l): an inet6_dev (IPv6 goes with an MTU below 1280, but on
// loopback), then for an address the link already has (the kernel
// matches the address alone) EEXIST unless the request replaces it,
// keeping its prefix length; for a new one inet6_addr_add's checks. m's
// prefix length may be set to the existing address's.
func (c *Conn) checkNewAddr6(ctx context.Context, h nlmsg.Header, m *rtnetlink.AddressMessage, flags uint32, l *rtnetlink.LinkMessage) error {
	if !hasFamily(l, linux.AF_INET6) {
		return syscall.EINVAL // ipv6_add_dev refuses such a link
	}
	local := addrLocal(m)
	for _, o := range c.linkAddrs(ctx, linux.AF_INET6, m.Index) {
		if !bytes.Equal(addrLocal(&o), local) {
			continue
		}
		if h.Flags&uint16(FlagExcl) != 0 || h.Flags&uint16(FlagReplace) == 0 {
			return kerr(syscall.EEXIST, "address already assigned")
		}
		if flags&linux.IFA_F_MANAGETEMPADDR != 0 && (addrFlags(&o)&linux.IFA_F_TEMPORARY != 0 || o.PrefixLength != 64) {
			return syscall.EINVAL // inet6_addr_modify
		}
		m.PrefixLength = o.PrefixLength // inet6_addr_modify keeps it
		return nil
	}
	ip := net.IP(local)
	switch {
	case m.PrefixLength > 128:
		return kerr(syscall.EINVAL, "Invalid prefix length")
	case flags&linux.IFA_F_MANAGETEMPADDR != 0 && m.PrefixLength != 64:
		return kerr(syscall.EINVAL, "address with \"mngtmpaddr\" flag must have a prefix length of 64")
	case flags&linux.IFA_F_MCAUTOJOIN != 0 && !ip.IsMulticast():
		return kerr(syscall.EINVAL, "Multicast auto join failed")
	case ip.IsUnspecified():
		return kerr(syscall.EADDRNOTAVAIL, "Invalid address")
	case ip.IsMulticast() && flags&linux.IFA_F_MCAUTOJOIN == 0:
		return kerr(syscall.EADDRNOTAVAIL, "Cannot assign multicast address without \"IFA_F_MCAUTOJOIN\" flag")
	}
	scope, loopback := ip6Scope(ip)
	if loopback && l.Flags&linux.IFF_LOOPBACK == 0 {
		return kerr(syscall.EADDRNOTAVAIL, "Cannot assign loopback address on this device")
	}
	m.Scope = scope // inet6_addr_add: the address's own scope, whatever was asked
	return nil
}

// ip6Scope is the scope the kernel gives an IPv6 address
// (__ipv6_addr_type, then rt_scope), and whether it counts as a loopback
// address: ::1, and a multicast address of interface-local scope.
func ip6Scope(ip net.IP) (scope uint8, loopback bool) {
	ip = ip.To16()
	switch {
	case ip == nil:
		return linux.RT_SCOPE_UNIVERSE, false
	case ip[0]&0xe0 != 0 && ip[0]&0xe0 != 0xe0:
		return linux.RT_SCOPE_UNIVERSE, false
	case ip[0] == 0xff:
		switch ip[1] & 0x0f {
		case 1:
			return linux.RT_SCOPE_HOST, true
		case 2:
			return linux.RT_SCOPE_LINK, false
		case 5:
			return linux.RT_SCOPE_SITE, false
		}
		return linux.RT_SCOPE_UNIVERSE, false
	case ip[0] == 0xfe && ip[1]&0xc0 == 0x80:
		return linux.RT_SCOPE_LINK, false
	case ip[0] == 0xfe && ip[1]&0xc0 == 0xc0:
		return linux.RT_SCOPE_SITE, false
	case ip.Equal(net.IPv6loopback):
		return linux.RT_SCOPE_HOST, true
	}
	return linux.RT_SCOPE_UNIVERSE, false
}
