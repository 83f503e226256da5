package main

import (
	"encoding/json"
	"net"
	"net/netip"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/netinfo"
)

// Records shaped like what the kernel reports for a small namespace, for
// golden renderings. The expected JSON is what `ip -j` (iproute2 6.1)
// prints for the same state.

func mustMAC(s string) net.HardwareAddr {
	hw, err := net.ParseMAC(s)
	if err != nil {
		panic(err)
	}
	return hw
}

// testRouteRA6 is a default route a router advertised: its preference
// and the time left, with the fraction of a second ip drops.
var testRouteRA6 = netinfo.Route{Family: netinfo.FamilyInet6, Table: netinfo.TableMain, Type: netinfo.RouteUnicast,
	Protocol: netinfo.ProtoRA, Dst: netip.MustParsePrefix("::/0"), Gateway: netip.MustParseAddr("fe80::1"), OutIndex: 3,
	Priority: 1024, Pref: netinfo.RoutePrefHigh, Expires: 1799*time.Second + 600*time.Millisecond}

var testNames = linkNames{1: "lo", 2: "veth1", 3: "veth0", 4: "br0", 5: "tun0"}

var testGroups = groupNames{7: "seven"}

var (
	testVeth0 = netinfo.Link{
		Index: 3, Name: "veth0", Alias: "test veth", Kind: "veth", Type: netinfo.LinkTypeEther,
		HardwareAddr: mustMAC("02:00:5e:10:00:01"), Broadcast: mustMAC("ff:ff:ff:ff:ff:ff"),
		MTU:       1400,
		Flags:     netinfo.LinkBroadcast | netinfo.LinkMulticast | netinfo.LinkUp | netinfo.LinkLowerUp | netinfo.LinkRunning,
		OperState: netinfo.OperUp, ParentIndex: 2, TxQueueLen: 1000, Qdisc: "noqueue",
	}
	testBridge = netinfo.Link{
		Index: 4, Name: "br0", Kind: "bridge", Type: netinfo.LinkTypeEther,
		HardwareAddr: mustMAC("02:00:5e:10:00:03"), Broadcast: mustMAC("ff:ff:ff:ff:ff:ff"),
		MTU:       1500,
		Flags:     netinfo.LinkBroadcast | netinfo.LinkMulticast | netinfo.LinkUp, // up, no carrier
		OperState: netinfo.OperDown, TxQueueLen: 1000, Qdisc: "noqueue",
	}
	testVeth1 = netinfo.Link{
		Index: 2, Name: "veth1", Kind: "veth", Type: netinfo.LinkTypeEther,
		HardwareAddr: mustMAC("02:00:5e:10:00:02"), Broadcast: mustMAC("ff:ff:ff:ff:ff:ff"),
		MTU:       1500,
		Flags:     netinfo.LinkBroadcast | netinfo.LinkMulticast | netinfo.LinkUp | netinfo.LinkLowerUp | netinfo.LinkRunning,
		OperState: netinfo.OperUp, ParentIndex: 3, MasterIndex: 4, TxQueueLen: 1000, Qdisc: "noqueue",
	}
	testTun = netinfo.Link{
		Index: 5, Name: "tun0", Kind: "tun", Type: netinfo.LinkTypeNone, MTU: 1500,
		Flags:     netinfo.LinkPointToPoint | netinfo.LinkMulticast | netinfo.LinkNoARP,
		OperState: netinfo.OperDown, TxQueueLen: 500, Qdisc: "noop",
	}
)

