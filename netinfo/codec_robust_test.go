package netinfo

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

// Hand-built messages for the edge cases the kernel does not send.

func nlAttr(typ uint16, val []byte) []byte { return nlmsg.AppendAttr(nil, typ, val) }

func nlU32(v uint32) []byte { return binary.NativeEndian.AppendUint32(nil, v) }

func cat(parts ...[]byte) []byte {
	var b []byte
	for _, p := range parts {
		b = append(b, p...)
	}
	return b
}

// ifinfomsg of an ether link with index and flags.
func testIfinfomsg(index int, flags LinkFlags) []byte {
	b := []byte{linux.AF_UNSPEC, 0}
	b = binary.NativeEndian.AppendUint16(b, uint16(LinkTypeEther))
	b = binary.NativeEndian.AppendUint32(b, uint32(index))
	b = binary.NativeEndian.AppendUint32(b, uint32(flags))
	return binary.NativeEndian.AppendUint32(b, 0)
}

func testIfaddrmsg(family uint8, prefixLen, flags, scope uint8, index int) []byte {
	return binary.NativeEndian.AppendUint32([]byte{family, prefixLen, flags, scope}, uint32(index))
}

func testRtmsg(family, dstLen, table, typ uint8) []byte {
	return binary.NativeEndian.AppendUint32([]byte{family, dstLen, 0, 0, table, uint8(ProtoStatic), 0, typ}, 0)
}

func testRtnexthop(length int, flags, hops uint8, index int) []byte {
	b := binary.NativeEndian.AppendUint16(nil, uint16(length))
	b = append(b, flags, hops)
	return binary.NativeEndian.AppendUint32(b, uint32(index))
}

// kindDecoders decode one payload with the decoder of each kind.
var kindDecoders = []struct {
	name   string
	file   string
	typ    uint16
	hdrLen int
	decode func([]byte) (any, error)
}{
	{"link", "links.nl", linux.RTM_NEWLINK, linux.SizeofIfInfomsg, func(b []byte) (any, error) { return DecodeLink(b) }},
	{"link details", "links.nl", linux.RTM_NEWLINK, linux.SizeofIfInfomsg, func(b []byte) (any, error) { return DecodeLinkDetails(b) }},
	{"addr", "addrs.nl", linux.RTM_NEWADDR, linux.SizeofIfAddrmsg, func(b []byte) (any, error) { return DecodeAddr(b) }},
	{"route", "routes.nl", linux.RTM_NEWROUTE, linux.SizeofRtMsg, func(b []byte) (any, error) { return DecodeRoute(b) }},
	{"neigh", "neighs.nl", linux.RTM_NEWNEIGH, linux.SizeofNdMsg, func(b []byte) (any, error) { return DecodeNeighbor(b) }},
	{"fdb", "fdb.nl", linux.RTM_NEWNEIGH, linux.SizeofNdMsg, func(b []byte) (any, error) { return DecodeNeighbor(b) }},
}

func TestDecodeIgnoresUnknownAttributes(t *testing.T) {
	unknown := cat(nlAttr(999, []byte("future")), nlAttr(0x3fff, nil), nlAttr(0x8000|998, nlAttr(1, nlU32(7))))
	for _, kd := range kindDecoders {
		t.Run(kd.name, func(t *testing.T) {
			for i, m := range recordedMessages(t, kd.file, kd.typ) {
				want, err := kd.decode(m)
				require.NoError(t, err)
				front := cat(m[:kd.hdrLen], unknown, m[kd.hdrLen:])
				got, err := kd.decode(front)
				require.NoError(t, err, "message %d, unknown attributes first", i)
				require.Equal(t, want, got)
				back := cat(m, unknown)
				got, err = kd.decode(back)
				require.NoError(t, err, "message %d, unknown attributes last", i)
				require.Equal(t, want, got)
			}
		})
	}
}

// attrCuts are the lengths at which a payload may end without an error:
// right after the fixed header or an attribute (its padding included or
// not). Any other cut lands inside a header or a value.
func attrCuts(b []byte, hdrLen int) map[int]bool {
	ok := map[int]bool{hdrLen: true}
	for p := hdrLen; p+linux.SizeofNlAttr <= len(b); {
		n := int(binary.NativeEndian.Uint16(b[p:]))
		for q := p + n; q <= p+nlmsg.Align(n) && q <= len(b); q++ {
			ok[q] = true
		}
		p += nlmsg.Align(n)
	}
	return ok
}

