package netinfo

import (
	"encoding/binary"
	"math"
	"net/netip"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

// testAttr is one top-level attribute of an encoded payload.
type testAttr struct {
	typ uint16
	val []byte
}

// splitPayload checks an encoded payload's attribute framing and returns
// its fixed header and attributes.
func splitPayload(t *testing.T, b []byte, hdrLen int) ([]byte, []testAttr) {
	t.Helper()
	require.GreaterOrEqual(t, len(b), hdrLen)
	require.Zero(t, len(b)%4, "payload not 4-byte aligned")
	var attrs []testAttr
	r := attrReader{b: b[hdrLen:]}
	for r.next() {
		attrs = append(attrs, testAttr{r.typ, r.val})
	}
	require.NoError(t, r.err)
	return b[:hdrLen], attrs
}

func attrTypes(attrs []testAttr) []uint16 {
	var typs []uint16
	for _, a := range attrs {
		typs = append(typs, a.typ)
	}
	return typs
}

func TestEncodeAddrRoundTrip(t *testing.T) {
	ip := netip.MustParseAddr
	pfx := netip.MustParsePrefix
	tests := []struct {
		name string
		in   Addr
		want Addr // in as decoding gives it back
	}{
		{"v4 with label and broadcast",
			Addr{Index: 3, Prefix: pfx("10.5.0.1/24"), Broadcast: ip("10.5.0.255"), Label: "veth0:five"},
			Addr{Index: 3, Family: FamilyInet, Prefix: pfx("10.5.0.1/24"), Broadcast: ip("10.5.0.255"), Label: "veth0:five", ValidLifetime: Forever, PreferredLifetime: Forever}},
		{"v4 point-to-point",
			Addr{Index: 5, Family: FamilyInet, Prefix: pfx("10.6.0.1/32"), Peer: ip("10.6.0.2"), Scope: ScopeLink},
			Addr{Index: 5, Family: FamilyInet, Prefix: pfx("10.6.0.1/32"), Peer: ip("10.6.0.2"), Scope: ScopeLink, ValidLifetime: Forever, PreferredLifetime: Forever}},
		{"v6 with flags past 8 bits and lifetimes",
			Addr{Index: 3, Prefix: pfx("2001:db8:5::1/64"), Flags: AddrNoDAD | AddrNoPrefixRoute, ValidLifetime: time.Hour, PreferredLifetime: 30 * time.Minute},
			Addr{Index: 3, Family: FamilyInet6, Prefix: pfx("2001:db8:5::1/64"), Flags: AddrNoDAD | AddrNoPrefixRoute, ValidLifetime: time.Hour, PreferredLifetime: 30 * time.Minute}},
		{"v6 valid lifetime only: preferred follows",
			Addr{Index: 3, Prefix: pfx("2001:db8:5::2/64"), ValidLifetime: 90 * time.Second},
			Addr{Index: 3, Family: FamilyInet6, Prefix: pfx("2001:db8:5::2/64"), ValidLifetime: 90 * time.Second, PreferredLifetime: 90 * time.Second}},
		{"v6 preferred lifetime only: valid is forever",
			Addr{Index: 3, Prefix: pfx("2001:db8:5::3/64"), PreferredLifetime: time.Minute},
			Addr{Index: 3, Family: FamilyInet6, Prefix: pfx("2001:db8:5::3/64"), ValidLifetime: Forever, PreferredLifetime: time.Minute}},
		{"IPv4-mapped stays a 16-byte address",
			Addr{Index: 3, Family: FamilyInet6, Prefix: pfx("::ffff:10.0.0.1/120")},
			Addr{Index: 3, Family: FamilyInet6, Prefix: pfx("::ffff:10.0.0.1/120"), ValidLifetime: Forever, PreferredLifetime: Forever}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := appendAddr(nil, &tc.in)
			_, attrs := splitPayload(t, b, linux.SizeofIfAddrmsg)
			for _, a := range attrs {
				if a.typ == linux.IFA_LOCAL || a.typ == linux.IFA_ADDRESS {
					require.Len(t, a.val, tc.want.Prefix.Addr().BitLen()/8)
				}
			}
			got, err := DecodeAddr(b)
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
		})
	}
}

