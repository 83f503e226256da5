package rtnlemu_test

import (
	"context"
	"net"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/netinfo"
)

// TestNetinfoLinkKindsOnMemory: Memory applies the link setters it can
// emulate, and answers ErrNotSupported for creating and deleting links
// and for moving one to a namespace, which it cannot.
func TestNetinfoLinkKindsOnMemory(t *testing.T) {
	mem := extFixture(t)
	h := openNetinfo(t, mem)
	ctx := context.Background()
	link := func(i int) netinfo.Link {
		l, err := h.LinkByIndex(ctx, i)
		require.NoError(t, err)
		return l
	}
	hw := net.HardwareAddr{2, 0, 0, 0, 0, 0x42}
	require.NoError(t, h.SetLinkHardwareAddr(ctx, 3, hw))
	require.Equal(t, hw, link(3).HardwareAddr)
	require.NoError(t, h.SetLinkTxQueueLen(ctx, 3, 321))
	require.EqualValues(t, 321, link(3).TxQueueLen)
	require.NoError(t, h.SetLinkGroup(ctx, 3, 7))
	require.EqualValues(t, 7, link(3).Group)
	require.NoError(t, h.SetLinkPromisc(ctx, 3, true))
	require.NotZero(t, link(3).Flags&netinfo.LinkPromisc)
	require.NoError(t, h.SetLinkARP(ctx, 3, false))
	require.NotZero(t, link(3).Flags&netinfo.LinkNoARP)
	require.NotZero(t, link(3).Flags&netinfo.LinkPromisc)
	require.NoError(t, h.SetLinkAllMulticast(ctx, 3, true))
	require.NotZero(t, link(3).Flags&netinfo.LinkAllMulti)

	require.ErrorIs(t, h.AddLink(ctx, netinfo.Link{Name: "d0", Kind: "dummy"}), netinfo.ErrNotSupported)
	require.ErrorIs(t, h.AddLink(ctx, netinfo.Link{Name: "t0", Info: &netinfo.Tuntap{Mode: netinfo.TuntapTap}}), netinfo.ErrNotSupported)
	require.ErrorIs(t, h.DelLink(ctx, 3), netinfo.ErrNotSupported)
	require.ErrorIs(t, h.SetLinkNetNS(ctx, 3, netinfo.NetNSPid(1)), netinfo.ErrNotSupported)
	require.ErrorIs(t, h.AddLink(ctx, netinfo.Link{Name: "v0", Info: &netinfo.Veth{PeerNetNS: netinfo.NetNSPid(1)}}), netinfo.ErrNotSupported)
}
