//go:build linux

package netinfo_test

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/rtnlx/rtnlx/internal/nstest"
	"github.com/rtnlx/rtnlx/netinfo"
)

// stormLines adds or deletes n /32 routes in 10.200.0.0/16 via veth0.
func stormLines(verb string, n int) []string {
	lines := make([]string, n)
	for i := range n {
		lines[i] = fmt.Sprintf("route %s 10.200.%d.%d/32 dev veth0", verb, i>>8, i&0xff)
	}
	return lines
}

// WatchFunc delivers the kernel's route events, each once, in the
// calling goroutine, and returns fn's error.
func TestWatchFuncDeliversAndStops(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	ns, _, h := openNS(t)
	ctx := testContext(t)
	const n = 300
	stop := errors.New("seen them all")
	news, dels := map[netip.Prefix]bool{}, map[netip.Prefix]bool{}
	started := make(chan struct{})
	errc := make(chan error, 1)
	go func() {
		errc <- h.WatchFunc(ctx, netinfo.WatchRoutes, func(ev *netinfo.Event) error {
			switch {
			case ev.Type == netinfo.EventInitialDone:
				close(started)
			case ev.Route == nil || !netip.MustParsePrefix("10.200.0.0/16").Contains(ev.Route.Dst.Addr()):
			case ev.Type == netinfo.EventNew:
				require.False(t, news[ev.Route.Dst], "twice: %v", ev.Route)
				news[ev.Route.Dst] = true
			case ev.Type == netinfo.EventDel:
				dels[ev.Route.Dst] = true
				if len(dels) == n {
					return stop
				}
			}
			return nil
		}, netinfo.WithInitialState())
	}()
	<-started
	ns.Batch(t, stormLines("add", n))
	ns.Batch(t, stormLines("del", n))
	select {
	case err := <-errc:
		require.ErrorIs(t, err, stop)
	case <-time.After(30 * time.Second):
		t.Fatal("WatchFunc did not see every event")
	}
	require.Len(t, news, n)
}

// WatchFunc returns nil when its context ends or its handle is closed.
func TestWatchFuncEnds(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	for _, byClose := range []bool{false, true} {
		t.Run(fmt.Sprint("close=", byClose), func(t *testing.T) {
			_, _, h := openNS(t)
			ctx, cancel := context.WithCancel(testContext(t))
			defer cancel()
			errc := make(chan error, 1)
			go func() {
				errc <- h.WatchFunc(ctx, netinfo.WatchAll, func(*netinfo.Event) error { return nil })
			}()
			time.Sleep(50 * time.Millisecond)
			if byClose {
				require.NoError(t, h.Close())
			} else {
				cancel()
			}
			select {
			case err := <-errc:
				require.NoError(t, err)
			case <-time.After(10 * time.Second):
				t.Fatal("WatchFunc did not return")
			}
		})
	}
}

// Without a view, an overflow is told by a pair of resync markers with
// nothing between; a consumer that dumps then, and applies the events
// that follow, ends with the kernel's state.
func TestWithoutViewOverflowConverges(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	ns, _, h := openNS(t, netinfo.WithReceiveBuffer(4096))
	ctx := testContext(t)
	w, err := h.Watch(ctx, netinfo.WatchRoutes, netinfo.WithoutView(), netinfo.WithEventBuffer(0))
	require.NoError(t, err)
	defer w.Close()

	type key struct {
		table netinfo.Table
		dst   netip.Prefix
		out   int
	}
	state := map[key]netinfo.Route{}
	keyOf := func(r *netinfo.Route) key { return key{r.Table, r.Dst, r.OutIndex} }
	reread := func() {
		routes, err := h.Routes(ctx, netinfo.RouteFilter{Family: netinfo.FamilyInet})
		require.NoError(t, err)
		clear(state)
		for _, r := range routes {
			state[keyOf(&r)] = r
		}
	}
	reread()
	// Nobody reads while the storm runs: the 4 KiB buffer overflows.
	ns.Batch(t, stormLines("add", 500))
	ns.Batch(t, stormLines("del", 250))
	ns.IP(t, "route", "add", "10.201.0.1/32", "dev", "veth0") // the last change
	resyncs, inResync := 0, false
	last := netip.MustParsePrefix("10.201.0.1/32")
	for done := false; !done; {
		var ev netinfo.Event
		select {
		case ev = <-w.Events():
		case <-time.After(10 * time.Second):
			t.Fatalf("no event; %d resyncs", resyncs)
		}
		switch ev.Type {
		case netinfo.EventResyncStart:
			resyncs++
			inResync = true
		case netinfo.EventResyncDone:
			require.True(t, inResync)
			inResync = false
			reread()
			for k := range state {
				done = done || k.dst == last // the dump may already hold it
			}
		case netinfo.EventNew:
			require.False(t, inResync, "an event between the markers")
			state[keyOf(ev.Route)] = *ev.Route
			done = ev.Route.Dst == last
		case netinfo.EventDel:
			require.False(t, inResync, "an event between the markers")
			delete(state, keyOf(ev.Route))
		}
	}
	// Whatever is still queued is applied too, until quiet.
	for quiet := false; !quiet; {
		select {
		case ev := <-w.Events():
			switch ev.Type {
			case netinfo.EventResyncDone:
				reread()
			case netinfo.EventNew:
				state[keyOf(ev.Route)] = *ev.Route
			case netinfo.EventDel:
				delete(state, keyOf(ev.Route))
			}
		case <-time.After(500 * time.Millisecond):
			quiet = true
		}
	}
	require.Positive(t, resyncs, "the 4 KiB buffer did not overflow")
	want := map[key]netinfo.Route{}
	routes, err := h.Routes(ctx, netinfo.RouteFilter{Family: netinfo.FamilyInet})
	require.NoError(t, err)
	for _, r := range routes {
		want[keyOf(&r)] = r
	}
	require.Equal(t, len(want), len(state))
	for k := range want {
		_, ok := state[k]
		require.True(t, ok, "missing %v", k)
	}
}

