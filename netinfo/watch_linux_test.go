//go:build linux

package netinfo_test

import (
	"context"
	"fmt"
	"maps"
	"net/netip"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/rtnlx/rtnlx/netinfo"
)

// nextEvent waits for the next event that match accepts, failing after a
// deadline.
func nextEvent(t *testing.T, w *netinfo.Watcher, what string, match func(netinfo.Event) bool) netinfo.Event {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case ev, ok := <-w.Events():
			require.True(t, ok, "watcher stopped waiting for %s: %v", what, w.Err())
			if match(ev) {
				return ev
			}
		case <-deadline:
			t.Fatalf("no event: %s", what)
		}
	}
}

func TestWatchEveryKind(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	ns, fx, h := openNS(t)
	ctx := testContext(t)
	veth0 := linkIndex(fx, "veth0")

	w, err := h.Watch(ctx, netinfo.WatchAll)
	require.NoError(t, err)
	defer w.Close()

	steps := []struct {
		name  string
		do    []string
		match func(netinfo.Event) bool
	}{
		{"link add", []string{"link", "add", "rtw0", "type", "bridge"}, func(e netinfo.Event) bool {
			return e.Type == netinfo.EventNew && e.Link != nil && e.Link.Name == "rtw0" && e.Link.Kind == "bridge"
		}},
		{"link change", []string{"link", "set", "rtw0", "mtu", "1300"}, func(e netinfo.Event) bool {
			return e.Type == netinfo.EventNew && e.Link != nil && e.Link.Name == "rtw0" && e.Link.MTU == 1300
		}},
		{"addr add", []string{"addr", "add", "10.55.0.1/24", "dev", "veth0"}, func(e netinfo.Event) bool {
			return e.Type == netinfo.EventNew && e.Addr != nil && e.Addr.Prefix == netip.MustParsePrefix("10.55.0.1/24") && e.Addr.Index == veth0
		}},
		{"addr6 add", []string{"addr", "add", "2001:db8:55::1/64", "dev", "veth0", "nodad"}, func(e netinfo.Event) bool {
			return e.Type == netinfo.EventNew && e.Addr != nil && e.Addr.Prefix == netip.MustParsePrefix("2001:db8:55::1/64")
		}},
		{"addr del", []string{"addr", "del", "10.55.0.1/24", "dev", "veth0"}, func(e netinfo.Event) bool {
			return e.Type == netinfo.EventDel && e.Addr != nil && e.Addr.Prefix == netip.MustParsePrefix("10.55.0.1/24")
		}},
		{"route add", []string{"route", "add", "192.0.2.99/32", "via", "10.1.0.254", "table", "100"}, func(e netinfo.Event) bool {
			return e.Type == netinfo.EventNew && e.Route != nil && e.Route.Dst == netip.MustParsePrefix("192.0.2.99/32") && e.Route.Table == 100
		}},
		{"route change", []string{"route", "replace", "192.0.2.99/32", "via", "10.1.0.253", "table", "100"}, func(e netinfo.Event) bool {
			return e.Type == netinfo.EventNew && e.Route != nil && e.Route.Gateway == netip.MustParseAddr("10.1.0.253")
		}},
		{"route6 add", []string{"route", "add", "2001:db8:99::/48", "via", "2001:db8:1::fe"}, func(e netinfo.Event) bool {
			return e.Type == netinfo.EventNew && e.Route != nil && e.Route.Dst == netip.MustParsePrefix("2001:db8:99::/48")
		}},
		{"route del", []string{"route", "del", "192.0.2.99/32", "table", "100"}, func(e netinfo.Event) bool {
			return e.Type == netinfo.EventDel && e.Route != nil && e.Route.Dst == netip.MustParsePrefix("192.0.2.99/32")
		}},
		{"neigh add", []string{"neigh", "add", "10.1.0.99", "lladdr", "02:00:5e:00:00:99", "dev", "veth0"}, func(e netinfo.Event) bool {
			return e.Type == netinfo.EventNew && e.Neighbor != nil && e.Neighbor.IP == netip.MustParseAddr("10.1.0.99") && e.Neighbor.State == netinfo.NeighPermanent
		}},
		{"neigh change", []string{"neigh", "change", "10.1.0.99", "lladdr", "02:00:5e:00:00:98", "dev", "veth0"}, func(e netinfo.Event) bool {
			return e.Type == netinfo.EventNew && e.Neighbor != nil && e.Neighbor.HardwareAddr.String() == "02:00:5e:00:00:98"
		}},
		{"neigh6 add", []string{"neigh", "add", "2001:db8:1::99", "lladdr", "02:00:5e:00:00:97", "dev", "veth0"}, func(e netinfo.Event) bool {
			return e.Type == netinfo.EventNew && e.Neighbor != nil && e.Neighbor.IP == netip.MustParseAddr("2001:db8:1::99")
		}},
		{"neigh del", []string{"neigh", "del", "10.1.0.99", "dev", "veth0"}, func(e netinfo.Event) bool {
			return e.Type == netinfo.EventDel && e.Neighbor != nil && e.Neighbor.IP == netip.MustParseAddr("10.1.0.99")
		}},
		{"link del", []string{"link", "del", "rtw0"}, func(e netinfo.Event) bool {
			return e.Type == netinfo.EventDel && e.Link != nil && e.Link.Name == "rtw0"
		}},
	}
	for _, s := range steps {
		ns.IP(t, s.do...)
		nextEvent(t, w, s.name, s.match)
	}
	require.NoError(t, w.Close())
	_, open := <-w.Events()
	require.False(t, open)
	require.NoError(t, w.Err())
}

