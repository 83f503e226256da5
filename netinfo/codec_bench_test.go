package netinfo

import (
	"bytes"
	"encoding/binary"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

// recordedWith returns the first recorded message of typ in file that
// contains every needle.
func recordedWith(tb testing.TB, file string, typ uint16, needles ...[]byte) []byte {
	tb.Helper()
	for _, m := range recordedMessages(tb, file, typ) {
		all := true
		for _, n := range needles {
			all = all && bytes.Contains(m, n)
		}
		if all {
			return m
		}
	}
	tb.Fatalf("%s: no message with %v", file, needles)
	return nil
}

var (
	benchPlainRoute = []byte{192, 0, 2, 0}     // 192.0.2.0/24 via 10.1.0.254 dev veth0
	benchMultipath  = []byte{203, 0, 113, 128} // two weighted next hops
	benchAddr6      = netip.MustParseAddr("2001:db8:1::1").AsSlice()
	benchNeighIP    = []byte{10, 1, 0, 12}
	benchLinkName   = []byte("veth0\x00")
	benchAddr4Label = []byte("veth0:sec\x00")
)

// The decoders allocate only for strings, hardware addresses, link
// statistics, neighbour cache info and next-hop slices.
func TestDecodeAllocations(t *testing.T) {
	var (
		r Route
		a Addr
		n Neighbor
		l Link
	)
	decR := func(b []byte) error { return decodeRoute(b, &r) }
	decA := func(b []byte) error { return decodeAddr(b, &a) }
	decN := func(b []byte) error { return decodeNeighbor(b, &n) }
	decL := func(b []byte) error { return decodeLink(b, &l) }
	// A dump's scratch, warm from an earlier read of the same table.
	var sc decodeScratch
	decAWarm := func(b []byte) error { return decodeAddrWith(b, &a, &sc) }
	decNWarm := func(b []byte) error { return decodeNeighborWith(b, &n, &sc) }
	decLWarm := func(b []byte) error { return decodeLinkWith(b, &l, &sc) }
	tests := []struct {
		name   string
		msg    []byte
		decode func([]byte) error
		allocs float64
	}{
		{"plain route", recordedWith(t, "routes.nl", linux.RTM_NEWROUTE, benchPlainRoute), decR, 0},
		{"multipath route: the next-hop slice", recordedWith(t, "routes.nl", linux.RTM_NEWROUTE, benchMultipath), decR, 1},
		{"IPv6 address without label", recordedWith(t, "addrs.nl", linux.RTM_NEWADDR, benchAddr6), decA, 0},
		{"IPv4 address: the label", recordedWith(t, "addrs.nl", linux.RTM_NEWADDR, benchAddr4Label), decA, 1},
		{"neighbour: the link-layer address and the cache info", recordedWith(t, "neighs.nl", linux.RTM_NEWNEIGH, benchNeighIP), decN, 2},
		// veth0: name, alias, one buffer for both addresses, the stats;
		// kind and qdisc are interned.
		{"link", recordedWith(t, "links.nl", linux.RTM_NEWLINK, benchLinkName), decL, 4},
		// With a dump's scratch the label and name are interned, and the
		// addresses and stats come from blocks (one block per many
		// records rounds to none per record); veth0's alias is left.
		{"IPv4 address, warm scratch", recordedWith(t, "addrs.nl", linux.RTM_NEWADDR, benchAddr4Label), decAWarm, 0},
		{"neighbour, warm scratch", recordedWith(t, "neighs.nl", linux.RTM_NEWNEIGH, benchNeighIP), decNWarm, 0},
		{"link, warm scratch: the alias", recordedWith(t, "links.nl", linux.RTM_NEWLINK, benchLinkName), decLWarm, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			require.NoError(t, tc.decode(tc.msg))
			got := testing.AllocsPerRun(100, func() { _ = tc.decode(tc.msg) })
			require.Equal(t, tc.allocs, got)
		})
	}
}

func benchmarkDecode[T any](b *testing.B, m []byte, decode func([]byte, *T) error) {
	b.ReportAllocs()
	b.SetBytes(int64(len(m)))
	var v T
	for b.Loop() {
		if err := decode(m, &v); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeRoute(b *testing.B) {
	benchmarkDecode(b, recordedWith(b, "routes.nl", linux.RTM_NEWROUTE, benchPlainRoute), decodeRoute)
}

func BenchmarkDecodeRouteMultipath(b *testing.B) {
	benchmarkDecode(b, recordedWith(b, "routes.nl", linux.RTM_NEWROUTE, benchMultipath), decodeRoute)
}

func BenchmarkDecodeAddr(b *testing.B) {
	benchmarkDecode(b, recordedWith(b, "addrs.nl", linux.RTM_NEWADDR, benchAddr6), decodeAddr)
}

func BenchmarkDecodeNeighbor(b *testing.B) {
	benchmarkDecode(b, recordedWith(b, "neighs.nl", linux.RTM_NEWNEIGH, benchNeighIP), decodeNeighbor)
}

func BenchmarkDecodeLink(b *testing.B) {
	benchmarkDecode(b, recordedWith(b, "links.nl", linux.RTM_NEWLINK, benchLinkName), decodeLink)
}

// BenchmarkDecodeRouteDump decodes every message of the recorded route
// dump (40 routes of every kind) as a dump loop would, against
// BenchmarkWalkRouteDump, which only walks the netlink headers: their
// ratio is the decoder's CPU share of a typed dump.
func BenchmarkDecodeRouteDump(b *testing.B) {
	dump := routeDumpBytes(b)
	b.ReportAllocs()
	b.SetBytes(int64(len(dump)))
	var r Route
	for b.Loop() {
		for rest := dump; len(rest) >= 16; {
			l := int(binary.NativeEndian.Uint32(rest))
			if binary.NativeEndian.Uint16(rest[4:]) == linux.RTM_NEWROUTE {
				if err := decodeRoute(rest[16:l], &r); err != nil {
					b.Fatal(err)
				}
			}
			rest = rest[nlmsg.Align(l):]
		}
	}
}

// BenchmarkWalkRouteDump is BenchmarkDecodeRouteDump's floor.
func BenchmarkWalkRouteDump(b *testing.B) {
	dump := routeDumpBytes(b)
	b.SetBytes(int64(len(dump)))
	n := 0
	for b.Loop() {
		for rest := dump; len(rest) >= 16; {
			l := int(binary.NativeEndian.Uint32(rest))
			if binary.NativeEndian.Uint16(rest[4:]) == linux.RTM_NEWROUTE {
				n++
			}
			rest = rest[nlmsg.Align(l):]
		}
	}
	_ = n
}

func routeDumpBytes(b *testing.B) []byte {
	var dump []byte
	for _, m := range recordedMessages(b, "routes.nl", linux.RTM_NEWROUTE) {
		h := binary.NativeEndian.AppendUint32(nil, uint32(16+len(m)))
		h = binary.NativeEndian.AppendUint16(h, linux.RTM_NEWROUTE)
		h = append(h, make([]byte, 10)...)
		dump = append(dump, h...)
		dump = append(dump, m...)
		for len(dump)%4 != 0 {
			dump = append(dump, 0)
		}
	}
	return dump
}

func BenchmarkAppendRoute(b *testing.B) {
	var r Route
	require.NoError(b, decodeRoute(recordedWith(b, "routes.nl", linux.RTM_NEWROUTE, benchMultipath), &r))
	buf := make([]byte, 0, 256)
	b.ReportAllocs()
	for b.Loop() {
		buf = appendRoute(buf[:0], &r)
	}
}
