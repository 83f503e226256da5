//go:build linux

package rtnlemu_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/jsimonetti/rtnetlink/v2"
	"github.com/mdlayher/netlink"
	"github.com/rtnlx/rtnlx/internal/nstest"
	"github.com/rtnlx/rtnlx/netinfo"
	"github.com/rtnlx/rtnlx/rtnlemu"
	"github.com/stretchr/testify/require"
)

// kernelState is one raw dump of every kind from a kernel, with
// netinfo's reading of each message and the jsimonetti records that
// load it into a Memory.
type kernelState struct {
	links     []netinfo.Link
	addrs     []netinfo.Addr
	routes    []netinfo.Route
	neighbors []netinfo.Neighbor
	snap      rtnlemu.Snapshot
}

func rawDumpKernel(t testing.TB, h *netinfo.Handle, typ uint16, body []byte) []netlink.Message {
	t.Helper()
	raw := h.Raw()
	defer raw.Close()
	msgs, err := raw.Execute(context.Background(), netlink.Message{
		Header: netlink.Header{Type: netlink.HeaderType(typ), Flags: netlink.Dump},
		Data:   body,
	})
	require.NoError(t, err)
	return msgs
}

func isIP(family uint8) bool { return family == 2 || family == 10 }

// requireSame compares two record lists element by element, printing
// them as JSON first (netip values make testify's diff unreadable).
func requireSame[T any](t testing.TB, want, got []T, what string) {
	t.Helper()
	w, g := make([]string, len(want)), make([]string, len(got))
	for i := range want {
		b, _ := json.Marshal(want[i])
		w[i] = string(b)
	}
	for i := range got {
		b, _ := json.Marshal(got[i])
		g[i] = string(b)
	}
	require.Equal(t, w, g, what)
	require.Equal(t, want, got, what)
}

// readKernel dumps the kernel's state once, raw, and decodes the same
// bytes twice: with netinfo (the originals) and with jsimonetti (what
// Memory is loaded with).
func readKernel(t testing.TB, h *netinfo.Handle) *kernelState {
	t.Helper()
	var s kernelState
	for _, m := range rawDumpKernel(t, h, 18, make([]byte, 16)) {
		l, err := netinfo.DecodeLink(m.Data)
		require.NoError(t, err)
		var lm rtnetlink.LinkMessage
		require.NoError(t, lm.UnmarshalBinary(m.Data), "jsimonetti cannot read link %s", l.Name)
		s.links = append(s.links, l)
		s.snap.Links = append(s.snap.Links, lm)
	}
	for _, m := range rawDumpKernel(t, h, 22, make([]byte, 8)) {
		a, err := netinfo.DecodeAddr(m.Data)
		require.NoError(t, err)
		var am rtnetlink.AddressMessage
		require.NoError(t, am.UnmarshalBinary(m.Data))
		if isIP(am.Family) {
			s.addrs = append(s.addrs, a)
		}
		s.snap.Addrs = append(s.snap.Addrs, am)
	}
	for _, m := range rawDumpKernel(t, h, 26, make([]byte, 12)) {
		r, err := netinfo.DecodeRoute(m.Data)
		require.NoError(t, err)
		var rm rtnetlink.RouteMessage
		require.NoError(t, rm.UnmarshalBinary(m.Data))
		if isIP(rm.Family) {
			s.routes = append(s.routes, r)
		}
		s.snap.Routes = append(s.snap.Routes, rm)
	}
	for _, m := range rawDumpKernel(t, h, 30, make([]byte, 12)) {
		n, err := netinfo.DecodeNeighbor(m.Data)
		require.NoError(t, err)
		var nm rtnetlink.NeighMessage
		require.NoError(t, nm.UnmarshalBinary(m.Data))
		if isIP(uint8(nm.Family)) {
			s.neighbors = append(s.neighbors, n)
		}
		s.snap.Neighbors = append(s.snap.Neighbors, nm)
	}
	return &s
}

// TestRoundTripThroughMemory: what the Linux backend reads from a
// namespace with varied state (nstest.Populate: veth, bridge, tun,
// secondary and peer addresses, routes of every type in two tables,
// multipath, neighbours in several states), loaded into a Memory and read
// back through netinfo over rtnlemu, equals the original field by field.
func TestRoundTripThroughMemory(t *testing.T) {
	ns := nstest.New(t, "rtemu")
	nstest.Populate(t, ns)
	kh, err := netinfo.Open(netinfo.WithNetNS(ns.Path))
	require.NoError(t, err)
	defer kh.Close()
	orig := readKernel(t, kh)
	require.NotEmpty(t, orig.links)
	require.NotEmpty(t, orig.addrs)
	require.NotEmpty(t, orig.routes)
	require.NotEmpty(t, orig.neighbors)

	mem := rtnlemu.NewMemory()
	require.NoError(t, mem.Load(&orig.snap))
	eh := openNetinfo(t, mem)
	ctx := context.Background()

	links, err := eh.Links(ctx)
	require.NoError(t, err)
	requireSame(t, orig.links, links, "links")
	addrs, err := eh.Addrs(ctx, netinfo.AddrFilter{})
	require.NoError(t, err)
	requireSame(t, orig.addrs, addrs, "addrs")
	routes, err := eh.Routes(ctx, netinfo.RouteFilter{})
	require.NoError(t, err)
	requireSame(t, orig.routes, routes, "routes")
	neighs, err := eh.Neighbors(ctx, netinfo.NeighFilter{})
	require.NoError(t, err)
	requireSame(t, orig.neighbors, neighs, "neighbours")

	// Filtered reads agree too, link by link and table by table.
	for _, l := range orig.links {
		want, err := kh.Addrs(ctx, netinfo.AddrFilter{Index: l.Index})
		require.NoError(t, err)
		got, err := eh.Addrs(ctx, netinfo.AddrFilter{Index: l.Index})
		require.NoError(t, err)
		requireSame(t, want, got, "addresses of "+l.Name)
		gotL, err := eh.LinkByName(ctx, l.Name)
		require.NoError(t, err)
		require.Equal(t, l, gotL)
	}
	for _, f := range []netinfo.RouteFilter{
		{Table: nstest.TableExtra},
		{Table: netinfo.TableLocal, Family: netinfo.FamilyInet6},
		{Family: netinfo.FamilyInet, Type: netinfo.RouteBlackhole},
		{OutIndex: orig.links[len(orig.links)-1].Index},
	} {
		want, err := kh.Routes(ctx, f)
		require.NoError(t, err)
		got, err := eh.Routes(ctx, f)
		require.NoError(t, err)
		requireSame(t, want, got, fmt.Sprintf("routes %+v", f))
	}
}