func TestWatchFamilyAndKinds(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	ns, _, h := openNS(t)
	ctx := testContext(t)
	w, err := h.Watch(ctx, netinfo.WatchRoutes, netinfo.WithWatchFamily(netinfo.FamilyInet6))
	require.NoError(t, err)
	defer w.Close()
	ns.IP(t, "route", "add", "192.0.2.98/32", "dev", "veth0")
	ns.IP(t, "addr", "add", "10.56.0.1/24", "dev", "veth0")
	ns.IP(t, "route", "add", "2001:db8:98::/48", "dev", "veth0")
	// Other IPv6 routes may come first: the local route of the
	// namespace's address once its DAD ends, late on a loaded machine.
	want := netip.MustParsePrefix("2001:db8:98::/48")
	nextEvent(t, w, "v6 route", func(e netinfo.Event) bool {
		require.NotNil(t, e.Route, "only routes are watched: %+v", e)
		require.True(t, e.Route.Dst.Addr().Is6(), "only IPv6 is watched: %v", e.Route)
		return e.Route.Dst == want
	})

	_, err = h.Watch(ctx, 0)
	require.Error(t, err)
}

// TestWatchInitialState checks the race-free start: the dump comes first,
// then the marker, then changes, and nothing the dump told is repeated.
func TestWatchInitialState(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	ns, _, h := openNS(t)
	ctx := testContext(t)
	w, err := h.Watch(ctx, netinfo.WatchRoutes|netinfo.WatchLinks, netinfo.WithInitialState())
	require.NoError(t, err)
	defer w.Close()

	state := map[netip.Prefix]int{}
	for ev := range w.Events() {
		if ev.Type == netinfo.EventInitialDone {
			break
		}
		require.Equal(t, netinfo.EventNew, ev.Type)
		if ev.Route != nil {
			state[ev.Route.Dst]++
		}
	}
	want, err := h.Routes(ctx, netinfo.RouteFilter{})
	require.NoError(t, err)
	require.Len(t, state, distinctDsts(want))

	ns.IP(t, "route", "add", "192.0.2.97/32", "dev", "veth0")
	ev := nextEvent(t, w, "route after initial state", func(e netinfo.Event) bool { return e.Route != nil })
	require.Equal(t, netip.MustParsePrefix("192.0.2.97/32"), ev.Route.Dst)
}

