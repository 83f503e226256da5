//go:build linux

package netinfo_test

import (
	"context"
	"encoding/binary"
	"fmt"
	"net/netip"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/mdlayher/netlink"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/rtnlx/rtnlx/internal/nstest"
	"github.com/rtnlx/rtnlx/netinfo"
)

// openNS makes a namespace with the shared fixture and a handle on it.
func openNS(t *testing.T, opts ...netinfo.Option) (*nstest.NS, *nstest.Fixture, *netinfo.Handle) {
	t.Helper()
	ns := nstest.New(t, "rtni")
	fx := nstest.Populate(t, ns)
	h, err := netinfo.Open(append([]netinfo.Option{netinfo.WithNetNS(ns.Path)}, opts...)...)
	require.NoError(t, err)
	t.Cleanup(func() { h.Close() })
	return ns, fx, h
}

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestLinksMatchFixture(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	_, fx, h := openNS(t)
	ctx := testContext(t)

	links, err := h.Links(ctx)
	require.NoError(t, err)
	byName := map[string]netinfo.Link{}
	for _, l := range links {
		byName[l.Name] = l
	}
	lo, ok := byName["lo"]
	require.True(t, ok, "loopback missing")
	require.Equal(t, netinfo.LinkTypeLoopback, lo.Type)
	require.Equal(t, "loopback", lo.Type.String())
	require.NotZero(t, lo.Flags&netinfo.LinkLoopback)

	for _, want := range fx.Links() {
		t.Run(want.Name, func(t *testing.T) {
			got, ok := byName[want.Name]
			require.True(t, ok, "link %s missing", want.Name)
			require.Equal(t, want.Index, got.Index)
			require.Equal(t, want.Kind, got.Kind)
			require.Equal(t, uint32(want.MTU), got.MTU)
			require.Equal(t, want.Alias, got.Alias)
			require.NotZero(t, got.Flags&netinfo.LinkUp, "flags %v", got.Flags)
			if want.MAC != nil {
				require.Equal(t, want.MAC, got.HardwareAddr)
				require.Equal(t, netinfo.LinkTypeEther, got.Type)
			} else {
				require.Equal(t, netinfo.LinkTypeNone, got.Type)
			}
			if want.Peer != "" {
				require.Equal(t, byName[want.Peer].Index, got.ParentIndex, "veth peer")
			}
			if want.Master != "" {
				require.Equal(t, byName[want.Master].Index, got.MasterIndex)
			} else {
				require.Zero(t, got.MasterIndex)
			}
			require.NotNil(t, got.Stats)
		})
	}

	// Lookups agree with the dump.
	for _, l := range links {
		byIndex, err := h.LinkByIndex(ctx, l.Index)
		require.NoError(t, err)
		require.Equal(t, l.Name, byIndex.Name)
		byName, err := h.LinkByName(ctx, l.Name)
		require.NoError(t, err)
		require.Equal(t, l.Index, byName.Index)
	}
	_, err = h.LinkByName(ctx, "nosuchlink")
	require.ErrorIs(t, err, netinfo.ErrNotFound)
	_, err = h.LinkByIndex(ctx, 99999)
	require.ErrorIs(t, err, netinfo.ErrNotFound)
	require.ErrorIs(t, err, syscall.ENODEV)
}