func TestEncodeAddrHeader(t *testing.T) {
	a := Addr{Index: 9, Prefix: netip.MustParsePrefix("10.0.0.1/8"), Flags: AddrNoPrefixRoute | AddrSecondary, Scope: ScopeHost}
	hdr, attrs := splitPayload(t, appendAddr([]byte("keep"), &a)[4:], linux.SizeofIfAddrmsg)
	require.Equal(t, []byte{linux.AF_INET, 8, uint8(AddrSecondary), uint8(ScopeHost), 9, 0, 0, 0}[:4], hdr[:4])
	require.Equal(t, uint32(9), binary.NativeEndian.Uint32(hdr[4:]))
	// IFA_ADDRESS repeats the local address when there is no peer, as ip
	// addr add sends it; IFA_FLAGS carries the bits ifa_flags cannot.
	require.Equal(t, []uint16{linux.IFA_LOCAL, linux.IFA_ADDRESS, linux.IFA_FLAGS}, attrTypes(attrs))
	require.Equal(t, attrs[0].val, attrs[1].val)
	require.Equal(t, uint32(AddrNoPrefixRoute|AddrSecondary), binary.NativeEndian.Uint32(attrs[2].val))
	require.Equal(t, "keep", string(appendAddr([]byte("keep"), &a)[:4]), "appends to dst")
}

