package netinfo

import (
	"bytes"
	"net/netip"
	"slices"
)

// A view is what a watcher's consumer has been told: every object it
// received and did not see deleted, keyed as the kernel keys them. The
// watcher keeps it to turn a resync dump into the difference, and to
// drop events that tell the consumer nothing new.
type view struct {
	links    recordMap[int, Link]
	addrs    recordMap[addrKey, Addr]
	routes   *routeTable
	neighs   *neighTable
	rules    recordMap[ruleKey, Rule]
	nexthops recordMap[uint32, Nexthop]
	// complete holds the kinds whose view was filled by a dump, so an
	// unknown object's deletion cannot be news.
	complete WatchKind
	// told holds the keys (eventKey) of objects whose deletion a re-read
	// told while the view of their kind was incomplete: the kernel's own
	// message for such a deletion, often still queued (the IPv6 routes
	// of a downed link), would otherwise be told again, since the view
	// then passes on the deletion of any object it does not hold.
	told map[any]struct{}
	// old is applyTo's scratch, one object of each kind (see applyTo).
	old struct {
		link    Link
		addr    Addr
		route   Route
		neigh   Neighbor
		rule    Rule
		nexthop Nexthop
	}
}

// maxTold bounds view.told: Linux sends no message for most of what a
// re-read tells (a link's IPv4 routes), so keys may never be taken back.
// Past the bound the set starts again, and a duplicate can slip through.
const maxTold = 4096

type addrKey struct {
	index  int
	prefix netip.Prefix
	peer   netip.Addr
}

// routeKey is the kernel's route key: family, table, destination,
// source, TOS and priority; the family is implied by the destination.
// Both families also tell routes apart by next hop: IPv6 keeps
// fe80::/64 once per link, and IPv4 keeps one local route per link for
// an address that two links hold (and whatever `ip route append`
// adds), so the output link and gateway are part of the key; a
// multipath route has neither at the top level and keeps one key.
type routeKey struct {
	table    Table
	dst      netip.Prefix
	src      netip.Prefix
	tos      uint8
	priority uint32
	out      int
	gateway  netip.Addr
}

type neighKey struct {
	index int
	ip    netip.Addr
}

func newView() *view {
	return &view{
		links:    recordMap[int, Link]{},
		addrs:    recordMap[addrKey, Addr]{},
		routes:   newRouteTable(),
		neighs:   newNeighTable(),
		rules:    recordMap[ruleKey, Rule]{},
		nexthops: recordMap[uint32, Nexthop]{},
	}
}

func keyOfAddr(a *Addr) addrKey { return addrKey{a.Index, a.Prefix, a.Peer} }

func keyOfRoute(r *Route) routeKey {
	return routeKey{table: r.Table, dst: r.Dst, src: r.Src, tos: r.TOS, priority: r.Priority, out: r.OutIndex, gateway: r.Gateway}
}

func keyOfNeigh(n *Neighbor) neighKey { return neighKey{n.Index, n.IP} }

// apply records ev in the view and reports whether the consumer should
// see it: a new or changed object, or the deletion of a known one (or of
// any one while the view of its kind is incomplete).
func (v *view) apply(ev *Event) bool {
	if len(v.told) > 0 {
		if k, ok := eventKey(ev); ok {
			if _, was := v.told[k]; was {
				delete(v.told, k)
				if ev.Type == EventDel {
					return false // told already, by a re-read
				}
			}
		}
	}
	switch {
	case ev.Link != nil:
		return applyTo(v.links, ev.Link.Index, ev.Link, &v.old.link, ev.Type, v.complete&WatchLinks != 0, linksEqual)
	case ev.Addr != nil:
		return applyTo(v.addrs, keyOfAddr(ev.Addr), ev.Addr, &v.old.addr, ev.Type, v.complete&WatchAddrs != 0, addrsEqual)
	case ev.Route != nil:
		return applyTo(v.routes, keyOfRoute(ev.Route), ev.Route, &v.old.route, ev.Type, v.complete&WatchRoutes != 0, routesEqual)
	case ev.Neighbor != nil:
		return applyTo(v.neighs, keyOfNeigh(ev.Neighbor), ev.Neighbor, &v.old.neigh, ev.Type, v.complete&WatchNeighbors != 0, neighborsEqual)
	case ev.Rule != nil:
		return applyTo(v.rules, keyOfRule(ev.Rule), ev.Rule, &v.old.rule, ev.Type, v.complete&WatchRules != 0, rulesEqual)
	case ev.Nexthop != nil:
		return applyTo(v.nexthops, ev.Nexthop.ID, ev.Nexthop, &v.old.nexthop, ev.Type, v.complete&WatchNexthops != 0, nexthopsEqual)
	}
	return true
}

