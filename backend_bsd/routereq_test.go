package backend_bsd

import (
	"net"
	"net/netip"
	"syscall"
	"testing"

	"github.com/jsimonetti/rtnetlink/v2"
	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/linux"
)

func TestRouteRequestRoundTrip(t *testing.T) {
	tests := []struct {
		name    string
		msg     rtnetlink.RouteMessage
		typ     msgKind
		wantDst string
		wantGw  string
		wantIdx uint32
		wantTyp uint8
		table   uint32
	}{
		{
			name: "ipv4 via gateway",
			msg: rtnetlink.RouteMessage{Family: 2, DstLength: 24, Table: 254, Type: linux.RTN_UNICAST,
				Attributes: rtnetlink.RouteAttributes{Dst: net.ParseIP("10.1.2.0").To4(), Gateway: net.ParseIP("192.0.2.1").To4()}},
			typ: msgAdd, wantDst: "10.1.2.0/24", wantGw: "192.0.2.1", wantTyp: linux.RTN_UNICAST, table: 254,
		},
		{
			name: "ipv4 default",
			msg: rtnetlink.RouteMessage{Family: 2, Type: linux.RTN_UNICAST,
				Attributes: rtnetlink.RouteAttributes{Gateway: net.ParseIP("192.0.2.1").To4(), OutIface: 3}},
			typ: msgChange, wantDst: "0.0.0.0/0", wantGw: "192.0.2.1", wantIdx: 3, wantTyp: linux.RTN_UNICAST, table: 254,
		},
		{
			name: "interface route",
			msg: rtnetlink.RouteMessage{Family: 2, DstLength: 16, Type: linux.RTN_UNICAST,
				Attributes: rtnetlink.RouteAttributes{Dst: net.ParseIP("10.9.0.0").To4(), OutIface: 4}},
			typ: msgAdd, wantDst: "10.9.0.0/16", wantIdx: 4, wantTyp: linux.RTN_UNICAST, table: 254,
		},
		{
			name: "ipv6 host route via link-local gateway",
			msg: rtnetlink.RouteMessage{Family: 10, DstLength: 128, Type: linux.RTN_UNICAST,
				Attributes: rtnetlink.RouteAttributes{Dst: net.ParseIP("2001:db8::7"), Gateway: net.ParseIP("fe80::1"), OutIface: 5}},
			typ: msgAdd, wantDst: "2001:db8::7/128", wantGw: "fe80::1", wantIdx: 5, wantTyp: linux.RTN_UNICAST, table: 254,
		},
		{
			name: "blackhole gets the loopback gateway",
			msg: rtnetlink.RouteMessage{Family: 2, DstLength: 15, Type: linux.RTN_BLACKHOLE,
				Attributes: rtnetlink.RouteAttributes{Dst: net.ParseIP("198.18.0.0").To4()}},
			typ: msgAdd, wantDst: "198.18.0.0/15", wantTyp: linux.RTN_BLACKHOLE, table: 254,
		},
		{
			name: "delete needs only the destination",
			msg: rtnetlink.RouteMessage{Family: 10, DstLength: 64,
				Attributes: rtnetlink.RouteAttributes{Dst: net.ParseIP("2001:db8:1::")}},
			typ: msgDelete, wantDst: "2001:db8:1::/64", wantTyp: linux.RTN_UNICAST, table: 254,
		},
	}
	for _, o := range allOS() {
		for _, tt := range tests {
			t.Run(o.String()+"/"+tt.name, func(t *testing.T) {
				l := layoutFor(o, 8)
				r, err := l.RouteRequestFromRTNL(&tt.msg, tt.typ)
				require.NoError(t, err)
				r.Seq, r.Pid = 9, 1234
				b, err := l.MarshalRouteRequest(r)
				require.NoError(t, err)
				require.Equal(t, len(b), int(u16(b, 0)), "rtm_msglen")
				m := parseOne(t, l, b)
				require.Equal(t, tt.typ, m.Type)
				require.Equal(t, int32(9), m.Route.Seq)
				require.Equal(t, int32(1234), m.Route.Pid)
				require.NotZero(t, m.Route.Flags&routeStatic)
				rm, ok := l.Route(m.Route, 0)
				require.True(t, ok)
				dst := netip.IPv4Unspecified()
				if rm.Family == linux.AF_INET6 {
					dst = netip.IPv6Unspecified()
				}
				if rm.Attributes.Dst != nil {
					dst, _ = netip.AddrFromSlice(rm.Attributes.Dst)
				}
				require.Equal(t, tt.wantDst, netip.PrefixFrom(dst, int(rm.DstLength)).String())
				require.Equal(t, tt.wantGw, ipString(rm.Attributes.Gateway))
				require.Equal(t, tt.wantIdx, rm.Attributes.OutIface)
				require.Equal(t, tt.wantTyp, rm.Type)
				require.Equal(t, tt.table, rm.Attributes.Table)
				if tt.wantTyp == linux.RTN_BLACKHOLE {
					require.Equal(t, "127.0.0.1", r.Gateway.String(), "BSD wants a gateway on the wire")
				}
			})
		}
	}
}