var (
	testAddrSecondary = netinfo.Addr{
		Index: 3, Family: netinfo.FamilyInet, Prefix: netip.MustParsePrefix("10.1.0.2/24"),
		Broadcast: netip.MustParseAddr("10.1.0.255"), Scope: netinfo.ScopeUniverse,
		Flags: netinfo.AddrSecondary | netinfo.AddrPermanent, Label: "veth0:sec",
		ValidLifetime: netinfo.Forever, PreferredLifetime: netinfo.Forever,
	}
	testAddrDynamic6 = netinfo.Addr{
		Index: 3, Family: netinfo.FamilyInet6, Prefix: netip.MustParsePrefix("2001:db8:1::5/64"),
		Scope: netinfo.ScopeUniverse, Flags: netinfo.AddrSecondary | netinfo.AddrNoPrefixRoute | 0x1000,
		ValidLifetime: 1000 * time.Second, PreferredLifetime: 500*time.Second + 700*time.Millisecond,
	}
	testAddrPeer = netinfo.Addr{
		Index: 5, Family: netinfo.FamilyInet, Prefix: netip.MustParsePrefix("10.9.0.1/32"),
		Peer: netip.MustParseAddr("10.9.0.2"), Scope: netinfo.ScopeUniverse,
		Flags: netinfo.AddrPermanent, Label: "tun0",
		ValidLifetime: netinfo.Forever, PreferredLifetime: netinfo.Forever,
	}
	testAddrLink6 = netinfo.Addr{
		Index: 3, Family: netinfo.FamilyInet6, Prefix: netip.MustParsePrefix("fe80::1/64"),
		Scope: netinfo.ScopeLink, Flags: netinfo.AddrPermanent,
		ValidLifetime: netinfo.Forever, PreferredLifetime: netinfo.Forever,
	}
)

var (
	testRouteDefault = netinfo.Route{
		Family: netinfo.FamilyInet, Table: netinfo.TableMain, Type: netinfo.RouteUnicast,
		Protocol: netinfo.ProtoBoot, Scope: netinfo.ScopeUniverse, Dst: netip.MustParsePrefix("0.0.0.0/0"),
		Gateway: netip.MustParseAddr("10.1.0.254"), OutIndex: 3, Flags: netinfo.RouteOnLink,
	}
	testRouteKernel = netinfo.Route{
		Family: netinfo.FamilyInet, Table: netinfo.TableMain, Type: netinfo.RouteUnicast,
		Protocol: netinfo.ProtoKernel, Scope: netinfo.ScopeLink, Dst: netip.MustParsePrefix("10.9.0.2/32"),
		OutIndex: 5, PrefSrc: netip.MustParseAddr("10.9.0.1"), Flags: netinfo.RouteLinkDown,
	}
	testRouteBlackhole = netinfo.Route{
		Family: netinfo.FamilyInet, Table: 100, Type: netinfo.RouteBlackhole,
		Protocol: netinfo.ProtoBoot, Dst: netip.MustParsePrefix("198.51.100.0/24"), Priority: 7,
	}
	testRouteMultipath = netinfo.Route{
		Family: netinfo.FamilyInet, Table: netinfo.TableMain, Type: netinfo.RouteUnicast,
		Protocol: netinfo.ProtoStatic, Dst: netip.MustParsePrefix("203.0.113.128/25"),
		NextHops: []netinfo.NextHop{
			{Gateway: netip.MustParseAddr("10.1.0.253"), OutIndex: 3, Weight: 2},
			{Gateway: netip.MustParseAddr("10.2.0.253"), OutIndex: 4, Weight: 3, Flags: netinfo.RouteLinkDown | netinfo.RouteDead},
		},
	}
	testRouteLocal6 = netinfo.Route{
		Family: netinfo.FamilyInet6, Table: netinfo.TableLocal, Type: netinfo.RouteLocal,
		Protocol: netinfo.ProtoKernel, Dst: netip.MustParsePrefix("2001:db8:1::1/128"), OutIndex: 3,
	}
	testRouteVia6 = netinfo.Route{
		Family: netinfo.FamilyInet, Table: netinfo.TableMain, Type: netinfo.RouteUnicast,
		Protocol: netinfo.ProtoBoot, Dst: netip.MustParsePrefix("192.0.2.0/24"),
		Gateway: netip.MustParseAddr("fe80::1"), OutIndex: 3, Priority: 20,
	}
	testRouteFrom6 = netinfo.Route{
		Family: netinfo.FamilyInet6, Table: netinfo.TableMain, Type: netinfo.RouteUnicast,
		Protocol: netinfo.ProtoBoot, Dst: netip.MustParsePrefix("2001:db8:300::/48"),
		Src: netip.MustParsePrefix("2001:db8:1::/64"), Gateway: netip.MustParseAddr("2001:db8:1::fe"),
		OutIndex: 3, Priority: 1024, TOS: 0x10,
	}
)

