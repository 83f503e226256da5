package netinfo

import (
	"math/rand/v2"
	"net/netip"
	"reflect"
	"testing"

	"github.com/stretchr/testify/require"
)

// checkSiblings: the route table holds each route under its own key,
// siblingsOf lists exactly the keys that share a key without next hop,
// and the interned values are referred to exactly as often as counted.
func checkSiblings(t *testing.T, rt *routeTable) {
	t.Helper()
	want := map[routeKey]map[routeKey]struct{}{}
	n := 0
	for k, r := range rt.all() {
		n++
		require.Equal(t, k, keyOfRoute(&r))
		got, ok := rt.get(k)
		require.True(t, ok)
		require.Equal(t, r, got)
		b := baseKey(k)
		if want[b] == nil {
			want[b] = map[routeKey]struct{}{}
		}
		want[b][k] = struct{}{}
	}
	require.Equal(t, n, rt.len())
	for b, keys := range want {
		for k := range keys {
			got := map[routeKey]struct{}{}
			for sk := range rt.siblingsOf(k) {
				got[sk] = struct{}{}
			}
			require.Equal(t, want[b], got)
		}
	}
	live := func(refs []uint32) (sum int) {
		for _, r := range refs {
			sum += int(r)
		}
		return sum
	}
	require.Equal(t, n, live(rt.rests.in.refs), "rest references")
	require.Len(t, rt.rests.in.ids, len(rt.rests.in.vals)-len(rt.rests.in.free))
	gws, srcs := 0, 0
	for k := range rt.all() {
		if k.gateway.IsValid() {
			gws++
		}
		if k.src.IsValid() {
			srcs++
		}
	}
	require.Equal(t, gws, live(rt.gateways.refs), "gateway references")
	require.Equal(t, srcs, live(rt.srcs.refs), "source references")
}

// TestRouteTableIndex: whatever writes the table (set, del, deleteFunc,
// and the view's generic paths on top of them), the index follows.
func TestRouteTableIndex(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	routeAt := func(i int) Route {
		if i%3 == 0 {
			return Route{Family: FamilyInet, Table: TableMain, Dst: netip.MustParsePrefix("192.0.2.0/24"), OutIndex: 1 + i%4, Priority: uint32(i % 2)}
		}
		r := Route{Family: FamilyInet6, Table: TableMain, Dst: netip.MustParsePrefix("2001:db8::/64"),
			Gateway: netip.AddrFrom16([16]byte{0xfe, 0x80, 15: byte(i % 5)}), OutIndex: 1 + i%4, Priority: uint32(i % 2)}
		if i%7 == 0 {
			r.Src = netip.MustParsePrefix("2001:db8:5::/48")
		}
		if i%11 == 0 {
			r.NextHops = []NextHop{{Gateway: r.Gateway, OutIndex: 1, Weight: 1 + i%3}, {OutIndex: 2}}
		}
		return r
	}
	v := newView()
	for step := range 2000 {
		r := routeAt(rng.IntN(60))
		switch rng.IntN(5) {
		case 0, 1:
			v.routes.set(keyOfRoute(&r), &r)
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
	require.Equal(t, 3, v.routes.len())
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
		v.routes.set(keyOfRoute(&r), &r)
	}
	viaA, direct := route(gw(0xa), 2), route(netip.Addr{}, 3)
	v.routes.set(keyOfRoute(&viaA), &viaA)
	v.routes.set(keyOfRoute(&direct), &direct)

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
	v.routes.set(keyOfRoute(&viaC), &viaC)
	v.routes.set(keyOfRoute(&viaD), &viaD)
	evs, ambiguous = v.replacedBy(&viaB)
	require.Empty(t, evs)
	require.True(t, ambiguous, "two gateway routes could be the one")
	checkSiblings(t, v.routes)

	alone := newView()
	alone.routes.set(keyOfRoute(&viaA), &viaA)
	evs, ambiguous = alone.replacedBy(&same)
	require.Empty(t, evs, "replaced in place")
	require.False(t, ambiguous)
}

// TestRouteTableRoundTrip: a route comes out of the table as it went in,
// every field of it, whatever fields Route grows: each field is set by
// reflection to a value of its own, and a field routeRest does not carry
// fails here.
func TestRouteTableRoundTrip(t *testing.T) {
	base := Route{Family: FamilyInet6, Table: 7, Dst: netip.MustParsePrefix("2001:db8:1::/64"), Src: netip.MustParsePrefix("2001:db8:2::/56"),
		Gateway: netip.MustParseAddr("fe80::1"), OutIndex: 3, PrefSrc: netip.MustParseAddr("2001:db8::9"), Priority: 1024, TOS: 4}
	rv := reflect.ValueOf(&base).Elem()
	for i := range rv.NumField() {
		f := rv.Field(i)
		if !f.IsZero() {
			continue
		}
		switch f.Kind() {
		case reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			f.SetUint(uint64(i + 1))
		case reflect.Int, reflect.Int32, reflect.Int64:
			f.SetInt(int64(i + 1))
		case reflect.Slice:
			if f.Type() != reflect.TypeFor[[]NextHop]() {
				t.Fatalf("Route.%s: a slice the test does not know", rv.Type().Field(i).Name)
			}
			f.Set(reflect.ValueOf([]NextHop{{Gateway: netip.MustParseAddr("fe80::2"), OutIndex: 5, Weight: 2, Flags: 1}, {OutIndex: 6}}))
		case reflect.Pointer:
			if f.Type() != reflect.TypeFor[*RouteMetrics]() {
				t.Fatalf("Route.%s: a pointer the test does not know", rv.Type().Field(i).Name)
			}
			f.Set(reflect.ValueOf(&RouteMetrics{MTU: uint32(i + 1), CongCtl: "cubic"}))
		default:
			t.Fatalf("Route.%s: a field of kind %v the test does not fill", rv.Type().Field(i).Name, f.Kind())
		}
	}
	variants := []Route{base}
	// Each field changed alone is another route, or the same route
	// changed: never the first one back.
	for i := range rv.NumField() {
		r := base
		f := reflect.ValueOf(&r).Elem().Field(i)
		switch f.Kind() {
		case reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			f.SetUint(f.Uint() + 100)
		case reflect.Int, reflect.Int32, reflect.Int64:
			f.SetInt(f.Int() + 100)
		case reflect.Slice:
			r.NextHops = []NextHop{{OutIndex: 9}}
		default:
			continue // the addresses and prefixes: the key's, checked below
		}
		variants = append(variants, r)
	}
	v4 := Route{Family: FamilyInet, Table: TableMain, Dst: netip.MustParsePrefix("0.0.0.0/0"), Gateway: netip.MustParseAddr("192.0.2.1"), OutIndex: 2}
	mapped := v4
	mapped.Dst = netip.MustParsePrefix("::ffff:0.0.0.0/96")
	invalid := Route{Family: FamilyInet, Table: TableMain, NextHops: []NextHop{}}
	variants = append(variants, v4, mapped, invalid)
	for _, r := range variants {
		rt := newRouteTable()
		rt.set(keyOfRoute(&base), &base)
		rt.set(keyOfRoute(&r), &r)
		got, ok := rt.get(keyOfRoute(&r))
		require.True(t, ok)
		require.Equal(t, r, got)
		if keyOfRoute(&r) != keyOfRoute(&base) {
			got, _ = rt.get(keyOfRoute(&base))
			require.Equal(t, base, got)
		}
		got.NextHops = append(got.NextHops, NextHop{OutIndex: 99}) // the caller's copy
		again, _ := rt.get(keyOfRoute(&r))
		require.Equal(t, r, again)
	}
}

// TestRouteTableMatchesMap: random writes leave the table equal to a
// plain map written the same way.
func TestRouteTableMatchesMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	gws := []netip.Addr{{}, netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("192.0.2.2"), netip.MustParseAddr("fe80::1")}
	srcs := []netip.Prefix{{}, netip.MustParsePrefix("2001:db8::/32")}
	rt, model := newRouteTable(), map[routeKey]Route{}
	for range 5000 {
		r := Route{Family: FamilyInet, Table: Table(254 + rng.IntN(2)), Dst: netip.PrefixFrom(netip.AddrFrom4([4]byte{10, 0, 0, byte(rng.IntN(8))}), 32),
			Src: srcs[rng.IntN(2)], Gateway: gws[rng.IntN(4)], OutIndex: rng.IntN(3), Protocol: RouteProtocol(rng.IntN(3)), Priority: uint32(rng.IntN(2))}
		k := keyOfRoute(&r)
		if rng.IntN(3) == 0 {
			rt.del(k)
			delete(model, k)
		} else {
			rt.set(k, &r)
			model[k] = r
		}
	}
	got := map[routeKey]Route{}
	for k, r := range rt.all() {
		got[k] = r
	}
	require.Equal(t, model, got)
	checkSiblings(t, rt)
}

