//go:build linux

package netinfo_test

import (
	"errors"
	"net"
	"net/netip"
	"os"
	"os/user"
	"strconv"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/nstest"
	"github.com/rtnlx/rtnlx/netinfo"
)

// emptyNS opens a handle on a fresh namespace holding only lo.
func emptyNS(t *testing.T) (*nstest.NS, *netinfo.Handle) {
	t.Helper()
	ns := nstest.New(t, "rtnk")
	h, err := netinfo.Open(netinfo.WithNetNS(ns.Path))
	require.NoError(t, err)
	t.Cleanup(func() { h.Close() })
	return ns, h
}

// ipLink is `ip -j -d link show dev NAME` in ns, its one object.
func ipLink(t *testing.T, ns *nstest.NS, name string) map[string]any {
	t.Helper()
	objs := ns.IPJSON(t, "-d", "link", "show", "dev", name)
	require.Len(t, objs, 1)
	return objs[0]
}

// infoData is the linkinfo.info_data (or info_slave_data) object of an
// `ip -j -d link` object.
func infoData(t *testing.T, obj map[string]any, key string) map[string]any {
	t.Helper()
	li, ok := obj["linkinfo"].(map[string]any)
	require.True(t, ok, "no linkinfo in %v", obj)
	d, ok := li[key].(map[string]any)
	require.True(t, ok, "no %s in %v", key, li)
	return d
}