func TestAddrsMatchFixture(t *testing.T) {
	_, fx, h := openNS(t)
	ctx := testContext(t)
	addrs, err := h.Addrs(ctx, netinfo.AddrFilter{})
	require.NoError(t, err)

	var sawLoopback4, sawLoopback6 bool
	for _, a := range addrs {
		sawLoopback4 = sawLoopback4 || a.Prefix == netip.MustParsePrefix("127.0.0.1/8")
		sawLoopback6 = sawLoopback6 || a.Prefix == netip.MustParsePrefix("::1/128")
	}
	require.True(t, sawLoopback4 && sawLoopback6, "loopback addresses missing: %v", addrs)

	for _, want := range fx.Addrs {
		t.Run(want.Prefix.String(), func(t *testing.T) {
			i := slices.IndexFunc(addrs, func(a netinfo.Addr) bool { return a.Prefix == want.Prefix })
			require.GreaterOrEqual(t, i, 0, "address %s missing", want.Prefix)
			got := addrs[i]
			require.Equal(t, linkIndex(fx, want.Dev), got.Index)
			require.Equal(t, netinfo.ScopeUniverse, got.Scope)
			if want.Prefix.Addr().Is4() {
				require.Equal(t, netinfo.FamilyInet, got.Family)
				require.Equal(t, want.Label, got.Label)
			} else {
				require.Equal(t, netinfo.FamilyInet6, got.Family)
			}
			if want.Peer.IsValid() {
				require.Equal(t, want.Peer.Addr(), got.Peer)
			} else {
				require.False(t, got.Peer.IsValid())
			}
			require.Equal(t, want.Secondary, got.Flags&netinfo.AddrSecondary != 0, "flags %v", got.Flags)
			require.NotZero(t, got.Flags&netinfo.AddrPermanent)
			require.Equal(t, netinfo.Forever, got.ValidLifetime)
		})
	}
}

func TestRoutesMatchFixture(t *testing.T) {
	_, fx, h := openNS(t)
	ctx := testContext(t)
	routes, err := h.Routes(ctx, netinfo.RouteFilter{})
	require.NoError(t, err)

	for _, want := range fx.Routes {
		t.Run(want.Dst.String()+"/"+want.Type, func(t *testing.T) {
			i := slices.IndexFunc(routes, func(r netinfo.Route) bool {
				return r.Dst == want.Dst && r.Table == netinfo.Table(want.Table)
			})
			require.GreaterOrEqual(t, i, 0, "route %s table %d missing", want.Dst, want.Table)
			got := routes[i]
			require.Equal(t, want.Type, got.Type.String())
			require.Equal(t, want.Gateway, got.Gateway)
			wantOut := linkIndex(fx, want.Dev)
			if want.Dev == "" && want.Dst.Addr().Is6() && want.Type != "unicast" {
				wantOut = 1 // Linux puts IPv6 reject routes on lo, and ip shows "dev lo"
			}
			require.Equal(t, wantOut, got.OutIndex)
			require.Equal(t, "boot", got.Protocol.String())
			require.Len(t, got.NextHops, len(want.NextHops))
			for j, nh := range want.NextHops {
				require.Equal(t, nh.Gateway, got.NextHops[j].Gateway)
				require.Equal(t, linkIndex(fx, nh.Dev), got.NextHops[j].OutIndex)
				require.Equal(t, nh.Weight, got.NextHops[j].Weight)
			}
		})
	}
	// Kernel routes in the local table are there too ("all tables").
	require.True(t, slices.ContainsFunc(routes, func(r netinfo.Route) bool {
		return r.Table == netinfo.TableLocal && r.Type == netinfo.RouteLocal && r.Protocol == netinfo.ProtoKernel
	}))
}

func TestNeighborsMatchFixture(t *testing.T) {
	_, fx, h := openNS(t)
	ctx := testContext(t)
	neighs, err := h.Neighbors(ctx, netinfo.NeighFilter{})
	require.NoError(t, err)
	for _, want := range fx.Neighbors {
		t.Run(want.IP.String(), func(t *testing.T) {
			i := slices.IndexFunc(neighs, func(n netinfo.Neighbor) bool { return n.IP == want.IP })
			require.GreaterOrEqual(t, i, 0, "neighbour %s missing", want.IP)
			got := neighs[i]
			require.Equal(t, linkIndex(fx, want.Dev), got.Index)
			require.Equal(t, want.MAC, got.HardwareAddr)
			require.Equal(t, want.State, toLower(got.State.String()))
		})
	}
}

func toLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// TestFiltersAreSubsets checks that every filtered dump, whether the
// kernel or userspace filtered it, is exactly the matching part of the
// unfiltered one, and that the iterator forms agree with the slices.
func TestFiltersAreSubsets(t *testing.T) {
	_, fx, h := openNS(t)
	ctx := testContext(t)
	veth0 := linkIndex(fx, "veth0")

	allAddrs, err := h.Addrs(ctx, netinfo.AddrFilter{})
	require.NoError(t, err)
	for _, f := range []netinfo.AddrFilter{
		{Family: netinfo.FamilyInet}, {Family: netinfo.FamilyInet6}, {Index: veth0}, {Family: netinfo.FamilyInet, Index: veth0},
	} {
		got, err := h.Addrs(ctx, f)
		require.NoError(t, err)
		want := slices.DeleteFunc(slices.Clone(allAddrs), func(a netinfo.Addr) bool {
			return (f.Family != 0 && a.Family != f.Family) || (f.Index != 0 && a.Index != f.Index)
		})
		require.NotEmpty(t, want)
		requireSameAddrs(t, want, got)
		requireSameAddrs(t, got, collect(t, h.AddrsSeq(ctx, f)))
	}

	allRoutes, err := h.Routes(ctx, netinfo.RouteFilter{})
	require.NoError(t, err)
	for _, f := range []netinfo.RouteFilter{
		{Table: 100}, {Table: netinfo.TableMain}, {Family: netinfo.FamilyInet6}, {OutIndex: veth0},
		{Table: netinfo.TableMain, Type: netinfo.RouteBlackhole}, {Protocol: netinfo.ProtoKernel},
	} {
		got, err := h.Routes(ctx, f)
		require.NoError(t, err)
		want := slices.DeleteFunc(slices.Clone(allRoutes), func(r netinfo.Route) bool {
			// As the kernel filters: a route matches a link if any of
			// its next hops uses it.
			usesLink := r.OutIndex == f.OutIndex || slices.ContainsFunc(r.NextHops, func(nh netinfo.NextHop) bool { return nh.OutIndex == f.OutIndex })
			return (f.Family != 0 && r.Family != f.Family) || (f.Table != 0 && r.Table != f.Table) ||
				(f.OutIndex != 0 && !usesLink) || (f.Type != 0 && r.Type != f.Type) ||
				(f.Protocol != 0 && r.Protocol != f.Protocol)
		})
		require.NotEmpty(t, want, "filter %+v", f)
		require.Equal(t, len(want), len(got), "filter %+v", f)
		for i := range want {
			require.Equal(t, want[i].Dst, got[i].Dst, "filter %+v", f)
		}
		require.Equal(t, len(got), len(collect(t, h.RoutesSeq(ctx, f))))
	}

	allNeighs, err := h.Neighbors(ctx, netinfo.NeighFilter{})
	require.NoError(t, err)
	got, err := h.Neighbors(ctx, netinfo.NeighFilter{Index: veth0, Family: netinfo.FamilyInet})
	require.NoError(t, err)
	want := slices.DeleteFunc(slices.Clone(allNeighs), func(n netinfo.Neighbor) bool {
		return n.Index != veth0 || n.Family != netinfo.FamilyInet
	})
	require.Len(t, got, len(want))
	require.Len(t, got, 3)
}

func requireSameAddrs(t *testing.T, want, got []netinfo.Addr) {
	t.Helper()
	require.Equal(t, len(want), len(got))
	for i := range want {
		require.Equal(t, want[i].Prefix, got[i].Prefix)
		require.Equal(t, want[i].Index, got[i].Index)
	}
}

func collect[T any](t *testing.T, seq func(func(T, error) bool)) []T {
	t.Helper()
	var out []T
	for v, err := range seq {
		require.NoError(t, err)
		out = append(out, v)
	}
	return out
}

func TestIteratorStopsEarly(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	_, _, h := openNS(t)
	ctx := testContext(t)
	n := 0
	for _, err := range h.RoutesSeq(ctx, netinfo.RouteFilter{}) {
		require.NoError(t, err)
		n++
		if n == 2 {
			break
		}
	}
	require.Equal(t, 2, n)
	// The handle still works after an abandoned dump.
	links, err := h.Links(ctx)
	require.NoError(t, err)
	require.NotEmpty(t, links)
}