// TestReshapeIPv6LoneSibling: when an IPv6 multipath route loses all but
// one next hop, what remains is a plain route, and Linux reports the
// flags of that next hop (linkdown) as the route's.
func TestReshapeIPv6LoneSibling(t *testing.T) {
	dst := netip.MustParsePrefix("2001:db8:90:b::/64")
	gwA, gwB := netip.MustParseAddr("2001:db8:80::fe"), netip.MustParseAddr("2001:db8:80:5::fe")
	mp := Route{Family: FamilyInet6, Table: TableMain, Dst: dst, Priority: 1024, NextHops: []NextHop{
		{Gateway: gwA, OutIndex: 2, Weight: 3, Flags: RouteLinkDown},
		{Gateway: gwB, OutIndex: 3, Weight: 1, Flags: RouteLinkDown},
	}}
	v := newView()
	v.routes.set(keyOfRoute(&mp), &mp)
	del := Route{Family: FamilyInet6, Table: TableMain, Dst: dst, Priority: 1024, Gateway: gwA, OutIndex: 2, Flags: RouteDead | RouteLinkDown}
	evs, consumed := v.reshapeIPv6(EventDel, &del)
	require.True(t, consumed)
	require.Len(t, evs, 2)
	require.Equal(t, EventDel, evs[0].Type)
	require.Equal(t, EventNew, evs[1].Type)
	left := *evs[1].Route
	require.Equal(t, gwB, left.Gateway)
	require.Equal(t, 3, left.OutIndex)
	require.Empty(t, left.NextHops)
	require.Equal(t, RouteLinkDown, left.Flags, "the lone next hop's linkdown, at the top")
	got, ok := v.routes.get(keyOfRoute(&left))
	require.True(t, ok)
	require.Equal(t, left, got)
	checkSiblings(t, v.routes)
}