var (
	testNeighRouter = netinfo.Neighbor{
		Index: 3, Family: netinfo.FamilyInet6, IP: netip.MustParseAddr("2001:db8:1::11"),
		HardwareAddr: mustMAC("02:00:5e:10:01:11"), State: netinfo.NeighStale, Flags: netinfo.NeighRouter,
	}
	testNeighFailed = netinfo.Neighbor{
		Index: 3, Family: netinfo.FamilyInet, IP: netip.MustParseAddr("10.1.0.14"), State: netinfo.NeighFailed,
	}
	testNeighNone = netinfo.Neighbor{
		Index: 4, Family: netinfo.FamilyInet, IP: netip.MustParseAddr("10.2.0.9"), Flags: netinfo.NeighExtLearned,
	}
)

func TestLinkJSON(t *testing.T) {
	tests := []struct {
		name    string
		link    netinfo.Link
		deleted bool
		want    string
	}{
		{"veth with alias and peer", testVeth0, false,
			`{"ifindex":3,"link":"veth1","ifname":"veth0","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"mtu":1400,"qdisc":"noqueue","operstate":"UP","linkmode":"DEFAULT","group":"default","txqlen":1000,"link_type":"ether","address":"02:00:5e:10:00:01","broadcast":"ff:ff:ff:ff:ff:ff","ifalias":"test veth"}`},
		{"bridge port", testVeth1, false,
			`{"ifindex":2,"link":"veth0","ifname":"veth1","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"mtu":1500,"qdisc":"noqueue","master":"br0","operstate":"UP","linkmode":"DEFAULT","group":"default","txqlen":1000,"link_type":"ether","address":"02:00:5e:10:00:02","broadcast":"ff:ff:ff:ff:ff:ff"}`},
		{"bridge without carrier", testBridge, false,
			`{"ifindex":4,"ifname":"br0","flags":["NO-CARRIER","BROADCAST","MULTICAST","UP"],"mtu":1500,"qdisc":"noqueue","operstate":"DOWN","linkmode":"DEFAULT","group":"default","txqlen":1000,"link_type":"ether","address":"02:00:5e:10:00:03","broadcast":"ff:ff:ff:ff:ff:ff"}`},
		{"tun without address, deleted", testTun, true,
			`{"deleted":true,"ifindex":5,"ifname":"tun0","flags":["POINTOPOINT","MULTICAST","NOARP"],"mtu":1500,"qdisc":"noop","operstate":"DOWN","linkmode":"DEFAULT","group":"default","txqlen":500,"link_type":"none"}`},
		{"named group, dormant mode", netinfo.Link{Index: 9, Name: "x", Group: 7, Mode: netinfo.LinkModeDormant}, false,
			`{"ifindex":9,"ifname":"x","flags":[],"mtu":0,"operstate":"UNKNOWN","linkmode":"DORMANT","group":"seven","txqlen":0,"link_type":"generic"}`},
		{"unnamed group", netinfo.Link{Index: 9, Name: "x", Group: 8}, false,
			`{"ifindex":9,"ifname":"x","flags":[],"mtu":0,"operstate":"UNKNOWN","linkmode":"DEFAULT","group":"8","txqlen":0,"link_type":"generic"}`},
		{"unknown parent index", netinfo.Link{Index: 9, Name: "x", ParentIndex: 77, Type: 0xfff0}, false,
			`{"ifindex":9,"link":"if77","ifname":"x","flags":[],"mtu":0,"operstate":"UNKNOWN","linkmode":"DEFAULT","group":"default","txqlen":0,"link_type":"[65520]"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(appendLinkJSON(nil, &tt.link, testNames, testGroups, tt.deleted))
			require.Equal(t, tt.want, got)
			require.True(t, json.Valid([]byte(got)))
		})
	}
}

func TestAddrJSON(t *testing.T) {
	got := string(appendAddrLinkJSON(nil, &testVeth0, []*netinfo.Addr{&testAddrSecondary, &testAddrDynamic6, &testAddrLink6}, testNames, testGroups, linkExtra{}))
	want := `{"ifindex":3,"link":"veth1","ifname":"veth0","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"mtu":1400,"qdisc":"noqueue","operstate":"UP","linkmode":"DEFAULT","group":"default","txqlen":1000,"link_type":"ether","address":"02:00:5e:10:00:01","broadcast":"ff:ff:ff:ff:ff:ff","ifalias":"test veth","addr_info":[` +
		`{"family":"inet","local":"10.1.0.2","prefixlen":24,"broadcast":"10.1.0.255","scope":"global","secondary":true,"label":"veth0:sec","valid_life_time":4294967295,"preferred_life_time":4294967295},` +
		`{"family":"inet6","local":"2001:db8:1::5","prefixlen":64,"scope":"global","temporary":true,"dynamic":true,"noprefixroute":true,"ifa_flags":"1000","valid_life_time":1000,"preferred_life_time":500},` +
		`{"family":"inet6","local":"fe80::1","prefixlen":64,"scope":"link","valid_life_time":4294967295,"preferred_life_time":4294967295}]}`
	require.Equal(t, want, got)

	got = string(appendAddrLinkJSON(nil, &testTun, []*netinfo.Addr{&testAddrPeer}, testNames, testGroups, linkExtra{}))
	want = `{"ifindex":5,"ifname":"tun0","flags":["POINTOPOINT","MULTICAST","NOARP"],"mtu":1500,"qdisc":"noop","operstate":"DOWN","linkmode":"DEFAULT","group":"default","txqlen":500,"link_type":"none","addr_info":[` +
		`{"family":"inet","local":"10.9.0.1","address":"10.9.0.2","prefixlen":32,"scope":"global","label":"tun0","valid_life_time":4294967295,"preferred_life_time":4294967295}]}`
	require.Equal(t, want, got)

	got = string(appendAddrLinkJSON(nil, &testBridge, nil, testNames, testGroups, linkExtra{}))
	require.Contains(t, got, `"addr_info":[]}`)

	got = string(appendAddrEventJSON(nil, &testAddrPeer, testNames, true))
	want = `{"deleted":true,"index":5,"dev":"tun0","family":"inet","local":"10.9.0.1","address":"10.9.0.2","prefixlen":32,"scope":"global","label":"tun0","valid_life_time":4294967295,"preferred_life_time":4294967295}`
	require.Equal(t, want, got)
}

func TestRouteJSON(t *testing.T) {
	all := routeStyle{showTable: true}
	tests := []struct {
		name  string
		route netinfo.Route
		style routeStyle
		want  string
	}{
		{"default onlink", testRouteDefault, routeStyle{},
			`{"dst":"default","gateway":"10.1.0.254","dev":"veth0","flags":["onlink"]}`},
		{"kernel host route linkdown", testRouteKernel, routeStyle{},
			`{"dst":"10.9.0.2","dev":"tun0","protocol":"kernel","scope":"link","prefsrc":"10.9.0.1","flags":["linkdown"]}`},
		{"blackhole in table 100, table all", testRouteBlackhole, all,
			`{"type":"blackhole","dst":"198.51.100.0/24","table":"100","metric":7,"flags":[]}`},
		{"blackhole in table 100, that table", testRouteBlackhole, routeStyle{},
			`{"type":"blackhole","dst":"198.51.100.0/24","metric":7,"flags":[]}`},
		{"multipath", testRouteMultipath, all,
			`{"dst":"203.0.113.128/25","protocol":"static","flags":[],"nexthops":[{"gateway":"10.1.0.253","dev":"veth0","weight":2,"flags":[]},{"gateway":"10.2.0.253","dev":"br0","weight":3,"flags":["dead","linkdown"]}]}`},
		{"ipv6 local with metric 0", testRouteLocal6, all,
			`{"type":"local","dst":"2001:db8:1::1","dev":"veth0","table":"local","protocol":"kernel","metric":0,"flags":[]}`},
		{"ipv6 local, dev filter", testRouteLocal6, routeStyle{hideDev: true},
			`{"type":"local","dst":"2001:db8:1::1","protocol":"kernel","metric":0,"flags":[]}`},
		{"ipv4 via ipv6", testRouteVia6, routeStyle{},
			`{"dst":"192.0.2.0/24","via":{"family":"inet6","host":"fe80::1"},"dev":"veth0","metric":20,"flags":[]}`},
		{"source-specific with tos", testRouteFrom6, routeStyle{},
			`{"dst":"2001:db8:300::/48","from":"2001:db8:1::/64","tos":"0x10","gateway":"2001:db8:1::fe","dev":"veth0","metric":1024,"flags":[]}`},
		{"ipv6 preference and expiry", testRouteRA6, routeStyle{},
			`{"dst":"default","gateway":"fe80::1","dev":"veth0","protocol":"ra","metric":1024,"flags":[],"expires":1799,"pref":"high"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(appendRouteJSON(nil, &tt.route, testNames, tt.style, false))
			require.Equal(t, tt.want, got)
			require.True(t, json.Valid([]byte(got)))
		})
	}
	got := string(appendRouteJSON(nil, &testRouteKernel, testNames, all, true))
	require.Equal(t, `{"deleted":true,"dst":"10.9.0.2","dev":"tun0","protocol":"kernel","scope":"link","prefsrc":"10.9.0.1","flags":["linkdown"]}`, got)
}

func TestNeighJSON(t *testing.T) {
	tests := []struct {
		name    string
		neigh   netinfo.Neighbor
		hideDev bool
		deleted bool
		want    string
	}{
		{"router", testNeighRouter, false, false, `{"dst":"2001:db8:1::11","dev":"veth0","lladdr":"02:00:5e:10:01:11","router":null,"state":["STALE"]}`},
		{"failed without lladdr", testNeighFailed, false, false, `{"dst":"10.1.0.14","dev":"veth0","state":["FAILED"]}`},
		{"dev filter", testNeighFailed, true, false, `{"dst":"10.1.0.14","state":["FAILED"]}`},
		{"no state, deleted", testNeighNone, false, true, `{"deleted":true,"dst":"10.2.0.9","dev":"br0","extern_learn":null}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(appendNeighJSON(nil, &tt.neigh, testNames, tt.hideDev, tt.deleted))
			require.Equal(t, tt.want, got)
		})
	}
}

func TestNeighShown(t *testing.T) {
	noarp := netinfo.Neighbor{Family: netinfo.FamilyInet6, State: netinfo.NeighNoARP}
	proxy := netinfo.Neighbor{Family: netinfo.FamilyInet, Flags: netinfo.NeighProxy}
	none := netinfo.Neighbor{Family: netinfo.FamilyInet}
	bridge := netinfo.Neighbor{Family: netinfo.FamilyBridge, State: netinfo.NeighReachable}
	tests := []struct {
		name  string
		neigh *netinfo.Neighbor
		f     nudFilter
		want  bool
	}{
		{"stale router", &testNeighRouter, nudDefault, true},
		{"failed", &testNeighFailed, nudDefault, true},
		{"extern_learn without a state", &testNeighNone, nudDefault, true},
		{"noarp hidden by default", &noarp, nudDefault, false},
		{"noarp with nud all", &noarp, nudAll, true},
		{"noarp with nud noarp", &noarp, nudFilter(netinfo.NeighNoARP), true},
		{"no state hidden by default", &none, nudDefault, false},
		{"no state with nud none", &none, nudNone, true},
		{"no state with nud all", &none, nudAll, true},
		{"stale not in nud permanent", &testNeighRouter, nudFilter(netinfo.NeighPermanent), false},
		{"proxy never", &proxy, nudAll, false},
		{"bridge never", &bridge, nudAll, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, neighShown(tt.neigh, tt.f))
		})
	}
}

