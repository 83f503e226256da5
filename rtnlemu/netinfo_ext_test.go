package rtnlemu_test

import (
	"context"
	"net/netip"
	"syscall"
	"testing"
	"time"

	"github.com/rtnlx/rtnlx/netinfo"
	"github.com/rtnlx/rtnlx/rtnlemu"
	"github.com/stretchr/testify/require"
)

// These tests use netinfo over rtnlemu.Memory: the emulator must answer
// netinfo's own requests as the kernel would, without root.

func openNetinfo(t testing.TB, src rtnlemu.Source, opts ...rtnlemu.Option) *netinfo.Handle {
	t.Helper()
	tr := rtnlemu.New(src, opts...)
	h, err := netinfo.Open(netinfo.WithTransport(tr))
	require.NoError(t, err)
	t.Cleanup(func() {
		h.Close()
		tr.Close()
	})
	return h
}

func TestNetinfoDumps(t *testing.T) {
	h := openNetinfo(t, extFixture(t))
	ctx := context.Background()

	links, err := h.Links(ctx)
	require.NoError(t, err)
	require.Len(t, links, 4)
	eth0 := links[1]
	require.Equal(t, "eth0", eth0.Name)
	require.Equal(t, "veth", eth0.Kind)
	require.Equal(t, 4, eth0.MasterIndex)
	require.Equal(t, 7, eth0.ParentIndex)
	require.Equal(t, netinfo.OperUp, eth0.OperState)
	require.Equal(t, uint32(1500), eth0.MTU)
	require.Equal(t, uint32(1000), eth0.TxQueueLen)
	require.Equal(t, "noqueue", eth0.Qdisc)
	require.Equal(t, "02:00:00:00:00:02", eth0.HardwareAddr.String())
	require.NotNil(t, eth0.Stats)
	require.Equal(t, uint64(2000), eth0.Stats.TxBytes)
	require.Equal(t, "uplink", links[2].Alias)
	require.Equal(t, netinfo.LinkType(772), links[0].Type)

	l, err := h.LinkByName(ctx, "br0")
	require.NoError(t, err)
	require.Equal(t, 4, l.Index)
	l, err = h.LinkByIndex(ctx, 3)
	require.NoError(t, err)
	require.Equal(t, "eth1", l.Name)
	_, err = h.LinkByIndex(ctx, 42)
	require.ErrorIs(t, err, netinfo.ErrNotFound)
	_, err = h.LinkByName(ctx, "nope")
	require.ErrorIs(t, err, netinfo.ErrNotFound)

	addrs, err := h.Addrs(ctx, netinfo.AddrFilter{})
	require.NoError(t, err)
	require.Len(t, addrs, 5)
	addrs, err = h.Addrs(ctx, netinfo.AddrFilter{Index: 2})
	require.NoError(t, err)
	require.Len(t, addrs, 2)
	require.Equal(t, netip.MustParsePrefix("10.1.0.2/24"), addrs[0].Prefix)
	require.Equal(t, netinfo.Forever, addrs[0].ValidLifetime)
	require.Equal(t, "eth", addrs[0].Label)
	require.Equal(t, netip.MustParseAddr("10.255.255.255"), addrs[0].Broadcast)
	require.Equal(t, netip.MustParsePrefix("fd00::2/64"), addrs[1].Prefix)
	addrs, err = h.Addrs(ctx, netinfo.AddrFilter{Family: netinfo.FamilyInet6})
	require.NoError(t, err)
	require.Len(t, addrs, 2)

	routes, err := h.Routes(ctx, netinfo.RouteFilter{})
	require.NoError(t, err)
	require.Len(t, routes, 8)
	routes, err = h.Routes(ctx, netinfo.RouteFilter{Table: 1000})
	require.NoError(t, err)
	require.Len(t, routes, 1)
	require.Equal(t, netinfo.Table(1000), routes[0].Table)
	require.Equal(t, netip.MustParseAddr("10.1.0.1"), routes[0].Gateway)
	routes, err = h.Routes(ctx, netinfo.RouteFilter{OutIndex: 3})
	require.NoError(t, err)
	require.Len(t, routes, 2, "the table 100 route and the multipath one")
	routes, err = h.Routes(ctx, netinfo.RouteFilter{Family: netinfo.FamilyInet, Table: netinfo.TableMain})
	require.NoError(t, err)
	require.Len(t, routes, 3)
	var mp netinfo.Route
	for _, r := range routes {
		if len(r.NextHops) > 0 {
			mp = r
		}
	}
	require.Len(t, mp.NextHops, 2)
	require.Equal(t, 3, mp.NextHops[1].OutIndex)
	require.Equal(t, 3, mp.NextHops[1].Weight)
	require.Equal(t, netip.MustParseAddr("10.2.0.254"), mp.NextHops[1].Gateway)

	neighs, err := h.Neighbors(ctx, netinfo.NeighFilter{})
	require.NoError(t, err)
	require.Len(t, neighs, 3)
	neighs, err = h.Neighbors(ctx, netinfo.NeighFilter{Index: 2, Family: netinfo.FamilyInet6})
	require.NoError(t, err)
	require.Len(t, neighs, 1)
	require.Equal(t, netip.MustParseAddr("fd00::1"), neighs[0].IP)
	require.Equal(t, netinfo.NeighNoARP, neighs[0].State)
}

