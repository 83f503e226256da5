package netinfo

import (
	"fmt"
	"net"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// The testdata files are kernel dumps of nstest.Populate's namespace
// plus extraRoutes, recorded by TestRecord. Link indexes are those the
// kernel gave: lo 1, veth1 2, veth0 3, br0 4, tun0 5.
const (
	recLo    = 1
	recVeth1 = 2
	recVeth0 = 3
	recBr0   = 4
	recTun0  = 5
)

func ptrTo[T any](v T) *T { return &v }

func mustMAC(s string) net.HardwareAddr {
	hw, err := net.ParseMAC(s)
	if err != nil {
		panic(err)
	}
	return hw
}

func decodeAll[T any](t *testing.T, file string, typ uint16, decode func([]byte, *T) error) []T {
	t.Helper()
	var out []T
	for _, m := range recordedMessages(t, file, typ) {
		var v T
		require.NoError(t, decode(m, &v))
		out = append(out, v)
	}
	return out
}

func TestDecodeRecordedLinks(t *testing.T) {
	links := decodeAll(t, "links.nl", linux.RTM_NEWLINK, decodeLink)
	byName := map[string]Link{}
	for _, l := range links {
		byName[l.Name] = l
	}
	require.Len(t, byName, 5)
	ethFlags := LinkBroadcast | LinkMulticast | LinkUp | LinkLowerUp | LinkRunning
	bcast := mustMAC("ff:ff:ff:ff:ff:ff")
	tests := []struct {
		name string
		want Link
	}{
		{"lo", Link{Index: recLo, Name: "lo", Type: LinkTypeLoopback, MTU: 65536,
			HardwareAddr: mustMAC("00:00:00:00:00:00"), Broadcast: mustMAC("00:00:00:00:00:00"),
			Flags: LinkLoopback | LinkUp | LinkLowerUp | LinkRunning, OperState: OperUnknown,
			TxQueueLen: 1000, Qdisc: "noqueue"}},
		{"veth0", Link{Index: recVeth0, Name: "veth0", Alias: "rtnlx test veth0", Kind: "veth", Type: LinkTypeEther,
			HardwareAddr: mustMAC("02:00:5e:10:00:01"), Broadcast: bcast, MTU: 1400, Flags: ethFlags,
			OperState: OperUp, ParentIndex: recVeth1, TxQueueLen: 1000, Qdisc: "noqueue", CarrierChanges: 2}},
		{"veth1", Link{Index: recVeth1, Name: "veth1", Kind: "veth", Type: LinkTypeEther,
			HardwareAddr: mustMAC("02:00:5e:10:00:02"), Broadcast: bcast, MTU: 1500, Flags: ethFlags,
			OperState: OperUp, MasterIndex: recBr0, ParentIndex: recVeth0, TxQueueLen: 1000, Qdisc: "noqueue", CarrierChanges: 2,
			PortKind: "bridge", PortInfo: &BridgePort{State: 3, Priority: 32, Cost: 2, Learning: true, UnicastFlood: true}}},
		{"br0", Link{Index: recBr0, Name: "br0", Kind: "bridge", Type: LinkTypeEther,
			Info: &Bridge{ForwardDelay: ptrTo[uint32](1500), HelloTime: ptrTo[uint32](200), MaxAge: ptrTo[uint32](2000),
				AgeingTime: ptrTo[uint32](30000), STPState: ptrTo[uint32](0), Priority: ptrTo[uint16](32768),
				VLANFiltering: ptrTo(false), GroupFwdMask: ptrTo[uint16](0), MulticastSnooping: ptrTo(true)},
			HardwareAddr: mustMAC("02:00:5e:10:00:03"), Broadcast: bcast, MTU: 1500, Flags: ethFlags,
			OperState: OperUp, TxQueueLen: 1000, Qdisc: "noqueue", CarrierChanges: 2}},
		{"tun0", Link{Index: recTun0, Name: "tun0", Kind: "tun", Type: LinkTypeNone, MTU: 1500,
			Info:  &Tuntap{Mode: TuntapTun, Persist: true},
			Flags: LinkPointToPoint | LinkMulticast | LinkNoARP | LinkUp, OperState: OperDown,
			TxQueueLen: 500, Qdisc: "pfifo_fast", CarrierChanges: 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := byName[tc.name]
			require.True(t, ok)
			require.NotNil(t, got.Stats, "IFLA_STATS64")
			got.Stats = nil // counters move; their decoding is checked below
			require.Equal(t, tc.want, got)
		})
	}
	// veth0 and veth1 are each other's peer: what one sent the other got.
	v0, v1 := byName["veth0"].Stats, byName["veth1"].Stats
	require.Equal(t, v0.TxPackets, v1.RxPackets)
	require.Equal(t, v0.TxBytes, v1.RxBytes)
	require.Equal(t, v0.RxBytes, v1.TxBytes)
	require.NotZero(t, v0.RxPackets)
}

func TestDecodeRecordedAddrs(t *testing.T) {
	addrs := decodeAll(t, "addrs.nl", linux.RTM_NEWADDR, decodeAddr)
	require.Len(t, addrs, 11)
	byPrefix := map[netip.Prefix]Addr{}
	for _, a := range addrs {
		require.Equal(t, Forever, a.ValidLifetime, a.Prefix)
		require.Equal(t, Forever, a.PreferredLifetime, a.Prefix)
		byPrefix[a.Prefix] = a
	}
	pfx := netip.MustParsePrefix
	ip := netip.MustParseAddr
	tests := []Addr{
		{Index: recLo, Family: FamilyInet, Prefix: pfx("127.0.0.1/8"), Scope: ScopeHost, Flags: AddrPermanent, Label: "lo"},
		{Index: recVeth0, Family: FamilyInet, Prefix: pfx("10.1.0.1/24"), Scope: ScopeUniverse, Flags: AddrPermanent, Label: "veth0"},
		{Index: recVeth0, Family: FamilyInet, Prefix: pfx("10.1.0.2/24"), Scope: ScopeUniverse, Flags: AddrPermanent | AddrSecondary, Label: "veth0:sec"},
		{Index: recBr0, Family: FamilyInet, Prefix: pfx("10.2.0.1/24"), Scope: ScopeUniverse, Flags: AddrPermanent, Label: "br0"},
		{Index: recTun0, Family: FamilyInet, Prefix: pfx("10.9.0.1/32"), Peer: ip("10.9.0.2"), Scope: ScopeUniverse, Flags: AddrPermanent, Label: "tun0"},
		{Index: recLo, Family: FamilyInet6, Prefix: pfx("::1/128"), Scope: ScopeHost, Flags: AddrPermanent},
		{Index: recVeth0, Family: FamilyInet6, Prefix: pfx("2001:db8:1::1/64"), Scope: ScopeUniverse, Flags: AddrPermanent | AddrNoDAD},
		{Index: recVeth0, Family: FamilyInet6, Prefix: pfx("fe80::5eff:fe10:1/64"), Scope: ScopeLink, Flags: AddrPermanent},
		{Index: recVeth1, Family: FamilyInet6, Prefix: pfx("fe80::5eff:fe10:2/64"), Scope: ScopeLink, Flags: AddrPermanent},
		{Index: recBr0, Family: FamilyInet6, Prefix: pfx("2001:db8:2::1/64"), Scope: ScopeUniverse, Flags: AddrPermanent | AddrNoDAD},
		{Index: recBr0, Family: FamilyInet6, Prefix: pfx("fe80::5eff:fe10:3/64"), Scope: ScopeLink, Flags: AddrPermanent},
	}
	for _, want := range tests {
		t.Run(want.Prefix.String(), func(t *testing.T) {
			got, ok := byPrefix[want.Prefix]
			require.True(t, ok)
			want.ValidLifetime, want.PreferredLifetime = Forever, Forever
			require.Equal(t, want, got)
		})
	}
}

func TestDecodeRecordedRoutes(t *testing.T) {
	routes := decodeAll(t, "routes.nl", linux.RTM_NEWROUTE, decodeRoute)
	require.Len(t, routes, 40)
	type key struct {
		table Table
		dst   netip.Prefix
		oif   int
	}
	byKey := map[key]Route{}
	for _, r := range routes {
		k := key{r.Table, r.Dst, r.OutIndex}
		require.NotContains(t, byKey, k)
		byKey[k] = r
	}
	pfx := netip.MustParsePrefix
	ip := netip.MustParseAddr
	v4 := func(r Route) Route { r.Family = FamilyInet; return r }
	// The kernel sends RTA_PREF with every IPv6 route: medium unless a
	// router advertised otherwise.
	v6 := func(r Route) Route { r.Family = FamilyInet6; r.Pref = RoutePrefMedium; return r }
	tests := []struct {
		name string
		want Route
	}{
		{"v4 via gateway in main", v4(Route{Table: TableMain, Type: RouteUnicast, Protocol: ProtoBoot,
			Dst: pfx("192.0.2.0/24"), Gateway: ip("10.1.0.254"), OutIndex: recVeth0})},
		{"v4 default in table 100", v4(Route{Table: 100, Type: RouteUnicast, Protocol: ProtoBoot,
			Dst: pfx("0.0.0.0/0"), Gateway: ip("10.2.0.254"), OutIndex: recBr0})},
		{"v4 table 1000 only in RTA_TABLE", v4(Route{Table: 1000, Type: RouteUnicast, Protocol: ProtoStatic,
			Dst: pfx("192.0.2.128/25"), Gateway: ip("10.1.0.254"), OutIndex: recVeth0,
			PrefSrc: ip("10.1.0.1"), Priority: 50})},
		{"blackhole", v4(Route{Table: TableMain, Type: RouteBlackhole, Protocol: ProtoBoot, Dst: pfx("203.0.113.1/32")})},
		{"unreachable", v4(Route{Table: TableMain, Type: RouteUnreachable, Protocol: ProtoBoot, Dst: pfx("203.0.113.2/32")})},
		{"prohibit", v4(Route{Table: TableMain, Type: RouteProhibit, Protocol: ProtoBoot, Dst: pfx("203.0.113.3/32")})},
		{"throw", v4(Route{Table: 100, Type: RouteThrow, Protocol: ProtoBoot, Dst: pfx("198.51.100.128/25")})},
		{"v4 multipath with weights", v4(Route{Table: TableMain, Type: RouteUnicast, Protocol: ProtoBoot,
			Dst: pfx("203.0.113.128/25"), NextHops: []NextHop{
				{Gateway: ip("10.1.0.253"), OutIndex: recVeth0, Weight: 2},
				{Gateway: ip("10.2.0.253"), OutIndex: recBr0, Weight: 3},
			}})},
		{"v4 via an IPv6 gateway (RTA_VIA)", v4(Route{Table: TableMain, Type: RouteUnicast, Protocol: ProtoBoot,
			Dst: pfx("192.0.2.64/26"), Gateway: ip("fe80::1"), OutIndex: recVeth0})},
		{"v4 connected, kernel", v4(Route{Table: TableMain, Type: RouteUnicast, Protocol: ProtoKernel, Scope: ScopeLink,
			Dst: pfx("10.1.0.0/24"), OutIndex: recVeth0, PrefSrc: ip("10.1.0.1")})},
		{"v4 peer route, link down", v4(Route{Table: TableMain, Type: RouteUnicast, Protocol: ProtoKernel, Scope: ScopeLink,
			Dst: pfx("10.9.0.2/32"), OutIndex: recTun0, PrefSrc: ip("10.9.0.1"), Flags: RouteLinkDown})},
		{"v4 local", v4(Route{Table: TableLocal, Type: RouteLocal, Protocol: ProtoKernel, Scope: ScopeHost,
			Dst: pfx("10.1.0.2/32"), OutIndex: recVeth0, PrefSrc: ip("10.1.0.1")})},
		{"v4 broadcast", v4(Route{Table: TableLocal, Type: RouteBroadcast, Protocol: ProtoKernel, Scope: ScopeLink,
			Dst: pfx("127.255.255.255/32"), OutIndex: recLo, PrefSrc: ip("127.0.0.1")})},
		{"v6 via gateway", v6(Route{Table: TableMain, Type: RouteUnicast, Protocol: ProtoBoot,
			Dst: pfx("2001:db8:100::/48"), Gateway: ip("2001:db8:1::fe"), OutIndex: recVeth0, Priority: 1024})},
		{"v6 blackhole in table 100", v6(Route{Table: 100, Type: RouteBlackhole, Protocol: ProtoBoot,
			Dst: pfx("2001:db8:200::/48"), OutIndex: recLo, Priority: 1024})},
		{"v6 multipath with weights", v6(Route{Table: TableMain, Type: RouteUnicast, Protocol: ProtoBoot,
			Dst: pfx("2001:db8:300::/48"), Priority: 1024, NextHops: []NextHop{
				{Gateway: ip("2001:db8:1::fe"), OutIndex: recVeth0, Weight: 1},
				{Gateway: ip("2001:db8:2::fe"), OutIndex: recBr0, Weight: 4},
			}})},
		{"v6 source-specific", v6(Route{Table: TableMain, Type: RouteUnicast, Protocol: ProtoBoot,
			Dst: pfx("2001:db8:400::/48"), Src: pfx("2001:db8:1::/64"), Gateway: ip("2001:db8:1::fe"),
			OutIndex: recVeth0, Priority: 1024})},
		{"v6 link-local prefix", v6(Route{Table: TableMain, Type: RouteUnicast, Protocol: ProtoKernel,
			Dst: pfx("fe80::/64"), OutIndex: recVeth1, Priority: 256})},
		{"v6 local", v6(Route{Table: TableLocal, Type: RouteLocal, Protocol: ProtoKernel,
			Dst: pfx("::1/128"), OutIndex: recLo})},
		{"v6 multicast", v6(Route{Table: TableLocal, Type: RouteMulticast, Protocol: ProtoKernel,
			Dst: pfx("ff00::/8"), OutIndex: recBr0, Priority: 256})},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := byKey[key{tc.want.Table, tc.want.Dst, tc.want.OutIndex}]
			require.True(t, ok, "route %v not decoded", tc.want.Dst)
			require.Equal(t, tc.want, got)
		})
	}
}

