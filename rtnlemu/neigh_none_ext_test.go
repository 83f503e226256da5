package rtnlemu_test

import (
	"context"
	"net/netip"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/netinfo"
)

// TestNetinfoNeighborStateNone: netinfo.NeighExplicitNone leaves an
// entry in no state and without its link-layer address, as the kernel
// does for ip neigh add|change ... nud none; a managed entry (an
// extended flag no Source keeps) is refused, not added unmanaged.
func TestNetinfoNeighborStateNone(t *testing.T) {
	h := openNetinfo(t, extFixture(t))
	ctx := context.Background()
	mac := []byte{2, 0, 0x5e, 0, 0, 0x77}
	get := func(ip string) netinfo.Neighbor {
		one, err := h.GetNeighbor(ctx, netinfo.Neighbor{Index: 3, IP: netip.MustParseAddr(ip)})
		require.NoError(t, err)
		return one
	}
	n := netinfo.Neighbor{Index: 3, IP: netip.MustParseAddr("10.2.0.77"), HardwareAddr: mac, State: netinfo.NeighExplicitNone}
	require.NoError(t, h.AddNeighbor(ctx, n))
	got := get("10.2.0.77")
	require.Equal(t, netinfo.NeighNone, got.State)
	require.Nil(t, got.HardwareAddr)

	// An entry that had an address, changed to none, shows none.
	n.IP, n.State = netip.MustParseAddr("10.2.0.78"), netinfo.NeighStale
	require.NoError(t, h.AddNeighbor(ctx, n))
	require.Equal(t, mac, []byte(get("10.2.0.78").HardwareAddr))
	n.State, n.HardwareAddr = netinfo.NeighExplicitNone, nil
	require.NoError(t, h.ChangeNeighbor(ctx, n))
	got = get("10.2.0.78")
	require.Equal(t, netinfo.NeighNone, got.State)
	require.Nil(t, got.HardwareAddr)

	nones, err := h.Neighbors(ctx, netinfo.NeighFilter{Index: 3, State: netinfo.NeighExplicitNone})
	require.NoError(t, err)
	require.Len(t, nones, 2)

	m := netinfo.Neighbor{Index: 3, IP: netip.MustParseAddr("10.2.0.79"), HardwareAddr: mac, Flags: netinfo.NeighManaged}
	err = h.AddNeighbor(ctx, m)
	require.ErrorIs(t, err, syscall.EOPNOTSUPP)
	require.ErrorIs(t, err, netinfo.ErrNotSupported)
	_, err = h.GetNeighbor(ctx, netinfo.Neighbor{Index: 3, IP: m.IP})
	require.ErrorIs(t, err, netinfo.ErrNotFound)
}
