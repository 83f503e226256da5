package backend_bsd

import (
	"net"
	"net/netip"

	"github.com/jsimonetti/rtnetlink/v2"

	"github.com/rtnlx/rtnlx/internal/kernel"
	"github.com/rtnlx/rtnlx/internal/linux"
)

// IPv6 address flags (netinet6/in6_var.h, the same low bits on every
// KAME-derived kernel).
const (
	in6IFFTentative  = 0x02
	in6IFFDuplicated = 0x04
	in6IFFDetached   = 0x08
	in6IFFDeprecated = 0x10
	in6IFFNoDAD      = 0x20
	in6IFFAutoconf   = 0x40
	in6IFFTemporary  = 0x80
)

// NetBSD's IPv4 address flags (netinet/in_var.h IN_IFF_*), reported in
// ifam_addrflags.
const (
	inIFFTentative  = 0x01
	inIFFDuplicated = 0x02
	inIFFDetached   = 0x04
	inIFFNoDAD      = 0x10
)

// addrFlags6 maps IN6_IFF_* to IFA_F_*. Addresses that no autoconf
// or privacy extension made are permanent, as Linux marks addresses
// configured by hand.
func addrFlags6(f uint32) uint32 {
	var out uint32
	if f&in6IFFTentative != 0 {
		out |= linux.IFA_F_TENTATIVE
	}
	if f&in6IFFDuplicated != 0 {
		out |= linux.IFA_F_DADFAILED
	}
	if f&in6IFFDeprecated != 0 {
		out |= linux.IFA_F_DEPRECATED
	}
	if f&in6IFFNoDAD != 0 {
		out |= linux.IFA_F_NODAD
	}
	if f&in6IFFTemporary != 0 {
		out |= linux.IFA_F_SECONDARY // IFA_F_TEMPORARY
	}
	if f&(in6IFFAutoconf|in6IFFTemporary) == 0 {
		out |= linux.IFA_F_PERMANENT
	}
	return out
}

// addrFlags4 maps NetBSD's IN_IFF_* to IFA_F_*.
func addrFlags4(f uint32) uint32 {
	out := uint32(linux.IFA_F_PERMANENT)
	if f&inIFFTentative != 0 {
		out |= linux.IFA_F_TENTATIVE
	}
	if f&inIFFDuplicated != 0 {
		out |= linux.IFA_F_DADFAILED
	}
	if f&inIFFNoDAD != 0 {
		out |= linux.IFA_F_NODAD
	}
	return out
}

// ipBytes gives the 4- or 16-byte form RTNL carries.
func ipBytes(ip netip.Addr) net.IP {
	b := ip.AsSlice()
	return net.IP(b)
}

// Addr translates an address message into an RTM_NEWADDR record. link
// is the interface's message when known: it gives the label and tells
// a point-to-point peer from a broadcast address. ok is false for
// messages that carry no IP address (AF_LINK entries of a dump) or a
// netmask whose ones are not contiguous.
func (l layout) Addr(m *addrMsg, link *ifMsg) (msg rtnetlink.AddressMessage, ok bool) {
	if m == nil || m.Index == 0 {
		return msg, false
	}
	ifa := m.Addrs[raxIFA]
	if ifa.Kind != saInet {
		return msg, false
	}
	v6 := ifa.IP.Is6()
	bits := ifa.IP.BitLen()
	if nm := m.Addrs[raxNetmask]; nm.Kind != saNone {
		if bits, ok = maskBits(nm, v6); !ok {
			return msg, false
		}
	}
	var name string
	var p2p bool
	if link != nil {
		name = link.Addrs[raxIFP].Link.Name
		p2p = link.Flags&iffPointToPt != 0
	}
	attrs := &rtnetlink.AddressAttributes{
		Address:   ipBytes(ifa.IP),
		CacheInfo: rtnetlink.CacheInfo{Preferred: ^uint32(0), Valid: ^uint32(0)},
	}
	if brd := m.Addrs[raxBrd]; brd.Kind == saInet && brd.IP.Is6() == v6 && brd.IP.IsValid() && !brd.IP.IsUnspecified() {
		switch {
		case p2p || v6:
			// RTA_BRD of a point-to-point interface is its peer; Linux
			// puts the peer in IFA_ADDRESS and the local one in
			// IFA_LOCAL.
			attrs.Address = ipBytes(brd.IP)
			attrs.Local = ipBytes(ifa.IP)
		default:
			attrs.Broadcast = ipBytes(brd.IP)
		}
	}
	family := uint8(linux.AF_INET)
	flags := uint32(linux.IFA_F_PERMANENT)
	if v6 {
		family = linux.AF_INET6
		flags = addrFlags6(m.AddrFlags)
	} else {
		// Linux gives IPv4 addresses IFA_LOCAL and a label always.
		if attrs.Local == nil {
			attrs.Local = ipBytes(ifa.IP)
		}
		attrs.Label = name
		if m.HasAddrFlags {
			flags = addrFlags4(m.AddrFlags)
		}
	}
	attrs.Flags = flags
	return rtnetlink.AddressMessage{
		Family:       family,
		PrefixLength: uint8(bits),
		Flags:        uint8(flags),
		Scope:        kernel.AddrScope(ifa.IP),
		Index:        uint32(m.Index),
		Attributes:   attrs,
	}, true
}