func TestDecodeRecordedNeighbors(t *testing.T) {
	neighs := decodeAll(t, "neighs.nl", linux.RTM_NEWNEIGH, decodeNeighbor)
	type key struct {
		index int
		ip    netip.Addr
	}
	byKey := map[key]Neighbor{}
	for _, n := range neighs {
		byKey[key{n.Index, n.IP}] = n
	}
	ip := netip.MustParseAddr
	tests := []Neighbor{
		{Index: recVeth0, Family: FamilyInet, IP: ip("10.1.0.10"), HardwareAddr: mustMAC("02:00:5e:10:01:0a"), State: NeighPermanent, Type: RouteUnicast},
		{Index: recVeth0, Family: FamilyInet, IP: ip("10.1.0.11"), HardwareAddr: mustMAC("02:00:5e:10:01:0b"), State: NeighStale, Type: RouteUnicast},
		{Index: recVeth0, Family: FamilyInet, IP: ip("10.1.0.12"), HardwareAddr: mustMAC("02:00:5e:10:01:0c"), State: NeighReachable, Type: RouteUnicast},
		{Index: recVeth0, Family: FamilyInet6, IP: ip("2001:db8:1::10"), HardwareAddr: mustMAC("02:00:5e:10:01:10"), State: NeighPermanent, Type: RouteUnicast},
		{Index: recVeth0, Family: FamilyInet6, IP: ip("2001:db8:1::11"), HardwareAddr: mustMAC("02:00:5e:10:01:11"), State: NeighStale, Type: RouteUnicast},
		{Index: recBr0, Family: FamilyInet6, IP: ip("2001:db8:2::12"), HardwareAddr: mustMAC("02:00:5e:10:02:12"), State: NeighReachable, Type: RouteUnicast},
		{Index: recBr0, Family: FamilyInet6, IP: ip("ff02::16"), HardwareAddr: mustMAC("33:33:00:00:00:16"), State: NeighNoARP, Type: RouteMulticast},
	}
	for _, want := range tests {
		t.Run(want.IP.String(), func(t *testing.T) {
			got, ok := byKey[key{want.Index, want.IP}]
			require.True(t, ok)
			require.NotNil(t, got.CacheInfo, "the kernel sends NDA_CACHEINFO with every cache entry")
			got.CacheInfo = nil // ages, which TestDecodeNeighborEdgeCases checks
			require.Equal(t, want, got)
		})
	}
}

