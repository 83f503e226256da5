//go:build linux

package netinfo_test

import (
	"fmt"
	"net/netip"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/nstest"
	"github.com/rtnlx/rtnlx/netinfo"
)

// theLink stands for the test link's index in nexthopCases.
const theLink = -1

// nexthopCases are nexthops as ip nexthop add makes them, in an order
// where group members come first, and the record rtnlx reads back.
var nexthopCases = []struct {
	args string // after "ip nexthop add"
	want netinfo.Nexthop
}{
	{"id 1 via 10.1.0.2 dev rnh0", netinfo.Nexthop{ID: 1, Family: netinfo.FamilyInet, Scope: netinfo.ScopeLink,
		Gateway: netip.MustParseAddr("10.1.0.2"), OutIndex: theLink}},
	{"id 2 via 10.1.0.3 dev rnh0 onlink proto static", netinfo.Nexthop{ID: 2, Family: netinfo.FamilyInet, Scope: netinfo.ScopeLink,
		Gateway: netip.MustParseAddr("10.1.0.3"), OutIndex: theLink, Flags: netinfo.RouteOnLink, Protocol: netinfo.ProtoStatic}},
	{"id 3 dev rnh0", netinfo.Nexthop{ID: 3, Family: netinfo.FamilyInet, Scope: netinfo.ScopeHost, OutIndex: theLink}},
	{"id 4 blackhole", netinfo.Nexthop{ID: 4, Family: netinfo.FamilyInet, Blackhole: true}},
	{"-6 id 6 via 2001:db8::2 dev rnh0 proto 99", netinfo.Nexthop{ID: 6, Family: netinfo.FamilyInet6, Scope: netinfo.ScopeLink,
		Gateway: netip.MustParseAddr("2001:db8::2"), OutIndex: theLink, Protocol: 99}},
	{"id 7 via 10.1.0.4 fdb", netinfo.Nexthop{ID: 7, Family: netinfo.FamilyInet, Scope: netinfo.ScopeLink,
		Gateway: netip.MustParseAddr("10.1.0.4"), FDB: true}},
	{"id 8 group 1,2/2,3", netinfo.Nexthop{ID: 8, Group: []netinfo.NexthopGroupMember{{ID: 1, Weight: 2}, {ID: 2, Weight: 3}}}},
	{"id 9 group 7 fdb", netinfo.Nexthop{ID: 9, Group: []netinfo.NexthopGroupMember{{ID: 7, Weight: 1}}, FDB: true}},
	{"id 10 group 1/2 type resilient buckets 8 idle_timer 60 unbalanced_timer 20", netinfo.Nexthop{ID: 10,
		Group: []netinfo.NexthopGroupMember{{ID: 1, Weight: 1}, {ID: 2, Weight: 1}}, GroupType: netinfo.NexthopGroupResilient,
		Resilient: &netinfo.NexthopResilient{Buckets: 8, IdleTimer: 60 * time.Second, UnbalancedTimer: 20 * time.Second}}},
	{"id 11 group 4", netinfo.Nexthop{ID: 11, Group: []netinfo.NexthopGroupMember{{ID: 4, Weight: 1}}}},
	{"id 12 group 1,256 proto boot", netinfo.Nexthop{ID: 12, Group: []netinfo.NexthopGroupMember{{ID: 1, Weight: 256}}, Protocol: netinfo.ProtoBoot}},
}

