package backend_windows

import (
	"net"
	"net/netip"

	"github.com/rtnlx/rtnlx/rtnlemu"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// A snapDump is a snapshot in a JSON-friendly shape, with Linux's numbers.
// The Windows build's live test prints one (and the raw tables) so the
// Linux-side Wine test can compare it with the kernel's view of the same
// namespace.
type snapDump struct {
	Links     []dumpLink
	Addrs     []dumpAddr
	Routes    []dumpRoute
	Neighbors []dumpNeigh
}

// dumpLink is a link of a snapDump.
type dumpLink struct {
	Index     uint32
	Name      string
	Alias     string
	MAC       string // "" when the link has none
	MTU       uint32
	Type      uint16 // ARPHRD_*
	Flags     uint32 // IFF_*
	OperState uint8  // IF_OPER_*
}

// dumpAddr is an address of a snapDump.
type dumpAddr struct {
	Index  uint32
	Family uint8
	Prefix netip.Prefix
	Flags  uint32 // IFA_F_*
	Scope  uint8
	Label  string
}

// dumpRoute is a route of a snapDump.
type dumpRoute struct {
	Family   uint8
	Table    uint8
	Type     uint8
	Protocol uint8
	Scope    uint8
	Dst      netip.Prefix
	Gateway  netip.Addr
	OutIndex uint32
	Priority uint32
	PrefSrc  netip.Addr
}

// dumpNeigh is a neighbour of a snapDump.
type dumpNeigh struct {
	Index  uint32
	Family uint16
	Addr   netip.Addr
	MAC    string
	State  uint16 // NUD_*
	Flags  uint8
}

// dumpOf turns a snapshot into a snapDump.
func dumpOf(s *rtnlemu.Snapshot) snapDump {
	var d snapDump
	for _, l := range s.Links {
		dl := dumpLink{Index: l.Index, Type: l.Type, Flags: l.Flags}
		if a := l.Attributes; a != nil {
			dl.Name, dl.MTU, dl.OperState = a.Name, a.MTU, uint8(a.OperationalState)
			if a.Alias != nil {
				dl.Alias = *a.Alias
			}
			if len(a.Address) > 0 {
				dl.MAC = a.Address.String()
			}
		}
		d.Links = append(d.Links, dl)
	}
	for _, m := range s.Addrs {
		da := dumpAddr{Index: m.Index, Family: m.Family, Scope: m.Scope}
		if a := m.Attributes; a != nil {
			ip := a.Local
			if ip == nil {
				ip = a.Address
			}
			da.Prefix = netip.PrefixFrom(addrOf(ip), int(m.PrefixLength))
			da.Flags, da.Label = a.Flags, a.Label
		}
		d.Addrs = append(d.Addrs, da)
	}
	for _, r := range s.Routes {
		a := r.Attributes
		dst := addrOf(a.Dst)
		if !dst.IsValid() {
			dst = netip.IPv4Unspecified()
			if r.Family == linux.AF_INET6 {
				dst = netip.IPv6Unspecified()
			}
		}
		d.Routes = append(d.Routes, dumpRoute{
			Family: r.Family, Table: r.Table, Type: r.Type, Protocol: r.Protocol, Scope: r.Scope,
			Dst: netip.PrefixFrom(dst, int(r.DstLength)), Gateway: addrOf(a.Gateway),
			OutIndex: a.OutIface, Priority: a.Priority, PrefSrc: addrOf(a.Src),
		})
	}
	for _, n := range s.Neighbors {
		dn := dumpNeigh{Index: n.Index, Family: n.Family, State: n.State, Flags: n.Flags}
		if a := n.Attributes; a != nil {
			dn.Addr = addrOf(a.Address)
			if len(a.LLAddress) > 0 {
				dn.MAC = a.LLAddress.String()
			}
		}
		d.Neighbors = append(d.Neighbors, dn)
	}
	return d
}

// addrOf converts a message IP, or gives the zero Addr for none.
func addrOf(ip net.IP) netip.Addr {
	a, ok := netip.AddrFromSlice(ip)
	if !ok {
		return netip.Addr{}
	}
	if len(ip) == net.IPv6len && ip.To4() != nil {
		// 16-byte form of an IPv4 address, as net.IP often carries.
		return a.Unmap()
	}
	return a
}