// TestAddLinkKernelKinds creates each kind this kernel has and checks
// the result with ip -j -d, then its decoded details against the same
// output, then deletes it.
func TestAddLinkKernelKinds(t *testing.T) {
	ns, h := emptyNS(t)
	ctx := testContext(t)

	t.Run("veth", func(t *testing.T) {
		hw := net.HardwareAddr{0x02, 0, 0, 0, 0xaa, 1}
		peerHW := net.HardwareAddr{0x02, 0, 0, 0, 0xaa, 2}
		require.NoError(t, h.AddLink(ctx, netinfo.Link{
			Name: "vk0", HardwareAddr: hw, MTU: 1400, TxQueueLen: 77, Flags: netinfo.LinkUp,
			Info: &netinfo.Veth{PeerName: "vk1", PeerHardwareAddr: peerHW},
		}))
		obj := ipLink(t, ns, "vk0")
		require.Equal(t, "vk1", obj["link"])
		require.Equal(t, hw.String(), obj["address"])
		require.EqualValues(t, 1400, obj["mtu"])
		require.EqualValues(t, 77, obj["txqlen"])
		require.Contains(t, obj["flags"], "UP")
		require.Equal(t, "veth", obj["linkinfo"].(map[string]any)["info_kind"])
		require.Equal(t, peerHW.String(), ipLink(t, ns, "vk1")["address"])

		l, err := h.LinkByName(ctx, "vk0")
		require.NoError(t, err)
		peer, err := h.LinkByName(ctx, "vk1")
		require.NoError(t, err)
		require.Equal(t, "veth", l.Kind)
		require.Equal(t, peer.Index, l.ParentIndex)

		require.NoError(t, h.DelLink(ctx, l.Index))
		_, err = h.LinkByName(ctx, "vk1")
		require.ErrorIs(t, err, netinfo.ErrNotFound, "deleting one end deletes the pair")
		require.ErrorIs(t, h.DelLink(ctx, l.Index), netinfo.ErrNotFound)
	})

	t.Run("veth peer in another namespace", func(t *testing.T) {
		other := nstest.New(t, "rtnk")
		require.NoError(t, h.AddLink(ctx, netinfo.Link{
			Name: "vk2", Info: &netinfo.Veth{PeerName: "vk3", PeerNetNS: netinfo.NetNSPath(other.Path)},
		}))
		require.Equal(t, "veth", ipLink(t, other, "vk3")["linkinfo"].(map[string]any)["info_kind"])
		_, err := ns.TryIP("link", "show", "dev", "vk3")
		require.Error(t, err, "the peer is not in the first namespace")
		l, err := h.LinkByName(ctx, "vk2")
		require.NoError(t, err)
		require.Zero(t, l.ParentIndex, "a peer elsewhere is no parent here")
		require.NoError(t, h.DelLink(ctx, l.Index))
		require.Empty(t, other.IPJSON(t, "link", "show", "type", "veth"))
	})

	t.Run("bridge", func(t *testing.T) {
		want := &netinfo.Bridge{
			ForwardDelay: ptr[uint32](1200), HelloTime: ptr[uint32](300), MaxAge: ptr[uint32](2500),
			AgeingTime: ptr[uint32](20000), STPState: ptr[uint32](1), Priority: ptr[uint16](4096),
			GroupFwdMask: ptr[uint16](0x8), MulticastSnooping: ptr(false),
		}
		// This kernel lacks CONFIG_BRIDGE_VLAN_FILTERING: the VLAN
		// options are checked against iproute2's bytes instead
		// (linkkind_request_linux_test.go).
		require.NoError(t, h.AddLink(ctx, netinfo.Link{Name: "brk0", Info: want}))
		d := infoData(t, ipLink(t, ns, "brk0"), "info_data")
		require.EqualValues(t, 1200, d["forward_delay"])
		require.EqualValues(t, 300, d["hello_time"])
		require.EqualValues(t, 2500, d["max_age"])
		require.EqualValues(t, 20000, d["ageing_time"])
		require.EqualValues(t, 1, d["stp_state"])
		require.EqualValues(t, 4096, d["priority"])
		require.Equal(t, "0x8", d["group_fwd_mask"])
		require.EqualValues(t, 0, d["mcast_snooping"])

		l, err := h.LinkByName(ctx, "brk0")
		require.NoError(t, err)
		require.Equal(t, "bridge", l.Kind)
		want.VLANFiltering = ptr(false) // reported, if not settable here
		require.Equal(t, want, l.Info)

		// A port of it: its bridge-port details.
		require.NoError(t, h.AddLink(ctx, netinfo.Link{Name: "brk0p", MasterIndex: l.Index, Info: &netinfo.Veth{PeerName: "brk0q"}}))
		pd := infoData(t, ipLink(t, ns, "brk0p"), "info_slave_data")
		p, err := h.LinkByName(ctx, "brk0p")
		require.NoError(t, err)
		require.Equal(t, l.Index, p.MasterIndex)
		require.Equal(t, "bridge", p.PortKind)
		port, ok := p.PortInfo.(*netinfo.BridgePort)
		require.True(t, ok, "%T", p.PortInfo)
		require.EqualValues(t, pd["priority"], port.Priority)
		require.EqualValues(t, pd["cost"], port.Cost)
		require.Equal(t, pd["learning"], port.Learning)
		require.Equal(t, pd["hairpin"], port.Hairpin)
		require.Equal(t, pd["flood"], port.UnicastFlood)
		require.Equal(t, pd["guard"], port.Guard)
		require.Equal(t, pd["fastleave"], port.FastLeave)
		require.Equal(t, pd["state"], []string{"disabled", "listening", "learning", "forwarding", "blocking"}[port.State])
		require.NoError(t, h.DelLink(ctx, p.Index))
		require.NoError(t, h.DelLink(ctx, l.Index))
	})

	t.Run("bridge defaults", func(t *testing.T) {
		require.NoError(t, h.AddLink(ctx, netinfo.Link{Name: "brk1", Kind: "bridge"}))
		d := infoData(t, ipLink(t, ns, "brk1"), "info_data")
		l, err := h.LinkByName(ctx, "brk1")
		require.NoError(t, err)
		br, ok := l.Info.(*netinfo.Bridge)
		require.True(t, ok, "%T", l.Info)
		require.EqualValues(t, d["forward_delay"], *br.ForwardDelay)
		require.EqualValues(t, d["stp_state"], *br.STPState)
		if p, ok := d["vlan_protocol"]; ok {
			require.Equal(t, map[uint16]string{0x8100: "802.1Q", 0x88a8: "802.1ad"}[*br.VLANProtocol], p)
		} else {
			require.Nil(t, br.VLANProtocol)
		}
		require.EqualValues(t, d["mcast_snooping"], map[bool]int{true: 1}[*br.MulticastSnooping])
		require.NoError(t, h.DelLink(ctx, l.Index))
	})

	t.Run("ifb", func(t *testing.T) {
		require.NoError(t, h.AddLink(ctx, netinfo.Link{Name: "ifbk0", Kind: "ifb", MTU: 1300}))
		obj := ipLink(t, ns, "ifbk0")
		require.Equal(t, "ifb", obj["linkinfo"].(map[string]any)["info_kind"])
		require.EqualValues(t, 1300, obj["mtu"])
		l, err := h.LinkByName(ctx, "ifbk0")
		require.NoError(t, err)
		require.Equal(t, "ifb", l.Kind)
		require.Nil(t, l.Info)
		err = h.AddLink(ctx, netinfo.Link{Name: "ifbk0", Kind: "ifb"})
		require.ErrorIs(t, err, syscall.EEXIST)
		require.NoError(t, h.DelLink(ctx, l.Index))
	})

	for _, tc := range []struct {
		name string
		tun  netinfo.Tuntap
	}{
		{"tunk0", netinfo.Tuntap{Mode: netinfo.TuntapTun}},
		{"tapk0", netinfo.Tuntap{Mode: netinfo.TuntapTap, Owner: ptr[uint32](1000), Group: ptr[uint32](100), MultiQueue: true, VnetHdr: true}},
		{"tapk1", netinfo.Tuntap{Mode: netinfo.TuntapTap, PI: true}},
	} {
		t.Run("tuntap "+tc.name, func(t *testing.T) {
			tun := tc.tun
			require.NoError(t, h.AddLink(ctx, netinfo.Link{Name: tc.name, Info: &tun}))
			d := infoData(t, ipLink(t, ns, tc.name), "info_data")
			require.Equal(t, tc.tun.Mode.String(), d["type"])
			require.Equal(t, tc.tun.PI, d["pi"])
			require.Equal(t, tc.tun.VnetHdr, d["vnet_hdr"])
			require.Equal(t, tc.tun.MultiQueue, d["multi_queue"])
			require.Equal(t, true, d["persist"])
			if tc.tun.Owner != nil {
				require.Equal(t, userName(*tc.tun.Owner), d["user"])
				require.Equal(t, groupName(*tc.tun.Group), d["group"])
			} else {
				require.NotContains(t, d, "user")
			}

			l, err := h.LinkByName(ctx, tc.name)
			require.NoError(t, err)
			want := tc.tun
			want.Persist = true
			require.Equal(t, &want, l.Info)
			require.ErrorIs(t, h.AddLink(ctx, netinfo.Link{Name: tc.name, Info: &tun}), syscall.EBUSY)
			require.NoError(t, h.DelLink(ctx, l.Index))
		})
	}

	t.Run("tuntap in the caller's namespace by fd", func(t *testing.T) {
		other := nstest.New(t, "rtnk")
		f := openFile(t, other.Path)
		h2, err := netinfo.Open(netinfo.WithNetNSFd(int(f.Fd())))
		require.NoError(t, err)
		defer h2.Close()
		require.NoError(t, f.Close(), "the handle keeps its own reference")
		require.NoError(t, h2.AddLink(ctx, netinfo.Link{Name: "tunk9", Info: &netinfo.Tuntap{Mode: netinfo.TuntapTun}}))
		require.Equal(t, "tun", ipLink(t, other, "tunk9")["linkinfo"].(map[string]any)["info_kind"])
	})
}