// TestNexthopsRoundTrip adds each nexthop with ip and reads it back,
// deletes it with DelNexthop, adds it back with AddNexthop and requires
// ip -j to print the same object as for ip's own. Then routes using a
// group: read, re-added by rtnlx, and removed with their group.
func TestNexthopsRoundTrip(t *testing.T) {
	ns := nstest.New(t, "rtnh")
	ns.IP(t, "link", "add", "rnh0", "type", "veth", "peer", "name", "rnh1")
	ns.IP(t, "link", "set", "rnh1", "up")
	ns.IP(t, "link", "set", "rnh0", "up")
	ns.IP(t, "addr", "add", "10.1.0.1/24", "dev", "rnh0")
	ns.IP(t, "addr", "add", "2001:db8::1/64", "dev", "rnh0", "nodad")
	h, err := netinfo.Open(netinfo.WithNetNS(ns.Path))
	require.NoError(t, err)
	defer h.Close()
	ctx := testContext(t)
	link, err := h.LinkByName(ctx, "rnh0")
	require.NoError(t, err)

	ipObj := func(id uint32) map[string]any {
		for _, o := range ns.IPJSON(t, "nexthop", "show") {
			if fmt.Sprint(o["id"]) == fmt.Sprint(id) {
				return o
			}
		}
		return nil
	}
	for _, c := range nexthopCases {
		t.Run(c.args, func(t *testing.T) {
			want := c.want
			if want.OutIndex == theLink {
				want.OutIndex = link.Index
			}
			args := strings.Fields(c.args)
			if args[0] == "-6" {
				ns.IP(t, append([]string{"-6", "nexthop", "add"}, args[1:]...)...)
			} else {
				ns.IP(t, append([]string{"nexthop", "add"}, args...)...)
			}
			wantJSON := ipObj(want.ID)
			require.NotNil(t, wantJSON)

			got, err := h.NexthopByID(ctx, want.ID)
			require.NoError(t, err)
			require.Equal(t, want, got)
			all, err := h.Nexthops(ctx, netinfo.NexthopFilter{})
			require.NoError(t, err)
			require.Contains(t, all, want)

			require.NoError(t, h.DelNexthop(ctx, want.ID))
			require.Nil(t, ipObj(want.ID))
			_, err = h.NexthopByID(ctx, want.ID)
			require.ErrorIs(t, err, netinfo.ErrNotFound)
			require.Error(t, h.DelNexthop(ctx, want.ID))

			add := want
			add.Scope, add.Flags = 0, want.Flags&netinfo.RouteOnLink // the kernel's to set
			if len(add.Group) > 0 {
				add.Family = netinfo.FamilyAll // as ip sends them
			}
			require.NoError(t, h.AddNexthop(ctx, add))
			require.Equal(t, wantJSON, ipObj(want.ID))
			require.ErrorIs(t, h.AddNexthop(ctx, add), syscall.EEXIST)
		})
	}

	t.Run("filters", func(t *testing.T) {
		groups, err := h.Nexthops(ctx, netinfo.NexthopFilter{Groups: true})
		require.NoError(t, err)
		require.Len(t, groups, 5)
		onLink, err := h.Nexthops(ctx, netinfo.NexthopFilter{OutIndex: link.Index})
		require.NoError(t, err)
		require.Len(t, onLink, 4)
	})

	t.Run("routes", func(t *testing.T) {
		dst := netip.MustParsePrefix("10.9.0.0/16")
		ns.IP(t, "route", "add", dst.String(), "nhid", "8")
		routeObj := func() map[string]any {
			for _, o := range ns.IPJSON(t, "route", "show") {
				if o["dst"] == dst.String() {
					return o
				}
			}
			return nil
		}
		wantJSON := routeObj()
		require.NotNil(t, wantJSON)
		routes, err := h.Routes(ctx, netinfo.RouteFilter{Dst: &dst})
		require.NoError(t, err)
		require.Len(t, routes, 1)
		require.Equal(t, uint32(8), routes[0].NHID)
		require.Len(t, routes[0].NextHops, 2)
		require.Equal(t, 2, routes[0].NextHops[0].Weight)

		require.NoError(t, h.DelRoute(ctx, netinfo.Route{Dst: dst, NHID: 8}))
		require.Nil(t, routeObj())
		require.NoError(t, h.AddRoute(ctx, netinfo.Route{Dst: dst, NHID: 8}))
		require.Equal(t, wantJSON, routeObj())

		// The kernel deletes the group's routes with it, without a
		// message per route.
		require.NoError(t, h.DelNexthop(ctx, 8))
		require.Nil(t, routeObj())
	})
}