func TestBriefText(t *testing.T) {
	var b []byte
	for _, l := range []*netinfo.Link{&testVeth0, &testBridge, &testTun} {
		b = appendLinkBrief(b, l, testNames, linkExtra{})
	}
	want := "" +
		"veth0@veth1      UP             02:00:5e:10:00:01 <BROADCAST,MULTICAST,UP,LOWER_UP>\n" +
		"br0              DOWN           02:00:5e:10:00:03 <NO-CARRIER,BROADCAST,MULTICAST,UP>\n" +
		"tun0             DOWN           <POINTOPOINT,MULTICAST,NOARP>\n"
	require.Equal(t, want, string(b))

	b = appendAddrBrief(nil, &testVeth0, []*netinfo.Addr{&testAddrSecondary, &testAddrLink6}, testNames, linkExtra{})
	b = appendAddrBrief(b, &testTun, []*netinfo.Addr{&testAddrPeer}, testNames, linkExtra{})
	b = appendAddrBrief(b, &testBridge, nil, testNames, linkExtra{})
	want = "" +
		"veth0@veth1      UP             10.1.0.2/24 fe80::1/64\n" +
		"tun0             DOWN           10.9.0.1 peer 10.9.0.2/32\n" +
		"br0              DOWN\n"
	require.Equal(t, want, string(b))
}

