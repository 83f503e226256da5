package rtnlemu

import (
	"bytes"
	"context"
	"net"
	"syscall"

	"github.com/jsimonetti/rtnetlink/v2"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// The setters apply RTNL change requests to a Memory with the kernel's
// answers: EEXIST for NLM_F_EXCL on an existing object, ENODEV for a
// missing link, EADDRNOTAVAIL for a missing address, ESRCH for a
// missing route, ENOENT for a missing neighbour. Unlike a kernel,
// Memory derives nothing from a change: adding an address adds no
// routes, and a link going down keeps its routes.

var (
	_ Source      = (*Memory)(nil)
	_ Notifier    = (*Memory)(nil)
	_ LinkSetter  = (*Memory)(nil)
	_ AddrSetter  = (*Memory)(nil)
	_ RouteSetter = (*Memory)(nil)
	_ NeighSetter = (*Memory)(nil)
)

// iffChangeable are the interface flags a request may set or clear.
const iffChangeable = linux.IFF_UP | linux.IFF_DEBUG | linux.IFF_NOTRAILERS | linux.IFF_NOARP |
	linux.IFF_PROMISC | linux.IFF_ALLMULTI | linux.IFF_MULTICAST | linux.IFF_PORTSEL |
	linux.IFF_AUTOMEDIA | linux.IFF_DYNAMIC

// findLink finds a link by index, or by name when index is 0. m.mu must
// be held.
func (m *Memory) findLink(index uint32, name string) *memEntry[rtnetlink.LinkMessage] {
	if index != 0 {
		return m.links.byKey[recordKey{kind: KindLinks, index: index}]
	}
	if name == "" {
		return nil
	}
	for _, e := range m.links.byKey {
		if e.msg.Attributes != nil && e.msg.Attributes.Name == name {
			return e
		}
	}
	return nil
}

func (m *Memory) hasLink(index uint32) bool {
	return m.links.byKey[recordKey{kind: KindLinks, index: index}] != nil
}

// SetLink changes an existing link: the IFF_* bits in msg.Change (all of
// them when Change is 0, as the kernel reads it) among those a request
// may change (UP, PROMISC, ALLMULTI, NOARP, MULTICAST, ...), and the MTU, name,
// alias, hardware address, master, queue length and group when msg sets
// them.
// Bringing a link up also sets RUNNING and LOWER_UP and operstate UP;
// down clears them (operstate DOWN). A name in use is EEXIST, a missing
// master EINVAL; a link that is up may be renamed, as Linux 6.18 does.
func (m *Memory) SetLink(ctx context.Context, msg *rtnetlink.LinkMessage) error {
	var name string
	if msg.Attributes != nil {
		name = msg.Attributes.Name
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	e := m.findLink(msg.Index, name)
	if e == nil {
		return syscall.ENODEV
	}
	l := cloneLink(&e.msg)
	if l.Attributes == nil {
		l.Attributes = &rtnetlink.LinkAttributes{}
	}
	a := l.Attributes
	if msg.Flags != 0 || msg.Change != 0 {
		// rtnl_dev_combine_flags, then what dev_change_flags lets a
		// request change: the state bits (RUNNING, LOWER_UP, ...) and
		// the device's nature (LOOPBACK, BROADCAST, ...) stay.
		flags := msg.Flags
		if msg.Change != 0 {
			flags = l.Flags&^msg.Change | msg.Flags&msg.Change
		}
		wasUp := l.Flags&linux.IFF_UP != 0
		l.Flags = l.Flags&^iffChangeable | flags&iffChangeable
		if up := flags&linux.IFF_UP != 0; up != wasUp {
			if up {
				l.Flags |= linux.IFF_RUNNING | linux.IFF_LOWER_UP
				a.OperationalState = rtnetlink.OperStateUp
			} else {
				l.Flags &^= linux.IFF_RUNNING | linux.IFF_LOWER_UP
				a.OperationalState = rtnetlink.OperStateDown
			}
		}
	}
	if r := msg.Attributes; r != nil {
		if r.Name != "" && msg.Index != 0 && r.Name != a.Name {
			if other := m.findLink(0, r.Name); other != nil {
				return syscall.EEXIST
			}
			a.Name = r.Name
		}
		if r.MTU != 0 {
			a.MTU = r.MTU
		}
		if r.Alias != nil {
			a.Alias = nil
			if *r.Alias != "" {
				a.Alias = clonePtr(r.Alias)
			}
		}
		if len(r.Address) > 0 {
			a.Address = bytes.Clone(r.Address)
		}
		if r.TxQueueLen != nil {
			a.TxQueueLen = clonePtr(r.TxQueueLen)
		}
		if r.NetDevGroup != nil {
			a.NetDevGroup = clonePtr(r.NetDevGroup)
		}
		if r.Master != nil {
			if *r.Master == 0 {
				a.Master = nil
			} else if !m.hasLink(*r.Master) || *r.Master == l.Index {
				return kerr(syscall.EINVAL, "invalid master")
			} else {
				a.Master = clonePtr(r.Master)
			}
		}
	}
	l.Change = 0
	e.msg = l
	m.links.fresh = false
	m.changed(KindLinks)
	return nil
}

// AddAddr adds an address, or with FlagReplace updates the existing one.
// IPv4 addresses get both IFA_LOCAL and IFA_ADDRESS and the link's name
// as default label; an address without lifetimes is permanent, as the
// kernel reports it; a second IPv4 address in a subnet already on the
// link is secondary.
func (m *Memory) AddAddr(ctx context.Context, msg *rtnetlink.AddressMessage, flags Flags) error {
	if addrLocal(msg) == nil {
		return kerr(syscall.EINVAL, "missing local address")
	}
	a := cloneAddr(msg)
	attrs := a.Attributes
	m.mu.Lock()
	defer m.mu.Unlock()
	link := m.findLink(a.Index, "")
	if link == nil {
		return syscall.ENODEV
	}
	switch a.Family {
	case linux.AF_INET:
		if attrs.Local == nil {
			attrs.Local = attrs.Address
		}
		if attrs.Address == nil {
			attrs.Address = attrs.Local
		}
		if attrs.Label == "" && link.msg.Attributes != nil {
			attrs.Label = link.msg.Attributes.Name
		}
	case linux.AF_INET6:
		if attrs.Address == nil || attrs.Local.Equal(attrs.Address) {
			attrs.Address, attrs.Local = cmpOr(attrs.Address, attrs.Local), nil
		}
	}
	if attrs.CacheInfo.Valid == 0 && attrs.CacheInfo.Preferred == 0 {
		attrs.CacheInfo.Valid, attrs.CacheInfo.Preferred = ^uint32(0), ^uint32(0)
	}
	if attrs.CacheInfo.Valid == ^uint32(0) {
		attrs.Flags |= linux.IFA_F_PERMANENT
	}
	key := addrKey(&a)
	if old, ok := m.addrs.byKey[key]; ok {
		if flags&FlagExcl != 0 || flags&FlagReplace == 0 {
			return syscall.EEXIST
		}
		// A replaced address keeps its place and its secondary mark.
		attrs.Flags |= addrFlags(&old.msg) & linux.IFA_F_SECONDARY
		a.Flags = uint8(attrs.Flags)
		old.msg = a
		m.addrs.fresh = false
		m.changed(KindAddrs)
		return nil
	}
	if a.Family == linux.AF_INET && m.hasPrimaryInSubnet(&a) {
		attrs.Flags |= linux.IFA_F_SECONDARY
	}
	a.Flags = uint8(attrs.Flags)
	put(&m.addrs, &m.order, key, a)
	m.changed(KindAddrs)
	return nil
}

func cmpOr(a, b net.IP) net.IP {
	if a != nil {
		return a
	}
	return b
}

// hasPrimaryInSubnet reports whether the link already has an IPv4
// address in a's subnet.
func (m *Memory) hasPrimaryInSubnet(a *rtnetlink.AddressMessage) bool {
	mask := net.CIDRMask(int(a.PrefixLength), 32)
	want := net.IP(addrLocal(a)).Mask(mask)
	for _, e := range m.addrs.byKey {
		o := &e.msg
		if o.Index != a.Index || o.Family != linux.AF_INET || o.PrefixLength != a.PrefixLength {
			continue
		}
		if net.IP(addrLocal(o)).Mask(mask).Equal(want) {
			return true
		}
	}
	return false
}

// DelAddr deletes an address: ENODEV for a missing link, EADDRNOTAVAIL
// when no address matches.
func (m *Memory) DelAddr(ctx context.Context, msg *rtnetlink.AddressMessage) error {
	local := addrLocal(msg)
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.hasLink(msg.Index) {
		return syscall.ENODEV
	}
	// The prefix length must match for IPv6, and for IPv4 when the
	// request names IFA_ADDRESS (inet_rtm_deladdr).
	checkLen := msg.Family == linux.AF_INET6 || msg.Attributes != nil && msg.Attributes.Address != nil
	for k, e := range m.addrs.byKey {
		o := &e.msg
		if o.Index != msg.Index || o.Family != msg.Family || !bytes.Equal(addrLocal(o), local) {
			continue
		}
		if checkLen && o.PrefixLength != msg.PrefixLength {
			continue
		}
		if msg.Attributes != nil && msg.Attributes.Label != "" && o.Attributes != nil && o.Attributes.Label != msg.Attributes.Label {
			continue
		}
		delete(m.addrs.byKey, k)
		m.addrs.fresh = false
		m.changed(KindAddrs)
		return nil
	}
	return syscall.EADDRNOTAVAIL
}

// AddRoute adds a route. FlagExcl fails with EEXIST when a route to the
// same destination with the same priority exists; FlagReplace replaces
// the first such route; without either, a route with other next hops is
// added beside it (as ip route append does) and an identical one is
// EEXIST. A new route without FlagCreate is ENOENT for IPv4 (and for IPv6
// with FlagReplace), as in the kernel; a missing output link is ENODEV.
func (m *Memory) AddRoute(ctx context.Context, msg *rtnetlink.RouteMessage, flags Flags) error {
	r := normalRoute(cloneRoute(msg))
	m.mu.Lock()
	defer m.mu.Unlock()
	if r.Attributes.OutIface != 0 && !m.hasLink(r.Attributes.OutIface) {
		return syscall.ENODEV
	}
	for _, nh := range r.Attributes.Multipath {
		if nh.Hop.IfIndex != 0 && !m.hasLink(nh.Hop.IfIndex) {
			return syscall.ENODEV
		}
	}
	if r.Family == linux.AF_INET6 && repeatsHop(r.Attributes.Multipath) {
		// Each IPv6 next hop is a route of its own, and fib6_add_rt2node
		// refuses one that repeats a sibling's (rt6_duplicate_nexthop);
		// ip6_route_multipath_add then takes back the whole request.
		return syscall.EEXIST
	}
	var same *memEntry[rtnetlink.RouteMessage]
	for _, e := range m.routesTo(&r) {
		if e.msg.Attributes.Priority == r.Attributes.Priority {
			same = e
			break
		}
	}
	switch {
	case same != nil && flags&FlagExcl != 0:
		return syscall.EEXIST
	case same != nil && flags&FlagReplace != 0:
		m.removeRoute(routeKey(&same.msg))
		m.putRoute(r, same.order)
		m.changed(KindRoutes)
		return nil
	case flags&FlagCreate == 0 && (r.Family == linux.AF_INET || flags&FlagReplace != 0):
		return syscall.ENOENT
	}
	if _, ok := m.routes.byKey[routeKey(&r)]; ok {
		return syscall.EEXIST
	}
	at := uint64(0)
	if same != nil && r.Family == linux.AF_INET && flags&FlagAppend == 0 {
		at = m.openRouteOrder(same.order)
	}
	m.putRoute(r, at)
	m.changed(KindRoutes)
	return nil
}

// repeatsHop reports whether two next hops have the same link and gateway.
func repeatsHop(hops []rtnetlink.NextHop) bool {
	for i := range hops {
		for j := range i {
			if hops[i].Hop.IfIndex == hops[j].Hop.IfIndex && hops[i].Gateway.Equal(hops[j].Gateway) {
				return true
			}
		}
	}
	return false
}

// DelRoute deletes the first route that matches msg as the kernel's
// fib_table_delete matches: family, table, destination and tos always;
// priority, protocol, type, gateway and output link when msg sets them;
// scope unless it is RT_SCOPE_NOWHERE (IPv6 deletes, as ip6_route_del,
// match neither type nor scope). No match is ESRCH.
func (m *Memory) DelRoute(ctx context.Context, msg *rtnetlink.RouteMessage) error {
	want := normalRoute(*msg)
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, e := range m.routesTo(&want) {
		if routeDelMatches(&e.msg, &want) {
			m.removeRoute(routeKey(&e.msg))
			m.changed(KindRoutes)
			return nil
		}
	}
	return syscall.ESRCH
}

func routeDelMatches(r, want *rtnetlink.RouteMessage) bool {
	a, w := &r.Attributes, &want.Attributes
	switch {
	case w.Priority != 0 && a.Priority != w.Priority,
		want.Protocol != 0 && r.Protocol != want.Protocol,
		want.Family != linux.AF_INET6 && want.Type != 0 && r.Type != want.Type, // ip6_route_del ignores type and scope
		want.Family != linux.AF_INET6 && want.Scope != linux.RT_SCOPE_NOWHERE && r.Scope != want.Scope,
		w.Gateway != nil && !a.Gateway.Equal(w.Gateway),
		w.OutIface != 0 && !routeUsesLink(r, w.OutIface):
		return false
	}
	return true
}

// AddNeighbor adds a neighbour, or updates the existing one (its
// link-layer address only with FlagReplace). FlagExcl on an existing one
// is EEXIST, a new one without FlagCreate ENOENT, a missing link ENODEV.
func (m *Memory) AddNeighbor(ctx context.Context, msg *rtnetlink.NeighMessage, flags Flags) error {
	n := cloneNeigh(msg)
	m.mu.Lock()
	defer m.mu.Unlock()
	if n.Index != 0 && !m.hasLink(n.Index) || n.Index == 0 && n.Flags&linux.NTF_PROXY == 0 {
		return syscall.ENODEV
	}
	key := neighKey(&n)
	if old, ok := m.neighs.byKey[key]; ok {
		if flags&FlagExcl != 0 {
			return syscall.EEXIST
		}
		if flags&FlagReplace == 0 && old.msg.Attributes != nil && len(old.msg.Attributes.LLAddress) > 0 && n.Attributes != nil {
			n.Attributes.LLAddress = old.msg.Attributes.LLAddress
		}
		noAddrUnlessValid(&n)
		old.msg = n
		m.neighs.fresh = false
		m.changed(KindNeighbors)
		return nil
	}
	if flags&FlagCreate == 0 {
		return syscall.ENOENT
	}
	noAddrUnlessValid(&n)
	put(&m.neighs, &m.order, key, n)
	m.changed(KindNeighbors)
	return nil
}

// DelNeighbor deletes a neighbour: ENODEV for a missing link, ENOENT
// when there is no such neighbour.
func (m *Memory) DelNeighbor(ctx context.Context, msg *rtnetlink.NeighMessage) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if msg.Index != 0 && !m.hasLink(msg.Index) {
		return syscall.ENODEV
	}
	if !remove(&m.neighs, neighKey(msg)) {
		return syscall.ENOENT
	}
	m.changed(KindNeighbors)
	return nil
}