// BenchmarkWatchStorm measures the per-event path on the kernel: a storm
// of route additions then deletions (b.N of each, at least 2,000) in a
// namespace, watched by Watch (with its view), by Watch WithoutView, and
// by WatchFunc. It reports allocations and CPU time (user+sys of the
// whole test process, the `ip -batch` making the storm excluded) per
// event.
func BenchmarkWatchStorm(b *testing.B) {
	nstest.RequireIP(b)
	for _, mode := range []string{"Watch", "WithoutView", "WatchFunc", "WatchFuncView"} {
		b.Run(mode, func(b *testing.B) {
			ns := nstest.New(b, "rtws")
			ns.IP(b, "link", "add", "veth0", "type", "veth", "peer", "name", "veth1")
			ns.IP(b, "link", "set", "veth0", "up")
			h, err := netinfo.Open(netinfo.WithNetNS(ns.Path))
			require.NoError(b, err)
			defer h.Close()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			n := max(b.N, 2000)
			lines := append(stormLines("add", n), stormLines("del", n)...)
			want := 2 * n
			got := make(chan int, 1)
			count := 0
			seen := func(ev *netinfo.Event) bool {
				if ev.Route != nil && (ev.Type == netinfo.EventNew || ev.Type == netinfo.EventDel) {
					count++
				}
				return count == want
			}
			switch mode {
			case "WatchFunc", "WatchFuncView":
				opts := []netinfo.WatchOption{netinfo.WithInitialState()}
				if mode == "WatchFuncView" {
					opts = append(opts, netinfo.WithView())
				}
				ready := make(chan struct{})
				go h.WatchFunc(ctx, netinfo.WatchRoutes, func(ev *netinfo.Event) error {
					if ev.Type == netinfo.EventInitialDone {
						close(ready)
					}
					if seen(ev) {
						got <- count
					}
					return nil
				}, opts...)
				<-ready
			default:
				opts := []netinfo.WatchOption{}
				if mode == "WithoutView" {
					opts = append(opts, netinfo.WithoutView())
				}
				w, err := h.Watch(ctx, netinfo.WatchRoutes, opts...)
				require.NoError(b, err)
				defer w.Close()
				go func() {
					for ev := range w.Events() {
						if seen(&ev) {
							got <- count
						}
					}
				}()
			}
			var ms0, ms1 runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&ms0)
			cpu0 := processCPU()
			b.ResetTimer()
			ns.Batch(b, lines)
			select {
			case <-got:
			case <-time.After(5 * time.Minute):
				b.Fatalf("%d of %d events", count, want)
			}
			b.StopTimer()
			cpu1 := processCPU()
			runtime.ReadMemStats(&ms1)
			b.ReportMetric(float64(ms1.Mallocs-ms0.Mallocs)/float64(want), "allocs/event")
			b.ReportMetric(float64(ms1.TotalAlloc-ms0.TotalAlloc)/float64(want), "B/event")
			b.ReportMetric(float64((cpu1-cpu0).Microseconds())/float64(want), "cpu-µs/event")
		})
	}
}

// processCPU is the test process's user plus system time.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// WithIdle's fn runs once the events received so far are delivered (so
// after the last of an `ip -batch` of n additions), and its error stops
// WatchFunc.
func TestWatchFuncIdle(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts []netinfo.WatchOption
	}{
		{"without a view", nil},
		{"with a view", []netinfo.WatchOption{netinfo.WithView()}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
			ns, _, h := openNS(t)
			ctx := testContext(t)
			const n = 50
			stop := errors.New("idle after them all")
			var seen int
			started := make(chan struct{})
			errc := make(chan error, 1)
			go func() {
				errc <- h.WatchFunc(ctx, netinfo.WatchRoutes, func(ev *netinfo.Event) error {
					switch {
					case ev.Type == netinfo.EventInitialDone:
						close(started)
					case ev.Route != nil && netip.MustParsePrefix("10.200.0.0/16").Contains(ev.Route.Dst.Addr()):
						seen++
					}
					return nil
				}, append(tc.opts, netinfo.WithInitialState(), netinfo.WithIdle(func() error {
					if seen == n {
						return stop
					}
					return nil
				}))...)
			}()
			<-started
			ns.Batch(t, stormLines("add", n))
			select {
			case err := <-errc:
				require.ErrorIs(t, err, stop)
			case <-time.After(30 * time.Second):
				t.Fatal("no idle call after the events")
			}
			require.Equal(t, n, seen)
		})
	}
}