func TestRouteText(t *testing.T) {
	all := routeStyle{showTable: true}
	tests := []struct {
		route netinfo.Route
		style routeStyle
		want  string
	}{
		{testRouteDefault, routeStyle{}, "default via 10.1.0.254 dev veth0 onlink\n"},
		{testRouteKernel, routeStyle{}, "10.9.0.2 dev tun0 proto kernel scope link src 10.9.0.1 linkdown\n"},
		{testRouteBlackhole, all, "blackhole 198.51.100.0/24 table 100 metric 7\n"},
		{testRouteMultipath, routeStyle{}, "203.0.113.128/25 proto static\n\tnexthop via 10.1.0.253 dev veth0 weight 2\n\tnexthop via 10.2.0.253 dev br0 weight 3 dead linkdown\n"},
		{testRouteLocal6, all, "local 2001:db8:1::1 dev veth0 table local proto kernel metric 0\n"},
		{testRouteVia6, routeStyle{}, "192.0.2.0/24 via inet6 fe80::1 dev veth0 metric 20\n"},
		{testRouteFrom6, routeStyle{hideDev: true}, "2001:db8:300::/48 from 2001:db8:1::/64 tos 0x10 via 2001:db8:1::fe metric 1024\n"},
		{testRouteRA6, routeStyle{}, "default via fe80::1 dev veth0 proto ra metric 1024 expires 1799sec pref high\n"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			require.Equal(t, tt.want, string(appendRouteLine(nil, &tt.route, testNames, tt.style)))
		})
	}
}

