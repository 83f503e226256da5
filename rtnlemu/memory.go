package rtnlemu

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"sync"

	"github.com/jsimonetti/rtnetlink/v2"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// Memory is an in-memory, scriptable network: a Source, a Notifier and
// every setter, so that code written against netinfo can be tested
// without root or a kernel. Script it with the Put and Remove methods
// (which change the state as they are told); RTNL requests that reach it
// through a Transport go through the setters, which answer with the
// kernel's errnos. Every method is safe for concurrent use.
//
// Records are copied on the way in. Snapshots share the stored records:
// do not modify what Snapshot returns.
type Memory struct {
	mu     sync.Mutex
	order  uint64 // insertion counter, for the kernel-like dump order
	links  memTable[rtnetlink.LinkMessage]
	addrs  memTable[rtnetlink.AddressMessage]
	routes memTable[rtnetlink.RouteMessage]
	// routesByDst lists the keys of the routes to each destination
	// (routeDstKey), for the kernel's EEXIST, REPLACE and delete
	// matching without a scan of every route.
	routesByDst map[recordKey][]recordKey
	neighs      memTable[rtnetlink.NeighMessage]
	failure     error
	watchers    map[*memWatcher]struct{}
	// lost is an Overflow asked for while no Monitor ran (one may be
	// starting): the next Monitor reports it.
	lost bool
}

// A memTable holds one kind of record by kernel key, with the sorted
// slice Snapshot hands out cached until the next change.
type memTable[T any] struct {
	byKey map[recordKey]*memEntry[T]
	cache []T
	fresh bool
}

type memEntry[T any] struct {
	order uint64
	msg   T
}

// A memWatcher is one running Monitor: the kinds changed since it last
// reported, and whether an overflow was forced.
type memWatcher struct {
	pending  Kind
	overflow bool
	wake     chan struct{}
}

// NewMemory makes an empty network.
func NewMemory() *Memory {
	return &Memory{watchers: make(map[*memWatcher]struct{})}
}

func put[T any](t *memTable[T], order *uint64, key recordKey, msg T) {
	putAt(t, order, key, msg, 0)
}

// putAt stores msg under key. A new record takes the given place in the
// dump order (an earlier record's, when it replaces one under another
// key), or the next one when at is 0.
func putAt[T any](t *memTable[T], order *uint64, key recordKey, msg T, at uint64) {
	if t.byKey == nil {
		t.byKey = make(map[recordKey]*memEntry[T])
	}
	t.fresh = false
	if e, ok := t.byKey[key]; ok {
		e.msg = msg
		return
	}
	if at == 0 {
		*order++
		at = *order
	}
	t.byKey[key] = &memEntry[T]{order: at, msg: msg}
}

func remove[T any](t *memTable[T], key recordKey) bool {
	if _, ok := t.byKey[key]; !ok {
		return false
	}
	delete(t.byKey, key)
	t.fresh = false
	return true
}

// removeIf deletes the records that match and reports whether any did.
func removeIf[T any](t *memTable[T], match func(*T) bool) bool {
	any := false
	for k, e := range t.byKey {
		if match(&e.msg) {
			delete(t.byKey, k)
			any = true
		}
	}
	if any {
		t.fresh = false
	}
	return any
}

// snapshot gives the records in dump order, rebuilding the cached slice
// after a change.
func snapshot[T any](t *memTable[T], less func(a, b *memEntry[T]) int) []T {
	if t.fresh {
		return t.cache
	}
	entries := make([]*memEntry[T], 0, len(t.byKey))
	for _, e := range t.byKey {
		entries = append(entries, e)
	}
	slices.SortFunc(entries, less)
	out := make([]T, len(entries))
	for i, e := range entries {
		out[i] = e.msg
	}
	t.cache, t.fresh = out, true
	return out
}

func byOrder[T any](a, b *memEntry[T]) int { return cmp.Compare(a.order, b.order) }

// Snapshot returns the current records of the kinds asked for. Links
// come in index order, addresses by link then age, routes and
// neighbours by age, as the kernel roughly dumps them.
func (m *Memory) Snapshot(ctx context.Context, kinds Kind) (*Snapshot, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.failure != nil {
		return nil, m.failure
	}
	s := &Snapshot{}
	if kinds&KindLinks != 0 {
		s.Links = snapshot(&m.links, func(a, b *memEntry[rtnetlink.LinkMessage]) int {
			return cmp.Compare(a.msg.Index, b.msg.Index)
		})
	}
	if kinds&KindAddrs != 0 {
		s.Addrs = snapshot(&m.addrs, func(a, b *memEntry[rtnetlink.AddressMessage]) int {
			return cmp.Or(cmp.Compare(a.msg.Index, b.msg.Index), cmp.Compare(a.order, b.order))
		})
	}
	if kinds&KindRoutes != 0 {
		s.Routes = snapshot(&m.routes, byOrder[rtnetlink.RouteMessage])
	}
	if kinds&KindNeighbors != 0 {
		s.Neighbors = snapshot(&m.neighs, byOrder[rtnetlink.NeighMessage])
	}
	return s, nil
}