func distinctDsts(rs []netinfo.Route) int {
	m := map[netip.Prefix]bool{}
	for _, r := range rs {
		m[r.Dst] = true
	}
	return len(m)
}

// TestWatchOverflowResyncs forces ENOBUFS with a small receive buffer and
// a storm nobody reads, then checks the resync markers and that the
// watcher's view equals a fresh dump.
func TestWatchOverflowResyncs(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	ns, _, h := openNS(t, netinfo.WithReceiveBuffer(8192))
	ctx := testContext(t)
	w, err := h.Watch(ctx, netinfo.WatchRoutes, netinfo.WithInitialState(), netinfo.WithEventBuffer(0))
	require.NoError(t, err)
	defer w.Close()

	view := map[string]netinfo.Route{}
	key := func(r *netinfo.Route) string { // the kernel's key; IPv6 adds the next hop
		if r.Family == netinfo.FamilyInet6 {
			return fmt.Sprint(r.Table, r.Dst, r.Src, r.Priority, r.OutIndex, r.Gateway)
		}
		return fmt.Sprint(r.Table, r.Dst, r.Src, r.TOS, r.Priority)
	}
	apply := func(ev netinfo.Event) {
		if ev.Route == nil {
			return
		}
		if ev.Type == netinfo.EventDel {
			delete(view, key(ev.Route))
		} else {
			view[key(ev.Route)] = *ev.Route
		}
	}
	for ev := range w.Events() {
		if ev.Type == netinfo.EventInitialDone {
			break
		}
		apply(ev)
	}

	// The watcher is blocked on its unbuffered channel while the storm
	// fills its tiny socket buffer.
	var lines []string
	for i := range 2000 {
		lines = append(lines, fmt.Sprintf("route add 10.201.%d.%d/32 dev veth0", i/250, i%250))
	}
	for i := range 500 {
		lines = append(lines, fmt.Sprintf("route del 10.201.%d.%d/32 dev veth0", i/250, i%250))
	}
	ns.Batch(t, lines)

	var starts, dones int
	// Read until the view matches a fresh dump after a resync.
	deadline := time.After(30 * time.Second)
	for {
		select {
		case ev, ok := <-w.Events():
			require.True(t, ok, "watcher stopped: %v", w.Err())
			switch ev.Type {
			case netinfo.EventResyncStart:
				starts++
			case netinfo.EventResyncDone:
				dones++
			default:
				apply(ev)
			}
		case <-deadline:
			fresh, _ := h.Routes(ctx, netinfo.RouteFilter{})
			for _, r := range fresh {
				if _, ok := view[key(&r)]; !ok {
					t.Logf("missing from the view: %v table %v", r.Dst, r.Table)
				}
			}
			freshKeys := map[string]bool{}
			for _, r := range fresh {
				freshKeys[key(&r)] = true
			}
			for k := range view {
				if !freshKeys[k] {
					t.Logf("stale in the view: %s", k)
				}
			}
			t.Fatalf("no convergence: %d resyncs, view %d routes, fresh %d", starts, len(view), len(fresh))
		}
		if dones == 0 || dones != starts || len(w.Events()) > 0 {
			continue
		}
		fresh, err := h.Routes(ctx, netinfo.RouteFilter{})
		require.NoError(t, err)
		if len(fresh) != len(view) {
			continue
		}
		for _, r := range fresh {
			got, ok := view[key(&r)]
			require.True(t, ok, "route %v missing from the view", r.Dst)
			require.Equal(t, r.Gateway, got.Gateway)
		}
		break
	}
	require.GreaterOrEqual(t, starts, 1)
	require.Equal(t, 2000-500+countOthers(t, h, ctx), len(view))
}

