package netinfo

import (
	"context"
	"encoding/binary"
	"testing"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

// benchRouteDatagrams builds a dump of n IPv4 routes with a gateway and
// an output link, packed into 32 KiB datagrams as the kernel packs them.
func benchRouteDatagrams(seq uint32, n int) [][]byte {
	var out [][]byte
	var cur []byte
	for i := range n {
		p := routePayload(11+byte(i>>16), byte(i>>8), byte(i), 0, 24)
		p = append(p, 8, 0, linux.RTA_GATEWAY, 0, 10, 0, 0, 2) // RTA_GATEWAY
		p = append(p, 8, 0, linux.RTA_OIF, 0, 2, 0, 0, 0)      // RTA_OIF
		m := message(linux.RTM_NEWROUTE, linux.NLM_F_MULTI, seq, p)
		if len(cur)+len(m) > 32<<10 {
			out = append(out, cur)
			cur = nil
		}
		cur = append(cur, m...)
	}
	out = append(out, cur, message(linux.NLMSG_DONE, linux.NLM_F_MULTI, seq, []byte{0, 0, 0, 0}))
	return out
}

// BenchmarkRouteDumpUserspace measures what a typed route dump costs on
// top of the transport: framing, decoding, filtering and collecting, over
// a scripted transport that hands out prebuilt datagrams. The kernel's
// share is measured by the bench module against the floor.
func BenchmarkRouteDumpUserspace(b *testing.B) {
	const routes = 100_000
	var dump [][]byte // built once, then re-stamped with each request's sequence number
	reply := func(req nlmsg.Header, _ []byte) [][]byte {
		if req.Type != linux.RTM_GETROUTE {
			return [][]byte{message(linux.NLMSG_ERROR, 0, req.Seq, errorPayload(0, req))}
		}
		if dump == nil {
			dump = benchRouteDatagrams(req.Seq, routes)
		}
		for _, dg := range dump {
			for off := 0; off < len(dg); {
				h := nlmsg.ParseHeader(dg[off:])
				putSeq(dg[off:], req.Seq)
				off += (int(h.Len) + 3) &^ 3
			}
		}
		return append([][]byte(nil), dump...)
	}
	h, err := Open(WithTransport(fakeDialer{reply: reply}))
	if err != nil {
		b.Fatal(err)
	}
	defer h.Close()
	ctx := context.Background()

	b.Run("slice", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			rs, err := h.Routes(ctx, RouteFilter{})
			if err != nil || len(rs) != routes {
				b.Fatal(err, len(rs))
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*routes), "ns/route")
	})
	b.Run("iterator", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			n := 0
			for _, err := range h.RoutesSeq(ctx, RouteFilter{}) {
				if err != nil {
					b.Fatal(err)
				}
				n++
			}
			if n != routes {
				b.Fatal(n)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*routes), "ns/route")
	})
}

func putSeq(b []byte, seq uint32) { binary.NativeEndian.PutUint32(b[8:], seq) }