func TestSetters(t *testing.T) {
	ns, fx, h := openNS(t)
	ctx := testContext(t)
	veth0, br0 := linkIndex(fx, "veth0"), linkIndex(fx, "br0")

	t.Run("link", func(t *testing.T) {
		require.NoError(t, h.SetLinkDown(ctx, veth0))
		require.Contains(t, ns.IP(t, "link", "show", "veth0"), "state DOWN")
		l, err := h.LinkByIndex(ctx, veth0)
		require.NoError(t, err)
		require.Zero(t, l.Flags&netinfo.LinkUp)

		require.NoError(t, h.SetLinkMTU(ctx, veth0, 1280))
		require.NoError(t, h.SetLinkAlias(ctx, veth0, "renamed by rtnlx"))
		require.NoError(t, h.SetLinkName(ctx, veth0, "vethx"))
		got := ns.IPJSON(t, "link", "show", "vethx")
		require.Len(t, got, 1)
		require.EqualValues(t, 1280, got[0]["mtu"])
		require.Equal(t, "renamed by rtnlx", got[0]["ifalias"])
		require.NoError(t, h.SetLinkAlias(ctx, veth0, ""))
		require.NoError(t, h.SetLinkName(ctx, veth0, "veth0"))
		require.NoError(t, h.SetLinkUp(ctx, veth0))
		l, err = h.LinkByName(ctx, "veth0")
		require.NoError(t, err)
		require.NotZero(t, l.Flags&netinfo.LinkUp)
		require.Equal(t, "", l.Alias)

		err = h.SetLinkMTU(ctx, 99999, 1500)
		require.ErrorIs(t, err, netinfo.ErrNotFound)
	})

	t.Run("addr", func(t *testing.T) {
		a := netinfo.Addr{Index: veth0, Prefix: netip.MustParsePrefix("10.77.0.1/24"), Label: "veth0:rt"}
		require.NoError(t, h.AddAddr(ctx, a))
		require.ErrorIs(t, h.AddAddr(ctx, a), syscall.EEXIST)
		require.Contains(t, ns.IP(t, "-4", "addr", "show", "dev", "veth0"), "10.77.0.1/24")
		require.Contains(t, ns.IP(t, "-4", "addr", "show", "dev", "veth0"), "veth0:rt")
		require.NoError(t, h.ReplaceAddr(ctx, a))
		a6 := netinfo.Addr{Index: veth0, Prefix: netip.MustParsePrefix("2001:db8:77::1/64"), Flags: netinfo.AddrNoDAD}
		require.NoError(t, h.AddAddr(ctx, a6))
		require.Contains(t, ns.IP(t, "-6", "addr", "show", "dev", "veth0"), "2001:db8:77::1/64")
		got, err := h.Addrs(ctx, netinfo.AddrFilter{Index: veth0})
		require.NoError(t, err)
		require.True(t, slices.ContainsFunc(got, func(x netinfo.Addr) bool { return x.Prefix == a.Prefix && x.Label == "veth0:rt" }))
		require.NoError(t, h.DelAddr(ctx, a))
		require.NoError(t, h.DelAddr(ctx, a6))
		require.NotContains(t, ns.IP(t, "addr", "show", "dev", "veth0"), "10.77.0.1")
		require.Error(t, h.DelAddr(ctx, a))
	})

	t.Run("route", func(t *testing.T) {
		cases := []struct {
			name  string
			route netinfo.Route
			show  []string
			want  string
		}{
			{"gateway table metric", netinfo.Route{Dst: netip.MustParsePrefix("192.0.2.64/26"), Gateway: netip.MustParseAddr("10.1.0.254"), Table: 100, Priority: 42},
				[]string{"route", "show", "table", "100"}, "192.0.2.64/26 via 10.1.0.254 dev veth0 metric 42"},
			{"blackhole", netinfo.Route{Dst: netip.MustParsePrefix("198.18.0.0/16"), Type: netinfo.RouteBlackhole},
				[]string{"route", "show"}, "blackhole 198.18.0.0/16"},
			{"unreachable", netinfo.Route{Dst: netip.MustParsePrefix("198.19.0.0/16"), Type: netinfo.RouteUnreachable},
				[]string{"route", "show"}, "unreachable 198.19.0.0/16"},
			{"prohibit", netinfo.Route{Dst: netip.MustParsePrefix("198.20.0.0/16"), Type: netinfo.RouteProhibit, Table: 300},
				[]string{"route", "show", "table", "300"}, "prohibit 198.20.0.0/16"},
			// Via br0: the link subtest took veth0 down, which flushed its
			// IPv6 addresses.
			{"ipv6 via gateway", netinfo.Route{Dst: netip.MustParsePrefix("2001:db8:300::/48"), Gateway: netip.MustParseAddr("2001:db8:2::fe"), OutIndex: br0},
				[]string{"-6", "route", "show"}, "2001:db8:300::/48 via 2001:db8:2::fe dev br0"},
			{"multipath", netinfo.Route{Dst: netip.MustParsePrefix("192.0.2.128/25"), NextHops: []netinfo.NextHop{
				{Gateway: netip.MustParseAddr("10.1.0.253"), OutIndex: veth0, Weight: 4},
				{Gateway: netip.MustParseAddr("10.2.0.253"), OutIndex: br0, Weight: 1},
			}}, []string{"route", "show", "192.0.2.128/25"}, "nexthop via 10.1.0.253 dev veth0 weight 4"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				r := tc.route
				if r.Gateway.IsValid() && r.OutIndex == 0 {
					r.OutIndex = veth0
				}
				require.NoError(t, h.AddRoute(ctx, r))
				require.ErrorIs(t, h.AddRoute(ctx, r), syscall.EEXIST)
				require.Contains(t, ns.IP(t, tc.show...), tc.want)
				require.NoError(t, h.ReplaceRoute(ctx, r))
				f := netinfo.RouteFilter{Table: r.Table, Dst: &r.Dst}
				if f.Table == 0 {
					f.Table = netinfo.TableMain
				}
				got, err := h.Routes(ctx, f)
				require.NoError(t, err)
				require.Len(t, got, 1)
				require.Equal(t, r.Dst, got[0].Dst)
				require.NoError(t, h.DelRoute(ctx, r))
				require.NotContains(t, ns.IP(t, tc.show...), tc.want)
				require.ErrorIs(t, h.DelRoute(ctx, r), syscall.ESRCH)
			})
		}
	})

	t.Run("route error carries the extended ack", func(t *testing.T) {
		// A gateway on no connected network: the kernel says why.
		err := h.AddRoute(ctx, netinfo.Route{Dst: netip.MustParsePrefix("192.0.2.0/28"), Gateway: netip.MustParseAddr("172.31.255.1"), OutIndex: veth0, Table: 200})
		var opErr *netinfo.OpError
		require.ErrorAs(t, err, &opErr)
		require.NotEmpty(t, opErr.Message, "no extended ack in %v", err)
	})

	t.Run("neighbour", func(t *testing.T) {
		n := netinfo.Neighbor{Index: veth0, IP: netip.MustParseAddr("10.1.0.77"), HardwareAddr: []byte{2, 0, 0x5e, 0, 0, 0x77}}
		require.NoError(t, h.AddNeighbor(ctx, n))
		require.ErrorIs(t, h.AddNeighbor(ctx, n), syscall.EEXIST)
		require.Contains(t, ns.IP(t, "neigh", "show", "dev", "veth0"), "10.1.0.77 lladdr 02:00:5e:00:00:77 PERMANENT")
		n.State = netinfo.NeighStale
		require.NoError(t, h.ReplaceNeighbor(ctx, n))
		require.Contains(t, ns.IP(t, "neigh", "show", "dev", "veth0"), "10.1.0.77 lladdr 02:00:5e:00:00:77 STALE")
		n6 := netinfo.Neighbor{Index: veth0, IP: netip.MustParseAddr("2001:db8:1::77"), HardwareAddr: []byte{2, 0, 0x5e, 0, 0, 0x78}}
		require.NoError(t, h.AddNeighbor(ctx, n6))
		require.Contains(t, ns.IP(t, "-6", "neigh", "show", "dev", "veth0"), "2001:db8:1::77 lladdr 02:00:5e:00:00:78 PERMANENT")
		require.NoError(t, h.DelNeighbor(ctx, n))
		require.NoError(t, h.DelNeighbor(ctx, n6))
		require.NotContains(t, ns.IP(t, "neigh", "show", "dev", "veth0"), "10.1.0.77")
	})
}

