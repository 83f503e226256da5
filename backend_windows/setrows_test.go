package backend_windows

import (
	"net"
	"net/netip"
	"syscall"
	"testing"

	"github.com/jsimonetti/rtnetlink/v2"
	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/linux"
)

func TestUnicastRow(t *testing.T) {
	tests := []struct {
		name    string
		msg     rtnetlink.AddressMessage
		want    netip.Addr
		wantErr error
	}{
		{"IPv4 from IFA_LOCAL", rtnetlink.AddressMessage{Family: linux.AF_INET, PrefixLength: 24, Index: 3,
			Attributes: &rtnetlink.AddressAttributes{Local: net.IPv4(10, 0, 0, 1), Address: net.IPv4(10, 0, 0, 2)}}, netip.MustParseAddr("10.0.0.1"), nil},
		{"IPv6 from IFA_ADDRESS", rtnetlink.AddressMessage{Family: linux.AF_INET6, PrefixLength: 64, Index: 3,
			Attributes: &rtnetlink.AddressAttributes{Address: net.ParseIP("2001:db8::1")}}, netip.MustParseAddr("2001:db8::1"), nil},
		{"no attributes", rtnetlink.AddressMessage{Family: linux.AF_INET, Index: 3}, netip.Addr{}, syscall.EINVAL},
		{"no interface", rtnetlink.AddressMessage{Family: linux.AF_INET, Attributes: &rtnetlink.AddressAttributes{Local: net.IPv4(10, 0, 0, 1)}}, netip.Addr{}, syscall.EINVAL},
		{"family mismatch", rtnetlink.AddressMessage{Family: linux.AF_INET6, Index: 3, Attributes: &rtnetlink.AddressAttributes{Local: net.IPv4(10, 0, 0, 1)}}, netip.Addr{}, syscall.EINVAL},
		{"prefix too long", rtnetlink.AddressMessage{Family: linux.AF_INET, PrefixLength: 33, Index: 3, Attributes: &rtnetlink.AddressAttributes{Local: net.IPv4(10, 0, 0, 1)}}, netip.Addr{}, syscall.EINVAL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			row, err := unicastRow(&tt.msg)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, sockaddrAddr(&row.Address))
			require.Equal(t, tt.msg.Index, row.InterfaceIndex)
		})
	}
}