func TestNetinfoSetters(t *testing.T) {
	mem := extFixture(t)
	h := openNetinfo(t, mem)
	ctx := context.Background()
	link := func(i int) netinfo.Link {
		l, err := h.LinkByIndex(ctx, i)
		require.NoError(t, err)
		return l
	}

	require.NoError(t, h.SetLinkUp(ctx, 3))
	require.NotZero(t, link(3).Flags&netinfo.LinkUp)
	require.Equal(t, netinfo.OperUp, link(3).OperState)
	require.NoError(t, h.SetLinkName(ctx, 3, "wan0"), "Linux 6.18 renames a link that is up")
	require.NoError(t, h.SetLinkDown(ctx, 3))
	require.Zero(t, link(3).Flags&netinfo.LinkUp)
	require.ErrorIs(t, h.SetLinkName(ctx, 3, "eth0"), syscall.EEXIST)
	require.NoError(t, h.SetLinkName(ctx, 3, "wan0"))
	require.Equal(t, "wan0", link(3).Name)
	require.NoError(t, h.SetLinkMTU(ctx, 3, 9000))
	require.Equal(t, uint32(9000), link(3).MTU)
	require.NoError(t, h.SetLinkAlias(ctx, 3, "renamed"))
	require.Equal(t, "renamed", link(3).Alias)
	require.NoError(t, h.SetLinkAlias(ctx, 3, ""))
	require.Equal(t, "", link(3).Alias)
	require.ErrorIs(t, h.SetLinkUp(ctx, 42), netinfo.ErrNotFound)
	require.ErrorIs(t, h.SetLinkUp(ctx, 42), syscall.ENODEV)

	a := netinfo.Addr{Index: 3, Prefix: netip.MustParsePrefix("10.3.0.1/24")}
	require.NoError(t, h.AddAddr(ctx, a))
	require.ErrorIs(t, h.AddAddr(ctx, a), syscall.EEXIST)
	require.NoError(t, h.ReplaceAddr(ctx, a))
	got, err := h.Addrs(ctx, netinfo.AddrFilter{Index: 3, Family: netinfo.FamilyInet})
	require.NoError(t, err)
	require.Len(t, got, 2)
	require.Equal(t, "wan0", got[1].Label, "IPv4 addresses take the link's name as label")
	require.NoError(t, h.DelAddr(ctx, a))
	require.ErrorIs(t, h.DelAddr(ctx, a), syscall.EADDRNOTAVAIL)
	require.ErrorIs(t, h.AddAddr(ctx, netinfo.Addr{Index: 42, Prefix: a.Prefix}), syscall.ENODEV)
	a6 := netinfo.Addr{Index: 3, Prefix: netip.MustParsePrefix("fd03::1/64")}
	require.NoError(t, h.AddAddr(ctx, a6))
	require.NoError(t, h.DelAddr(ctx, a6))

	r := netinfo.Route{Dst: netip.MustParsePrefix("10.30.0.0/16"), OutIndex: 3, Table: 300}
	require.NoError(t, h.AddRoute(ctx, r))
	require.ErrorIs(t, h.AddRoute(ctx, r), syscall.EEXIST)
	r.Gateway = netip.MustParseAddr("10.2.0.1")
	require.NoError(t, h.ReplaceRoute(ctx, r))
	got6, err := h.Routes(ctx, netinfo.RouteFilter{Table: 300})
	require.NoError(t, err)
	require.Len(t, got6, 1)
	require.Equal(t, r.Gateway, got6[0].Gateway)
	require.Equal(t, netinfo.ProtoBoot, got6[0].Protocol)
	require.NoError(t, h.DelRoute(ctx, netinfo.Route{Dst: r.Dst, Table: 300}))
	require.ErrorIs(t, h.DelRoute(ctx, netinfo.Route{Dst: r.Dst, Table: 300}), syscall.ESRCH)
	require.ErrorIs(t, h.AddRoute(ctx, netinfo.Route{Dst: r.Dst, OutIndex: 42}), syscall.ENODEV)

	n := netinfo.Neighbor{Index: 3, IP: netip.MustParseAddr("10.2.0.77"), HardwareAddr: []byte{2, 0, 0x5e, 0, 0, 0x77}}
	require.NoError(t, h.AddNeighbor(ctx, n))
	require.ErrorIs(t, h.AddNeighbor(ctx, n), syscall.EEXIST)
	require.NoError(t, h.ReplaceNeighbor(ctx, n))
	ns, err := h.Neighbors(ctx, netinfo.NeighFilter{Index: 3, State: netinfo.NeighPermanent})
	require.NoError(t, err)
	require.Len(t, ns, 1)
	require.NoError(t, h.DelNeighbor(ctx, n))
	require.ErrorIs(t, h.DelNeighbor(ctx, n), syscall.ENOENT)
	require.ErrorIs(t, h.AddNeighbor(ctx, netinfo.Neighbor{Index: 42, IP: n.IP}), syscall.ENODEV)
}

