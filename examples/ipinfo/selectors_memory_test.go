package main

import (
	"bytes"
	"net"
	"net/netip"
	"strings"
	"testing"

	"github.com/jsimonetti/rtnetlink/v2"
	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/netinfo"
	"github.com/rtnlx/rtnlx/rtnlemu"
)

// This file runs the link, addr and neigh selectors over the emulated
// (Memory) backend, as the BSDs, macOS and Windows answer through
// rtnlemu: the selectors are ipinfo's own code on the records it
// reads, so they must select the same there. The namespace tests
// (ifaselect_linux_test.go, neighselect_linux_test.go) hold them to ip.

// selectorMemory is a small network: lo, eth0 (up, veth, group 5),
// br0 (up, bridge) and its down port eth1; addresses with labels,
// scopes and a secondary; neighbours in two states and a proxy entry.
func selectorMemory(t *testing.T) *netinfo.Handle {
	t.Helper()
	mem := rtnlemu.NewMemory()
	u32 := func(v uint32) *uint32 { return &v }
	mac := func(s string) net.HardwareAddr { m, _ := net.ParseMAC(s); return m }
	const up, lowerUp, loopback, broadcast = 0x1, 0x10000, 0x8, 0x2
	links := []rtnetlink.LinkMessage{
		{Type: 772, Index: 1, Flags: up | lowerUp | loopback, Attributes: &rtnetlink.LinkAttributes{Name: "lo", MTU: 65536, OperationalState: rtnetlink.OperStateUnknown}},
		{Type: 1, Index: 2, Flags: up | lowerUp | broadcast, Attributes: &rtnetlink.LinkAttributes{Name: "eth0", MTU: 1500, Address: mac("02:00:00:00:00:02"),
			OperationalState: rtnetlink.OperStateUp, NetDevGroup: u32(5), Info: &rtnetlink.LinkInfo{Kind: "veth"}}},
		{Type: 1, Index: 3, Flags: up | lowerUp | broadcast, Attributes: &rtnetlink.LinkAttributes{Name: "br0", MTU: 1500, Address: mac("02:00:00:00:00:03"),
			OperationalState: rtnetlink.OperStateUp, Info: &rtnetlink.LinkInfo{Kind: "bridge"}}},
		{Type: 1, Index: 4, Flags: broadcast, Attributes: &rtnetlink.LinkAttributes{Name: "eth1", MTU: 1500, Address: mac("02:00:00:00:00:04"),
			OperationalState: rtnetlink.OperStateDown, Master: u32(3), Info: &rtnetlink.LinkInfo{Kind: "veth", SlaveKind: "bridge"}}},
	}
	for _, l := range links {
		require.NoError(t, mem.PutLink(l))
	}
	addr := func(index uint32, prefix, label string, scope uint8, flags uint32) rtnetlink.AddressMessage {
		p := netip.MustParsePrefix(prefix)
		family := uint8(2)
		if p.Addr().Is6() {
			family = 10
		}
		return rtnetlink.AddressMessage{Family: family, PrefixLength: uint8(p.Bits()), Scope: scope, Index: index, Flags: uint8(flags),
			Attributes: &rtnetlink.AddressAttributes{Address: p.Addr().AsSlice(), Local: p.Addr().AsSlice(), Label: label, Flags: flags,
				CacheInfo: rtnetlink.CacheInfo{Valid: ^uint32(0), Preferred: ^uint32(0)}}}
	}
	const permanent, secondary = 0x80, 0x01
	for _, a := range []rtnetlink.AddressMessage{
		addr(2, "10.0.0.1/24", "eth0", 0, permanent),
		addr(2, "10.0.0.2/24", "eth0:x", 0, permanent|secondary),
		addr(3, "192.168.1.1/24", "br0", 253, permanent),
	} {
		require.NoError(t, mem.PutAddr(a))
	}
	neigh := func(index uint32, ip string, state uint16, flags uint8) rtnetlink.NeighMessage {
		return rtnetlink.NeighMessage{Family: 2, Index: index, State: state, Flags: flags,
			Attributes: &rtnetlink.NeighAttributes{Address: netip.MustParseAddr(ip).AsSlice(), LLAddress: mac("02:00:5e:00:00:01")}}
	}
	for _, n := range []rtnetlink.NeighMessage{
		neigh(2, "10.0.0.9", 0x04, 0),  // stale
		neigh(4, "10.0.0.10", 0x80, 0), // permanent
		neigh(2, "10.0.0.99", 0, 0x08), // proxy
	} {
		if n.Flags != 0 {
			n.Attributes.LLAddress = nil
		}
		require.NoError(t, mem.PutNeighbor(n))
	}
	tr := rtnlemu.New(mem)
	t.Cleanup(func() { tr.Close() })
	h, err := netinfo.Open(netinfo.WithTransport(tr))
	require.NoError(t, err)
	t.Cleanup(func() { h.Close() })
	return h
}

