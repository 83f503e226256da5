//go:build linux

package netinfo_test

import (
	"fmt"
	"net/netip"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/rtnlx/rtnlx/netinfo"
)

// TestWatchCoalescedStorm: in a storm Watch sleeps between reads instead
// of waking for each datagram (watch_coalesce.go). Every event still
// comes once and in order, an event after the storm comes, and a watcher
// closed mid-storm, possibly asleep, stops.
func TestWatchCoalescedStorm(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	ns, _, h := openNS(t)
	ctx := testContext(t)
	w, err := h.Watch(ctx, netinfo.WatchRoutes)
	require.NoError(t, err)
	defer w.Close()
	closed, err := h.Watch(ctx, netinfo.WatchRoutes)
	require.NoError(t, err)
	defer closed.Close()

	const n = 3000
	storm := netip.MustParsePrefix("10.202.0.0/16")
	type seen struct{ adds, dels int }
	done := make(chan map[netip.Prefix]seen)
	go func() {
		got := map[netip.Prefix]seen{}
		events := 0
		for ev := range w.Events() {
			if ev.Route == nil || !storm.Contains(ev.Route.Dst.Addr()) {
				continue
			}
			s := got[ev.Route.Dst]
			if ev.Type == netinfo.EventNew {
				s.adds++
			} else if s.adds == 1 {
				s.dels++
			}
			got[ev.Route.Dst] = s
			if events++; events == 2*n {
				break
			}
		}
		done <- got
	}()
	stopped := make(chan int)
	go func() {
		events := 0
		for range closed.Events() {
			if events++; events == n/2 {
				closed.Close()
			}
		}
		stopped <- events
	}()

	var lines []string
	for i := range n {
		lines = append(lines, fmt.Sprintf("route add 10.202.%d.%d/32 dev veth0", i/250, i%250))
	}
	for i := range n {
		lines = append(lines, fmt.Sprintf("route del 10.202.%d.%d/32 dev veth0", i/250, i%250))
	}
	ns.Batch(t, lines)

	select {
	case got := <-done:
		require.Len(t, got, n)
		for p, s := range got {
			require.Equal(t, seen{1, 1}, s, "%v: one addition, then one deletion", p)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the storm's events did not all come")
	}
	// After the storm a lone change still comes.
	lone := netip.MustParsePrefix("10.203.0.1/32")
	ns.IP(t, "route", "add", lone.String(), "dev", "veth0")
	nextEvent(t, w, "the lone route", func(ev netinfo.Event) bool {
		return ev.Type == netinfo.EventNew && ev.Route != nil && ev.Route.Dst == lone
	})
	require.NoError(t, w.Close())
	// Whether it slept depends on the machine: a watcher behind the
	// storm finds the queue empty only at its end.
	t.Logf("slept %d times between reads of the storm", netinfo.CoalescedSleeps(w))
	select {
	case <-stopped:
		require.NoError(t, closed.Err())
	case <-time.After(10 * time.Second):
		t.Fatal("a watcher closed mid-storm did not stop")
	}
}