// TestAddLinkInvalid checks that bad links are refused before anything
// is sent, with errors matching EINVAL.
func TestAddLinkInvalid(t *testing.T) {
	_, h := emptyNS(t)
	ctx := testContext(t)
	bad := map[string]netinfo.Link{
		"no kind":            {Name: "x0"},
		"kind and info":      {Name: "x0", Kind: "dummy", Info: &netinfo.Veth{}},
		"long name":          {Name: "abcdefghijklmnopq", Kind: "dummy"},
		"name with slash":    {Name: "a/b", Kind: "dummy"},
		"index":              {Name: "x0", Kind: "dummy", Index: 3},
		"alias":              {Name: "x0", Kind: "dummy", Alias: "a"},
		"flags":              {Name: "x0", Kind: "dummy", Flags: netinfo.LinkPromisc},
		"empty hw address":   {Name: "x0", Kind: "dummy", HardwareAddr: net.HardwareAddr{}},
		"long hw address":    {Name: "x0", Kind: "dummy", HardwareAddr: make(net.HardwareAddr, 33)},
		"negative master":    {Name: "x0", Kind: "dummy", MasterIndex: -1},
		"bad peer name":      {Name: "x0", Info: &netinfo.Veth{PeerName: "a b"}},
		"bad peer netns":     {Name: "x0", Info: &netinfo.Veth{PeerNetNS: netinfo.NetNSFd(-1)}},
		"empty netns path":   {Name: "x0", Info: &netinfo.Veth{PeerNetNS: netinfo.NetNSPath("")}},
		"zero netns":         {Name: "x0", Info: &netinfo.Veth{PeerNetNS: &netinfo.NetNS{}}},
		"stp state":          {Name: "x0", Info: &netinfo.Bridge{STPState: ptr[uint32](3)}},
		"bridge vlan proto":  {Name: "x0", Info: &netinfo.Bridge{VLANProtocol: ptr[uint16](0x800)}},
		"tun mode":           {Name: "x0", Info: &netinfo.Tuntap{}},
		"tun persist":        {Name: "x0", Info: &netinfo.Tuntap{Mode: netinfo.TuntapTun, Persist: true}},
		"tun mtu":            {Name: "x0", MTU: 1000, Info: &netinfo.Tuntap{Mode: netinfo.TuntapTun}},
		"vlan id":            {Name: "x0", ParentIndex: 1, Info: &netinfo.Vlan{ID: 4095}},
		"vlan proto":         {Name: "x0", ParentIndex: 1, Info: &netinfo.Vlan{ID: 5, Protocol: 0x800}},
		"macvlan mode":       {Name: "x0", ParentIndex: 1, Info: &netinfo.Macvlan{Mode: 3}},
		"ipvlan mode":        {Name: "x0", ParentIndex: 1, Info: &netinfo.IPVlan{Mode: 3}},
		"vxlan vni":          {Name: "x0", Info: &netinfo.Vxlan{VNI: 1 << 24}},
		"vxlan families":     {Name: "x0", Info: &netinfo.Vxlan{VNI: 1, Local: mustAddr("10.0.0.1"), Remote: mustAddr("2001:db8::1")}},
		"vxlan group no dev": {Name: "x0", Info: &netinfo.Vxlan{VNI: 1, Remote: mustAddr("239.1.1.1")}},
		"bond mode":          {Name: "x0", Info: &netinfo.Bond{Mode: ptr(netinfo.BondMode(7))}},
		"vrf table":          {Name: "x0", Info: &netinfo.VRF{}},
		"gre v6":             {Name: "x0", Info: &netinfo.GRE{Remote: mustAddr("2001:db8::1")}},
		"gre flags":          {Name: "x0", Info: &netinfo.GRE{IFlags: 1}},
		"sit v6":             {Name: "x0", Info: &netinfo.IPTunnel{SIT: true, Local: mustAddr("2001:db8::1")}},
	}
	for name, l := range bad {
		t.Run(name, func(t *testing.T) {
			err := h.AddLink(ctx, l)
			require.ErrorIs(t, err, syscall.EINVAL)
			require.False(t, errors.Is(err, netinfo.ErrNotSupported))
		})
	}
	require.ErrorIs(t, h.DelLink(ctx, 0), netinfo.ErrNotFound)
	require.ErrorIs(t, h.DelLink(ctx, -4), netinfo.ErrNotFound)
}

func mustAddr(s string) netip.Addr { return netip.MustParseAddr(s) }

func openFile(t *testing.T, path string) *os.File {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	t.Cleanup(func() { f.Close() })
	return f
}

// userName is how ip prints a uid: the user's name, or the number.
func userName(uid uint32) any {
	if u, err := user.LookupId(strconv.Itoa(int(uid))); err == nil {
		return u.Username
	}
	return float64(uid)
}

// groupName is how ip prints a gid: the group's name, or the number.
func groupName(gid uint32) any {
	if g, err := user.LookupGroupId(strconv.Itoa(int(gid))); err == nil {
		return g.Name
	}
	return float64(gid)
}
