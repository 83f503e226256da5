package backend_windows

import (
	"net"
	"net/netip"

	"github.com/jsimonetti/rtnetlink/v2"

	"github.com/rtnlx/rtnlx/internal/kernel"
	"github.com/rtnlx/rtnlx/internal/linux"
)

// translateAddrs makes one RTM_NEWADDR record per unicast address row.
func translateAddrs(t *tableSet, ix *index) []rtnetlink.AddressMessage {
	addrs := make([]rtnetlink.AddressMessage, 0, len(t.Addrs))
	for i := range t.Addrs {
		if m, ok := addrMessage(&t.Addrs[i], ix.names[t.Addrs[i].Index]); ok {
			addrs = append(addrs, m)
		}
	}
	return addrs
}

// addrMessage translates one address as the kernel reports it: IPv4
// with IFA_LOCAL, IFA_ADDRESS, the subnet broadcast and the link's name
// as label; IPv6 with IFA_ADDRESS only. label is the link's name.
func addrMessage(r *addrRow, label string) (rtnetlink.AddressMessage, bool) {
	a := r.Addr
	if !a.IsValid() || r.Index == 0 || int(r.PrefixLength) > a.BitLen() {
		return rtnetlink.AddressMessage{}, false
	}
	a = a.WithZone("")
	flags := addrFlags(r)
	attrs := &rtnetlink.AddressAttributes{
		Address: net.IP(a.AsSlice()),
		Flags:   flags,
		CacheInfo: rtnetlink.CacheInfo{
			Preferred: r.PreferredLifetime,
			Valid:     r.ValidLifetime,
		},
	}
	family := uint8(linux.AF_INET6)
	if a.Is4() {
		family = linux.AF_INET
		attrs.Local = net.IP(a.AsSlice())
		attrs.Label = label
		if b, ok := subnetBroadcast(netip.PrefixFrom(a, int(r.PrefixLength))); ok {
			attrs.Broadcast = net.IP(b.AsSlice())
		}
	}
	return rtnetlink.AddressMessage{
		Family:       family,
		PrefixLength: r.PrefixLength,
		Flags:        uint8(flags),
		Scope:        kernel.AddrScope(a),
		Index:        r.Index,
		Attributes:   attrs,
	}, true
}

// addrFlags maps the DAD state and lifetimes to IFA_F_*: an address that
// never expires is permanent (as a manually added Linux address is), a
// random-suffix IPv6 address is temporary (IFA_F_SECONDARY), a duplicate
// is tentative and dadfailed as on Linux.
func addrFlags(r *addrRow) uint32 {
	var f uint32
	switch r.DadState {
	case nldsTentative:
		f |= linux.IFA_F_TENTATIVE
	case nldsDuplicate:
		f |= linux.IFA_F_TENTATIVE | linux.IFA_F_DADFAILED
	case nldsDeprecated:
		f |= linux.IFA_F_DEPRECATED
	}
	if r.ValidLifetime == infiniteLifetime {
		f |= linux.IFA_F_PERMANENT
	}
	if r.Addr.Is6() && r.SuffixOrigin == ipSuffixOriginRandom {
		f |= linux.IFA_F_SECONDARY
	}
	return f
}

// subnetBroadcast is the directed broadcast address of an IPv4 subnet
// that has one (prefixes up to /30).
func subnetBroadcast(p netip.Prefix) (netip.Addr, bool) {
	if !p.Addr().Is4() || p.Bits() > 30 || p.Bits() < 0 {
		return netip.Addr{}, false
	}
	b := p.Masked().Addr().As4()
	host := uint32(1)<<(32-p.Bits()) - 1
	v := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3]) | host
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}), true
}