func TestEncodeRouteRoundTrip(t *testing.T) {
	ip := netip.MustParseAddr
	pfx := netip.MustParsePrefix
	tests := []struct {
		name string
		in   Route
	}{
		{"v4 unicast via gateway", Route{Family: FamilyInet, Table: TableMain, Type: RouteUnicast, Protocol: ProtoStatic,
			Dst: pfx("192.0.2.0/24"), Gateway: ip("10.1.0.254"), OutIndex: 3, PrefSrc: ip("10.1.0.1"), Priority: 77}},
		{"default route", Route{Family: FamilyInet, Table: TableMain, Type: RouteUnicast, Protocol: ProtoBoot,
			Dst: pfx("0.0.0.0/0"), Gateway: ip("10.1.0.254")}},
		{"blackhole in a table above 255", Route{Family: FamilyInet, Table: 1000, Type: RouteBlackhole, Protocol: ProtoBoot,
			Dst: pfx("203.0.113.0/24")}},
		{"largest table id", Route{Family: FamilyInet6, Table: 0xffffffff, Type: RouteProhibit, Protocol: ProtoBoot,
			Dst: pfx("2001:db8::/32")}},
		{"multipath with weights", Route{Family: FamilyInet, Table: 300, Type: RouteUnicast, Protocol: ProtoBoot,
			Dst: pfx("198.51.100.0/24"), NextHops: []NextHop{
				{Gateway: ip("10.1.0.253"), OutIndex: 3, Weight: 2},
				{Gateway: ip("10.2.0.253"), OutIndex: 4, Weight: 5, Flags: RouteOnLink},
				{OutIndex: 5, Weight: 256},
			}}},
		{"v4 via an IPv6 gateway", Route{Family: FamilyInet, Table: TableMain, Type: RouteUnicast, Protocol: ProtoBoot,
			Dst: pfx("192.0.2.64/26"), Gateway: ip("fe80::1"), OutIndex: 3}},
		{"v4 multipath via IPv6 gateways", Route{Family: FamilyInet, Table: TableMain, Type: RouteUnicast, Protocol: ProtoBoot,
			Dst: pfx("192.0.2.64/26"), NextHops: []NextHop{{Gateway: ip("fe80::1"), OutIndex: 3, Weight: 1}}}},
		{"v6 source-specific with TOS and flags", Route{Family: FamilyInet6, Table: TableMain, Type: RouteUnicast, Protocol: ProtoRA,
			Scope: ScopeUniverse, Dst: pfx("2001:db8:400::/48"), Src: pfx("2001:db8:1::/64"), Gateway: ip("2001:db8:1::fe"),
			OutIndex: 3, Priority: 1024, TOS: 0x10, Flags: RouteOnLink}},
		{"local scope host", Route{Family: FamilyInet, Table: TableLocal, Type: RouteLocal, Protocol: ProtoKernel,
			Scope: ScopeHost, Dst: pfx("10.1.0.1/32"), OutIndex: 3, PrefSrc: ip("10.1.0.1")}},
		{"v6 with preference and expiry", Route{Family: FamilyInet6, Table: TableMain, Type: RouteUnicast, Protocol: ProtoRA,
			Dst: pfx("2001:db8:500::/48"), Gateway: ip("fe80::1"), OutIndex: 3, Priority: 1024, Pref: RoutePrefHigh, Expires: 300 * time.Second}},
		{"v4 with realms", Route{Family: FamilyInet, Table: TableMain, Type: RouteUnicast, Protocol: ProtoBoot,
			Dst: pfx("192.0.2.0/24"), Gateway: ip("10.1.0.254"), OutIndex: 3, Realms: 3<<16 | 4}},
		{"v6 low preference", Route{Family: FamilyInet6, Table: TableMain, Type: RouteUnicast, Protocol: ProtoRA,
			Dst: pfx("::/0"), Gateway: ip("fe80::1"), OutIndex: 3, Pref: RoutePrefLow}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := appendRoute(nil, &tc.in)
			hdr, attrs := splitPayload(t, b, linux.SizeofRtMsg)
			if tc.in.Table > 255 {
				require.Equal(t, uint8(0), hdr[4], "rtm_table is RT_TABLE_UNSPEC above 255")
				require.Contains(t, attrTypes(attrs), uint16(linux.RTA_TABLE))
			} else {
				require.Equal(t, uint8(tc.in.Table), hdr[4])
				require.NotContains(t, attrTypes(attrs), uint16(linux.RTA_TABLE))
			}
			if tc.in.Dst.Bits() == 0 {
				require.NotContains(t, attrTypes(attrs), uint16(linux.RTA_DST), "a default route sends no RTA_DST")
			}
			got, err := DecodeRoute(b)
			require.NoError(t, err)
			require.Equal(t, tc.in, got)
		})
	}
}

// Pref and Expires are sent for IPv6 routes only, and an expiry is sent
// in whole seconds rounded up, so that a route due to expire does.
func TestEncodeRoutePrefExpires(t *testing.T) {
	pfx := netip.MustParsePrefix
	tests := []struct {
		name        string
		in          Route
		wantPref    []byte // RTA_PREF's value; nil: not sent
		wantExpires []byte // RTA_EXPIRES's value; nil: not sent
	}{
		{"medium", Route{Dst: pfx("2001:db8::/64"), Pref: RoutePrefMedium}, []byte{linux.ICMPV6_ROUTER_PREF_MEDIUM}, nil},
		{"low", Route{Dst: pfx("2001:db8::/64"), Pref: RoutePrefLow}, []byte{linux.ICMPV6_ROUTER_PREF_LOW}, nil},
		{"none", Route{Dst: pfx("2001:db8::/64")}, nil, nil},
		{"a fraction of a second rounds up", Route{Dst: pfx("2001:db8::/64"), Expires: 1500 * time.Millisecond}, nil, binary.NativeEndian.AppendUint32(nil, 2)},
		{"whole seconds", Route{Dst: pfx("2001:db8::/64"), Expires: 2 * time.Second}, nil, binary.NativeEndian.AppendUint32(nil, 2)},
		{"too long to count", Route{Dst: pfx("2001:db8::/64"), Expires: 1 << 62}, nil, binary.NativeEndian.AppendUint32(nil, math.MaxUint32)},
		{"overdue is not sent", Route{Dst: pfx("2001:db8::/64"), Expires: -time.Second}, nil, nil},
		{"IPv4: neither", Route{Dst: pfx("192.0.2.0/24"), Pref: RoutePrefHigh, Expires: time.Minute}, nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, attrs := splitPayload(t, appendRoute(nil, &tc.in), linux.SizeofRtMsg)
			var pref, expires []byte
			for _, a := range attrs {
				switch a.typ {
				case linux.RTA_PREF:
					pref = a.val
				case linux.RTA_EXPIRES:
					expires = a.val
				}
			}
			require.Equal(t, tc.wantPref, pref)
			require.Equal(t, tc.wantExpires, expires)
		})
	}
}

