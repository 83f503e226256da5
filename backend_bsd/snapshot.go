package backend_bsd

import (
	"net/netip"

	"github.com/jsimonetti/rtnetlink/v2"
)

// addrFlagsFunc reads the IN6_IFF_* flags of an IPv6 address on the
// named interface, for kernels whose ifa_msghdr does not carry them.
type addrFlagsFunc func(ifname string, ip netip.Addr) (uint32, error)

// linkStateFunc reads an interface's link state, for kernels whose
// if_data does not carry it (Darwin: SIOCGIFMEDIA); ok is false when the
// interface has no media to report.
type linkStateFunc func(ifname string) (state linkState, ok bool)

// A fillFuncs reads, by ioctl, what a kernel's messages leave out. Nil
// functions leave those fields as the messages give them.
type fillFuncs struct {
	AddrFlags6 addrFlagsFunc
	LinkState  linkStateFunc
}

// LinksAndAddrs translates an interface list (NET_RT_IFLIST: each
// if_msghdr followed by its ifa_msghdrs) into links and addresses.
// Addresses of an interface that is not in the list (it vanished while
// the kernel wrote the dump) are left out. fill.AddrFlags6 fills the
// IPv6 flags the messages lack; an error from it (the address or link
// is gone) drops that address. fill.LinkState fills the link state
// where the kernel's if_data has none.
func (l layout) LinksAndAddrs(msgs []message, fill fillFuncs) ([]rtnetlink.LinkMessage, []rtnetlink.AddressMessage) {
	links := make([]rtnetlink.LinkMessage, 0, len(msgs)/2)
	byIndex := make(map[uint16]*ifMsg)
	noState := l.ifHeader().linkState < 0
	for _, m := range msgs {
		if m.Type != msgIfInfo || m.If == nil {
			continue
		}
		if noState && fill.LinkState != nil {
			if st, ok := fill.LinkState(m.If.Addrs[raxIFP].Link.Name); ok {
				c := *m.If
				c.LinkState = st
				m.If = &c
			}
		}
		lm, ok := l.Link(m.If)
		if !ok {
			continue
		}
		if _, dup := byIndex[m.If.Index]; dup {
			continue
		}
		byIndex[m.If.Index] = m.If
		links = append(links, lm)
	}
	var addrs []rtnetlink.AddressMessage
	for _, m := range msgs {
		if m.Type != msgNewAddr || m.Addr == nil {
			continue
		}
		link, ok := byIndex[m.Addr.Index]
		if !ok {
			continue
		}
		a := *m.Addr
		ifa := a.Addrs[raxIFA]
		if fill.AddrFlags6 != nil && !a.HasAddrFlags && ifa.Kind == saInet && ifa.IP.Is6() {
			f, err := fill.AddrFlags6(link.Addrs[raxIFP].Link.Name, ifa.IP)
			if err != nil {
				continue
			}
			a.AddrFlags, a.HasAddrFlags = f, true
		}
		if am, ok := l.Addr(&a, link); ok {
			addrs = append(addrs, am)
		}
	}
	return links, addrs
}

// Routes translates a route dump (NET_RT_DUMP) of one FIB or rtable
// into routes of the matching Linux table (see TableID); neighbour
// entries and clones in the dump are left out.
func (l layout) Routes(msgs []message, fib uint32) []rtnetlink.RouteMessage {
	routes := make([]rtnetlink.RouteMessage, 0, len(msgs))
	for _, m := range msgs {
		if m.Route == nil || m.Route.Errno != 0 {
			continue
		}
		r := *m.Route
		if l.OS != osOpenBSD || r.Table == 0 {
			r.Table = fib
		}
		if rm, ok := l.Route(&r, 0); ok {
			routes = append(routes, rm)
		}
	}
	return routes
}

// Neighbors translates a dump of RTF_LLINFO entries (NET_RT_FLAGS) into
// neighbours, each entry once.
func (l layout) Neighbors(msgs []message, now clock) []rtnetlink.NeighMessage {
	type key struct {
		index uint32
		ip    netip.Addr
	}
	seen := make(map[key]bool)
	var out []rtnetlink.NeighMessage
	for _, m := range msgs {
		if m.Route == nil {
			continue
		}
		nm, ok := l.Neigh(m.Route, now)
		if !ok {
			continue
		}
		ip, _ := netip.AddrFromSlice(nm.Attributes.Address)
		k := key{nm.Index, ip}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, nm)
	}
	return out
}