// noteTold records a deletion that a re-read told, when the view of
// its kind is incomplete (see told).
func (v *view) noteTold(ev *Event) {
	if ev.Type != EventDel || v.complete&eventKind(ev) != 0 {
		return
	}
	k, ok := eventKey(ev)
	if !ok {
		return
	}
	if v.told == nil || len(v.told) >= maxTold {
		v.told = map[any]struct{}{}
	}
	v.told[k] = struct{}{}
}

// eventKey is the view's key of the object ev carries, of a type of its
// own for each kind; false for a marker.
func eventKey(ev *Event) (any, bool) {
	switch {
	case ev.Link != nil:
		return ev.Link.Index, true
	case ev.Addr != nil:
		return keyOfAddr(ev.Addr), true
	case ev.Route != nil:
		return keyOfRoute(ev.Route), true
	case ev.Neighbor != nil:
		return keyOfNeigh(ev.Neighbor), true
	case ev.Rule != nil:
		return keyOfRule(ev.Rule), true
	case ev.Nexthop != nil:
		return ev.Nexthop.ID, true
	}
	return nil, false
}

// eventKind is the WatchKind of the object ev carries; 0 for a marker.
func eventKind(ev *Event) WatchKind {
	switch {
	case ev.Link != nil:
		return WatchLinks
	case ev.Addr != nil:
		return WatchAddrs
	case ev.Route != nil:
		return WatchRoutes
	case ev.Neighbor != nil:
		return WatchNeighbors
	case ev.Rule != nil:
		return WatchRules
	case ev.Nexthop != nil:
		return WatchNexthops
	}
	return 0
}

// applyTo records obj, of key k, in m. old holds the object it replaces
// for the comparison: a local would escape to the heap through equal,
// an allocation per event.
func applyTo[K comparable, T any](m records[K, T], k K, obj, old *T, typ EventType, complete bool, equal func(a, b *T) bool) bool {
	var known bool
	*old, known = m.get(k)
	if typ == EventDel {
		m.del(k)
		return known || !complete
	}
	m.set(k, obj)
	return !known || !equal(old, obj)
}

// diff turns a fresh dump of some kinds into the events that bring the
// view to it, and applies them.
func (v *view) diff(kinds WatchKind, s *snapshot) []Event {
	var evs []Event
	if kinds&WatchLinks != 0 {
		evs = diffMap(evs, v.links, &v.old.link, s.links, func(l *Link) int { return l.Index }, linksEqual, setLink, nil)
	}
	if kinds&WatchAddrs != 0 {
		evs = diffMap(evs, v.addrs, &v.old.addr, s.addrs, keyOfAddr, addrsEqual, setAddr, nil)
	}
	if kinds&WatchRoutes != 0 {
		evs = diffMap(evs, v.routes, &v.old.route, s.routes, keyOfRoute, routesEqual, setRoute, nil)
	}
	if kinds&WatchNeighbors != 0 {
		evs = diffMap(evs, v.neighs, &v.old.neigh, s.neighs, keyOfNeigh, neighborsEqual, setNeigh, nil)
	}
	if kinds&WatchRules != 0 {
		evs = diffMap(evs, v.rules, &v.old.rule, s.rules, keyOfRule, rulesEqual, setRule, nil)
	}
	if kinds&WatchNexthops != 0 {
		evs = diffMap(evs, v.nexthops, &v.old.nexthop, s.nexthops, keyOfNexthop, nexthopsEqual, setNexthop, nil)
	}
	v.complete |= kinds
	return evs
}