func TestEncodeRouteDetails(t *testing.T) {
	ip := netip.MustParseAddr
	pfx := netip.MustParsePrefix
	t.Run("weights map to rtnh_hops", func(t *testing.T) {
		r := Route{Dst: pfx("10.0.0.0/8"), NextHops: []NextHop{{Weight: 0}, {Weight: 1}, {Weight: 2}, {Weight: 256}, {Weight: 1000}, {Weight: -3}}}
		_, attrs := splitPayload(t, appendRoute(nil, &r), linux.SizeofRtMsg)
		var mp []byte
		for _, a := range attrs {
			if a.typ == linux.RTA_MULTIPATH {
				mp = a.val
			}
		}
		var hops []uint8
		for len(mp) > 0 {
			n := int(binary.NativeEndian.Uint16(mp))
			hops = append(hops, mp[3])
			mp = mp[nlmsg.Align(n):]
		}
		require.Equal(t, []uint8{0, 0, 1, 255, 255, 0}, hops)
	})
	t.Run("family from Dst, else from Gateway", func(t *testing.T) {
		require.Equal(t, uint8(linux.AF_INET6), appendRoute(nil, &Route{Dst: pfx("2001:db8::/32")})[0])
		require.Equal(t, uint8(linux.AF_INET), appendRoute(nil, &Route{Gateway: ip("10.0.0.1")})[0])
	})
	t.Run("gateway of the route's family is RTA_GATEWAY, the other RTA_VIA", func(t *testing.T) {
		_, attrs := splitPayload(t, appendRoute(nil, &Route{Family: FamilyInet, Gateway: ip("10.0.0.1")}), linux.SizeofRtMsg)
		require.Equal(t, []uint16{linux.RTA_GATEWAY}, attrTypes(attrs))
		_, attrs = splitPayload(t, appendRoute(nil, &Route{Family: FamilyInet, Gateway: ip("fe80::1")}), linux.SizeofRtMsg)
		require.Equal(t, []uint16{linux.RTA_VIA}, attrTypes(attrs))
		require.Equal(t, uint16(linux.AF_INET6), binary.NativeEndian.Uint16(attrs[0].val))
		require.Len(t, attrs[0].val, 18)
	})
}

func TestEncodeNeighborRoundTrip(t *testing.T) {
	ip := netip.MustParseAddr
	tests := []struct {
		name string
		in   Neighbor
	}{
		{"v4 permanent", Neighbor{Index: 3, Family: FamilyInet, IP: ip("10.1.0.50"), HardwareAddr: mustMAC("02:00:5e:10:01:50"), State: NeighPermanent}},
		{"v6 reachable router", Neighbor{Index: 4, Family: FamilyInet6, IP: ip("2001:db8:2::50"), HardwareAddr: mustMAC("02:00:5e:10:02:50"), State: NeighReachable, Flags: NeighRouter, Type: RouteUnicast}},
		{"without lladdr", Neighbor{Index: 3, Family: FamilyInet, IP: ip("10.1.0.51"), State: NeighIncomplete}},
		{"proxy", Neighbor{Index: 3, Family: FamilyInet6, IP: ip("2001:db8:1::99"), Flags: NeighProxy}},
		{"with a protocol", Neighbor{Index: 3, Family: FamilyInet, IP: ip("10.1.0.52"), HardwareAddr: mustMAC("02:00:5e:10:01:52"), State: NeighStale, Protocol: ProtoStatic}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := appendNeighbor(nil, &tc.in)
			splitPayload(t, b, linux.SizeofNdMsg)
			got, err := DecodeNeighbor(b)
			require.NoError(t, err)
			require.Equal(t, tc.in, got)
		})
	}
	n := Neighbor{Index: 3, IP: ip("10.1.0.50")}
	require.Equal(t, uint8(linux.AF_INET), appendNeighbor(nil, &n)[0], "family from the address")
}

