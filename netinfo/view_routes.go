package netinfo

import (
	"encoding/binary"
	"iter"
	"maps"
	"net/netip"
	"slices"
	"time"
)

// records is what a view keeps of one kind: its objects by key. The
// view's generic code (applyTo, diffMap) writes through it, so that a
// kind with an index of its own (routes) keeps that index right whatever
// path changes it.
type records[K comparable, T any] interface {
	get(K) (T, bool)
	set(K, *T) // by pointer: a value would escape to the heap on every call
	del(K)
	all() iter.Seq2[K, T]
}

// recordMap is records as a plain map.
type recordMap[K comparable, T any] map[K]T

func (m recordMap[K, T]) get(k K) (T, bool)            { v, ok := m[k]; return v, ok }
func (m recordMap[K, T]) set(k K, v *T)                { m[k] = *v }
func (m recordMap[K, T]) del(k K)                      { delete(m, k) }
func (m recordMap[K, T]) all() iter.Seq2[K, T]         { return maps.All(m) }
func (m recordMap[K, T]) deleteFunc(f func(K, T) bool) { maps.DeleteFunc(m, f) }

// routeTable is the view's routes, stored compactly: a full Internet
// table is a million routes, and a watcher must not cost more per route
// than the kernel's FIB. Routes are grouped by their key without the
// next hop (baseKey): the routes one replace could have replaced
// (replacedBy) are found without a scan, and almost every group holds
// one route, kept in the map's slot itself. What repeats from route to
// route (gateways, source prefixes, and everything that is not key:
// type, protocol, scope, preferred source, flags, next-hop sets) is
// interned and referred to by a 32-bit id; destinations are packed in
// 16 bytes. A route costs one map slot of 48 bytes (bench/RESULTS.md,
// issue 20, has the bytes per route).
type routeTable struct {
	bases map[packedBase]routeSlot
	// extra holds a group's further routes, rare: IPv6 link routes to
	// one destination over several links, IPv4 routes appended.
	extra    map[packedBase][]routeSlot
	gateways interner[netip.Addr]
	srcs     interner[netip.Prefix]
	rests    restInterner
}

// packedBase is a route's key without its next hop, packed.
type packedBase struct {
	dst      [16]byte
	table    uint32
	priority uint32
	src      uint32 // srcs id; 0: no source prefix
	bits     uint8  // dst's prefix length
	fam      uint8  // dst's family: 4, 6, or 0 for an invalid prefix
	tos      uint8
}

// routeSlot is one route of a group: its next hop and the rest.
type routeSlot struct {
	gw   uint32 // gateways id; 0: no gateway
	out  int32
	rest uint32 // rests id
}

func newRouteTable() *routeTable {
	return &routeTable{bases: map[packedBase]routeSlot{}, extra: map[packedBase][]routeSlot{}}
}

// baseKey is k without the next hop.
func baseKey(k routeKey) routeKey {
	k.out, k.gateway = 0, netip.Addr{}
	return k
}

// pack packs k's base; ok is false when k names a source prefix the
// table does not hold (so no route of k's exists). With intern, the
// source prefix is interned (and referenced) instead.
func (t *routeTable) pack(k routeKey, intern bool) (b packedBase, ok bool) {
	if k.dst.IsValid() {
		b.bits = uint8(k.dst.Bits())
		a := k.dst.Addr()
		if a.Is4() {
			b.fam = 4
			a4 := a.As4()
			copy(b.dst[:], a4[:])
		} else {
			b.fam = 6
			b.dst = a.As16()
		}
	}
	b.table, b.priority, b.tos = uint32(k.table), k.priority, k.tos
	if k.src.IsValid() {
		if intern {
			b.src = t.srcs.ref(k.src)
		} else if b.src, ok = t.srcs.id(k.src); !ok {
			return b, false
		}
	}
	return b, true
}

// unpack is pack's inverse, with the next hop of s.
func (t *routeTable) unpack(b packedBase, s routeSlot) routeKey {
	k := routeKey{table: Table(b.table), tos: b.tos, priority: b.priority, out: int(s.out)}
	switch b.fam {
	case 4:
		k.dst = netip.PrefixFrom(netip.AddrFrom4([4]byte(b.dst[:4])), int(b.bits))
	case 6:
		k.dst = netip.PrefixFrom(netip.AddrFrom16(b.dst), int(b.bits))
	}
	if b.src != 0 {
		k.src = t.srcs.value(b.src)
	}
	if s.gw != 0 {
		k.gateway = t.gateways.value(s.gw)
	}
	return k
}

// hop tells whether s is the route of k's next hop, without interning.
func (t *routeTable) hop(s routeSlot, k routeKey) bool {
	if int(s.out) != k.out {
		return false
	}
	if s.gw == 0 {
		return !k.gateway.IsValid()
	}
	return t.gateways.value(s.gw) == k.gateway
}