// countOthers counts the routes that are not the storm's.
func countOthers(t *testing.T, h *netinfo.Handle, ctx context.Context) int {
	rs, err := h.Routes(ctx, netinfo.RouteFilter{})
	require.NoError(t, err)
	storm := netip.MustParsePrefix("10.201.0.0/16")
	n := 0
	for _, r := range rs {
		if !storm.Contains(r.Dst.Addr()) {
			n++
		}
	}
	return n
}

func TestWatchStopsOnContextEnd(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	_, _, h := openNS(t)
	ctx, cancel := context.WithCancel(context.Background())
	w, err := h.Watch(ctx, netinfo.WatchAll)
	require.NoError(t, err)
	cancel()
	for range w.Events() {
	}
	require.NoError(t, w.Err())
}

// TestWatchLinkGoneOrDown: Linux flushes the IPv4 routes of a deleted or
// downed link without a message; the watcher must still tell.
func TestWatchLinkGoneOrDown(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	ns, _, h := openNS(t)
	ctx := testContext(t)
	ns.Batch(t, []string{
		"link add rtg0 type veth peer name rtg1",
		"link set rtg0 up",
		"link set rtg1 up",
		"addr add 10.77.0.1/24 dev rtg0",
		"route add 192.0.2.77/32 via 10.77.0.2",
		"addr add 10.78.0.1/24 dev rtg1",
		"route add 192.0.2.78/32 via 10.78.0.2",
	})
	w, err := h.Watch(ctx, netinfo.WatchRoutes, netinfo.WithInitialState())
	require.NoError(t, err)
	defer w.Close()
	for ev := range w.Events() {
		require.Nil(t, ev.Link, "links are not watched")
		if ev.Type == netinfo.EventInitialDone {
			break
		}
	}
	isDel := func(dst string) func(netinfo.Event) bool {
		return func(e netinfo.Event) bool {
			require.Nil(t, e.Link, "links are not watched")
			return e.Type == netinfo.EventDel && e.Route != nil && e.Route.Dst == netip.MustParsePrefix(dst)
		}
	}
	ns.IP(t, "link", "set", "rtg1", "down")
	nextEvent(t, w, "route of a downed link", isDel("192.0.2.78/32"))
	ns.IP(t, "link", "del", "rtg0") // takes its peer rtg1 too
	nextEvent(t, w, "route of a deleted link", isDel("192.0.2.77/32"))

	fresh, err := h.Routes(ctx, netinfo.RouteFilter{})
	require.NoError(t, err)
	for _, r := range fresh {
		require.NotEqual(t, netip.MustParsePrefix("192.0.2.77/32"), r.Dst)
	}
}

// TestWatchTellsEachDeletionOnce: without an initial state the view
// passes on the deletion of what it does not hold; a route the re-read
// after a link went down already told gone must not be told again when
// the kernel's own message for it (IPv6 announces its routes' removal)
// comes after.
func TestWatchTellsEachDeletionOnce(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	ns, _, h := openNS(t)
	ctx := testContext(t)
	ns.Batch(t, []string{
		"link add rtd0 type veth peer name rtd1",
		"link set rtd0 up",
		"link set rtd1 up",
	})
	w, err := h.Watch(ctx, netinfo.WatchRoutes|netinfo.WatchLinks)
	require.NoError(t, err)
	defer w.Close()
	routeEv := func(typ netinfo.EventType, dst string) func(netinfo.Event) bool {
		return func(e netinfo.Event) bool {
			return e.Type == typ && e.Route != nil && e.Route.Dst == netip.MustParsePrefix(dst)
		}
	}
	// Subscribed once a probe shows. Every event that came is read
	// before the next probe: the links' IPv6 routes (fe80::/64, ff00::/8)
	// may arrive now, and reading one event per probe never caught up.
	for i := 0; ; i++ {
		dst := fmt.Sprintf("2001:db8:ee:%x::/64", i)
		ns.IP(t, "-6", "route", "add", dst, "dev", "rtd0")
		wait := time.After(500 * time.Millisecond)
	probe:
		for {
			select {
			case ev := <-w.Events():
				if routeEv(netinfo.EventNew, dst)(ev) {
					goto subscribed
				}
			case <-wait:
				break probe
			}
		}
		require.Less(t, i, 20, "no event")
	}
subscribed:
	ns.IP(t, "-6", "route", "add", "2001:db8:ef::/64", "dev", "rtd0")
	nextEvent(t, w, "the route", routeEv(netinfo.EventNew, "2001:db8:ef::/64"))
	ns.IP(t, "link", "set", "rtd0", "down")
	ns.IP(t, "route", "add", "unreachable", "192.0.2.250/32") // the end marker
	dels := 0
	nextEvent(t, w, "the end marker", func(e netinfo.Event) bool {
		if routeEv(netinfo.EventDel, "2001:db8:ef::/64")(e) {
			dels++
		}
		return routeEv(netinfo.EventNew, "192.0.2.250/32")(e)
	})
	require.Equal(t, 1, dels, "the route's deletion told once")
}

