package netinfo_test

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/netinfo"
)

// TestChangeNeighbor: change updates an entry in place and, unlike
// replace, never creates one; get reads the one entry back. The cache
// info of what it changed is read too.
func TestChangeNeighbor(t *testing.T) {
	ns, fx, h := openNS(t)
	ctx := testContext(t)
	veth0 := linkIndex(fx, "veth0")
	n := netinfo.Neighbor{Index: veth0, IP: netip.MustParseAddr("10.1.0.78"), HardwareAddr: []byte{2, 0, 0x5e, 0, 0, 0x78}, State: netinfo.NeighStale}
	require.ErrorIs(t, h.ChangeNeighbor(ctx, n), netinfo.ErrNotFound)
	require.NotContains(t, ns.IP(t, "neigh", "show", "dev", "veth0"), "10.1.0.78")
	require.NoError(t, h.AddNeighbor(ctx, n))
	n.HardwareAddr, n.State = []byte{2, 0, 0x5e, 0, 0, 0x79}, netinfo.NeighReachable
	require.NoError(t, h.ChangeNeighbor(ctx, n))
	require.Contains(t, ns.IP(t, "neigh", "show", "dev", "veth0"), "10.1.0.78 lladdr 02:00:5e:00:00:79 REACHABLE")
	one, err := h.GetNeighbor(ctx, netinfo.Neighbor{Index: veth0, IP: n.IP})
	require.NoError(t, err)
	require.Equal(t, n.HardwareAddr, one.HardwareAddr)
	require.Equal(t, netinfo.NeighReachable, one.State)
	_, err = h.GetNeighbor(ctx, netinfo.Neighbor{Index: veth0, IP: netip.MustParseAddr("10.1.0.79")})
	require.ErrorIs(t, err, netinfo.ErrNotFound)
	got, err := h.Neighbors(ctx, netinfo.NeighFilter{Index: veth0, Family: netinfo.FamilyInet})
	require.NoError(t, err)
	for _, g := range got {
		if g.IP == n.IP {
			require.NotNil(t, g.CacheInfo, "a cache entry comes with NDA_CACHEINFO")
			require.Equal(t, uint32(1), g.CacheInfo.RefCount, "its reachable timer holds it")
			return
		}
	}
	t.Fatalf("10.1.0.78 is not listed: %v", got)
}
