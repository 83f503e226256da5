package netinfo_test

import (
	"net/netip"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/netinfo"
)

// TestNeighborExplicitNoneAndManaged: against the kernel, an unset state
// adds a PERMANENT entry, NeighExplicitNone one in no state without its
// link-layer address (as ip neigh add ... nud none), and NeighManaged a
// managed entry (NDA_FLAGS_EXT) that reads back managed; a permanent
// managed entry is the kernel's EINVAL.
func TestNeighborExplicitNoneAndManaged(t *testing.T) {
	ns, fx, h := openNS(t)
	ctx := testContext(t)
	veth0 := linkIndex(fx, "veth0")
	mac := []byte{2, 0, 0x5e, 0, 0, 0x60}
	add := func(ip string, st netinfo.NeighState, f netinfo.NeighFlags) error {
		return h.AddNeighbor(ctx, netinfo.Neighbor{Index: veth0, IP: netip.MustParseAddr(ip), HardwareAddr: mac, State: st, Flags: f})
	}
	require.NoError(t, add("10.1.0.60", 0, 0))
	require.NoError(t, add("10.1.0.61", netinfo.NeighExplicitNone, 0))
	require.NoError(t, add("10.1.0.62", 0, netinfo.NeighManaged))
	require.ErrorIs(t, add("10.1.0.63", netinfo.NeighPermanent, netinfo.NeighManaged), syscall.EINVAL)
	require.ErrorIs(t, add("10.1.0.64", netinfo.NeighExplicitNone|netinfo.NeighStale, 0), syscall.EINVAL)
	out := ns.IP(t, "neigh", "show", "nud", "all", "dev", "veth0")
	require.Contains(t, out, "10.1.0.60 lladdr 02:00:5e:00:00:60 PERMANENT")
	require.Contains(t, out, "10.1.0.61 \n")
	require.Contains(t, out, "10.1.0.62 managed")
	require.NotContains(t, out, "10.1.0.63")

	got, err := h.Neighbors(ctx, netinfo.NeighFilter{Index: veth0, Family: netinfo.FamilyInet, State: netinfo.NeighExplicitNone})
	require.NoError(t, err)
	var none []string
	for _, g := range got {
		none = append(none, g.IP.String())
		if g.IP.String() == "10.1.0.61" {
			require.Equal(t, netinfo.NeighNone, g.State)
			require.Nil(t, g.HardwareAddr)
		}
	}
	require.Contains(t, none, "10.1.0.61")
	all, err := h.Neighbors(ctx, netinfo.NeighFilter{Index: veth0, Family: netinfo.FamilyInet})
	require.NoError(t, err)
	for _, g := range all {
		if g.IP.String() == "10.1.0.62" {
			require.NotZero(t, g.Flags&netinfo.NeighManaged, "managed reads back: %v", g.Flags)
			return
		}
	}
	t.Fatalf("10.1.0.62 is not listed: %v", all)
}
