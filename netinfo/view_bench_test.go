package netinfo

import (
	"bytes"
	"fmt"
	"net/netip"
	"os"
	"runtime"
	"strconv"
	"testing"
)

// stormRoute is the i-th route of the storm benchmark's table (bench/
// cmd/storm): a /32 in 100.64.0.0/10 via a gateway on link 2, as `ip
// route add` makes it.
func stormRoute(i int) Route {
	return Route{
		Family:   FamilyInet,
		Table:    TableMain,
		Type:     RouteUnicast,
		Protocol: ProtoBoot,
		Scope:    ScopeUniverse,
		Dst:      netip.PrefixFrom(netip.AddrFrom4([4]byte{100, byte(64 + i>>16), byte(i >> 8), byte(i)}), 32),
		Gateway:  netip.MustParseAddr("192.0.2.1"),
		OutIndex: 2,
	}
}

// vmRSS is the process's resident set in bytes, 0 where /proc is not.
func vmRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range bytes.SplitSeq(b, []byte("\n")) {
		if v, ok := bytes.CutPrefix(line, []byte("VmRSS:")); ok {
			kb, _ := strconv.ParseInt(string(bytes.TrimSpace(bytes.TrimSuffix(v, []byte("kB")))), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// heapInUse is the heap in use after a collection.
func heapInUse() int64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapInuse)
}

// BenchmarkViewBytes reports what a watcher's view costs per route when
// it holds a storm's table: heap in use after GC (B/route) and resident
// set growth (RSS-B/route). Run once per size; for where the bytes go:
//
//	go test -run '^$' -bench ViewBytes -benchtime 1x -memprofile /tmp/view.pprof ./netinfo
//	go tool pprof -sample_index inuse_space -top /tmp/view.pprof
func BenchmarkViewBytes(b *testing.B) {
	benchViewBytes(b, WatchRoutes, "route", func(i int) Event {
		r := stormRoute(i)
		return Event{Type: EventNew, Route: &r}
	})
}

// BenchmarkViewNeighBytes is BenchmarkViewBytes for neighbours: a
// router's cache of IPv4 neighbours with Ethernet addresses.
func BenchmarkViewNeighBytes(b *testing.B) {
	benchViewBytes(b, WatchNeighbors, "neighbour", func(i int) Event {
		return Event{Type: EventNew, Neighbor: &Neighbor{Index: 2, Family: FamilyInet,
			IP:           netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)}),
			HardwareAddr: []byte{2, 0, 0, byte(i >> 16), byte(i >> 8), byte(i)}, State: NeighReachable, Type: RouteUnicast,
			CacheInfo: &NeighCacheInfo{}}}
	})
}

// benchViewBytes fills a view of kind with the events ev makes, 100k
// and 1M of them, and reports the heap in use after GC and the resident
// set's growth per object (B/unit, RSS-B/unit).
func benchViewBytes(b *testing.B, kind WatchKind, unit string, ev func(i int) Event) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				heap0, rss0 := heapInUse(), vmRSS()
				v := newView()
				v.complete = kind
				for i := range n {
					e := ev(i)
					v.apply(&e)
				}
				heap1, rss1 := heapInUse(), vmRSS()
				b.ReportMetric(float64(heap1-heap0)/float64(n), "B/"+unit)
				if rss0 > 0 {
					b.ReportMetric(float64(rss1-rss0)/float64(n), "RSS-B/"+unit)
				}
				runtime.KeepAlive(v)
			}
		})
	}
}