func setLink(e *Event, l *Link)      { e.Link = l }
func setAddr(e *Event, a *Addr)      { e.Addr = a }
func setRoute(e *Event, r *Route)    { e.Route = r }
func setNeigh(e *Event, n *Neighbor) { e.Neighbor = n }

// replacedBy finds the route that r replaced. Linux announces a route
// replace (NLM_F_REPLACE) as one RTM_NEWROUTE, with no deletion of the
// route it replaced: for IPv6 the first route with the same destination,
// source and metric whose next hop is of the same kind (gateway or
// none), else the first with them at all, for IPv4 the first with the same destination, TOS and metric.
// Since keys include the next hop, that route would otherwise linger.
// When the view holds exactly one such route, replacedBy removes it and
// returns its deletion; when it holds several, which one the kernel
// replaced cannot be told, and ambiguous asks the caller to read the
// destination again. The candidates come from the route table's index
// of routes by key without next hop.
func (v *view) replacedBy(r *Route) (evs []Event, ambiguous bool) {
	k := keyOfRoute(r)
	viaGateway := func(r *Route) bool { return r.Gateway.IsValid() || len(r.NextHops) > 0 }
	if _, ok := v.routes.get(k); ok {
		// Replaced in place, as far as the view can tell: the event
		// updates it. Unless it has a sibling: a re-read of the link may
		// have brought the new route before this event, and the kernel
		// then replaced a sibling, of its kind or (IPv6, none of its
		// kind) the first.
		for sk := range v.routes.siblingsOf(k) {
			if sk != k {
				return nil, true
			}
		}
		return nil, false
	}
	var found, all []routeKey
	for sk := range v.routes.siblingsOf(k) {
		all = append(all, sk)
		if old, _ := v.routes.get(sk); r.Family == FamilyInet || viaGateway(&old) == viaGateway(r) {
			found = append(found, sk)
		}
	}
	if len(found) == 0 {
		found = all // none of its kind: IPv6 replaces the first route (fib6_add_rt2node)
	}
	if len(found) != 1 {
		return nil, len(found) > 1
	}
	gone, _ := v.routes.get(found[0])
	v.routes.del(found[0])
	return []Event{{Type: EventDel, Route: &gone}}, false
}

// reshapeIPv6 follows what Linux does to IPv6 multipath routes without
// saying so. Gateway routes to one destination and metric are siblings of
// one multipath route: appending one announces the whole multipath route,
// not the end of the single route it absorbed; deleting one announces only
// that next hop, not the route that remains. With next hops in the IPv6
// key, the view would keep the absorbed route, and keep the multipath one
// while missing what remains. reshapeIPv6 returns the events that say what
// happened; consumed means they replace r's own event.
func (v *view) reshapeIPv6(typ EventType, r *Route) (evs []Event, consumed bool) {
	k := keyOfRoute(r)
	base := routeKey{table: k.table, dst: k.dst, src: k.src, tos: k.tos, priority: k.priority}
	hopKey := func(nh NextHop) routeKey {
		hk := base
		hk.out, hk.gateway = nh.OutIndex, nh.Gateway
		return hk
	}
	switch {
	case typ == EventNew && len(r.NextHops) > 0:
		for _, nh := range r.NextHops {
			hk := hopKey(nh)
			if old, ok := v.routes.get(hk); ok {
				v.routes.del(hk)
				evs = append(evs, Event{Type: EventDel, Route: &old})
			}
		}
		return evs, false
	case typ == EventDel && len(r.NextHops) == 0 && r.Gateway.IsValid():
		if _, ok := v.routes.get(k); ok {
			return nil, false
		}
		mp, ok := v.routes.get(base)
		if !ok {
			return nil, false
		}
		i := slices.IndexFunc(mp.NextHops, func(nh NextHop) bool { return nh.OutIndex == r.OutIndex && nh.Gateway == r.Gateway })
		if i < 0 {
			return nil, false
		}
		v.routes.del(base)
		evs = append(evs, Event{Type: EventDel, Route: &mp})
		rest := slices.Delete(slices.Clone(mp.NextHops), i, i+1)
		if len(rest) == 0 {
			return evs, true
		}
		left := mp
		left.NextHops = rest
		if len(rest) == 1 { // a lone sibling is a plain route again
			// Its next hop's flags (linkdown) move to the route's, where
			// Linux reports a plain route's.
			left.NextHops, left.Gateway, left.OutIndex = nil, rest[0].Gateway, rest[0].OutIndex
			left.Flags |= rest[0].Flags
		}
		v.routes.set(keyOfRoute(&left), &left)
		return append(evs, Event{Type: EventNew, Route: &left}), true
	}
	return nil, false
}

