package rtnlemu

import (
	"context"
	"encoding/binary"
	"net"
	"testing"

	"github.com/jsimonetti/rtnetlink/v2"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// manyRoutes makes n distinct IPv4 routes shaped like those of a full
// routing table: a /24 each, via a gateway, with a metric.
func manyRoutes(n int) []rtnetlink.RouteMessage {
	routes := make([]rtnetlink.RouteMessage, n)
	gw := net.IPv4(10, 0, 0, 1).To4()
	for i := range routes {
		routes[i] = rtnetlink.RouteMessage{
			Family: linux.AF_INET, DstLength: 24, Table: linux.RT_TABLE_MAIN, Protocol: 4, Type: 1,
			Attributes: rtnetlink.RouteAttributes{
				Dst:      net.IPv4(byte(20+i>>16), byte(i>>8), byte(i), 0).To4(),
				Gateway:  gw,
				OutIface: 2,
				Priority: 100,
				Table:    linux.RT_TABLE_MAIN,
			},
		}
	}
	return routes
}

// endsDump walks the headers of a datagram for NLMSG_DONE.
func endsDump(b []byte) bool {
	for len(b) >= 16 {
		if binary.NativeEndian.Uint16(b[4:]) == linux.NLMSG_DONE {
			return true
		}
		b = b[(binary.NativeEndian.Uint32(b)+3)&^3:]
	}
	return false
}

// BenchmarkDump100kRoutes measures the emulator alone: one dump of
// 100,000 routes from Memory, received with a 256 KiB buffer as netinfo
// does, walking only the headers.
func BenchmarkDump100kRoutes(b *testing.B) {
	mem := NewMemory()
	if err := mem.Load(&Snapshot{Routes: manyRoutes(100_000)}); err != nil {
		b.Fatal(err)
	}
	_, c := open(b, mem)
	req := request(b, linux.RTM_GETROUTE, dumpFlags, 1, rtmsg(0, 0, 0, 0, 0))
	buf := make([]byte, 256<<10)
	ctx := context.Background()
	var bytes int64
	b.ReportAllocs()
	for b.Loop() {
		if err := c.Send(ctx, req); err != nil {
			b.Fatal(err)
		}
		bytes = 0
		for {
			n, err := c.Receive(ctx, buf)
			if err != nil {
				b.Fatal(err)
			}
			bytes += int64(n)
			if endsDump(buf[:n]) {
				break
			}
		}
	}
	b.SetBytes(bytes)
}

// BenchmarkEncodeRoute measures the encoding of one route.
func BenchmarkEncodeRoute(b *testing.B) {
	r := manyRoutes(1)[0]
	buf := make([]byte, 0, 256)
	b.ReportAllocs()
	for b.Loop() {
		buf = appendRouteMsg(buf[:0], &r, linux.RTM_NEWROUTE, linux.NLM_F_MULTI, 1, 1)
	}
}

// BenchmarkDiff100kRoutes measures one change seen by the monitor: a
// re-encoding and diff of 100,000 routes where one changed in place (its
// protocol) or was replaced by another key (its metric).
func BenchmarkDiff100kRoutes(b *testing.B) {
	for _, c := range []struct {
		name   string
		change func(*rtnetlink.RouteMessage)
		events int
	}{
		{"in-place", func(r *rtnetlink.RouteMessage) { r.Protocol = 9 }, 1},
		{"new-key", func(r *rtnetlink.RouteMessage) { r.Attributes.Priority = 7 }, 2},
	} {
		b.Run(c.name, func(b *testing.B) {
			routes := manyRoutes(100_000)
			snap := &Snapshot{Routes: routes}
			old := encodeKind(KindRoutes, snap, nil)
			c.change(&routes[500])
			b.ReportAllocs()
			for b.Loop() {
				cur := encodeKind(KindRoutes, snap, old)
				evs := diffDel(nil, KindRoutes, old, cur)
				evs = diffNew(evs, old, cur)
				if len(evs) != c.events {
					b.Fatalf("%d events", len(evs))
				}
			}
		})
	}
}
