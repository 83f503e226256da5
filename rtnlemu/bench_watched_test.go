package rtnlemu_test

import (
	"context"
	"testing"

	"github.com/jsimonetti/rtnetlink/v2"
	"github.com/rtnlx/rtnlx/netinfo"
	"github.com/rtnlx/rtnlx/rtnlemu"
)

// BenchmarkNetinfoRoutesWatched is BenchmarkNetinfoRoutes100k's dump
// of 10,000 routes, alone and while a watcher of routes runs: a read of
// a watched source also brings the monitor's baseline to it.
func BenchmarkNetinfoRoutesWatched(b *testing.B) {
	for _, watched := range []bool{false, true} {
		name := "alone"
		if watched {
			name = "watched"
		}
		b.Run(name, func(b *testing.B) {
			mem := rtnlemu.NewMemory()
			mem.Load(&rtnlemu.Snapshot{Links: []rtnetlink.LinkMessage{extLink(2, "eth0", true)}, Routes: benchRoutes(10_000)})
			h := openNetinfo(b, mem)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if watched {
				w, err := h.Watch(ctx, netinfo.WatchRoutes)
				if err != nil {
					b.Fatal(err)
				}
				defer w.Close()
			}
			b.ReportAllocs()
			for b.Loop() {
				routes, err := h.Routes(ctx, netinfo.RouteFilter{})
				if err != nil {
					b.Fatal(err)
				}
				if len(routes) != 10_000 {
					b.Fatalf("%d routes", len(routes))
				}
			}
		})
	}
}