func TestEncodeLinkChange(t *testing.T) {
	alias, empty := "uplink to the lab", ""
	tests := []struct {
		name      string
		in        linkChange
		wantAttrs []testAttr
	}{
		{"up", linkChange{Index: 7, Flags: LinkUp, Change: LinkUp}, nil},
		{"down", linkChange{Index: 7, Change: LinkUp}, nil},
		{"mtu", linkChange{Index: 7, MTU: 9000}, []testAttr{{linux.IFLA_MTU, binary.NativeEndian.AppendUint32(nil, 9000)}}},
		{"name with its NUL", linkChange{Index: 7, Name: "wan0"}, []testAttr{{linux.IFLA_IFNAME, []byte("wan0\x00")}}},
		{"alias without a NUL", linkChange{Index: 7, Alias: &alias}, []testAttr{{linux.IFLA_IFALIAS, []byte(alias)}}},
		{"empty alias clears", linkChange{Index: 7, Alias: &empty}, []testAttr{{linux.IFLA_IFALIAS, []byte{}}}},
		{"all at once", linkChange{Index: 7, MTU: 1280, Name: "x", Alias: &alias}, []testAttr{
			{linux.IFLA_MTU, binary.NativeEndian.AppendUint32(nil, 1280)}, {linux.IFLA_IFNAME, []byte("x\x00")}, {linux.IFLA_IFALIAS, []byte(alias)}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := appendLinkChange(nil, tc.in)
			hdr, attrs := splitPayload(t, b, linux.SizeofIfInfomsg)
			require.Equal(t, []byte{linux.AF_UNSPEC, 0, 0, 0}, hdr[:4], "family and type zero")
			require.Equal(t, uint32(tc.in.Index), binary.NativeEndian.Uint32(hdr[4:]))
			require.Equal(t, uint32(tc.in.Flags), binary.NativeEndian.Uint32(hdr[8:]))
			require.Equal(t, uint32(tc.in.Change), binary.NativeEndian.Uint32(hdr[12:]))
			require.Equal(t, len(tc.wantAttrs), len(attrs))
			for i := range attrs {
				require.Equal(t, tc.wantAttrs[i].typ, attrs[i].typ)
				require.Equal(t, string(tc.wantAttrs[i].val), string(attrs[i].val))
			}
		})
	}
}

