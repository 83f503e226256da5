package rtnlemu_test

import (
	"context"
	"net"
	"testing"

	"github.com/jsimonetti/rtnetlink/v2"
	"github.com/rtnlx/rtnlx/netinfo"
	"github.com/rtnlx/rtnlx/rtnlemu"
)

// benchRoutes makes n distinct IPv4 routes: a /24 each via a gateway,
// with a metric, in the main table.
func benchRoutes(n int) []rtnetlink.RouteMessage {
	routes := make([]rtnetlink.RouteMessage, n)
	gw := net.IPv4(10, 0, 0, 1).To4()
	for i := range routes {
		routes[i] = rtnetlink.RouteMessage{
			Family: 2, DstLength: 24, Table: 254, Protocol: 4, Type: 1,
			Attributes: rtnetlink.RouteAttributes{
				Dst:      net.IPv4(byte(20+i>>16), byte(i>>8), byte(i), 0).To4(),
				Gateway:  gw,
				OutIface: 2,
				Priority: 100,
				Table:    254,
			},
		}
	}
	return routes
}

// BenchmarkNetinfoRoutes100k is the figure: a typed dump of
// 100,000 routes through rtnlemu and netinfo. Compare it with the same
// dump from the kernel (BenchmarkNetinfoRoutesKernelVsEmulated on Linux
// as root measures both on identical routes).
func BenchmarkNetinfoRoutes100k(b *testing.B) {
	mem := rtnlemu.NewMemory()
	mem.Load(&rtnlemu.Snapshot{Links: []rtnetlink.LinkMessage{extLink(2, "eth0", true)}, Routes: benchRoutes(100_000)})
	h := openNetinfo(b, mem)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		routes, err := h.Routes(ctx, netinfo.RouteFilter{})
		if err != nil {
			b.Fatal(err)
		}
		if len(routes) != 100_000 {
			b.Fatalf("%d routes", len(routes))
		}
	}
}