func TestForwardRow(t *testing.T) {
	tests := []struct {
		name    string
		msg     rtnetlink.RouteMessage
		dst     string
		nextHop string
		wantErr error
	}{
		{"IPv4 via gateway", rtnetlink.RouteMessage{Family: linux.AF_INET, DstLength: 24, Table: linux.RT_TABLE_MAIN, Type: linux.RTN_UNICAST,
			Attributes: rtnetlink.RouteAttributes{Dst: net.IPv4(192, 0, 2, 0), Gateway: net.IPv4(10, 0, 0, 1), OutIface: 3}}, "192.0.2.0/24", "10.0.0.1", nil},
		{"IPv4 default, on link", rtnetlink.RouteMessage{Family: linux.AF_INET, Attributes: rtnetlink.RouteAttributes{OutIface: 3}}, "0.0.0.0/0", "0.0.0.0", nil},
		{"IPv6 in RTA_TABLE main", rtnetlink.RouteMessage{Family: linux.AF_INET6, DstLength: 48, Attributes: rtnetlink.RouteAttributes{Dst: net.ParseIP("2001:db8::"), OutIface: 3, Table: linux.RT_TABLE_MAIN}}, "2001:db8::/48", "::", nil},
		{"unmasked destination is masked", rtnetlink.RouteMessage{Family: linux.AF_INET, DstLength: 8, Attributes: rtnetlink.RouteAttributes{Dst: net.IPv4(10, 1, 2, 3), OutIface: 3}}, "10.0.0.0/8", "0.0.0.0", nil},
		{"another table", rtnetlink.RouteMessage{Family: linux.AF_INET, Table: 100, Attributes: rtnetlink.RouteAttributes{OutIface: 3}}, "", "", syscall.EOPNOTSUPP},
		{"another table in RTA_TABLE", rtnetlink.RouteMessage{Family: linux.AF_INET, Table: 252, Attributes: rtnetlink.RouteAttributes{Table: 1000, OutIface: 3}}, "", "", syscall.EOPNOTSUPP},
		{"blackhole", rtnetlink.RouteMessage{Family: linux.AF_INET, Type: 6, Attributes: rtnetlink.RouteAttributes{OutIface: 3}}, "", "", syscall.EOPNOTSUPP},
		{"multipath", rtnetlink.RouteMessage{Family: linux.AF_INET, Attributes: rtnetlink.RouteAttributes{OutIface: 3, Multipath: []rtnetlink.NextHop{{}}}}, "", "", syscall.EOPNOTSUPP},
		{"source-specific", rtnetlink.RouteMessage{Family: linux.AF_INET6, SrcLength: 64, Attributes: rtnetlink.RouteAttributes{OutIface: 3}}, "", "", syscall.EOPNOTSUPP},
		{"no interface", rtnetlink.RouteMessage{Family: linux.AF_INET, Attributes: rtnetlink.RouteAttributes{Gateway: net.IPv4(10, 0, 0, 1)}}, "", "", syscall.ENODEV},
		{"bad family", rtnetlink.RouteMessage{Family: 7, Attributes: rtnetlink.RouteAttributes{OutIface: 3}}, "", "", syscall.EAFNOSUPPORT},
		{"prefix too long", rtnetlink.RouteMessage{Family: linux.AF_INET, DstLength: 40, Attributes: rtnetlink.RouteAttributes{OutIface: 3}}, "", "", syscall.EINVAL},
		{"gateway of the other family", rtnetlink.RouteMessage{Family: linux.AF_INET, Attributes: rtnetlink.RouteAttributes{OutIface: 3, Gateway: net.ParseIP("fe80::1")}}, "", "", syscall.EINVAL},
		{"destination of the other family", rtnetlink.RouteMessage{Family: linux.AF_INET6, DstLength: 8, Attributes: rtnetlink.RouteAttributes{OutIface: 3, Dst: net.IPv4(10, 0, 0, 0)}}, "", "", syscall.EINVAL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			row, err := forwardRow(&tt.msg)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			got := routeRowFrom(row)
			require.Equal(t, tt.dst, got.Dst.String())
			require.Equal(t, tt.nextHop, got.NextHop.String())
			require.Equal(t, uint32(3), got.Index)
		})
	}
}

func TestNetRow(t *testing.T) {
	row, err := netRow(&rtnetlink.NeighMessage{Family: linux.AF_INET, Index: 4, Attributes: &rtnetlink.NeighAttributes{Address: net.IPv4(10, 0, 0, 9)}})
	require.NoError(t, err)
	require.Equal(t, "10.0.0.9", sockaddrAddr(&row.Address).String())
	require.Equal(t, uint32(4), row.InterfaceIndex)

	for _, msg := range []rtnetlink.NeighMessage{
		{Family: linux.AF_INET, Index: 4},
		{Family: linux.AF_INET, Attributes: &rtnetlink.NeighAttributes{Address: net.IPv4(10, 0, 0, 9)}},
		{Family: linux.AF_INET6, Index: 4, Attributes: &rtnetlink.NeighAttributes{Address: net.IPv4(10, 0, 0, 9)}},
		{Family: linux.AF_INET, Index: 4, Attributes: &rtnetlink.NeighAttributes{Address: net.IP{1, 2, 3}}},
	} {
		_, err := netRow(&msg)
		require.ErrorIs(t, err, syscall.EINVAL, "%+v", msg)
	}
}

// TestNetRowState: Windows has no entry in no state (ip neigh ... nud
// none); PERMANENT stays, other states are reachable.
func TestNetRowState(t *testing.T) {
	_, err := netRowState(linux.NUD_NONE)
	require.ErrorIs(t, err, syscall.EOPNOTSUPP)
	for st, want := range map[uint16]uint32{linux.NUD_PERMANENT: nlnsPermanent, linux.NUD_PERMANENT | linux.NUD_NOARP: nlnsPermanent,
		linux.NUD_STALE: nlnsReachable, linux.NUD_INCOMPLETE: nlnsReachable} {
		got, err := netRowState(st)
		require.NoError(t, err)
		require.Equal(t, want, got, "state %#x", st)
	}
}
