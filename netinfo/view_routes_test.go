package netinfo

import (
	"math/rand/v2"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/require"
)

// checkSiblings: the route table's index holds exactly the keys of its
// routes, under their keys without next hop, and no empty sets.
func checkSiblings(t *testing.T, rt *routeTable) {
	t.Helper()
	want := map[routeKey]map[routeKey]struct{}{}
	for k := range rt.m {
		b := baseKey(k)
		if want[b] == nil {
			want[b] = map[routeKey]struct{}{}
		}
		want[b][k] = struct{}{}
	}
	require.Equal(t, want, rt.siblings)
}

// TestRouteTableIndex: whatever writes the table (set, del, deleteFunc,
// and the view's generic paths on top of them), the index follows.
func TestRouteTableIndex(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	routeAt := func(i int) Route {
		if i%3 == 0 {
			return Route{Family: FamilyInet, Table: TableMain, Dst: netip.MustParsePrefix("192.0.2.0/24"), OutIndex: 1 + i%4, Priority: uint32(i % 2)}
		}
		return Route{Family: FamilyInet6, Table: TableMain, Dst: netip.MustParsePrefix("2001:db8::/64"),
			Gateway: netip.AddrFrom16([16]byte{0xfe, 0x80, 15: byte(i % 5)}), OutIndex: 1 + i%4, Priority: uint32(i % 2)}
	}
	v := newView()
	for step := range 2000 {
		r := routeAt(rng.IntN(60))
		switch rng.IntN(5) {
		case 0, 1:
			v.routes.set(keyOfRoute(&r), r)
		case 2:
			v.routes.del(keyOfRoute(&r))
		case 3:
			typ := EventNew
			if rng.IntN(2) == 0 {
				typ = EventDel
			}
			v.apply(&Event{Type: typ, Route: &r})
		case 4:
			if step%50 == 0 {
				out := 1 + rng.IntN(4)
				v.routes.deleteFunc(func(_ routeKey, r Route) bool { return r.OutIndex == out })
			} else {
				v.replacedBy(&r)
			}
		}
		checkSiblings(t, v.routes)
	}
	fresh := []Route{routeAt(1), routeAt(2), routeAt(3)}
	v.diff(WatchRoutes, &snapshot{routes: fresh})
	checkSiblings(t, v.routes)
	require.Len(t, v.routes.m, 3)
}

// TestReplacedBy: an IPv6 replace ends the one route of the same kind of
// next hop it can have replaced, says when several could be the one
// (also when the view already holds the new route, with any sibling),
// and leaves alone routes to other destinations, however many.
func TestReplacedBy(t *testing.T) {
	dst := netip.MustParsePrefix("2001:db8:79::/48")
	gw := func(b byte) netip.Addr { return netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, 15: b}) }
	route := func(g netip.Addr, out int) Route {
		return Route{Family: FamilyInet6, Table: TableMain, Dst: dst, Gateway: g, OutIndex: out, Priority: 1024}
	}
	v := newView()
	for i := range 10_000 { // other destinations: not candidates
		r := Route{Family: FamilyInet6, Table: TableMain, Dst: netip.PrefixFrom(netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb9, 14: byte(i >> 8), 15: byte(i)}), 128), Gateway: gw(1), OutIndex: 2, Priority: 1024}
		v.routes.set(keyOfRoute(&r), r)
	}
	viaA, direct := route(gw(0xa), 2), route(netip.Addr{}, 3)
	v.routes.set(keyOfRoute(&viaA), viaA)
	v.routes.set(keyOfRoute(&direct), direct)

	same := viaA
	evs, ambiguous := v.replacedBy(&same)
	require.Empty(t, evs)
	require.True(t, ambiguous, "a re-read may have brought it, and the kernel replaced the direct route, the only other")

	viaB := route(gw(0xb), 2)
	evs, ambiguous = v.replacedBy(&viaB)
	require.False(t, ambiguous)
	require.Len(t, evs, 1)
	require.Equal(t, EventDel, evs[0].Type)
	require.Equal(t, viaA, *evs[0].Route, "the gateway route, not the direct one")
	_, still := v.routes.get(keyOfRoute(&viaA))
	require.False(t, still)

	viaC, viaD := route(gw(0xc), 2), route(gw(0xd), 4)
	v.routes.set(keyOfRoute(&viaC), viaC)
	v.routes.set(keyOfRoute(&viaD), viaD)
	evs, ambiguous = v.replacedBy(&viaB)
	require.Empty(t, evs)
	require.True(t, ambiguous, "two gateway routes could be the one")
	checkSiblings(t, v.routes)

	alone := newView()
	alone.routes.set(keyOfRoute(&viaA), viaA)
	evs, ambiguous = alone.replacedBy(&same)
	require.Empty(t, evs, "replaced in place")
	require.False(t, ambiguous)
}