// FailSnapshots makes Snapshot fail with err until it is called again
// with nil: a way to test how readers and watchers survive a source that
// cannot be read.
func (m *Memory) FailSnapshots(err error) {
	m.mu.Lock()
	m.failure = err
	m.mu.Unlock()
}

// Monitor reports changes until ctx ends. Its first report covers every
// kind, so that nothing changed between the caller's baseline and the
// start of Monitor goes unseen.
func (m *Memory) Monitor(ctx context.Context, changes chan<- Change) error {
	w := &memWatcher{pending: KindAll, wake: make(chan struct{}, 1)}
	w.wake <- struct{}{}
	m.mu.Lock()
	m.watchers[w] = struct{}{}
	w.overflow, m.lost = m.lost, false
	m.mu.Unlock()
	defer func() {
		m.mu.Lock()
		delete(m.watchers, w)
		m.mu.Unlock()
	}()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-w.wake:
		}
		m.mu.Lock()
		ch := Change{Kinds: w.pending, Overflow: w.overflow}
		w.pending, w.overflow = 0, false
		m.mu.Unlock()
		if ch.Kinds == 0 && !ch.Overflow {
			continue
		}
		select {
		case changes <- ch:
		case <-ctx.Done():
			return nil
		}
	}
}

// changed tells the running monitors what changed. m.mu must be held.
func (m *Memory) changed(kinds Kind) {
	for w := range m.watchers {
		w.pending |= kinds
		select {
		case w.wake <- struct{}{}:
		default:
		}
	}
}

// Overflow makes every running monitor report Change{Overflow: true}, as
// a source that lost events would: listeners get ENOBUFS and resync.
// When no Monitor runs yet (one may be starting), the next one to start
// reports it.
func (m *Memory) Overflow() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.watchers) == 0 {
		m.lost = true
		return
	}
	for w := range m.watchers {
		w.overflow = true
		select {
		case w.wake <- struct{}{}:
		default:
		}
	}
}

// Errors of the scripting methods.
var (
	errNoIndex   = errors.New("rtnlemu: a link needs a non-zero index")
	errNoAddress = errors.New("rtnlemu: an address needs IFA_LOCAL or IFA_ADDRESS of its family's width")
)

// Load replaces the whole state with s.
func (m *Memory) Load(s *Snapshot) error {
	for i := range s.Links {
		if s.Links[i].Index == 0 {
			return errNoIndex
		}
	}
	for i := range s.Addrs {
		if addrLocal(&s.Addrs[i]) == nil {
			return errNoAddress
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.links = memTable[rtnetlink.LinkMessage]{}
	m.addrs = memTable[rtnetlink.AddressMessage]{}
	m.routes = memTable[rtnetlink.RouteMessage]{}
	m.routesByDst = nil
	m.neighs = memTable[rtnetlink.NeighMessage]{}
	for i := range s.Links {
		l := cloneLink(&s.Links[i])
		put(&m.links, &m.order, linkKey(&l), l)
	}
	for i := range s.Addrs {
		a := cloneAddr(&s.Addrs[i])
		put(&m.addrs, &m.order, addrKey(&a), a)
	}
	for i := range s.Routes {
		m.putRoute(normalRoute(cloneRoute(&s.Routes[i])), 0)
	}
	for i := range s.Neighbors {
		n := cloneNeigh(&s.Neighbors[i])
		put(&m.neighs, &m.order, neighKey(&n), n)
	}
	m.changed(KindAll)
	return nil
}

// PutLink adds a link, or replaces the one with the same index.
func (m *Memory) PutLink(l rtnetlink.LinkMessage) error {
	if l.Index == 0 {
		return errNoIndex
	}
	l = cloneLink(&l)
	m.mu.Lock()
	defer m.mu.Unlock()
	put(&m.links, &m.order, linkKey(&l), l)
	m.changed(KindLinks)
	return nil
}

// RemoveLink removes a link and, as the kernel does when a device goes
// away, its addresses, neighbours and the routes through it. It reports
// whether the link existed.
func (m *Memory) RemoveLink(index uint32) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !remove(&m.links, recordKey{kind: KindLinks, index: index}) {
		return false
	}
	kinds := KindLinks
	if removeIf(&m.addrs, func(a *rtnetlink.AddressMessage) bool { return a.Index == index }) {
		kinds |= KindAddrs
	}
	var gone []recordKey
	for k, e := range m.routes.byKey {
		if routeUsesLink(&e.msg, index) {
			gone = append(gone, k)
		}
	}
	for _, k := range gone {
		m.removeRoute(k)
	}
	if len(gone) > 0 {
		kinds |= KindRoutes
	}
	if removeIf(&m.neighs, func(n *rtnetlink.NeighMessage) bool { return n.Index == index }) {
		kinds |= KindNeighbors
	}
	m.changed(kinds)
	return true
}

// PutAddr adds an address, or replaces the one with the same key (link,
// family, prefix length, local address).
func (m *Memory) PutAddr(a rtnetlink.AddressMessage) error {
	if addrLocal(&a) == nil {
		return errNoAddress
	}
	a = cloneAddr(&a)
	m.mu.Lock()
	defer m.mu.Unlock()
	put(&m.addrs, &m.order, addrKey(&a), a)
	m.changed(KindAddrs)
	return nil
}

// RemoveAddr removes the address with a's key and reports whether it
// existed.
func (m *Memory) RemoveAddr(a rtnetlink.AddressMessage) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !remove(&m.addrs, addrKey(&a)) {
		return false
	}
	m.changed(KindAddrs)
	return true
}