func TestClosedHandle(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	_, _, h := openNS(t)
	ctx := testContext(t)
	require.NoError(t, h.Close())
	require.NoError(t, h.Close())
	_, err := h.Links(ctx)
	require.ErrorIs(t, err, netinfo.ErrClosed)
	_, err = h.Watch(ctx, netinfo.WatchLinks)
	require.ErrorIs(t, err, netinfo.ErrClosed)
	_, err = h.Raw().Execute(ctx, netlink.Message{})
	require.ErrorIs(t, err, netinfo.ErrClosed)
	require.ErrorIs(t, h.SetLinkUp(ctx, 1), netinfo.ErrClosed)
}

func TestOpenMissingNamespace(t *testing.T) {
	_, err := netinfo.Open(netinfo.WithNetNS("/var/run/netns/rtnlx-no-such-ns"))
	require.Error(t, err)
	require.ErrorIs(t, err, errNotExist)
}

var errNotExist = syscall.ENOENT

func TestCloseDuringWatchAndDump(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	ns, _, h := openNS(t)
	ctx := testContext(t)
	w, err := h.Watch(ctx, netinfo.WatchAll)
	require.NoError(t, err)
	lines := make([]string, 0, 3000)
	for i := range 3000 {
		lines = append(lines, fmt.Sprintf("route add 10.200.%d.%d/32 dev veth0", i/250, i%250))
	}
	ns.Batch(t, lines)
	done := make(chan error, 1)
	go func() {
		var err error
		for _, e := range h.RoutesSeq(ctx, netinfo.RouteFilter{}) {
			if e != nil {
				err = e
			}
		}
		done <- err
	}()
	start := time.Now()
	require.NoError(t, h.Close())
	require.Less(t, time.Since(start), 10*time.Second)
	for range w.Events() {
	}
	err = <-done
	if err != nil {
		require.ErrorIs(t, err, netinfo.ErrClosed)
	}
}