// TestWatchIPv6Replace: an IPv6 route replaced through another gateway
// reads as the old route's deletion, then the new route.
func TestWatchIPv6Replace(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	ns, _, h := openNS(t)
	ctx := testContext(t)
	ns.IP(t, "-6", "route", "add", "2001:db8:79::/48", "via", "2001:db8:2::fe", "dev", "br0")
	w, err := h.Watch(ctx, netinfo.WatchRoutes, netinfo.WithWatchFamily(netinfo.FamilyInet6))
	require.NoError(t, err)
	defer w.Close()
	// Learn the route first (a change that the view has to know).
	ns.IP(t, "-6", "route", "replace", "2001:db8:79::/48", "via", "2001:db8:2::fd", "dev", "br0")
	dst := netip.MustParsePrefix("2001:db8:79::/48")
	nextEvent(t, w, "first replace", func(e netinfo.Event) bool { return e.Route != nil && e.Route.Dst == dst && e.Type == netinfo.EventNew })
	ns.IP(t, "-6", "route", "replace", "2001:db8:79::/48", "via", "2001:db8:2::fc", "dev", "br0")
	del := nextEvent(t, w, "deletion of the replaced route", func(e netinfo.Event) bool { return e.Route != nil && e.Route.Dst == dst })
	require.Equal(t, netinfo.EventDel, del.Type)
	require.Equal(t, netip.MustParseAddr("2001:db8:2::fd"), del.Route.Gateway)
	add := nextEvent(t, w, "the replacing route", func(e netinfo.Event) bool { return e.Route != nil && e.Route.Dst == dst })
	require.Equal(t, netinfo.EventNew, add.Type)
	require.Equal(t, netip.MustParseAddr("2001:db8:2::fc"), add.Route.Gateway)
}