// PutRoute adds a route, or replaces the one with the same key (family,
// table, destination, tos, priority, output link, gateway). Table 0
// means main.
func (m *Memory) PutRoute(r rtnetlink.RouteMessage) error {
	r = normalRoute(cloneRoute(&r))
	m.mu.Lock()
	defer m.mu.Unlock()
	m.putRoute(r, 0)
	m.changed(KindRoutes)
	return nil
}

// RemoveRoute removes the route with r's key and reports whether it
// existed.
func (m *Memory) RemoveRoute(r rtnetlink.RouteMessage) bool {
	r = normalRoute(r)
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.removeRoute(routeKey(&r)) {
		return false
	}
	m.changed(KindRoutes)
	return true
}

// PutNeighbor adds a neighbour, or replaces the one with the same key
// (link, family, address).
func (m *Memory) PutNeighbor(n rtnetlink.NeighMessage) error {
	n = cloneNeigh(&n)
	m.mu.Lock()
	defer m.mu.Unlock()
	put(&m.neighs, &m.order, neighKey(&n), n)
	m.changed(KindNeighbors)
	return nil
}

// RemoveNeighbor removes the neighbour with n's key and reports whether
// it existed.
func (m *Memory) RemoveNeighbor(n rtnetlink.NeighMessage) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !remove(&m.neighs, neighKey(&n)) {
		return false
	}
	m.changed(KindNeighbors)
	return true
}

// putRoute stores a (normalised) route and indexes it by destination,
// at the given place in the dump order (0: last). m.mu must be held.
func (m *Memory) putRoute(r rtnetlink.RouteMessage, at uint64) {
	key := routeKey(&r)
	if _, ok := m.routes.byKey[key]; !ok {
		if m.routesByDst == nil {
			m.routesByDst = make(map[recordKey][]recordKey)
		}
		dk := routeDstKey(&r)
		m.routesByDst[dk] = append(m.routesByDst[dk], key)
	}
	putAt(&m.routes, &m.order, key, r, at)
}

// removeRoute deletes the route with key and reports whether it existed.
// m.mu must be held.
func (m *Memory) removeRoute(key recordKey) bool {
	e, ok := m.routes.byKey[key]
	if !ok {
		return false
	}
	dk := routeDstKey(&e.msg)
	keys := m.routesByDst[dk]
	for i, k := range keys {
		if k == key {
			keys = append(keys[:i], keys[i+1:]...)
			break
		}
	}
	if len(keys) == 0 {
		delete(m.routesByDst, dk)
	} else {
		m.routesByDst[dk] = keys
	}
	return remove(&m.routes, key)
}

// routesTo lists the routes to r's destination (family, table,
// destination, tos) in dump order. m.mu must be held.
func (m *Memory) routesTo(r *rtnetlink.RouteMessage) []*memEntry[rtnetlink.RouteMessage] {
	keys := m.routesByDst[routeDstKey(r)]
	out := make([]*memEntry[rtnetlink.RouteMessage], 0, len(keys))
	for _, k := range keys {
		out = append(out, m.routes.byKey[k])
	}
	slices.SortFunc(out, byOrder[rtnetlink.RouteMessage])
	return out
}

// normalRoute gives table 0 its kernel meaning (main) and writes the
// table id in both places a decoder may read it.
func normalRoute(r rtnetlink.RouteMessage) rtnetlink.RouteMessage {
	table := routeTable(&r)
	if table == 0 {
		table = linux.RT_TABLE_MAIN
	}
	r.Attributes.Table = table
	if r.Table == 0 || uint32(r.Table) != table {
		r.Table = linux.RT_TABLE_COMPAT
		if table < 256 {
			r.Table = uint8(table)
		}
	}
	return r
}
