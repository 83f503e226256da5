package backend_bsd

import (
	"net/netip"
	"syscall"

	"github.com/jsimonetti/rtnetlink/v2"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// A linkPlan is what an RTM_NEWLINK/RTM_SETLINK request asks of an
// existing interface, in ioctls.
type linkPlan struct {
	SetFlags bool
	Flags    uint32 // the new BSD if_flags
	SetMTU   bool
	MTU      uint32
}

// planLink compares a request with the interface's current BSD flags
// (as o's kernel keeps them), name and MTU. Only IFF_UP (SIOCSIFFLAGS)
// and the MTU (SIOCSIFMTU) can change; asking for any other change is
// EOPNOTSUPP. The flags combine as Linux combines them: ifi_change
// selects the bits, and 0 means all. The current flags are read as a
// dump reports them, so a request that echoes a dumped link's flags
// (FreeBSD's IFF_PPROMISC reads as IFF_PROMISC) asks for no change.
func planLink(o osKind, cur uint32, name string, mtu uint32, m *rtnetlink.LinkMessage) (linkPlan, error) {
	var p linkPlan
	if m.Flags != 0 || m.Change != 0 {
		change := m.Change
		if change == 0 {
			change = ^uint32(0)
		}
		curLinux := linuxIFF(o, cur)
		want := m.Flags&change | curLinux&^change
		// Linux's IFF_RUNNING, LOWER_UP and the like are read-only; a
		// request echoing them back changes nothing.
		diff := (want ^ curLinux) & linuxIFFBSDMappable
		if diff&^linux.IFF_UP != 0 {
			return p, syscall.EOPNOTSUPP
		}
		if diff&linux.IFF_UP != 0 {
			p.SetFlags = true
			p.Flags = cur &^ iffUp
			if want&linux.IFF_UP != 0 {
				p.Flags |= iffUp
			}
		}
	}
	if a := m.Attributes; a != nil {
		if a.Name != "" && a.Name != name || a.Alias != nil || len(a.Address) > 0 || a.Master != nil || a.Info != nil || a.NetNS != nil {
			return p, syscall.EOPNOTSUPP
		}
		if a.MTU != 0 && a.MTU != mtu {
			p.SetMTU, p.MTU = true, a.MTU
		}
	}
	return p, nil
}

// An addrPlan is an address to add or delete with ioctls.
type addrPlan struct {
	Index  uint32
	Prefix netip.Prefix // the local address and its prefix length
	Dst    netip.Addr   // the point-to-point peer or the broadcast address
}

// planAddr reads an RTM_NEWADDR/RTM_DELADDR request: the local address
// is IFA_LOCAL, else IFA_ADDRESS; an IFA_ADDRESS that differs from
// IFA_LOCAL is the peer; IFA_BROADCAST is the broadcast address.
func planAddr(m *rtnetlink.AddressMessage) (addrPlan, error) {
	p := addrPlan{Index: m.Index}
	if m.Index == 0 {
		return p, syscall.ENODEV
	}
	if m.Attributes == nil {
		return p, syscall.EINVAL
	}
	size := 4
	switch m.Family {
	case linux.AF_INET:
	case linux.AF_INET6:
		size = 16
	default:
		return p, syscall.EAFNOSUPPORT
	}
	ip := func(b []byte) (netip.Addr, bool) {
		if b == nil {
			return netip.Addr{}, false
		}
		a, ok := netip.AddrFromSlice(b)
		if !ok {
			return a, false
		}
		if size == 4 {
			a = a.Unmap()
		}
		return a, a.BitLen() == size*8
	}
	local, okL := ip(m.Attributes.Local)
	addr, okA := ip(m.Attributes.Address)
	switch {
	case okL:
		if okA && addr != local {
			p.Dst = addr
		}
	case okA:
		local = addr
	default:
		return p, syscall.EINVAL
	}
	if int(m.PrefixLength) > size*8 {
		return p, syscall.EINVAL
	}
	if brd, ok := ip(m.Attributes.Broadcast); ok && !p.Dst.IsValid() {
		p.Dst = brd
	}
	p.Prefix = netip.PrefixFrom(local, int(m.PrefixLength))
	return p, nil
}

// hasAddr reports whether an interface list holds ip on interface
// index, so that adding it again without NLM_F_REPLACE can be refused
// with EEXIST as Linux does (SIOCAIFADDR would quietly update it).
func hasAddr(msgs []message, index uint16, ip netip.Addr) bool {
	for _, m := range msgs {
		if m.Type != msgNewAddr || m.Addr == nil || m.Addr.Index != index {
			continue
		}
		if ifa := m.Addr.Addrs[raxIFA]; ifa.Kind == saInet && ifa.IP == ip.WithZone("") {
			return true
		}
	}
	return false
}