func TestDecodeTruncatedAtEveryOffset(t *testing.T) {
	for _, kd := range kindDecoders {
		t.Run(kd.name, func(t *testing.T) {
			for i, m := range recordedMessages(t, kd.file, kd.typ) {
				cuts := attrCuts(m, kd.hdrLen)
				for n := range len(m) {
					_, err := kd.decode(m[:n])
					if cuts[n] {
						require.NoError(t, err, "message %d cut at %d (an attribute boundary)", i, n)
						continue
					}
					require.ErrorIs(t, err, ErrTruncated, "message %d cut at %d of %d", i, n, len(m))
				}
			}
		})
	}
}

func TestDecodeLinkEdgeCases(t *testing.T) {
	hdr := testIfinfomsg(7, LinkUp)
	stats64 := make([]byte, 8*24) // today's struct is longer than the 10 counters used
	for i := range 10 {
		binary.NativeEndian.PutUint64(stats64[i*8:], uint64(i+1)<<33)
	}
	stats32 := make([]byte, 4*23)
	for i := range 10 {
		binary.NativeEndian.PutUint32(stats32[i*4:], uint32(100+i))
	}
	want64 := &LinkStats{RxPackets: 1 << 33, TxPackets: 2 << 33, RxBytes: 3 << 33, TxBytes: 4 << 33,
		RxErrors: 5 << 33, TxErrors: 6 << 33, RxDropped: 7 << 33, TxDropped: 8 << 33, Multicast: 9 << 33, Collisions: 10 << 33}
	want32 := &LinkStats{RxPackets: 100, TxPackets: 101, RxBytes: 102, TxBytes: 103,
		RxErrors: 104, TxErrors: 105, RxDropped: 106, TxDropped: 107, Multicast: 108, Collisions: 109}
	tests := []struct {
		name    string
		msg     []byte
		want    Link
		wantErr error
	}{
		{"header only", hdr, Link{Index: 7, Type: LinkTypeEther, Flags: LinkUp}, nil},
		{"oversized MTU uses its first 4 bytes", cat(hdr, nlAttr(linux.IFLA_MTU, cat(nlU32(9000), nlU32(1)))),
			Link{Index: 7, Type: LinkTypeEther, Flags: LinkUp, MTU: 9000}, nil},
		{"name without NUL", cat(hdr, nlAttr(linux.IFLA_IFNAME, []byte("eth0"))),
			Link{Index: 7, Type: LinkTypeEther, Flags: LinkUp, Name: "eth0"}, nil},
		{"name with junk after NUL", cat(hdr, nlAttr(linux.IFLA_IFNAME, []byte("eth0\x00xx"))),
			Link{Index: 7, Type: LinkTypeEther, Flags: LinkUp, Name: "eth0"}, nil},
		{"IFLA_LINK equal to own index is no parent", cat(hdr, nlAttr(linux.IFLA_LINK, nlU32(7))),
			Link{Index: 7, Type: LinkTypeEther, Flags: LinkUp}, nil},
		{"IFLA_LINK of another namespace is no parent", cat(hdr, nlAttr(linux.IFLA_LINK, nlU32(2)), nlAttr(linux.IFLA_LINK_NETNSID, nlU32(0))),
			Link{Index: 7, Type: LinkTypeEther, Flags: LinkUp}, nil},
		{"IFLA_LINK of another link", cat(hdr, nlAttr(linux.IFLA_LINK, nlU32(2))),
			Link{Index: 7, Type: LinkTypeEther, Flags: LinkUp, ParentIndex: 2}, nil},
		{"nested flag on IFLA_LINKINFO", cat(hdr, nlAttr(linux.IFLA_LINKINFO|linux.NLA_F_NESTED, nlAttr(linux.IFLA_INFO_KIND, []byte("vxlan\x00")))),
			Link{Index: 7, Type: LinkTypeEther, Flags: LinkUp, Kind: "vxlan"}, nil},
		{"uncommon kind", cat(hdr, nlAttr(linux.IFLA_LINKINFO, nlAttr(linux.IFLA_INFO_KIND, []byte("geneve\x00")))),
			Link{Index: 7, Type: LinkTypeEther, Flags: LinkUp, Kind: "geneve"}, nil},
		{"stats64 longer than known", cat(hdr, nlAttr(linux.IFLA_STATS64, stats64)),
			Link{Index: 7, Type: LinkTypeEther, Flags: LinkUp, Stats: want64}, nil},
		{"stats32 only", cat(hdr, nlAttr(linux.IFLA_STATS, stats32)),
			Link{Index: 7, Type: LinkTypeEther, Flags: LinkUp, Stats: want32}, nil},
		{"stats64 wins over a later stats32", cat(hdr, nlAttr(linux.IFLA_STATS64, stats64), nlAttr(linux.IFLA_STATS, stats32)),
			Link{Index: 7, Type: LinkTypeEther, Flags: LinkUp, Stats: want64}, nil},
		{"stats64 wins over an earlier stats32", cat(hdr, nlAttr(linux.IFLA_STATS, stats32), nlAttr(linux.IFLA_STATS64, stats64)),
			Link{Index: 7, Type: LinkTypeEther, Flags: LinkUp, Stats: want64}, nil},
		{"short MTU", cat(hdr, nlAttr(linux.IFLA_MTU, []byte{1, 2})), Link{}, ErrTruncated},
		{"short stats64", cat(hdr, nlAttr(linux.IFLA_STATS64, stats64[:79])), Link{}, ErrTruncated},
		{"short stats32", cat(hdr, nlAttr(linux.IFLA_STATS, stats32[:39])), Link{}, ErrTruncated},
		{"empty operstate", cat(hdr, nlAttr(linux.IFLA_OPERSTATE, nil)), Link{}, ErrTruncated},
		{"IFLA_LINKINFO lying about its inner length", cat(hdr, nlAttr(linux.IFLA_LINKINFO, []byte{40, 0, 1, 0, 'v', 'e', 't', 'h'})), Link{}, ErrTruncated},
		{"attribute length below its header", cat(hdr, []byte{2, 0, 3, 0}), Link{}, ErrTruncated},
		{"attribute length past the end", cat(hdr, []byte{200, 0, 3, 0, 'x', 0, 0, 0}), Link{}, ErrTruncated},
		{"partial attribute header", cat(hdr, []byte{8, 0}), Link{}, ErrTruncated},
		{"short header", hdr[:15], Link{}, ErrTruncated},
		{"empty", nil, Link{}, ErrTruncated},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := DecodeLink(tc.msg)
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
		})
	}
}

