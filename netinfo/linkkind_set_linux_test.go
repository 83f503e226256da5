//go:build linux

package netinfo_test

import (
	"fmt"
	"net"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/nstest"
	"github.com/rtnlx/rtnlx/netinfo"
)

// TestLinkSetters round-trips each setter with ip -j link in a
// namespace, and checks that bad input is refused with EINVAL.
func TestLinkSetters(t *testing.T) {
	ns, h := emptyNS(t)
	ctx := testContext(t)
	require.NoError(t, h.AddLink(ctx, netinfo.Link{Name: "sk0", Info: &netinfo.Veth{PeerName: "sk1"}}))
	require.NoError(t, h.AddLink(ctx, netinfo.Link{Name: "skbr", Kind: "bridge"}))
	l, err := h.LinkByName(ctx, "sk0")
	require.NoError(t, err)
	br, err := h.LinkByName(ctx, "skbr")
	require.NoError(t, err)
	idx := l.Index

	hw := net.HardwareAddr{0x02, 0x11, 0x22, 0x33, 0x44, 0x55}
	require.NoError(t, h.SetLinkHardwareAddr(ctx, idx, hw))
	require.Equal(t, hw.String(), ipLink(t, ns, "sk0")["address"])

	require.NoError(t, h.SetLinkMaster(ctx, idx, br.Index))
	require.Equal(t, "skbr", ipLink(t, ns, "sk0")["master"])
	require.NoError(t, h.SetLinkNoMaster(ctx, idx))
	require.NotContains(t, ipLink(t, ns, "sk0"), "master")

	require.NoError(t, h.SetLinkTxQueueLen(ctx, idx, 123))
	require.EqualValues(t, 123, ipLink(t, ns, "sk0")["txqlen"])

	require.NoError(t, h.SetLinkGroup(ctx, idx, 9))
	require.EqualValues(t, "9", ipLink(t, ns, "sk0")["group"])
	require.NoError(t, h.SetLinkGroup(ctx, idx, 0))
	require.Equal(t, "default", ipLink(t, ns, "sk0")["group"])

	flags := func() []any { return ipLink(t, ns, "sk0")["flags"].([]any) }
	require.NoError(t, h.SetLinkPromisc(ctx, idx, true))
	require.Contains(t, flags(), "PROMISC")
	require.NoError(t, h.SetLinkAllMulticast(ctx, idx, true))
	require.Contains(t, flags(), "ALLMULTI")
	require.NoError(t, h.SetLinkARP(ctx, idx, false))
	require.Contains(t, flags(), "NOARP")
	require.Contains(t, flags(), "PROMISC", "one flag's setter leaves the others")
	require.NoError(t, h.SetLinkPromisc(ctx, idx, false))
	require.NoError(t, h.SetLinkAllMulticast(ctx, idx, false))
	require.NoError(t, h.SetLinkARP(ctx, idx, true))
	require.NotContains(t, flags(), "PROMISC")
	require.NotContains(t, flags(), "ALLMULTI")
	require.NotContains(t, flags(), "NOARP")

	// The record says the same.
	got, err := h.LinkByIndex(ctx, idx)
	require.NoError(t, err)
	require.Equal(t, hw, got.HardwareAddr)
	require.EqualValues(t, 123, got.TxQueueLen)

	t.Run("netns", func(t *testing.T) {
		for name, to := range map[string]func(*nstest.NS) *netinfo.NetNS{
			"path": func(o *nstest.NS) *netinfo.NetNS { return netinfo.NetNSPath(o.Path) },
			"fd":   func(o *nstest.NS) *netinfo.NetNS { return netinfo.NetNSFd(int(openFile(t, o.Path).Fd())) },
			"pid": func(o *nstest.NS) *netinfo.NetNS {
				cmd := o.Command(ctx, "sleep", "60")
				require.NoError(t, cmd.Start())
				t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
				// ip netns exec enters the namespace, then execs sleep
				// under the same pid: wait until it is in.
				want, err := os.Stat(o.Path)
				require.NoError(t, err)
				require.Eventually(t, func() bool {
					got, err := os.Stat(fmt.Sprintf("/proc/%d/ns/net", cmd.Process.Pid))
					return err == nil && os.SameFile(got, want)
				}, 10*time.Second, 10*time.Millisecond)
				return netinfo.NetNSPid(cmd.Process.Pid)
			},
		} {
			t.Run(name, func(t *testing.T) {
				other := nstest.New(t, "rtnk")
				require.NoError(t, h.AddLink(ctx, netinfo.Link{Name: "skm", Kind: "ifb"}))
				m, err := h.LinkByName(ctx, "skm")
				require.NoError(t, err)
				require.NoError(t, h.SetLinkNetNS(ctx, m.Index, to(other)))
				require.Equal(t, "ifb", ipLink(t, other, "skm")["linkinfo"].(map[string]any)["info_kind"])
				_, err = h.LinkByName(ctx, "skm")
				require.ErrorIs(t, err, netinfo.ErrNotFound)
			})
		}
	})

	t.Run("invalid", func(t *testing.T) {
		for name, err := range map[string]error{
			"empty address":  h.SetLinkHardwareAddr(ctx, idx, nil),
			"long address":   h.SetLinkHardwareAddr(ctx, idx, make(net.HardwareAddr, 33)),
			"short address":  h.SetLinkHardwareAddr(ctx, idx, net.HardwareAddr{1, 2}), // the kernel's EINVAL
			"master 0":       h.SetLinkMaster(ctx, idx, 0),
			"own master":     h.SetLinkMaster(ctx, idx, idx),
			"txqlen":         h.SetLinkTxQueueLen(ctx, idx, 1<<31),
			"netns nil":      h.SetLinkNetNS(ctx, idx, nil),
			"netns empty":    h.SetLinkNetNS(ctx, idx, netinfo.NetNSPath("")),
			"netns fd":       h.SetLinkNetNS(ctx, idx, netinfo.NetNSFd(-1)),
			"netns pid":      h.SetLinkNetNS(ctx, idx, netinfo.NetNSPid(0)),
			"netns not a ns": h.SetLinkNetNS(ctx, idx, netinfo.NetNSFd(int(openFile(t, "/dev/null").Fd()))),
		} {
			require.ErrorIs(t, err, syscall.EINVAL, name)
		}
		require.ErrorIs(t, h.SetLinkGroup(ctx, 0, 1), netinfo.ErrNotFound)
		require.ErrorIs(t, h.SetLinkPromisc(ctx, 9999, true), netinfo.ErrNotFound)
		// Nothing changed.
		got, err := h.LinkByIndex(ctx, idx)
		require.NoError(t, err)
		require.Equal(t, hw, got.HardwareAddr)
		require.Zero(t, got.MasterIndex)
	})
}
