package netinfo

import (
	"fmt"
	"net/netip"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/rtnlx/rtnlx/internal/nstest"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// kernelDump sends a dump request with strict checking on and decodes
// every reply with decode.
func kernelDump[T any](t *testing.T, s *kernelSock, typ uint16, payload []byte, decode func([]byte, *T) error) ([]T, error) {
	t.Helper()
	rep, err := s.request(typ, unix.NLM_F_DUMP, payload)
	if err != nil {
		return nil, err
	}
	out := make([]T, len(rep.msgs))
	for i, m := range rep.msgs {
		require.NoError(t, decode(m, &out[i]))
	}
	return out, nil
}

// filterSlice keeps what match accepts.
func filterSlice[T any](all []T, match func(*T) bool) []T {
	var out []T
	for i := range all {
		if match(&all[i]) {
			out = append(out, all[i])
		}
	}
	return out
}

// A strict kernel must accept every dump request the encoders build, and
// what it filters must be exactly what match keeps of a full dump.
func TestEncodeDumpRequestsStrictKernel(t *testing.T) {
	ns, f := populatedNS(t, "rcodsd")
	s := dialKernelInNS(t, ns.Path)
	veth0, br0 := f.Veth0.Index, f.Bridge.Index
	dst := netip.MustParsePrefix("203.0.113.128/25")

	t.Run("links", func(t *testing.T) {
		links, err := kernelDump(t, s, unix.RTM_GETLINK, appendLinkDumpRequest(nil), decodeLink)
		require.NoError(t, err)
		require.Len(t, links, 5)
		for _, want := range []struct {
			index int
			name  string
		}{{veth0, "veth0"}, {0, "br0"}} {
			rep, err := s.request(unix.RTM_GETLINK, 0, appendLinkGetRequest(nil, want.index, want.name))
			require.NoError(t, err)
			require.Len(t, rep.msgs, 1)
			l, err := DecodeLink(rep.msgs[0])
			require.NoError(t, err)
			require.Equal(t, want.name, l.Name)
		}
		_, err = s.request(unix.RTM_GETLINK, 0, appendLinkGetRequest(nil, 0, "rcodnone"))
		require.ErrorIs(t, err, syscall.ENODEV)
	})

	scopeLink := ScopeLink
	addrAll, err := kernelDump(t, s, unix.RTM_GETADDR, appendAddrDumpRequest(nil, AddrFilter{}), decodeAddr)
	require.NoError(t, err)
	for _, af := range []AddrFilter{
		{Family: FamilyInet},
		{Family: FamilyInet6},
		{Index: veth0},
		{Family: FamilyInet6, Index: br0},
		{Family: FamilyInet, Index: veth0, Scope: &scopeLink},
	} {
		t.Run(fmt.Sprintf("addrs %+v", af), func(t *testing.T) {
			got, err := kernelDump(t, s, unix.RTM_GETADDR, appendAddrDumpRequest(nil, af), decodeAddr)
			require.NoError(t, err)
			want := filterSlice(addrAll, af.match)
			require.Equal(t, want, filterSlice(got, af.match))
			if af.Scope == nil {
				require.Equal(t, want, got, "the kernel filtered it all")
			}
		})
	}

	routeAll, err := kernelDump(t, s, unix.RTM_GETROUTE, appendRouteDumpRequest(nil, RouteFilter{}), decodeRoute)
	require.NoError(t, err)
	for _, rf := range []RouteFilter{
		{Family: FamilyInet},
		{Family: FamilyInet6},
		{Table: 100},
		{Table: 1000},
		{Family: FamilyInet, Table: TableLocal},
		{Family: FamilyInet6, Table: TableMain, Protocol: ProtoKernel},
		{Type: RouteBlackhole},
		{OutIndex: br0}, // includes the multipath route with a hop on br0
		{Family: FamilyInet, Table: TableMain, OutIndex: veth0, Protocol: ProtoBoot, Type: RouteUnicast},
		{Dst: &dst},
	} {
		t.Run(fmt.Sprintf("routes %+v", rf), func(t *testing.T) {
			got, err := kernelDump(t, s, unix.RTM_GETROUTE, appendRouteDumpRequest(nil, rf), decodeRoute)
			require.NoError(t, err)
			want := filterSlice(routeAll, rf.match)
			require.NotEmpty(t, want)
			require.Equal(t, want, filterSlice(got, rf.match))
			if rf.Dst == nil && rf.Family != FamilyAll {
				require.Equal(t, want, got, "the kernel filtered it all")
			}
		})
	}
	t.Run("routes of a table that does not exist", func(t *testing.T) {
		// The kernel answers ENOENT for one family, and nothing for
		// AF_UNSPEC: a Handle must treat both as an empty result.
		_, err := kernelDump(t, s, unix.RTM_GETROUTE, appendRouteDumpRequest(nil, RouteFilter{Family: FamilyInet, Table: 4242}), decodeRoute)
		require.ErrorIs(t, err, syscall.ENOENT)
		got, err := kernelDump(t, s, unix.RTM_GETROUTE, appendRouteDumpRequest(nil, RouteFilter{Table: 4242}), decodeRoute)
		require.NoError(t, err)
		require.Empty(t, got)
	})

	// Ages tick between two dumps: the entries are compared without.
	neighDump := func(f NeighFilter) ([]Neighbor, error) {
		ns, err := kernelDump(t, s, unix.RTM_GETNEIGH, appendNeighDumpRequest(nil, f), decodeNeighbor)
		for i := range ns {
			ns[i].CacheInfo = nil
		}
		return ns, err
	}
	neighAll, err := neighDump(NeighFilter{})
	require.NoError(t, err)
	for _, nf := range []NeighFilter{
		{Family: FamilyInet},
		{Family: FamilyInet6, Index: veth0},
		{Index: br0},
		{State: NeighStale | NeighReachable},
		{Family: FamilyBridge, Index: br0},
	} {
		t.Run(fmt.Sprintf("neighbours %+v", nf), func(t *testing.T) {
			got, err := neighDump(nf)
			require.NoError(t, err)
			require.NotEmpty(t, filterSlice(got, nf.match))
			if nf.Family != FamilyBridge {
				require.Equal(t, filterSlice(neighAll, nf.match), filterSlice(got, nf.match))
			}
			if nf.State == 0 {
				require.Equal(t, filterSlice(got, nf.match), got, "the kernel filtered it all")
			}
		})
	}
}

// ipObjects finds the objects of an ip -j listing whose field key has
// value want.
func ipObjects(objs []map[string]any, key, want string) []map[string]any {
	var out []map[string]any
	for _, o := range objs {
		if fmt.Sprint(o[key]) == want {
			out = append(out, o)
		}
	}
	return out
}

// The kernel applies the encoders' requests as ip would its own: each
// change is checked with ip -j, then undone with the same encoder.
func TestEncodeChangesAppliedByKernel(t *testing.T) {
	ns, f := populatedNS(t, "rcodch")
	s := dialKernelInNS(t, ns.Path)
	ip := netip.MustParseAddr
	pfx := netip.MustParsePrefix
	veth0, br0, tun := f.Veth0.Index, f.Bridge.Index, f.Tun.Index
	const create = unix.NLM_F_CREATE | unix.NLM_F_EXCL

	t.Run("link", func(t *testing.T) {
		alias, empty := "rcod alias", ""
		for _, c := range []linkChange{
			{Index: veth0, MTU: 1300, Alias: &alias},
			{Index: tun, Change: LinkUp}, // down: the kernel renames only links that are down
			{Index: tun, Name: "rcodtun"},
		} {
			_, err := s.request(unix.RTM_NEWLINK, 0, appendLinkChange(nil, c))
			require.NoError(t, err, "%+v", c)
		}
		l := ns.IPJSON(t, "link", "show", "dev", "veth0")[0]
		require.EqualValues(t, 1300, l["mtu"])
		require.Equal(t, alias, l["ifalias"])
		l = ns.IPJSON(t, "link", "show", "dev", "rcodtun")[0]
		require.NotContains(t, l["flags"], "UP")

		_, err := s.request(unix.RTM_NEWLINK, 0, appendLinkChange(nil, linkChange{Index: veth0, Alias: &empty}))
		require.NoError(t, err)
		_, err = s.request(unix.RTM_NEWLINK, 0, appendLinkChange(nil, linkChange{Index: tun, Flags: LinkUp, Change: LinkUp}))
		require.NoError(t, err)
		require.Nil(t, ns.IPJSON(t, "link", "show", "dev", "veth0")[0]["ifalias"], "alias cleared")
		require.Contains(t, ns.IPJSON(t, "link", "show", "dev", "rcodtun")[0]["flags"], "UP")
	})

	t.Run("addr", func(t *testing.T) {
		addrs := []Addr{
			{Index: veth0, Prefix: pfx("10.5.0.1/24"), Broadcast: ip("10.5.0.255"), Label: "veth0:five"},
			{Index: tun, Prefix: pfx("10.6.0.1/32"), Peer: ip("10.6.0.2")},
			{Index: br0, Prefix: pfx("2001:db8:5::1/64"), Flags: AddrNoDAD | AddrNoPrefixRoute,
				ValidLifetime: time.Hour, PreferredLifetime: 30 * time.Minute},
		}
		for _, a := range addrs {
			_, err := s.request(unix.RTM_NEWADDR, create, appendAddr(nil, &a))
			require.NoError(t, err, "%v", a.Prefix)
			_, err = s.request(unix.RTM_NEWADDR, create, appendAddr(nil, &a))
			require.ErrorIs(t, err, syscall.EEXIST, "%v again", a.Prefix)
		}
		var infos []map[string]any
		for _, l := range ns.IPJSON(t, "addr", "show") {
			for _, ai := range l["addr_info"].([]any) {
				infos = append(infos, ai.(map[string]any))
			}
		}
		five := ipObjects(infos, "local", "10.5.0.1")
		require.Len(t, five, 1)
		require.EqualValues(t, 24, five[0]["prefixlen"])
		require.Equal(t, "10.5.0.255", five[0]["broadcast"])
		require.Equal(t, "veth0:five", five[0]["label"])
		p2p := ipObjects(infos, "local", "10.6.0.1")
		require.Len(t, p2p, 1)
		require.Equal(t, "10.6.0.2", p2p[0]["address"])
		v6 := ipObjects(infos, "local", "2001:db8:5::1")
		require.Len(t, v6, 1)
		require.Equal(t, true, v6[0]["noprefixroute"])
		require.EqualValues(t, 3600, v6[0]["valid_life_time"])
		require.EqualValues(t, 1800, v6[0]["preferred_life_time"])

		for _, a := range addrs {
			_, err := s.request(unix.RTM_DELADDR, 0, appendAddr(nil, &a))
			require.NoError(t, err, "del %v", a.Prefix)
		}
		out := ns.IP(t, "addr", "show")
		for _, a := range addrs {
			require.NotContains(t, out, a.Prefix.Addr().String()+"/")
		}
	})

	t.Run("route", func(t *testing.T) {
		routes := []struct {
			r     Route
			table string
			check func(t *testing.T, o map[string]any)
		}{
			{Route{Family: FamilyInet, Table: 1000, Type: RouteUnicast, Protocol: ProtoStatic, Dst: pfx("198.18.0.0/16"),
				NextHops: []NextHop{{Gateway: ip("10.1.0.253"), OutIndex: veth0, Weight: 2}, {Gateway: ip("10.2.0.253"), OutIndex: br0, Weight: 5}}},
				"1000", func(t *testing.T, o map[string]any) {
					require.Equal(t, "static", o["protocol"])
					hops := o["nexthops"].([]any)
					require.Len(t, hops, 2)
					require.Equal(t, "10.1.0.253", hops[0].(map[string]any)["gateway"])
					require.Equal(t, "veth0", hops[0].(map[string]any)["dev"])
					require.EqualValues(t, 2, hops[0].(map[string]any)["weight"])
					require.Equal(t, "br0", hops[1].(map[string]any)["dev"])
					require.EqualValues(t, 5, hops[1].(map[string]any)["weight"])
				}},
			{Route{Family: FamilyInet, Table: 300, Type: RouteBlackhole, Protocol: ProtoBoot, Dst: pfx("198.19.0.0/16"), Priority: 10},
				"300", func(t *testing.T, o map[string]any) {
					require.Equal(t, "blackhole", o["type"])
					require.EqualValues(t, 10, o["metric"])
				}},
			{Route{Family: FamilyInet, Table: TableMain, Type: RouteUnicast, Protocol: ProtoBoot, Dst: pfx("198.51.100.64/26"),
				Gateway: ip("fe80::1"), OutIndex: veth0},
				"main", func(t *testing.T, o map[string]any) {
					require.Equal(t, map[string]any{"family": "inet6", "host": "fe80::1"}, o["via"])
				}},
			{Route{Family: FamilyInet6, Table: TableMain, Type: RouteUnicast, Protocol: ProtoBoot, Dst: pfx("2001:db8:77::/48"),
				Gateway: ip("2001:db8:1::fe"), OutIndex: veth0, Priority: 77},
				"main", func(t *testing.T, o map[string]any) {
					require.Equal(t, "2001:db8:1::fe", o["gateway"])
					require.Equal(t, "veth0", o["dev"])
					require.EqualValues(t, 77, o["metric"])
				}},
			{Route{Family: FamilyInet6, Table: 1000, Type: RouteUnicast, Protocol: ProtoBoot, Dst: pfx("2001:db8:78::/48"),
				NextHops: []NextHop{{Gateway: ip("2001:db8:1::fe"), OutIndex: veth0, Weight: 2}, {Gateway: ip("2001:db8:2::fe"), OutIndex: br0, Weight: 7}}},
				"1000", func(t *testing.T, o map[string]any) {
					hops := o["nexthops"].([]any)
					require.Len(t, hops, 2)
					require.Equal(t, "2001:db8:1::fe", hops[0].(map[string]any)["gateway"])
					require.EqualValues(t, 2, hops[0].(map[string]any)["weight"])
					require.Equal(t, "br0", hops[1].(map[string]any)["dev"])
					require.EqualValues(t, 7, hops[1].(map[string]any)["weight"])
				}},
			{Route{Family: FamilyInet, Table: TableMain, Type: RouteUnicast, Protocol: ProtoBoot, Scope: ScopeLink,
				Dst: pfx("198.51.100.200/32"), OutIndex: veth0, PrefSrc: ip("10.1.0.1")},
				"main", func(t *testing.T, o map[string]any) {
					require.Equal(t, "link", o["scope"])
					require.Equal(t, "10.1.0.1", o["prefsrc"])
				}},
		}
		for _, tc := range routes {
			_, err := s.request(unix.RTM_NEWROUTE, create, appendRoute(nil, &tc.r))
			require.NoError(t, err, "%v", tc.r.Dst)
			fam := "-4"
			if tc.r.Family == FamilyInet6 {
				fam = "-6"
			}
			objs := ns.IPJSON(t, fam, "route", "show", "table", tc.table, "exact", tc.r.Dst.String())
			require.Len(t, objs, 1, "%v", tc.r.Dst)
			tc.check(t, objs[0])
		}
		for _, tc := range routes {
			_, err := s.request(unix.RTM_DELROUTE, 0, appendRoute(nil, &tc.r))
			require.NoError(t, err, "del %v", tc.r.Dst)
		}
		all := ns.IP(t, "route", "show", "table", "all")
		for _, tc := range routes {
			require.NotContains(t, all, tc.r.Dst.String())
		}
	})

	t.Run("neighbour", func(t *testing.T) {
		neighs := []Neighbor{
			{Index: veth0, Family: FamilyInet, IP: ip("10.1.0.50"), HardwareAddr: mustMAC("02:00:5e:10:01:50"), State: NeighPermanent},
			{Index: br0, Family: FamilyInet6, IP: ip("2001:db8:2::50"), HardwareAddr: mustMAC("02:00:5e:10:02:50"), State: NeighStale, Flags: NeighRouter},
		}
		for _, n := range neighs {
			_, err := s.request(unix.RTM_NEWNEIGH, create, appendNeighbor(nil, &n))
			require.NoError(t, err, "%v", n.IP)
		}
		objs := ns.IPJSON(t, "neigh", "show")
		for _, n := range neighs {
			got := ipObjects(objs, "dst", n.IP.String())
			require.Len(t, got, 1, "%v", n.IP)
			require.Equal(t, n.HardwareAddr.String(), got[0]["lladdr"])
			require.Equal(t, []any{n.State.String()}, got[0]["state"])
			if n.Flags&NeighRouter != 0 {
				_, router := got[0]["router"] // ip -j prints "router": null
				require.True(t, router, "router flag")
			}
		}
		for _, n := range neighs {
			_, err := s.request(unix.RTM_DELNEIGH, 0, appendNeighbor(nil, &n))
			require.NoError(t, err, "del %v", n.IP)
		}
		objs = ns.IPJSON(t, "neigh", "show")
		for _, n := range neighs {
			require.False(t, slices.ContainsFunc(objs, func(o map[string]any) bool { return o["dst"] == n.IP.String() }), "%v deleted", n.IP)
		}
	})
}

// A veth whose peer lives in another namespace carries IFLA_LINK with
// IFLA_LINK_NETNSID: the index means nothing here, so no parent.
func TestDecodeLinkPeerInOtherNamespace(t *testing.T) {
	a := nstest.New(t, "rcodpa")
	b := nstest.New(t, "rcodpb")
	a.IP(t, "link", "add", "rcodva", "type", "veth", "peer", "name", "rcodvb", "netns", b.Name)
	s := dialKernelInNS(t, a.Path)
	links, err := kernelDump(t, s, unix.RTM_GETLINK, appendLinkDumpRequest(nil), decodeLink)
	require.NoError(t, err)
	i := slices.IndexFunc(links, func(l Link) bool { return l.Name == "rcodva" })
	require.GreaterOrEqual(t, i, 0)
	require.Equal(t, "veth", links[i].Kind)
	require.Zero(t, links[i].ParentIndex)
	require.Contains(t, a.IPJSON(t, "link", "show", "rcodva")[0], "link_netnsid", "the kernel sent IFLA_LINK_NETNSID")
}