func TestDecodeAddrEdgeCases(t *testing.T) {
	ip := netip.MustParseAddr
	pfx := netip.MustParsePrefix
	v4 := func(prefixLen uint8) []byte {
		return testIfaddrmsg(linux.AF_INET, prefixLen, uint8(AddrPermanent), 0, 3)
	}
	v6 := testIfaddrmsg(linux.AF_INET6, 64, uint8(AddrPermanent), 0, 3)
	cacheinfo := cat(nlU32(1800), nlU32(3600), nlU32(0), nlU32(0))
	base := func(a Addr) Addr {
		a.Index = 3
		if a.Flags == 0 {
			a.Flags = AddrPermanent
		}
		if a.ValidLifetime == 0 {
			a.ValidLifetime, a.PreferredLifetime = Forever, Forever
		}
		return a
	}
	tests := []struct {
		name    string
		msg     []byte
		want    Addr
		wantErr error
	}{
		{"IFA_ADDRESS only, not masked", cat(v4(24), nlAttr(linux.IFA_ADDRESS, ip("10.0.0.9").AsSlice())),
			base(Addr{Family: FamilyInet, Prefix: pfx("10.0.0.9/24")}), nil},
		{"IFA_LOCAL equal to IFA_ADDRESS has no peer", cat(v4(24), nlAttr(linux.IFA_ADDRESS, ip("10.0.0.9").AsSlice()), nlAttr(linux.IFA_LOCAL, ip("10.0.0.9").AsSlice())),
			base(Addr{Family: FamilyInet, Prefix: pfx("10.0.0.9/24")}), nil},
		{"peer", cat(v4(32), nlAttr(linux.IFA_ADDRESS, ip("10.0.0.2").AsSlice()), nlAttr(linux.IFA_LOCAL, ip("10.0.0.1").AsSlice())),
			base(Addr{Family: FamilyInet, Prefix: pfx("10.0.0.1/32"), Peer: ip("10.0.0.2")}), nil},
		{"IFA_FLAGS overrides ifa_flags", cat(v6, nlAttr(linux.IFA_ADDRESS, ip("2001:db8::1").AsSlice()), nlAttr(linux.IFA_FLAGS, nlU32(uint32(AddrPermanent|AddrNoPrefixRoute)))),
			base(Addr{Family: FamilyInet6, Prefix: pfx("2001:db8::1/64"), Flags: AddrPermanent | AddrNoPrefixRoute}), nil},
		{"finite lifetimes", cat(v6, nlAttr(linux.IFA_ADDRESS, ip("2001:db8::1").AsSlice()), nlAttr(linux.IFA_CACHEINFO, cacheinfo)),
			base(Addr{Family: FamilyInet6, Prefix: pfx("2001:db8::1/64"), PreferredLifetime: 30 * time.Minute, ValidLifetime: time.Hour}), nil},
		{"IPv4-mapped IPv6 address stays IPv6", cat(v6, nlAttr(linux.IFA_ADDRESS, ip("::ffff:192.0.2.1").AsSlice())),
			base(Addr{Family: FamilyInet6, Prefix: pfx("::ffff:192.0.2.1/64")}), nil},
		{"oversized IPv4 address uses its first 4 bytes", cat(v4(24), nlAttr(linux.IFA_LOCAL, cat(ip("10.0.0.9").AsSlice(), []byte{9, 9}))),
			base(Addr{Family: FamilyInet, Prefix: pfx("10.0.0.9/24")}), nil},
		{"broadcast and label", cat(v4(24), nlAttr(linux.IFA_LOCAL, ip("10.0.0.9").AsSlice()), nlAttr(linux.IFA_BROADCAST, ip("10.0.0.255").AsSlice()), nlAttr(linux.IFA_LABEL, []byte("eth0:1\x00"))),
			base(Addr{Family: FamilyInet, Prefix: pfx("10.0.0.9/24"), Broadcast: ip("10.0.0.255"), Label: "eth0:1"}), nil},
		{"prefix length beyond 32", cat(v4(33), nlAttr(linux.IFA_LOCAL, ip("10.0.0.9").AsSlice())), Addr{}, errAny},
		{"short IPv4 address", cat(v4(24), nlAttr(linux.IFA_LOCAL, []byte{10, 0, 0})), Addr{}, ErrTruncated},
		{"4-byte address in an IPv6 message is IPv4-mapped", cat(v6, nlAttr(linux.IFA_ADDRESS, ip("192.0.2.7").AsSlice())),
			base(Addr{Family: FamilyInet6, Prefix: pfx("::ffff:192.0.2.7/64")}), nil},
		{"short IPv6 address", cat(v6, nlAttr(linux.IFA_ADDRESS, make([]byte, 15))), Addr{}, ErrTruncated},
		{"5-byte IPv6 address", cat(v6, nlAttr(linux.IFA_ADDRESS, make([]byte, 5))), Addr{}, ErrTruncated},
		{"short cacheinfo", cat(v6, nlAttr(linux.IFA_CACHEINFO, cacheinfo[:7])), Addr{}, ErrTruncated},
		{"short IFA_FLAGS", cat(v6, nlAttr(linux.IFA_FLAGS, []byte{1})), Addr{}, ErrTruncated},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := DecodeAddr(tc.msg)
			checkDecoded(t, tc.want, got, tc.wantErr, err)
		})
	}
}

