package netinfo

import (
	"errors"
	"net/netip"
	"reflect"
	"testing"
)

// FuzzDecode feeds the same bytes to all four decoders: none may panic or
// hang, and a failure is an error. Seeds are every recorded kernel
// message and a few hand-built odd ones.
//
//	go test -run xxx -fuzz FuzzDecode -fuzztime 30s ./netinfo
func FuzzDecode(f *testing.F) {
	for _, kd := range kindDecoders {
		for _, m := range recordedMessages(f, kd.file, kd.typ) {
			f.Add(m)
		}
	}
	ip := netip.MustParseAddr
	hdr4 := testRtmsg(afInet, 24, uint8(TableMain), uint8(RouteUnicast))
	f.Add(cat(hdr4, nlAttr(rtaMultipath, testRtnexthop(64, 0, 0, 3))))
	f.Add(cat(hdr4, nlAttr(rtaMultipath, cat(testRtnexthop(16, 0, 1, 3), nlAttr(rtaGateway, ip("10.0.0.1").AsSlice())))))
	f.Add(cat(testIfinfomsg(1, LinkUp), nlAttr(iflaLinkInfo|attrNested, nlAttr(iflaInfoKind, []byte("veth\x00")))))
	f.Add(cat(testIfaddrmsg(afInet6, 64, 0, 0, 1), nlAttr(ifaAddress, ip("::ffff:1.2.3.4").AsSlice())))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		var (
			l Link
			a Addr
			r Route
			n Neighbor
		)
		for name, err := range map[string]error{
			"link":     decodeLink(b, &l),
			"addr":     decodeAddr(b, &a),
			"route":    decodeRoute(b, &r),
			"neighbor": decodeNeighbor(b, &n),
		} {
			if err != nil && err.Error() == "" {
				t.Errorf("%s: empty error text", name)
			}
		}
		if err := decodeRoute(b, &r); err == nil {
			if (r.Family == FamilyInet || r.Family == FamilyInet6) && !r.Dst.IsValid() {
				t.Fatalf("IP route without a valid Dst: %+v", r)
			}
			for _, h := range r.NextHops {
				if h.Weight < 1 || h.Weight > 256 {
					t.Fatalf("weight %d out of range", h.Weight)
				}
			}
			checkRouteRoundTrip(t, r)
		}
		if err := decodeAddr(b, &a); err != nil && len(b) < ifaddrmsgLen && !errors.Is(err, ErrTruncated) {
			t.Fatalf("short address: %v", err)
		}
	})
}

// checkRouteRoundTrip re-encodes a decoded IP route and decodes it again:
// the encoder must carry every field the decoder fills, for the routes
// the encoder can express (the default route and the host prefix have
// one canonical form each, so non-canonical inputs are skipped).
func checkRouteRoundTrip(t *testing.T, r Route) {
	t.Helper()
	if r.Family != FamilyInet && r.Family != FamilyInet6 {
		return
	}
	if r.Dst.Bits() == 0 && !r.Dst.Addr().IsUnspecified() {
		return // RTA_DST with rtm_dst_len 0: re-encoded as no RTA_DST
	}
	if r.Src.IsValid() && r.Src.Bits() == 0 {
		return // likewise for RTA_SRC
	}
	var again Route
	if err := decodeRoute(appendRoute(nil, &r), &again); err != nil {
		t.Fatalf("re-encoded route does not decode: %v\n%+v", err, r)
	}
	if !reflect.DeepEqual(r, again) {
		t.Fatalf("route changed in a round trip:\n got %+v\nwant %+v", again, r)
	}
}