// setterless serves Memory's state without its setters.
type setterless struct{ rtnlemu.Source }

func TestNetinfoSettersUnsupported(t *testing.T) {
	h := openNetinfo(t, setterless{extFixture(t)})
	ctx := context.Background()
	require.ErrorIs(t, h.SetLinkUp(ctx, 2), netinfo.ErrNotSupported)
	require.ErrorIs(t, h.AddAddr(ctx, netinfo.Addr{Index: 2, Prefix: netip.MustParsePrefix("10.0.0.1/8")}), netinfo.ErrNotSupported)
	require.ErrorIs(t, h.AddRoute(ctx, netinfo.Route{Dst: netip.MustParsePrefix("10.0.0.0/8"), OutIndex: 2}), netinfo.ErrNotSupported)
	require.ErrorIs(t, h.AddNeighbor(ctx, netinfo.Neighbor{Index: 2, IP: netip.MustParseAddr("10.0.0.1")}), netinfo.ErrNotSupported)
}

// What a Source cannot keep is refused, never dropped: an address's
// metric (the metric of the prefix route Linux adds for it).
func TestNetinfoSettersRefuseWhatASourceCannotKeep(t *testing.T) {
	h := openNetinfo(t, extFixture(t))
	ctx := context.Background()
	for _, p := range []string{"10.3.7.1/24", "fd03:7::1/64"} {
		a := netinfo.Addr{Index: 3, Prefix: netip.MustParsePrefix(p), Metric: 100}
		for _, change := range []func(context.Context, netinfo.Addr) error{h.AddAddr, h.ReplaceAddr} {
			err := change(ctx, a)
			require.ErrorIs(t, err, netinfo.ErrNotSupported)
			require.ErrorContains(t, err, "IFA_RT_PRIORITY")
		}
		got, err := h.Addrs(ctx, netinfo.AddrFilter{Index: 3})
		require.NoError(t, err)
		for _, g := range got {
			require.NotEqual(t, a.Prefix, g.Prefix, "a refused address was added")
		}
		a.Metric = 0
		require.NoError(t, h.AddAddr(ctx, a))
	}
}