func TestRaw(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	ns, _, h := openNS(t)
	ctx := testContext(t)
	raw := h.Raw()
	defer raw.Close()

	pid, err := raw.PortID()
	require.NoError(t, err)
	require.NotZero(t, pid)

	// A dump: every part up to NLMSG_DONE, decodable by the package.
	msgs, err := raw.Execute(ctx, netlink.Message{
		Header: netlink.Header{Type: 18 /* RTM_GETLINK */, Flags: netlink.Dump},
		Data:   make([]byte, 16), // struct ifinfomsg
	})
	require.NoError(t, err)
	require.NotEmpty(t, msgs)
	var names []string
	for _, m := range msgs {
		require.Equal(t, netlink.HeaderType(16), m.Header.Type)
		l, err := netinfo.DecodeLink(m.Data)
		require.NoError(t, err)
		names = append(names, l.Name)
	}
	require.Contains(t, names, "lo")
	require.Contains(t, names, "veth0")

	// A chosen sequence number is echoed.
	msgs, err = raw.Execute(ctx, netlink.Message{
		Header: netlink.Header{Type: 18, Sequence: 4242},
		Data:   ifinfomsg(1),
	})
	require.NoError(t, err)
	require.Len(t, msgs, 1)
	require.Equal(t, uint32(4242), msgs[0].Header.Sequence)

	// Errors are errnos.
	_, err = raw.Execute(ctx, netlink.Message{Header: netlink.Header{Type: 18}, Data: ifinfomsg(99999)})
	require.ErrorIs(t, err, syscall.ENODEV)

	// Broadcasts queue apart from replies.
	require.NoError(t, raw.JoinGroup(7)) // RTNLGRP_IPV4_ROUTE
	ns.IP(t, "route", "add", "192.0.2.200/32", "dev", "veth0")
	_, err = raw.Execute(ctx, netlink.Message{Header: netlink.Header{Type: 18}, Data: ifinfomsg(1)})
	require.NoError(t, err)
	m, err := raw.Broadcast(ctx)
	require.NoError(t, err)
	require.Equal(t, netlink.HeaderType(24), m.Header.Type) // RTM_NEWROUTE
	r, err := netinfo.DecodeRoute(m.Data)
	require.NoError(t, err)
	require.Equal(t, netip.MustParsePrefix("192.0.2.200/32"), r.Dst)
	require.NoError(t, raw.LeaveGroup(7))
}