// diffMap makes m equal fresh and returns the events that say so. With a
// scope, fresh is the whole truth only about the records in scope: others
// are left alone. scratch holds each record compared (see applyTo).
func diffMap[K comparable, T any](evs []Event, m records[K, T], scratch *T, fresh []T, key func(*T) K, equal func(a, b *T) bool, set func(*Event, *T), scope func(*T) bool) []Event {
	seen := make(map[K]struct{}, len(fresh))
	for i := range fresh {
		obj := &fresh[i]
		k := key(obj)
		seen[k] = struct{}{}
		var ok bool
		if *scratch, ok = m.get(k); ok && equal(scratch, obj) {
			continue
		}
		m.set(k, obj)
		ev := Event{Type: EventNew}
		set(&ev, obj)
		evs = append(evs, ev)
	}
	for k, old := range m.all() {
		if _, ok := seen[k]; ok {
			continue
		}
		if scope != nil && !scope(&old) {
			continue
		}
		m.del(k)
		ev := Event{Type: EventDel}
		gone := old
		set(&ev, &gone)
		evs = append(evs, ev)
	}
	return evs
}

// linksEqual compares links but for their counters, which move without
// any event.
func linksEqual(a, b *Link) bool {
	if !bytes.Equal(a.HardwareAddr, b.HardwareAddr) || !bytes.Equal(a.Broadcast, b.Broadcast) {
		return false
	}
	x, y := a, b
	return x.Index == y.Index && x.Name == y.Name && x.Alias == y.Alias && x.Kind == y.Kind &&
		x.Type == y.Type && x.MTU == y.MTU && x.Flags == y.Flags && x.OperState == y.OperState &&
		x.MasterIndex == y.MasterIndex && x.ParentIndex == y.ParentIndex && x.TxQueueLen == y.TxQueueLen &&
		x.Qdisc == y.Qdisc && x.Group == y.Group && x.Mode == y.Mode
}

// addrsEqual compares addresses but for their lifetimes, which count down
// without any event.
func addrsEqual(a, b *Addr) bool {
	x, y := *a, *b
	x.ValidLifetime, y.ValidLifetime, x.PreferredLifetime, y.PreferredLifetime = 0, 0, 0, 0
	return x == y
}

// routesEqual compares routes but for the time left before they expire,
// which counts down without any event.
func routesEqual(a, b *Route) bool {
	x, y := a, b
	return x.Family == y.Family && x.Table == y.Table && x.Type == y.Type && x.Protocol == y.Protocol &&
		x.Scope == y.Scope && x.Dst == y.Dst && x.Src == y.Src && x.Gateway == y.Gateway &&
		x.OutIndex == y.OutIndex && x.PrefSrc == y.PrefSrc && x.Priority == y.Priority &&
		x.TOS == y.TOS && x.Flags == y.Flags && x.Pref == y.Pref && metricsEqual(x.Metrics, y.Metrics) && slices.Equal(a.NextHops, b.NextHops)
}

func neighborsEqual(a, b *Neighbor) bool {
	return a.Index == b.Index && a.Family == b.Family && a.IP == b.IP &&
		bytes.Equal(a.HardwareAddr, b.HardwareAddr) && a.State == b.State && a.Flags == b.Flags && a.Type == b.Type
}

// metricsEqual compares routes' metrics: nil is the zero value.
func metricsEqual(a, b *RouteMetrics) bool {
	var zero RouteMetrics
	if a == nil {
		a = &zero
	}
	if b == nil {
		b = &zero
	}
	return *a == *b
}