func TestEncodeDumpRequests(t *testing.T) {
	u32 := func(v uint32) []byte { return binary.NativeEndian.AppendUint32(nil, v) }
	scope := ScopeLink
	dst := netip.MustParsePrefix("10.0.0.0/8")
	tests := []struct {
		name      string
		payload   []byte
		hdrLen    int
		wantHdr   []byte
		wantAttrs []testAttr
	}{
		{"link dump", appendLinkDumpRequest(nil), linux.SizeofIfInfomsg, make([]byte, 16),
			[]testAttr{{linux.IFLA_EXT_MASK, u32(0)}}},
		{"link get by index", appendLinkGetRequest(nil, 7, "ignored"), linux.SizeofIfInfomsg,
			cat([]byte{0, 0, 0, 0}, u32(7), u32(0), u32(0)), []testAttr{{linux.IFLA_EXT_MASK, u32(0)}}},
		{"link get by name", appendLinkGetRequest(nil, 0, "veth0"), linux.SizeofIfInfomsg, make([]byte, 16),
			[]testAttr{{linux.IFLA_IFNAME, []byte("veth0\x00")}, {linux.IFLA_EXT_MASK, u32(0)}}},
		{"addr dump, all", appendAddrDumpRequest(nil, AddrFilter{}), linux.SizeofIfAddrmsg, make([]byte, 8), nil},
		{"addr dump, family and link; scope stays out", appendAddrDumpRequest(nil, AddrFilter{Family: FamilyInet6, Index: 3, Scope: &scope}),
			linux.SizeofIfAddrmsg, cat([]byte{linux.AF_INET6, 0, 0, 0}, u32(3)), nil},
		{"route dump, all", appendRouteDumpRequest(nil, RouteFilter{}), linux.SizeofRtMsg, make([]byte, 12), nil},
		{"route dump, main table, protocol, type, link; Dst stays out",
			appendRouteDumpRequest(nil, RouteFilter{Family: FamilyInet, Table: TableMain, Protocol: ProtoKernel, Type: RouteLocal, OutIndex: 3, Dst: &dst}),
			linux.SizeofRtMsg, cat([]byte{linux.AF_INET, 0, 0, 0, uint8(TableMain), uint8(ProtoKernel), 0, uint8(RouteLocal)}, u32(0)),
			[]testAttr{{linux.RTA_TABLE, u32(uint32(TableMain))}, {linux.RTA_OIF, u32(3)}}},
		{"route dump, table above 255", appendRouteDumpRequest(nil, RouteFilter{Family: FamilyInet6, Table: 1000}),
			linux.SizeofRtMsg, cat([]byte{linux.AF_INET6, 0, 0, 0, 0, 0, 0, 0}, u32(0)), []testAttr{{linux.RTA_TABLE, u32(1000)}}},
		{"route dump, the cache", appendRouteDumpRequest(nil, RouteFilter{Family: FamilyInet6, Cloned: true}),
			linux.SizeofRtMsg, cat([]byte{linux.AF_INET6, 0, 0, 0, 0, 0, 0, 0}, u32(linux.RTM_F_CLONED)), nil},
		{"neigh dump, all", appendNeighDumpRequest(nil, NeighFilter{}), linux.SizeofNdMsg, make([]byte, 12), nil},
		{"neigh dump, link in NDA_IFINDEX, state stays out", appendNeighDumpRequest(nil, NeighFilter{Family: FamilyInet, Index: 4, State: NeighStale}),
			linux.SizeofNdMsg, cat([]byte{linux.AF_INET}, make([]byte, 11)), []testAttr{{linux.NDA_IFINDEX, u32(4)}}},
		{"neigh dump, the proxy entries", appendNeighDumpRequest(nil, NeighFilter{Family: FamilyInet6, Proxy: true}),
			linux.SizeofNdMsg, []byte{linux.AF_INET6, 0, 0, 0, 0, 0, 0, 0, 0, 0, linux.NTF_PROXY, 0}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			hdr, attrs := splitPayload(t, tc.payload, tc.hdrLen)
			require.Equal(t, tc.wantHdr, hdr)
			require.Equal(t, len(tc.wantAttrs), len(attrs), "attributes %v", attrTypes(attrs))
			for i := range attrs {
				require.Equal(t, tc.wantAttrs[i].typ, attrs[i].typ)
				require.Equal(t, tc.wantAttrs[i].val, attrs[i].val)
			}
		})
	}
}