func TestRouteRequestLinkLocalGatewayIsEmbedded(t *testing.T) {
	// route(8) on KAME-derived systems writes the zone into bytes 2-3.
	l := layoutFor(osFreeBSD, 8)
	r, err := l.RouteRequestFromRTNL(&rtnetlink.RouteMessage{Family: 10, Type: linux.RTN_UNICAST,
		Attributes: rtnetlink.RouteAttributes{Gateway: net.ParseIP("fe80::1"), OutIface: 0x0102}}, msgAdd)
	require.NoError(t, err)
	b, err := l.MarshalRouteRequest(r)
	require.NoError(t, err)
	gw := b[152+32 : 152+32+28] // after rt_msghdr and the 28-byte RTA_DST rounded to 32
	require.Equal(t, byte(28), gw[0])
	require.Equal(t, []byte{0xfe, 0x80, 0x01, 0x02}, gw[8:12])
}

func TestOpenBSDRouteRequestHeader(t *testing.T) {
	l := layoutFor(osOpenBSD, 8)
	r, err := l.RouteRequestFromRTNL(&rtnetlink.RouteMessage{Family: 2, DstLength: 8, Type: linux.RTN_UNICAST,
		Attributes: rtnetlink.RouteAttributes{Dst: net.IP{10, 0, 0, 0}, Gateway: net.IP{192, 0, 2, 1}, Table: 3, Priority: 8}}, msgAdd)
	require.NoError(t, err)
	b, err := l.MarshalRouteRequest(r)
	require.NoError(t, err)
	require.Equal(t, uint16(96), u16(b, 4), "rtm_hdrlen")
	require.Equal(t, uint16(3), u16(b, 8), "rtm_tableid")
	require.Equal(t, byte(8), b[10], "rtm_priority")
	m := parseOne(t, l, b)
	require.Equal(t, uint32(3), m.Route.Table)
}

func TestRouteRequestErrors(t *testing.T) {
	tests := []struct {
		name string
		o    osKind
		msg  rtnetlink.RouteMessage
		typ  msgKind
		want error
	}{
		{"unknown family", osFreeBSD, rtnetlink.RouteMessage{Family: 7}, msgAdd, syscall.EAFNOSUPPORT},
		{"prefix too long", osFreeBSD, rtnetlink.RouteMessage{Family: 2, DstLength: 33}, msgAdd, syscall.EINVAL},
		{"source routing", osFreeBSD, rtnetlink.RouteMessage{Family: 2, SrcLength: 8}, msgAdd, syscall.EOPNOTSUPP},
		{"multipath", osFreeBSD, rtnetlink.RouteMessage{Family: 2, Attributes: rtnetlink.RouteAttributes{Multipath: []rtnetlink.NextHop{{}}}}, msgAdd, syscall.EOPNOTSUPP},
		{"table on a kernel without FIBs", osDarwin, rtnetlink.RouteMessage{Family: 2, Table: 5, Attributes: rtnetlink.RouteAttributes{OutIface: 1}}, msgAdd, syscall.EOPNOTSUPP},
		{"local type", osFreeBSD, rtnetlink.RouteMessage{Family: 2, Type: linux.RTN_LOCAL, Attributes: rtnetlink.RouteAttributes{OutIface: 1}}, msgAdd, syscall.EOPNOTSUPP},
		{"no gateway and no interface", osFreeBSD, rtnetlink.RouteMessage{Family: 2, Type: linux.RTN_UNICAST}, msgAdd, syscall.EINVAL},
		{"gateway of another family", osFreeBSD, rtnetlink.RouteMessage{Family: 2, Attributes: rtnetlink.RouteAttributes{Gateway: net.ParseIP("2001:db8::1")}}, msgAdd, syscall.EOPNOTSUPP},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := layoutFor(tt.o, 8).RouteRequestFromRTNL(&tt.msg, tt.typ)
			require.ErrorIs(t, err, tt.want)
		})
	}
	_, err := layoutFor(osFreeBSD, 8).MarshalRouteRequest(routeRequest{Type: msgIfInfo, Dst: netip.MustParsePrefix("10.0.0.0/8")})
	require.ErrorIs(t, err, syscall.EINVAL)
}
