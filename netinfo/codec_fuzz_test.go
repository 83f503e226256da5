package netinfo

import (
	"errors"
	"net/netip"
	"reflect"
	"testing"
	"time"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// FuzzDecode feeds the same bytes to all four decoders: none may panic or
// hang, and a failure is an error. Seeds are every recorded kernel
// message (dumps and notifications) and a few hand-built odd ones.
//
//	go test -run xxx -fuzz FuzzDecode -fuzztime 30s ./netinfo
func FuzzDecode(f *testing.F) {
	for _, kd := range kindDecoders {
		for _, m := range recordedMessages(f, kd.file, kd.typ) {
			f.Add(m)
		}
	}
	for _, m := range recordedStream(f, "events.nl") {
		f.Add(m.payload)
	}
	ip := netip.MustParseAddr
	hdr4 := testRtmsg(linux.AF_INET, 24, uint8(TableMain), uint8(RouteUnicast))
	f.Add(cat(hdr4, nlAttr(linux.RTA_MULTIPATH, testRtnexthop(64, 0, 0, 3))))
	f.Add(cat(hdr4, nlAttr(linux.RTA_MULTIPATH, cat(testRtnexthop(16, 0, 1, 3), nlAttr(linux.RTA_GATEWAY, ip("10.0.0.1").AsSlice())))))
	f.Add(cat(testIfinfomsg(1, LinkUp), nlAttr(linux.IFLA_LINKINFO|linux.NLA_F_NESTED, nlAttr(linux.IFLA_INFO_KIND, []byte("veth\x00")))))
	f.Add(cat(testIfaddrmsg(linux.AF_INET6, 64, 0, 0, 1), nlAttr(linux.IFA_ADDRESS, ip("::ffff:1.2.3.4").AsSlice())))
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
		if decodeAddr(b, &a) == nil {
			checkAddrRoundTrip(t, a)
		}
		if decodeNeighbor(b, &n) == nil {
			checkNeighborRoundTrip(t, n)
		}
		if err := decodeAddr(b, &a); err != nil && len(b) < linux.SizeofIfAddrmsg && !errors.Is(err, ErrTruncated) {
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
	// The encoder sends a route's time left in whole seconds, rounded up,
	// for IPv6 routes that have some left: compare with that.
	want := r
	want.Expires = 0
	if r.Family == FamilyInet6 && r.Expires > 0 {
		want.Expires = time.Duration(expiresSeconds(r.Expires)) * time.Second
	}
	if r.Family != FamilyInet6 {
		want.Pref = RoutePrefNone // likewise sent for IPv6 routes only
	}
	if r.NHID != 0 {
		// A route using a nexthop object is sent by its id alone (the
		// kernel refuses a hop beside it); the hop the kernel reports
		// with it does not come back.
		want.OutIndex, want.Gateway, want.NextHops = 0, netip.Addr{}, nil
		if len(again.NextHops) == 0 {
			want.NextHops = again.NextHops // nil or empty alike
		}
	}
	if !reflect.DeepEqual(want, again) {
		t.Fatalf("route changed in a round trip:\n got %+v\nwant %+v", again, want)
	}
}

// checkAddrRoundTrip is checkRouteRoundTrip for IP addresses. A lifetime
// of 0 seconds is skipped: to the encoder 0 means "not set".
func checkAddrRoundTrip(t *testing.T, a Addr) {
	t.Helper()
	if a.Family != FamilyInet && a.Family != FamilyInet6 || !a.Prefix.IsValid() ||
		a.ValidLifetime == 0 || a.PreferredLifetime == 0 {
		return
	}
	var again Addr
	if err := decodeAddr(appendAddr(nil, &a), &again); err != nil {
		t.Fatalf("re-encoded address does not decode: %v\n%+v", err, a)
	}
	if !reflect.DeepEqual(a, again) {
		t.Fatalf("address changed in a round trip:\n got %+v\nwant %+v", again, a)
	}
}

// checkNeighborRoundTrip is checkRouteRoundTrip for neighbours of a known
// family.
func checkNeighborRoundTrip(t *testing.T, n Neighbor) {
	t.Helper()
	if n.Family == FamilyAll {
		return // the encoder would take the family from the address
	}
	var again Neighbor
	if err := decodeNeighbor(appendNeighbor(nil, &n), &again); err != nil {
		t.Fatalf("re-encoded neighbour does not decode: %v\n%+v", err, n)
	}
	n.CacheInfo = nil // the kernel's to tell, never sent
	if !reflect.DeepEqual(n, again) {
		t.Fatalf("neighbour changed in a round trip:\n got %+v\nwant %+v", again, n)
	}
}