func TestDecodeRecordedBridgeFDB(t *testing.T) {
	fdb := decodeAll(t, "fdb.nl", linux.RTM_NEWNEIGH, decodeNeighbor)
	require.NotEmpty(t, fdb)
	found := false
	for _, n := range fdb {
		require.Equal(t, FamilyBridge, n.Family)
		require.False(t, n.IP.IsValid(), "FDB entries carry no NDA_DST")
		require.Len(t, n.HardwareAddr, 6)
		if n.Index == recVeth1 && n.HardwareAddr.String() == "02:00:5e:10:00:02" {
			found = true
			require.Equal(t, NeighPermanent, n.State)
			require.Equal(t, NeighFlags(0), n.Flags) // a master entry, not self
		}
	}
	require.True(t, found, "veth1's own address in br0's FDB")
}

// testdata/events.nl holds the notifications of eventChanges (see
// TestRecordEvents): every message decodes, and the changes show up in
// the order they were made.
func TestDecodeRecordedEvents(t *testing.T) {
	type event struct {
		typ  uint16
		what string
	}
	var got []event
	for i, m := range recordedStream(t, "events.nl") {
		var what string
		switch m.typ {
		case linux.RTM_NEWLINK, linux.RTM_DELLINK:
			l, err := DecodeLink(m.payload)
			require.NoError(t, err, "message %d", i)
			what = fmt.Sprintf("%s %s %s", l.Name, l.Kind, l.HardwareAddr)
		case linux.RTM_NEWADDR, linux.RTM_DELADDR:
			a, err := DecodeAddr(m.payload)
			require.NoError(t, err, "message %d", i)
			what = fmt.Sprintf("%d %s %s %s", a.Index, a.Prefix, a.Label, a.Flags)
		case linux.RTM_NEWROUTE, linux.RTM_DELROUTE:
			r, err := DecodeRoute(m.payload)
			require.NoError(t, err, "message %d", i)
			what = fmt.Sprintf("%s %s %s %s", r.Table, r.Type, r.Dst, r.Gateway)
			for _, h := range r.NextHops {
				what += fmt.Sprintf(" [%s %d %d]", h.Gateway, h.OutIndex, h.Weight)
			}
		case linux.RTM_NEWNEIGH, linux.RTM_DELNEIGH:
			n, err := DecodeNeighbor(m.payload)
			require.NoError(t, err, "message %d", i)
			what = fmt.Sprintf("%d %s %s %s", n.Index, n.IP, n.HardwareAddr, n.State)
		default:
			t.Fatalf("message %d: unexpected type %d", i, m.typ)
		}
		got = append(got, event{m.typ, what})
	}
	// rcev0 is index 3, rcev1 index 2 in the recording namespace.
	want := []event{
		{linux.RTM_NEWLINK, "rcev0 veth 02:00:5e:77:00:01"},
		{linux.RTM_NEWADDR, "3 10.77.0.1/24 rcev0 permanent"},
		{linux.RTM_NEWROUTE, "local local 10.77.0.1/32 invalid IP"},
		{linux.RTM_NEWROUTE, "main unicast 10.78.0.0/16 10.77.0.254"},
		{linux.RTM_NEWROUTE, "1000 unicast 10.79.0.0/16 invalid IP [10.77.0.253 3 3] [10.77.0.252 3 1]"},
		{linux.RTM_NEWNEIGH, "3 10.77.0.9 02:00:5e:77:00:09 PERMANENT"},
		{linux.RTM_DELNEIGH, "3 10.77.0.9  FAILED"},
		{linux.RTM_DELROUTE, "main unicast 10.78.0.0/16 10.77.0.254"},
		{linux.RTM_DELROUTE, "1000 unicast 10.79.0.0/16 invalid IP [10.77.0.253 3 3] [10.77.0.252 3 1]"},
		{linux.RTM_DELADDR, "3 10.77.0.1/24 rcev0 permanent"},
		{linux.RTM_DELADDR, "3 2001:db8:77::1/64  nodad permanent"},
		{linux.RTM_DELLINK, "rcev0 veth 02:00:5e:77:00:01"},
	}
	next := 0
	for _, e := range got {
		if next < len(want) && e.typ == want[next].typ && e.what == want[next].what {
			next++
		}
	}
	require.Equal(t, len(want), next, "event %v not found in order; got %v", want[min(next, len(want)-1)], got)
}