func TestNeighAndAddrText(t *testing.T) {
	require.Equal(t, "2001:db8:1::11 dev veth0 lladdr 02:00:5e:10:01:11 router STALE\n", string(appendNeighLine(nil, &testNeighRouter, testNames, false)))
	require.Equal(t, "10.1.0.14 FAILED\n", string(appendNeighLine(nil, &testNeighFailed, testNames, true)))
	require.Equal(t, "10.2.0.9 dev br0 extern_learn\n", string(appendNeighLine(nil, &testNeighNone, testNames, false)))

	require.Equal(t, "veth0 inet 10.1.0.2/24 brd 10.1.0.255 scope global secondary veth0:sec\n", string(appendAddrLine(nil, &testAddrSecondary, testNames)))
	require.Equal(t, "veth0 inet6 2001:db8:1::5/64 scope global temporary dynamic noprefixroute flags 1000 valid_lft 1000sec preferred_lft 500sec\n", string(appendAddrLine(nil, &testAddrDynamic6, testNames)))
}

func TestOverview(t *testing.T) {
	ov := &overview{
		links:  []netinfo.Link{testVeth1, testVeth0, testBridge, testTun},
		names:  testNames,
		addrs:  map[int][]*netinfo.Addr{3: {&testAddrSecondary, &testAddrLink6}, 5: {&testAddrPeer}},
		routes: []netinfo.Route{testRouteDefault, testRouteKernel},
	}
	var text []byte
	w := &appendWriter{b: &text}
	require.NoError(t, ov.writeText(w))
	want := "" +
		"INTERFACE    STATE  TYPE               MAC                MTU   ADDRESSES\n" +
		"veth1@veth0  UP     veth, port of br0  02:00:5e:10:00:02  1500  -\n" +
		"veth0@veth1  UP     veth               02:00:5e:10:00:01  1400  10.1.0.2/24 label veth0:sec\n" +
		"                                                                fe80::1/64 (link)\n" +
		"br0          DOWN   bridge             02:00:5e:10:00:03  1500  -\n" +
		"tun0         DOWN   tun                -                  1500  10.9.0.1 peer 10.9.0.2/32\n" +
		"\n" +
		"ROUTES (main table)\n" +
		"default via 10.1.0.254 dev veth0 onlink\n" +
		"10.9.0.2 dev tun0 proto kernel scope link src 10.9.0.1 linkdown\n"
	require.Equal(t, want, string(text))

	js := ov.appendJSON(nil)
	var decoded struct {
		Links  []map[string]any `json:"links"`
		Routes []map[string]any `json:"routes"`
	}
	require.NoError(t, json.Unmarshal(js, &decoded), "%s", js)
	require.Len(t, decoded.Links, 4)
	require.Len(t, decoded.Routes, 2)
	require.Equal(t, "veth0", decoded.Links[1]["ifname"])
	require.Len(t, decoded.Links[1]["addr_info"], 2)
}

// appendWriter is an io.Writer appending to a slice.
type appendWriter struct{ b *[]byte }

func (w *appendWriter) Write(p []byte) (int, error) {
	*w.b = append(*w.b, p...)
	return len(p), nil
}
