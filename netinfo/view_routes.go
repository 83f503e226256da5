package netinfo

import (
	"iter"
	"maps"
	"net/netip"
)

// records is what a view keeps of one kind: its objects by key. The
// view's generic code (applyTo, diffMap) writes through it, so that a
// kind with an index of its own (routes) keeps that index right whatever
// path changes it.
type records[K comparable, T any] interface {
	get(K) (T, bool)
	set(K, T)
	del(K)
	all() iter.Seq2[K, T]
}

// recordMap is records as a plain map.
type recordMap[K comparable, T any] map[K]T

func (m recordMap[K, T]) get(k K) (T, bool)            { v, ok := m[k]; return v, ok }
func (m recordMap[K, T]) set(k K, v T)                 { m[k] = v }
func (m recordMap[K, T]) del(k K)                      { delete(m, k) }
func (m recordMap[K, T]) all() iter.Seq2[K, T]         { return maps.All(m) }
func (m recordMap[K, T]) deleteFunc(f func(K, T) bool) { maps.DeleteFunc(m, f) }

// routeTable is the view's routes, also indexed by their key without
// the next hop: the routes one replace could have replaced (replacedBy),
// found without scanning the table, which a replace storm over a large
// table would make quadratic.
type routeTable struct {
	m        map[routeKey]Route
	siblings map[routeKey]map[routeKey]struct{} // base key → full keys
}

func newRouteTable() *routeTable {
	return &routeTable{m: map[routeKey]Route{}, siblings: map[routeKey]map[routeKey]struct{}{}}
}

// baseKey is k without the next hop.
func baseKey(k routeKey) routeKey {
	k.out, k.gateway = 0, netip.Addr{}
	return k
}

func (t *routeTable) get(k routeKey) (Route, bool) { r, ok := t.m[k]; return r, ok }

func (t *routeTable) all() iter.Seq2[routeKey, Route] { return maps.All(t.m) }

func (t *routeTable) set(k routeKey, r Route) {
	t.m[k] = r
	b := baseKey(k)
	s := t.siblings[b]
	if s == nil {
		s = map[routeKey]struct{}{}
		t.siblings[b] = s
	}
	s[k] = struct{}{}
}

func (t *routeTable) del(k routeKey) {
	if _, ok := t.m[k]; ok {
		delete(t.m, k)
		t.unindex(k)
	}
}

func (t *routeTable) unindex(k routeKey) {
	b := baseKey(k)
	if s := t.siblings[b]; s != nil {
		delete(s, k)
		if len(s) == 0 {
			delete(t.siblings, b)
		}
	}
}

// deleteFunc deletes every route for which del is true.
func (t *routeTable) deleteFunc(del func(routeKey, Route) bool) {
	for k, r := range t.m {
		if del(k, r) {
			t.del(k)
		}
	}
}

// siblingsOf yields the keys of the routes that share k's key but for
// the next hop.
func (t *routeTable) siblingsOf(k routeKey) iter.Seq[routeKey] {
	return maps.Keys(t.siblings[baseKey(k)])
}
