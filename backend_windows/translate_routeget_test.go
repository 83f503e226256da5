package backend_windows

import (
	"errors"
	"net/netip"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/rtnlemu"
)

// TestRouteLookupFrom translates GetBestRoute2 answers (a forwarding row
// and the best source address, as Windows fills them) over the machine
// of translate_test.go into the lookups Linux would answer.
func TestRouteLookupFrom(t *testing.T) {
	tests := []struct {
		name    string
		dst     string
		row     routeRow
		src     string
		wantDst string
		gw      string
		oif     uint32
		wantSrc string
		typ     uint8
		table   uint8
		metric  uint32
	}{{
		name: "default route", dst: "8.8.8.8",
		row: routeRow{Index: 7, Dst: netip.MustParsePrefix("0.0.0.0/0"), NextHop: netip.MustParseAddr("192.168.1.1"), Protocol: mibIPProtoNetMgmt, Origin: nlroDHCP},
		src: "192.168.1.20", wantDst: "0.0.0.0/0", gw: "192.168.1.1", oif: 7, wantSrc: "192.168.1.20",
		typ: linux.RTN_UNICAST, table: linux.RT_TABLE_MAIN, metric: 25,
	}, {
		name: "on-link subnet", dst: "192.168.1.77",
		row: routeRow{Index: 7, Dst: netip.MustParsePrefix("192.168.1.0/24"), NextHop: netip.IPv4Unspecified(), Metric: 256, Protocol: mibIPProtoLocal, Origin: nlroWellKnown},
		src: "192.168.1.20", wantDst: "192.168.1.0/24", oif: 7, wantSrc: "192.168.1.20",
		typ: linux.RTN_UNICAST, table: linux.RT_TABLE_MAIN, metric: 281,
	}, {
		name: "own address", dst: "192.168.1.20",
		row: routeRow{Index: 7, Dst: netip.MustParsePrefix("192.168.1.20/32"), NextHop: netip.IPv4Unspecified(), Metric: 256, Protocol: mibIPProtoLocal, Origin: nlroWellKnown},
		src: "192.168.1.20", wantDst: "192.168.1.20/32", oif: 7, wantSrc: "192.168.1.20",
		typ: linux.RTN_LOCAL, table: linux.RT_TABLE_LOCAL, metric: 281,
	}, {
		name: "ipv6 via a link-local router", dst: "2001:4860::8888",
		row: routeRow{Index: 7, Dst: netip.MustParsePrefix("::/0"), NextHop: netip.MustParseAddr("fe80::9").WithZone("7"), Metric: 0, Protocol: mibIPProtoNetMgmt, Origin: nlroRouterAdvertisement},
		src: "2001:db8::20", wantDst: "::/0", gw: "fe80::9", oif: 7, wantSrc: "2001:db8::20",
		typ: linux.RTN_UNICAST, table: linux.RT_TABLE_MAIN, metric: 30,
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			row := rawForwardRow2{InterfaceIndex: tc.row.Index, Metric: tc.row.Metric, Protocol: tc.row.Protocol, Origin: tc.row.Origin}
			row.DestinationPrefix.Prefix = sockaddrFrom(tc.row.Dst.Addr())
			row.DestinationPrefix.PrefixLength = uint8(tc.row.Dst.Bits())
			row.NextHop = sockaddrFrom(tc.row.NextHop)
			src := sockaddrFrom(netip.MustParseAddr(tc.src))
			q := &rtnlemu.RouteQuery{Dst: netip.MustParseAddr(tc.dst)}
			res, err := routeLookupFrom(machine(), &row, &src, q)
			require.NoError(t, err)
			want := netip.MustParsePrefix(tc.wantDst)
			require.Equal(t, uint8(want.Bits()), res.Route.DstLength)
			require.Equal(t, tc.oif, res.OIF)
			if tc.gw != "" {
				require.Equal(t, netip.MustParseAddr(tc.gw), res.Gateway)
			} else {
				require.False(t, res.Gateway.IsValid())
			}
			require.Equal(t, netip.MustParseAddr(tc.wantSrc), res.Src)
			require.Equal(t, tc.typ, res.Route.Type)
			require.Equal(t, tc.table, res.Route.Table)
			require.Equal(t, tc.metric, res.Route.Attributes.Priority)
			require.Equal(t, tc.typ == linux.RTN_LOCAL, res.Local)
		})
	}
}

func TestRouteGetErr(t *testing.T) {
	require.ErrorIs(t, routeGetErr(errorNotSupported), errors.ErrUnsupported)
	require.ErrorIs(t, routeGetErr(errorNotFound), syscall.ENETUNREACH)
	require.ErrorIs(t, routeGetErr(errorNetworkUnreachable), syscall.ENETUNREACH)
	require.ErrorIs(t, routeGetErr(errorHostUnreachable), syscall.ENETUNREACH)
	require.ErrorIs(t, routeGetErr(errorInvalidParameter), syscall.EINVAL)
}