// errAny stands for "some error" in the tables.
var errAny = errors.New("any error")

func checkDecoded[T any](t *testing.T, want, got T, wantErr, err error) {
	t.Helper()
	switch wantErr {
	case nil:
		require.NoError(t, err)
		require.Equal(t, want, got)
	case errAny:
		require.Error(t, err)
	default:
		require.ErrorIs(t, err, wantErr)
	}
}

func TestDecodeRouteEdgeCases(t *testing.T) {
	ip := netip.MustParseAddr
	pfx := netip.MustParsePrefix
	hdr4 := testRtmsg(linux.AF_INET, 24, uint8(TableMain), uint8(RouteUnicast))
	dst4 := nlAttr(linux.RTA_DST, ip("192.0.2.0").AsSlice())
	hop := func(index int, hops uint8, gw netip.Addr) []byte {
		var attrs []byte
		if gw.IsValid() {
			attrs = nlAttr(linux.RTA_GATEWAY, gw.AsSlice())
		}
		return cat(testRtnexthop(linux.SizeofRtNexthop+len(attrs), 0, hops, index), attrs)
	}
	base := func(r Route) Route {
		if r.Family == 0 {
			r.Family = FamilyInet
		}
		if r.Table == 0 {
			r.Table = TableMain
		}
		r.Type, r.Protocol = RouteUnicast, ProtoStatic
		return r
	}
	via6 := cat(binary.NativeEndian.AppendUint16(nil, linux.AF_INET6), ip("fe80::1").AsSlice())
	hdr6 := testRtmsg(linux.AF_INET6, 64, uint8(TableMain), uint8(RouteUnicast))
	dst6 := nlAttr(linux.RTA_DST, ip("2001:db8::").AsSlice())
	// struct rta_cacheinfo with rta_expires set, as the kernel fills it
	// for an IPv6 route (8 u32 fields).
	cacheInfo := func(ticks int32) []byte {
		b := make([]byte, 32)
		binary.NativeEndian.PutUint32(b[rtaCacheInfoExpires:], uint32(ticks))
		return b
	}
	tests := []struct {
		name    string
		msg     []byte
		want    Route
		wantErr error
	}{
		{"default route without RTA_DST", testRtmsg(linux.AF_INET, 0, uint8(TableMain), uint8(RouteUnicast)),
			base(Route{Dst: pfx("0.0.0.0/0")}), nil},
		{"IPv6 default route", testRtmsg(linux.AF_INET6, 0, uint8(TableMain), uint8(RouteUnicast)),
			base(Route{Family: FamilyInet6, Dst: pfx("::/0")}), nil},
		{"RTA_TABLE overrides rtm_table", cat(hdr4, dst4, nlAttr(linux.RTA_TABLE, nlU32(100000))),
			base(Route{Dst: pfx("192.0.2.0/24"), Table: 100000}), nil},
		{"IPv4-mapped IPv6 destination stays IPv6", cat(testRtmsg(linux.AF_INET6, 128, uint8(TableMain), uint8(RouteUnicast)), nlAttr(linux.RTA_DST, ip("::ffff:192.0.2.1").AsSlice())),
			base(Route{Family: FamilyInet6, Dst: pfx("::ffff:192.0.2.1/128")}), nil},
		{"IPv4-mapped route as a net.IP.To4 encoder sends it", cat(testRtmsg(linux.AF_INET6, 96, uint8(TableMain), uint8(RouteUnicast)), nlAttr(linux.RTA_DST, []byte{0, 0, 0, 0})),
			base(Route{Family: FamilyInet6, Dst: pfx("::ffff:0.0.0.0/96")}), nil},
		{"RTA_VIA of the other family", cat(hdr4, dst4, nlAttr(linux.RTA_VIA, via6)),
			base(Route{Dst: pfx("192.0.2.0/24"), Gateway: ip("fe80::1")}), nil},
		{"RTA_VIA of an unknown family is ignored", cat(hdr4, dst4, nlAttr(linux.RTA_VIA, []byte{0xff, 0xff, 1, 2})),
			base(Route{Dst: pfx("192.0.2.0/24")}), nil},
		{"multipath with a device-only hop", cat(hdr4, dst4, nlAttr(linux.RTA_MULTIPATH, cat(hop(3, 0, ip("10.0.0.1")), hop(4, 9, netip.Addr{})))),
			base(Route{Dst: pfx("192.0.2.0/24"), NextHops: []NextHop{{Gateway: ip("10.0.0.1"), OutIndex: 3, Weight: 1}, {OutIndex: 4, Weight: 10}}}), nil},
		{"multipath hop with RTA_VIA", cat(hdr4, dst4, nlAttr(linux.RTA_MULTIPATH, cat(testRtnexthop(linux.SizeofRtNexthop+nlmsg.Align(4+len(via6)), 0, 0, 3), nlAttr(linux.RTA_VIA, via6)))),
			base(Route{Dst: pfx("192.0.2.0/24"), NextHops: []NextHop{{Gateway: ip("fe80::1"), OutIndex: 3, Weight: 1}}}), nil},
		{"empty multipath", cat(hdr4, dst4, nlAttr(linux.RTA_MULTIPATH, nil)),
			base(Route{Dst: pfx("192.0.2.0/24")}), nil},
		{"unknown family: addresses by length", cat(testRtmsg(128, 32, uint8(TableMain), uint8(RouteUnicast)), nlAttr(linux.RTA_DST, ip("192.0.2.1").AsSlice()), nlAttr(linux.RTA_SRC, []byte{1, 2, 3})),
			base(Route{Family: 128, Dst: pfx("192.0.2.1/32")}), nil},
		{"rtnexthop longer than RTA_MULTIPATH", cat(hdr4, dst4, nlAttr(linux.RTA_MULTIPATH, testRtnexthop(64, 0, 0, 3))), Route{}, ErrTruncated},
		{"rtnexthop shorter than its header", cat(hdr4, dst4, nlAttr(linux.RTA_MULTIPATH, testRtnexthop(4, 0, 0, 3))), Route{}, ErrTruncated},
		{"rtnexthop of length 0", cat(hdr4, dst4, nlAttr(linux.RTA_MULTIPATH, testRtnexthop(0, 0, 0, 3))), Route{}, ErrTruncated},
		{"partial rtnexthop after a good one", cat(hdr4, dst4, nlAttr(linux.RTA_MULTIPATH, cat(hop(3, 0, ip("10.0.0.1")), []byte{8, 0, 0, 0}))), Route{}, ErrTruncated},
		{"hop attribute lying about its length", cat(hdr4, dst4, nlAttr(linux.RTA_MULTIPATH, cat(testRtnexthop(16, 0, 0, 3), []byte{12, 0, linux.RTA_GATEWAY, 0, 10, 0, 0, 1}))), Route{}, ErrTruncated},
		{"short hop gateway", cat(hdr4, dst4, nlAttr(linux.RTA_MULTIPATH, cat(testRtnexthop(16, 0, 0, 3), nlAttr(linux.RTA_GATEWAY, []byte{10, 0, 0})))), Route{}, ErrTruncated},
		{"dst_len beyond 32", cat(testRtmsg(linux.AF_INET, 33, uint8(TableMain), uint8(RouteUnicast)), dst4), Route{}, errAny},
		{"dst_len beyond 32 without RTA_DST", testRtmsg(linux.AF_INET, 40, uint8(TableMain), uint8(RouteUnicast)), Route{}, errAny},
		{"RTA_PREF low", cat(hdr6, dst6, nlAttr(linux.RTA_PREF, []byte{linux.ICMPV6_ROUTER_PREF_LOW})),
			base(Route{Family: FamilyInet6, Dst: pfx("2001:db8::/64"), Pref: RoutePrefLow}), nil},
		{"RTA_PREF high", cat(hdr6, dst6, nlAttr(linux.RTA_PREF, []byte{linux.ICMPV6_ROUTER_PREF_HIGH})),
			base(Route{Family: FamilyInet6, Dst: pfx("2001:db8::/64"), Pref: RoutePrefHigh}), nil},
		{"RTA_PREF invalid reads as medium, as the kernel reads it", cat(hdr6, dst6, nlAttr(linux.RTA_PREF, []byte{2})),
			base(Route{Family: FamilyInet6, Dst: pfx("2001:db8::/64"), Pref: RoutePrefMedium}), nil},
		{"rta_expires in clock ticks", cat(hdr6, dst6, nlAttr(linux.RTA_CACHEINFO, cacheInfo(29950))),
			base(Route{Family: FamilyInet6, Dst: pfx("2001:db8::/64"), Expires: 299500 * time.Millisecond}), nil},
		{"rta_expires overdue", cat(hdr6, dst6, nlAttr(linux.RTA_CACHEINFO, cacheInfo(-150))),
			base(Route{Family: FamilyInet6, Dst: pfx("2001:db8::/64"), Expires: -1500 * time.Millisecond}), nil},
		{"RTA_EXPIRES in seconds", cat(hdr6, dst6, nlAttr(linux.RTA_EXPIRES, nlU32(60))),
			base(Route{Family: FamilyInet6, Dst: pfx("2001:db8::/64"), Expires: time.Minute}), nil},
		{"RTA_CACHEINFO wins over RTA_EXPIRES", cat(hdr6, dst6, nlAttr(linux.RTA_EXPIRES, nlU32(60)), nlAttr(linux.RTA_CACHEINFO, cacheInfo(100))),
			base(Route{Family: FamilyInet6, Dst: pfx("2001:db8::/64"), Expires: time.Second}), nil},
		{"RTA_CACHEINFO wins in either order", cat(hdr6, dst6, nlAttr(linux.RTA_CACHEINFO, cacheInfo(100)), nlAttr(linux.RTA_EXPIRES, nlU32(60))),
			base(Route{Family: FamilyInet6, Dst: pfx("2001:db8::/64"), Expires: time.Second}), nil},
		{"RTA_EXPIRES after an RTA_CACHEINFO without expiry", cat(hdr6, dst6, nlAttr(linux.RTA_CACHEINFO, cacheInfo(0)), nlAttr(linux.RTA_EXPIRES, nlU32(60))),
			base(Route{Family: FamilyInet6, Dst: pfx("2001:db8::/64"), Expires: time.Minute}), nil},
		{"RTA_CACHEINFO without expiry", cat(hdr6, dst6, nlAttr(linux.RTA_CACHEINFO, cacheInfo(0))),
			base(Route{Family: FamilyInet6, Dst: pfx("2001:db8::/64")}), nil},
		{"empty RTA_PREF", cat(hdr6, nlAttr(linux.RTA_PREF, nil)), Route{}, ErrTruncated},
		{"short RTA_CACHEINFO", cat(hdr6, nlAttr(linux.RTA_CACHEINFO, make([]byte, 11))), Route{}, ErrTruncated},
		{"short RTA_EXPIRES", cat(hdr6, nlAttr(linux.RTA_EXPIRES, []byte{1, 0})), Route{}, ErrTruncated},
		{"short RTA_TABLE", cat(hdr4, nlAttr(linux.RTA_TABLE, []byte{1, 0})), Route{}, ErrTruncated},
		{"short RTA_VIA", cat(hdr4, nlAttr(linux.RTA_VIA, []byte{2})), Route{}, ErrTruncated},
		{"short RTA_VIA address", cat(hdr4, nlAttr(linux.RTA_VIA, []byte{linux.AF_INET, 0, 10, 0})), Route{}, ErrTruncated},
		{"short header", hdr4[:11], Route{}, ErrTruncated},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := DecodeRoute(tc.msg)
			checkDecoded(t, tc.want, got, tc.wantErr, err)
		})
	}
}