func TestRawSendOnlyKernel(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	_, fx, h := openNS(t)
	testRawSendOnly(t, h, linkIndex(fx, "veth0"))
}

func ifinfomsg(index int32) []byte {
	b := make([]byte, 16)
	binary.NativeEndian.PutUint32(b[4:], uint32(index))
	return b
}

// linkIndex is the kernel index of a fixture link; 0 for "".
func linkIndex(fx *nstest.Fixture, name string) int {
	for _, l := range fx.Links() {
		if l.Name == name {
			return l.Index
		}
	}
	return 0
}

// A link's group and mode, and an IPv6 route's preference and expiry,
// read as ip sets them; the route setters send the two route fields for
// IPv6 and leave them out for IPv4, where the kernel has neither.
func TestGroupModePrefExpires(t *testing.T) {
	ns, fx, h := openNS(t)
	ctx := testContext(t)
	veth0 := linkIndex(fx, "veth0")

	ns.IP(t, "link", "set", "veth0", "group", "7", "mode", "dormant")
	l, err := h.LinkByIndex(ctx, veth0)
	require.NoError(t, err)
	require.Equal(t, uint32(7), l.Group)
	require.Equal(t, netinfo.LinkModeDormant, l.Mode)
	lo, err := h.LinkByName(ctx, "lo")
	require.NoError(t, err)
	require.Zero(t, lo.Group)
	require.Equal(t, netinfo.LinkModeDefault, lo.Mode)

	routeTo := func(prefix string) netinfo.Route {
		t.Helper()
		dst := netip.MustParsePrefix(prefix)
		got, err := h.Routes(ctx, netinfo.RouteFilter{Table: netinfo.TableMain, Dst: &dst})
		require.NoError(t, err)
		require.Len(t, got, 1, prefix)
		return got[0]
	}
	ns.IP(t, "-6", "route", "add", "2001:db8:71::/64", "dev", "veth0", "expires", "300", "pref", "high")
	ns.IP(t, "-6", "route", "add", "2001:db8:72::/64", "dev", "veth0")
	r := routeTo("2001:db8:71::/64")
	require.Equal(t, netinfo.RoutePrefHigh, r.Pref)
	require.InDelta(t, 300, r.Expires.Seconds(), 30)
	r = routeTo("2001:db8:72::/64")
	require.Equal(t, netinfo.RoutePrefMedium, r.Pref)
	require.Zero(t, r.Expires)

	// Through the setters: a fraction of a second is rounded up, so the
	// route does expire.
	add6 := netinfo.Route{Dst: netip.MustParsePrefix("2001:db8:73::/64"), OutIndex: veth0,
		Pref: netinfo.RoutePrefLow, Expires: 120*time.Second + 300*time.Millisecond}
	require.NoError(t, h.AddRoute(ctx, add6))
	got := ns.IPJSON(t, "-6", "route", "show", "2001:db8:73::/64")
	require.Len(t, got, 1)
	require.Equal(t, "low", got[0]["pref"])
	require.InDelta(t, 121, got[0]["expires"], 10)
	r = routeTo("2001:db8:73::/64")
	require.Equal(t, netinfo.RoutePrefLow, r.Pref)
	require.InDelta(t, 121, r.Expires.Seconds(), 10)

	add4 := netinfo.Route{Dst: netip.MustParsePrefix("192.0.2.64/26"), OutIndex: veth0,
		Pref: netinfo.RoutePrefHigh, Expires: time.Minute}
	require.NoError(t, h.AddRoute(ctx, add4))
	r = routeTo("192.0.2.64/26")
	require.Equal(t, netinfo.RoutePrefNone, r.Pref)
	require.Zero(t, r.Expires)
	require.NoError(t, h.DelRoute(ctx, add4))
	require.NoError(t, h.DelRoute(ctx, add6))
}