// TestWatchIPv6ReplaceAmbiguous: the kernel keeps fe80::/64 once per
// link; replacing it swaps out one of them, which the event does not say.
// The watcher reads the routes again, and its view stays the kernel's.
func TestWatchIPv6ReplaceAmbiguous(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	ns, fx, h := openNS(t)
	ctx := testContext(t)
	dst := netip.MustParsePrefix("fe80::/64")
	kernelView := func() map[int]bool {
		rs, err := h.Routes(ctx, netinfo.RouteFilter{Family: netinfo.FamilyInet6, Table: netinfo.TableMain, Dst: &dst})
		require.NoError(t, err)
		m := map[int]bool{}
		for _, r := range rs {
			m[r.OutIndex] = true
		}
		return m
	}
	require.GreaterOrEqual(t, len(kernelView()), 2, "fe80::/64 on several links")
	w, err := h.Watch(ctx, netinfo.WatchRoutes, netinfo.WithWatchFamily(netinfo.FamilyInet6), netinfo.WithInitialState())
	require.NoError(t, err)
	defer w.Close()
	view := map[int]bool{} // output links of fe80::/64 in main, as the events tell
	apply := func(ev netinfo.Event) {
		if ev.Route == nil || ev.Route.Dst != dst || ev.Route.Table != netinfo.TableMain {
			return
		}
		if ev.Type == netinfo.EventDel {
			delete(view, ev.Route.OutIndex)
		} else {
			view[ev.Route.OutIndex] = true
		}
	}
	for ev := range w.Events() {
		if ev.Type == netinfo.EventInitialDone {
			break
		}
		apply(ev)
	}
	require.Equal(t, kernelView(), view)
	ns.IP(t, "-6", "route", "replace", "fe80::/64", "dev", "tun0", "metric", "256")
	tun := linkIndex(fx, "tun0")
	deadline := time.After(10 * time.Second)
	for !view[tun] {
		select {
		case ev := <-w.Events():
			apply(ev)
		case <-deadline:
			t.Fatalf("no event for the replacing route; view %v", view)
		}
	}
	// Let any re-read finish, then compare.
	quiet := time.After(300 * time.Millisecond)
	for done := false; !done; {
		select {
		case ev := <-w.Events():
			apply(ev)
		case <-quiet:
			done = true
		}
	}
	require.Equal(t, kernelView(), view)
}

// TestWatchIPv6Siblings: appending a gateway to an IPv6 route makes it a
// multipath route, and deleting one next hop makes it a plain route again;
// Linux announces neither whole, and the watcher's view follows anyway.
func TestWatchIPv6Siblings(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	ns, _, h := openNS(t)
	ctx := testContext(t)
	dst := netip.MustParsePrefix("2001:db8:7b::/48")
	// The view a consumer keeps, keyed as netinfo keys IPv6 routes.
	key := func(r *netinfo.Route) string { return fmt.Sprint(r.OutIndex, r.Gateway, len(r.NextHops)) }
	kernel := func() map[string]bool {
		rs, err := h.Routes(ctx, netinfo.RouteFilter{Family: netinfo.FamilyInet6, Table: netinfo.TableMain, Dst: &dst})
		require.NoError(t, err)
		m := map[string]bool{}
		for i := range rs {
			m[key(&rs[i])] = true
		}
		return m
	}
	ns.IP(t, "-6", "route", "add", dst.String(), "via", "2001:db8:1::fe", "dev", "veth0")
	w, err := h.Watch(ctx, netinfo.WatchRoutes, netinfo.WithWatchFamily(netinfo.FamilyInet6), netinfo.WithInitialState())
	require.NoError(t, err)
	defer w.Close()
	view := map[string]bool{}
	apply := func(ev netinfo.Event) {
		if ev.Route == nil || ev.Route.Dst != dst {
			return
		}
		if ev.Type == netinfo.EventDel {
			delete(view, key(ev.Route))
		} else {
			view[key(ev.Route)] = true
		}
	}
	for ev := range w.Events() {
		if ev.Type == netinfo.EventInitialDone {
			break
		}
		apply(ev)
	}
	settle := func(want map[string]bool) {
		t.Helper()
		deadline := time.After(5 * time.Second)
		for !maps.Equal(view, want) {
			select {
			case ev := <-w.Events():
				apply(ev)
			case <-deadline:
				t.Fatalf("view %v, kernel %v", view, want)
			}
		}
	}
	settle(kernel())
	ns.IP(t, "-6", "route", "append", dst.String(), "via", "2001:db8:2::fe", "dev", "br0")
	want := kernel()
	require.Len(t, want, 1, "one multipath route")
	settle(want)
	ns.IP(t, "-6", "route", "del", dst.String(), "via", "2001:db8:1::fe", "dev", "veth0")
	want = kernel()
	require.Len(t, want, 1, "one plain route left")
	settle(want)
}