func TestDecodeNeighborEdgeCases(t *testing.T) {
	ip := netip.MustParseAddr
	hdr := func(family uint8) []byte {
		return appendNdmsg(nil, family, 3, NeighReachable, NeighRouter, RouteUnicast)
	}
	base := func(n Neighbor) Neighbor {
		n.Index, n.State, n.Flags, n.Type = 3, NeighReachable, NeighRouter, RouteUnicast
		return n
	}
	tests := []struct {
		name    string
		msg     []byte
		want    Neighbor
		wantErr error
	}{
		{"no attributes", hdr(linux.AF_INET), base(Neighbor{Family: FamilyInet}), nil},
		{"empty lladdr is nil", cat(hdr(linux.AF_INET), nlAttr(linux.NDA_DST, ip("10.0.0.1").AsSlice()), nlAttr(linux.NDA_LLADDR, nil)),
			base(Neighbor{Family: FamilyInet, IP: ip("10.0.0.1")}), nil},
		{"16-byte IPv4 (net.ParseIP form) in an IPv4 message", cat(hdr(linux.AF_INET), nlAttr(linux.NDA_DST, ip("::ffff:10.0.0.1").AsSlice())),
			base(Neighbor{Family: FamilyInet, IP: ip("10.0.0.1")}), nil},
		{"IPv4-mapped stays IPv6", cat(hdr(linux.AF_INET6), nlAttr(linux.NDA_DST, ip("::ffff:10.0.0.1").AsSlice())),
			base(Neighbor{Family: FamilyInet6, IP: ip("::ffff:10.0.0.1")}), nil},
		{"bridge entry with an IPv6 destination", cat(hdr(linux.AF_BRIDGE), nlAttr(linux.NDA_DST, ip("2001:db8::1").AsSlice()), nlAttr(linux.NDA_LLADDR, mustMAC("02:00:00:00:00:01"))),
			base(Neighbor{Family: FamilyBridge, IP: ip("2001:db8::1"), HardwareAddr: mustMAC("02:00:00:00:00:01")}), nil},
		{"infiniband lladdr", cat(hdr(linux.AF_INET), nlAttr(linux.NDA_LLADDR, make([]byte, 20))),
			base(Neighbor{Family: FamilyInet, HardwareAddr: make([]byte, 20)}), nil},
		{"cache info in clock ticks, with probes", cat(hdr(linux.AF_INET), nlAttr(linux.NDA_CACHEINFO, cat(nlU32(150), nlU32(20), nlU32(7), nlU32(2))), nlAttr(linux.NDA_PROBES, nlU32(3))),
			base(Neighbor{Family: FamilyInet, CacheInfo: &NeighCacheInfo{Confirmed: 1500 * time.Millisecond, Used: 200 * time.Millisecond, Updated: 70 * time.Millisecond, RefCount: 2, Probes: 3}}), nil},
		{"probes without cache info", cat(hdr(linux.AF_INET), nlAttr(linux.NDA_PROBES, nlU32(3))), base(Neighbor{Family: FamilyInet}), nil},
		{"short NDA_CACHEINFO", cat(hdr(linux.AF_INET), nlAttr(linux.NDA_CACHEINFO, make([]byte, 12))), Neighbor{}, ErrTruncated},
		{"short NDA_PROBES", cat(hdr(linux.AF_INET), nlAttr(linux.NDA_CACHEINFO, make([]byte, 16)), nlAttr(linux.NDA_PROBES, make([]byte, 2))), Neighbor{}, ErrTruncated},
		{"short NDA_DST", cat(hdr(linux.AF_INET6), nlAttr(linux.NDA_DST, make([]byte, 6))), Neighbor{}, ErrTruncated},
		{"short header", hdr(linux.AF_INET)[:11], Neighbor{}, ErrTruncated},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := DecodeNeighbor(tc.msg)
			checkDecoded(t, tc.want, got, tc.wantErr, err)
		})
	}
}