func TestCodecFilterMatch(t *testing.T) {
	pfx := netip.MustParsePrefix
	link, host := ScopeLink, ScopeHost
	a4 := Addr{Index: 3, Family: FamilyInet, Scope: ScopeLink}
	a6 := Addr{Index: 4, Family: FamilyInet6}
	other := Addr{Index: 3, Family: 24}
	addrTests := []struct {
		f    AddrFilter
		a    Addr
		want bool
	}{
		{AddrFilter{}, a4, true},
		{AddrFilter{}, a6, true},
		{AddrFilter{}, other, false},
		{AddrFilter{Family: FamilyInet}, a6, false},
		{AddrFilter{Family: FamilyInet6}, a6, true},
		{AddrFilter{Index: 3}, a4, true},
		{AddrFilter{Index: 3}, a6, false},
		{AddrFilter{Scope: &link}, a4, true},
		{AddrFilter{Scope: &host}, a4, false},
	}
	for i, tc := range addrTests {
		require.Equal(t, tc.want, tc.f.match(&tc.a), "addr case %d", i)
	}

	r := Route{Family: FamilyInet, Table: TableMain, Protocol: ProtoBoot, Type: RouteUnicast, Dst: pfx("10.1.0.0/16"), OutIndex: 3}
	mp := Route{Family: FamilyInet6, Table: 1000, Protocol: ProtoStatic, Type: RouteUnicast, Dst: pfx("2001:db8::/32"),
		NextHops: []NextHop{{OutIndex: 4}, {OutIndex: 5}}}
	ipmr := Route{Family: 128, Table: TableDefault}
	dst, loose, wrong := pfx("10.1.0.0/16"), pfx("10.1.2.3/16"), pfx("10.1.0.0/24")
	routeTests := []struct {
		f    RouteFilter
		r    Route
		want bool
	}{
		{RouteFilter{}, r, true},
		{RouteFilter{}, mp, true},
		{RouteFilter{}, ipmr, false},
		{RouteFilter{Family: 128}, ipmr, true},
		{RouteFilter{Family: FamilyInet}, mp, false},
		{RouteFilter{Table: TableMain}, r, true},
		{RouteFilter{Table: 1000}, r, false},
		{RouteFilter{Table: 1000}, mp, true},
		{RouteFilter{Protocol: ProtoStatic}, r, false},
		{RouteFilter{Protocol: ProtoStatic}, mp, true},
		{RouteFilter{Type: RouteBlackhole}, r, false},
		{RouteFilter{Type: RouteUnicast}, r, true},
		{RouteFilter{OutIndex: 3}, r, true},
		{RouteFilter{OutIndex: 5}, r, false},
		{RouteFilter{OutIndex: 5}, mp, true},
		{RouteFilter{Dst: &dst}, r, true},
		{RouteFilter{Dst: &loose}, r, true},
		{RouteFilter{Dst: &wrong}, r, false},
	}
	for i, tc := range routeTests {
		require.Equal(t, tc.want, tc.f.match(&tc.r), "route case %d", i)
	}

	n := Neighbor{Index: 3, Family: FamilyInet6, State: NeighStale}
	fdb := Neighbor{Index: 3, Family: FamilyBridge, State: NeighPermanent}
	neighTests := []struct {
		f    NeighFilter
		n    Neighbor
		want bool
	}{
		{NeighFilter{}, n, true},
		{NeighFilter{}, fdb, false},
		{NeighFilter{Family: FamilyBridge}, fdb, true},
		{NeighFilter{Family: FamilyInet}, n, false},
		{NeighFilter{Index: 3}, n, true},
		{NeighFilter{Index: 4}, n, false},
		{NeighFilter{State: NeighStale | NeighReachable}, n, true},
		{NeighFilter{State: NeighPermanent}, n, false},
		{NeighFilter{Proxy: true}, n, false},
		{NeighFilter{}, Neighbor{Index: 3, Family: FamilyInet, Flags: NeighProxy}, false},
		{NeighFilter{Proxy: true}, Neighbor{Index: 3, Family: FamilyInet, Flags: NeighProxy}, true},
	}
	for i, tc := range neighTests {
		require.Equal(t, tc.want, tc.f.match(&tc.n), "neigh case %d", i)
	}
}