// route rebuilds the route of base b and slot s.
func (t *routeTable) route(b packedBase, s routeSlot) Route {
	r := t.rests.value(s.rest)
	k := t.unpack(b, s)
	r.Table, r.Dst, r.Src, r.TOS, r.Priority, r.OutIndex, r.Gateway = k.table, k.dst, k.src, k.tos, k.priority, k.out, k.gateway
	return r
}

func (t *routeTable) get(k routeKey) (Route, bool) {
	b, ok := t.pack(k, false)
	if !ok {
		return Route{}, false
	}
	s, ok := t.bases[b]
	if !ok {
		return Route{}, false
	}
	if t.hop(s, k) {
		return t.route(b, s), true
	}
	for _, s := range t.extra[b] {
		if t.hop(s, k) {
			return t.route(b, s), true
		}
	}
	return Route{}, false
}

func (t *routeTable) set(k routeKey, r *Route) {
	// The key's fields are the route's own in every caller (keyOfRoute),
	// but the key is what the table files it under.
	s := routeSlot{out: int32(k.out), rest: t.rests.ref(r)}
	if k.gateway.IsValid() {
		s.gw = t.gateways.ref(k.gateway)
	}
	b, _ := t.pack(k, true)
	old, ok := t.bases[b]
	switch {
	case !ok:
		t.bases[b] = s
		return
	case t.hop(old, k):
		t.bases[b] = s
		t.release(b, old)
		return
	}
	more := t.extra[b]
	for i, o := range more {
		if t.hop(o, k) {
			more[i] = s
			t.release(b, o)
			return
		}
	}
	t.extra[b] = append(more, s)
}

// release drops what slot s of base b held: its interned values and
// base's reference to its source prefix.
func (t *routeTable) release(b packedBase, s routeSlot) {
	if s.gw != 0 {
		t.gateways.unref(s.gw)
	}
	t.rests.unref(s.rest)
	if b.src != 0 {
		t.srcs.unref(b.src)
	}
}

func (t *routeTable) del(k routeKey) {
	b, ok := t.pack(k, false)
	if !ok {
		return
	}
	s, ok := t.bases[b]
	if !ok {
		return
	}
	more := t.extra[b]
	if t.hop(s, k) {
		if n := len(more); n > 0 {
			t.bases[b] = more[n-1]
			t.setExtra(b, more[:n-1])
		} else {
			delete(t.bases, b)
		}
		t.release(b, s)
		return
	}
	for i, o := range more {
		if t.hop(o, k) {
			t.setExtra(b, slices.Delete(more, i, i+1))
			t.release(b, o)
			return
		}
	}
}

func (t *routeTable) setExtra(b packedBase, more []routeSlot) {
	if len(more) == 0 {
		delete(t.extra, b)
	} else {
		t.extra[b] = more
	}
}

// all yields every route with its key. The caller may delete routes
// meanwhile (diffMap does): a group's further routes are listed before
// its first is yielded, so one moved up into the slot is not missed.
func (t *routeTable) all() iter.Seq2[routeKey, Route] {
	return func(yield func(routeKey, Route) bool) {
		for b, s := range t.bases {
			var more []routeSlot
			if len(t.extra) > 0 {
				more = slices.Clone(t.extra[b])
			}
			if !yield(t.unpack(b, s), t.route(b, s)) {
				return
			}
			for _, o := range more {
				k := t.unpack(b, o)
				r, ok := t.get(k) // still there, maybe changed
				if ok && !yield(k, r) {
					return
				}
			}
		}
	}
}

// deleteFunc deletes every route for which del is true.
func (t *routeTable) deleteFunc(del func(routeKey, Route) bool) {
	for k, r := range t.all() {
		if del(k, r) {
			t.del(k)
		}
	}
}

// siblingsOf yields the keys of the routes that share k's key but for
// the next hop.
func (t *routeTable) siblingsOf(k routeKey) iter.Seq[routeKey] {
	return func(yield func(routeKey) bool) {
		b, ok := t.pack(k, false)
		if !ok {
			return
		}
		s, ok := t.bases[b]
		if !ok {
			return
		}
		more := slices.Clone(t.extra[b])
		if !yield(t.unpack(b, s)) {
			return
		}
		for _, o := range more {
			if !yield(t.unpack(b, o)) {
				return
			}
		}
	}
}

// len is the number of routes.
func (t *routeTable) len() int {
	n := len(t.bases)
	for _, more := range t.extra {
		n += len(more)
	}
	return n
}