// nextEvent waits for one event.
func nextEvent(t testing.TB, w *netinfo.Watcher) netinfo.Event {
	t.Helper()
	select {
	case ev, ok := <-w.Events():
		require.True(t, ok, "watcher stopped: %v", w.Err())
		return ev
	case <-time.After(5 * time.Second):
		t.Fatal("no event")
	}
	return netinfo.Event{}
}

func describe(ev netinfo.Event) string {
	switch {
	case ev.Link != nil:
		return ev.Type.String() + " link " + ev.Link.Name
	case ev.Addr != nil:
		return ev.Type.String() + " addr " + ev.Addr.Prefix.String()
	case ev.Route != nil:
		return ev.Type.String() + " route " + ev.Route.Dst.String()
	case ev.Neighbor != nil:
		return ev.Type.String() + " neigh " + ev.Neighbor.IP.String()
	}
	return ev.Type.String()
}

func TestNetinfoWatch(t *testing.T) {
	mem := extFixture(t)
	h := openNetinfo(t, mem)
	ctx := context.Background()
	w, err := h.Watch(ctx, netinfo.WatchAll)
	require.NoError(t, err)
	defer w.Close()

	require.NoError(t, h.AddRoute(ctx, netinfo.Route{Dst: netip.MustParsePrefix("10.40.0.0/16"), OutIndex: 2}))
	require.Equal(t, "new route 10.40.0.0/16", describe(nextEvent(t, w)))
	require.True(t, mem.RemoveLink(3))
	var got []string
	for range 5 {
		got = append(got, describe(nextEvent(t, w)))
	}
	require.Equal(t, []string{
		"del neigh 10.2.0.1", "del route 192.168.0.0/16", "del route 10.9.0.0/16", "del addr 10.2.0.2/24", "del link eth1",
	}, got)

	// An overflow: the watcher resyncs and reports what changed, as
	// events of the resync or after it.
	mem.Overflow()
	require.NoError(t, mem.PutLink(extLink(9, "missed", true)))
	require.NoError(t, mem.PutNeighbor(extNeigh(2, "10.1.0.9", 2)))
	seen := map[string]bool{}
	deadline := time.After(5 * time.Second)
	for !seen["new link missed"] || !seen["new neigh 10.1.0.9"] || !seen["resync-done"] {
		select {
		case ev := <-w.Events():
			seen[describe(ev)] = true
		case <-deadline:
			t.Fatalf("watch did not converge: saw %v", seen)
		}
	}
	require.True(t, seen["resync-start"])
}

func TestNetinfoWatchInitialState(t *testing.T) {
	mem := extFixture(t)
	h := openNetinfo(t, mem)
	w, err := h.Watch(context.Background(), netinfo.WatchLinks, netinfo.WithInitialState())
	require.NoError(t, err)
	defer w.Close()
	var got []string
	for {
		ev := nextEvent(t, w)
		if ev.Type == netinfo.EventInitialDone {
			break
		}
		got = append(got, describe(ev))
	}
	require.Equal(t, []string{"new link lo", "new link eth0", "new link eth1", "new link br0"}, got)
	require.NoError(t, mem.PutLink(extLink(5, "late", false)))
	require.Equal(t, "new link late", describe(nextEvent(t, w)))
}