// runOnHandle parses args and runs them on h, returning the output.
func runOnHandle(t *testing.T, h *netinfo.Handle, args ...string) string {
	t.Helper()
	c, err := parseArgs(args)
	require.NoError(t, err, "%v", args)
	require.NoError(t, c.resolveNames())
	var out bytes.Buffer
	require.NoError(t, executeOn(t.Context(), h, c, &out), "%v", args)
	return out.String()
}

// firstWords is the first word of each line that starts a record.
func firstWords(s string) []string {
	var words []string
	for _, l := range strings.Split(s, "\n") {
		if l != "" && l[0] != ' ' {
			words = append(words, strings.Fields(l)[0])
		}
	}
	return words
}

func TestSelectorsOnEmulatedBackend(t *testing.T) {
	h := selectorMemory(t)
	tests := []struct {
		args []string
		want []string // the records' first words: "N:" for links, addresses for neighbours
	}{
		{[]string{"link", "show", "up"}, []string{"1:", "2:", "3:"}},
		{[]string{"link", "show", "master", "br0"}, []string{"4:"}},
		{[]string{"link", "show", "nomaster"}, []string{"1:", "2:", "3:"}},
		{[]string{"link", "show", "type", "veth"}, []string{"2:", "4:"}},
		{[]string{"link", "show", "type", "bridge_slave"}, []string{"4:"}},
		{[]string{"link", "show", "group", "5"}, []string{"2:"}},
		{[]string{"addr", "show", "secondary"}, []string{"1:", "2:", "4:"}},
		{[]string{"addr", "show", "scope", "link"}, []string{"1:", "3:", "4:"}},
		{[]string{"addr", "show", "to", "10.0.0.0/24"}, []string{"2:"}},
		{[]string{"-o", "addr", "show", "label", "eth0:*"}, []string{"2:"}},
		{[]string{"neigh", "show"}, []string{"10.0.0.9", "10.0.0.10"}},
		{[]string{"neigh", "show", "nud", "permanent"}, []string{"10.0.0.10"}},
		{[]string{"neigh", "show", "master", "br0"}, []string{"10.0.0.10"}},
		{[]string{"neigh", "show", "proxy"}, []string{"10.0.0.99"}},
		{[]string{"neigh", "show", "to", "10.0.0.8/30"}, []string{"10.0.0.9", "10.0.0.10"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			require.Equal(t, tt.want, firstWords(runOnHandle(t, h, tt.args...)))
		})
	}
	// Lines of the secondary only, under a label: no link line.
	require.Equal(t, "    inet 10.0.0.2/24 scope global secondary eth0:x\n       valid_lft forever preferred_lft forever\n",
		runOnHandle(t, h, "addr", "show", "label", "eth0:*"))
	// ip -j prints {} for each link its user-space filters drop.
	js := runOnHandle(t, h, "-j", "link", "show", "group", "5")
	require.True(t, strings.HasPrefix(js, `[{},{"ifindex":2,`) && strings.HasSuffix(js, "},{},{}]\n"), js)
	js = runOnHandle(t, h, "-j", "link", "show", "up")
	require.True(t, strings.HasSuffix(js, ",{}]\n"), js)

	// addr flush takes the selectors too: the secondary alone goes.
	runOnHandle(t, h, "addr", "flush", "dev", "eth0", "secondary")
	require.Equal(t, "2: eth0    inet 10.0.0.1/24 scope global eth0\\       valid_lft forever preferred_lft forever\n",
		runOnHandle(t, h, "-o", "-4", "addr", "show", "dev", "eth0"))
	runOnHandle(t, h, "neigh", "flush", "proxy")
	require.Empty(t, runOnHandle(t, h, "neigh", "show", "proxy"))
}