// The decoded hardware address must not alias the input buffer, which a
// dump loop reuses for the next datagram.
func TestDecodeCopiesHardwareAddrs(t *testing.T) {
	for _, kd := range kindDecoders[:1] {
		m := append([]byte(nil), recordedMessages(t, kd.file, kd.typ)[1]...)
		l, err := DecodeLink(m)
		require.NoError(t, err)
		want := l.HardwareAddr.String()
		for i := range m {
			m[i] = 0xee
		}
		require.Equal(t, want, l.HardwareAddr.String())
		require.Equal(t, "ff:ff:ff:ff:ff:ff", l.Broadcast.String())
	}
	m := append([]byte(nil), recordedMessages(t, "neighs.nl", linux.RTM_NEWNEIGH)[0]...)
	n, err := DecodeNeighbor(m)
	require.NoError(t, err)
	want := fmt.Sprint(n.HardwareAddr)
	clear(m)
	require.Equal(t, want, fmt.Sprint(n.HardwareAddr))
}

// On error a decoder leaves the record as it was, so a caller that
// reuses one record never sees half of a bad message.
func TestDecodeErrorLeavesRecord(t *testing.T) {
	l := Link{Name: "before"}
	require.Error(t, decodeLink(cat(testIfinfomsg(7, LinkUp), nlAttr(linux.IFLA_IFNAME, []byte("after\x00")), nlAttr(linux.IFLA_MTU, []byte{1})), &l))
	require.Equal(t, Link{Name: "before"}, l)
	a := Addr{Label: "before"}
	require.Error(t, decodeAddr(cat(testIfaddrmsg(linux.AF_INET, 24, 0, 0, 1), nlAttr(linux.IFA_LABEL, []byte("after\x00")), nlAttr(linux.IFA_LOCAL, []byte{1})), &a))
	require.Equal(t, Addr{Label: "before"}, a)
	r := Route{Priority: 1}
	require.Error(t, decodeRoute(cat(testRtmsg(linux.AF_INET, 0, 254, 1), nlAttr(linux.RTA_PRIORITY, nlU32(9)), nlAttr(linux.RTA_OIF, []byte{1})), &r))
	require.Equal(t, Route{Priority: 1}, r)
	n := Neighbor{Index: 1}
	require.Error(t, decodeNeighbor(cat(appendNdmsg(nil, linux.AF_INET, 9, 0, 0, 0), nlAttr(linux.NDA_DST, []byte{1})), &n))
	require.Equal(t, Neighbor{Index: 1}, n)
}