// interner gives each distinct value a 32-bit id (from 1) for as long as
// something refers to it.
type interner[T comparable] struct {
	ids  map[T]uint32
	vals []T      // by id-1
	refs []uint32 // by id-1
	free []uint32
}

func (in *interner[T]) id(v T) (uint32, bool) {
	id, ok := in.ids[v]
	return id, ok
}

func (in *interner[T]) value(id uint32) T { return in.vals[id-1] }

// ref returns v's id, counting one more reference.
func (in *interner[T]) ref(v T) uint32 {
	if id, ok := in.ids[v]; ok {
		in.refs[id-1]++
		return id
	}
	if in.ids == nil {
		in.ids = map[T]uint32{}
	}
	var id uint32
	if n := len(in.free); n > 0 {
		id, in.free = in.free[n-1], in.free[:n-1]
		in.vals[id-1], in.refs[id-1] = v, 1
	} else {
		in.vals, in.refs = append(in.vals, v), append(in.refs, 1)
		id = uint32(len(in.vals))
	}
	in.ids[v] = id
	return id
}

// unref drops one reference to id, and the value with the last one.
func (in *interner[T]) unref(id uint32) {
	if in.refs[id-1]--; in.refs[id-1] == 0 {
		var zero T
		delete(in.ids, in.vals[id-1])
		in.vals[id-1] = zero
		in.free = append(in.free, id)
	}
}

// routeRest is what a route holds besides its key, in comparable form.
// Every field of Route that routeKey does not hold must be here, and in
// restOf and restRoute: TestRouteTableRoundTrip fills every field by
// reflection and fails when one is lost.
type routeRest struct {
	family   Family
	typ      RouteType
	protocol RouteProtocol
	scope    Scope
	prefSrc  netip.Addr
	pref     RoutePref
	realms   uint32
	flags    RouteFlags
	nhid     uint32
	expires  time.Duration
	hops     string // NextHops, packed by appendHops
	nilHops  bool   // NextHops is nil, not empty
	metrics  RouteMetrics
}

// restInterner interns routes' rests, keeping each as a Route to copy.
type restInterner struct {
	in     interner[routeRest]
	routes []Route // by id-1: the rest as a Route with no key fields
}

func (ri *restInterner) ref(r *Route) uint32 {
	rest := routeRest{
		family: r.Family, typ: r.Type, protocol: r.Protocol, scope: r.Scope, prefSrc: r.PrefSrc,
		pref: r.Pref, realms: r.Realms, flags: r.Flags, nhid: r.NHID, expires: r.Expires, nilHops: r.NextHops == nil,
	}
	if r.Metrics != nil {
		rest.metrics = *r.Metrics
	}
	if len(r.NextHops) > 0 {
		rest.hops = string(appendHops(nil, r.NextHops))
	}
	id := ri.in.ref(rest)
	if int(id) > len(ri.routes) {
		ri.routes = append(ri.routes, Route{})
	}
	if ri.in.refs[id-1] == 1 { // new, or an id reused
		ri.routes[id-1] = Route{
			Family: r.Family, Type: r.Type, Protocol: r.Protocol, Scope: r.Scope, PrefSrc: r.PrefSrc,
			Pref: r.Pref, Realms: r.Realms, Flags: r.Flags, NHID: r.NHID, Expires: r.Expires, NextHops: slices.Clone(r.NextHops),
		}
		if r.Metrics != nil {
			m := *r.Metrics
			ri.routes[id-1].Metrics = &m
		}
		if r.NextHops != nil && ri.routes[id-1].NextHops == nil {
			ri.routes[id-1].NextHops = []NextHop{}
		}
	}
	return id
}

// value is the rest of id as a Route; its next hops are the caller's.
func (ri *restInterner) value(id uint32) Route {
	r := ri.routes[id-1]
	if len(r.NextHops) > 0 {
		r.NextHops = slices.Clone(r.NextHops)
	}
	if r.Metrics != nil { // the caller's, as its next hops are
		m := *r.Metrics
		r.Metrics = &m
	}
	return r
}

func (ri *restInterner) unref(id uint32) {
	ri.in.unref(id)
	if ri.in.refs[id-1] == 0 {
		ri.routes[id-1] = Route{}
	}
}

// appendHops packs next hops into bytes that are equal exactly when the
// next hops are.
func appendHops(b []byte, hops []NextHop) []byte {
	for _, h := range hops {
		gw, _ := h.Gateway.MarshalBinary()
		b = append(b, byte(len(gw)))
		b = append(b, gw...)
		b = binary.LittleEndian.AppendUint64(b, uint64(h.OutIndex))
		b = binary.LittleEndian.AppendUint64(b, uint64(h.Weight))
		b = binary.LittleEndian.AppendUint32(b, uint32(h.Flags))
	}
	return b
}
