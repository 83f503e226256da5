package backend_windows

import (
	"net"
	"net/netip"
	"testing"

	"github.com/jsimonetti/rtnetlink/v2"
	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/rtnlemu"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// machine is a small Windows machine: a loopback, an Ethernet adapter
// (index 7) with IPv4 and IPv6 addresses, and a disconnected Wi-Fi
// adapter (index 9) without multicast.
func machine() *tableSet {
	mac := net.HardwareAddr{0x02, 0, 0x5e, 0, 0, 7}
	return &tableSet{
		Adapters: []adapterRow{
			{Index: 9, IPv6Index: 9, FriendlyName: "Wi-Fi", Description: "Some Wireless", HardwareAddr: net.HardwareAddr{2, 0, 0, 0, 0, 9}, Flags: ipAdapterNoMulticast, MTU: 1500, IfType: ifTypeIEEE80211, OperStatus: ifOperStatusDown, IPv4Metric: 40, IPv6Metric: 40},
			{Index: 1, IPv6Index: 1, FriendlyName: "Loopback Pseudo-Interface 1", Description: "Software Loopback Interface 1", MTU: 0xffffffff, IfType: ifTypeSoftwareLoopback, OperStatus: ifOperStatusUp, IPv4Metric: 75, IPv6Metric: 75},
			{Index: 7, IPv6Index: 7, FriendlyName: "Ethernet", Description: "Intel(R) Ethernet", HardwareAddr: mac, MTU: 1500, IfType: ifTypeEthernetCSMACD, OperStatus: ifOperStatusUp, IPv4Metric: 25, IPv6Metric: 30},
		},
		Ifs: []ifRow{
			{Index: 7, Alias: "Ethernet", HardwareAddr: mac, MTU: 1500, Type: ifTypeEthernetCSMACD, OperStatus: ifOperStatusUp, AdminStatus: netIfAdminStatusUp, MediaConnectState: mediaConnectStateConnected,
				Stats: ifStats{InOctets: 1000, InUcastPkts: 10, InNUcastPkts: 2, OutOctets: 500, OutUcastPkts: 5, InErrors: 1, OutDiscards: 3}},
			{Index: 9, Alias: "Wi-Fi", Type: ifTypeIEEE80211, OperStatus: ifOperStatusDown, AdminStatus: netIfAdminStatusUp, MediaConnectState: mediaConnectStateDisconnected},
			// A filter pseudo-interface: no adapter, so no link.
			{Index: 12, Alias: "Ethernet-WFP Native MAC Layer LightWeight Filter-0000", Type: ifTypeEthernetCSMACD},
		},
		Addrs: []addrRow{
			{Index: 1, Addr: netip.MustParseAddr("127.0.0.1"), PrefixLength: 8, ValidLifetime: infiniteLifetime, PreferredLifetime: infiniteLifetime, DadState: nldsPreferred},
			{Index: 7, Addr: netip.MustParseAddr("192.168.1.20"), PrefixLength: 24, ValidLifetime: 86400, PreferredLifetime: 86400, DadState: nldsPreferred},
			{Index: 7, Addr: netip.MustParseAddr("fe80::1").WithZone("7"), PrefixLength: 64, ValidLifetime: infiniteLifetime, PreferredLifetime: infiniteLifetime, DadState: nldsPreferred},
			{Index: 7, Addr: netip.MustParseAddr("2001:db8::20"), PrefixLength: 64, ValidLifetime: 3600, PreferredLifetime: 0, DadState: nldsDeprecated},
			{Index: 7, Addr: netip.MustParseAddr("2001:db8::abcd"), PrefixLength: 64, ValidLifetime: 3600, PreferredLifetime: 1800, DadState: nldsTentative, SuffixOrigin: ipSuffixOriginRandom},
			{Index: 0, Addr: netip.MustParseAddr("10.0.0.1"), PrefixLength: 8},  // no interface: dropped
			{Index: 7, Addr: netip.MustParseAddr("10.0.0.2"), PrefixLength: 33}, // impossible prefix: dropped
			{Index: 7, Addr: netip.Addr{}, PrefixLength: 8}, // no family: dropped
		},
		Routes: []routeRow{
			{Index: 7, Dst: netip.MustParsePrefix("0.0.0.0/0"), NextHop: netip.MustParseAddr("192.168.1.1"), Metric: 0, Protocol: mibIPProtoNetMgmt, Origin: nlroDHCP},
			{Index: 7, Dst: netip.MustParsePrefix("192.168.1.0/24"), NextHop: netip.IPv4Unspecified(), Metric: 256, Protocol: mibIPProtoLocal, Origin: nlroWellKnown},
			{Index: 7, Dst: netip.MustParsePrefix("192.168.1.20/32"), NextHop: netip.IPv4Unspecified(), Metric: 256, Protocol: mibIPProtoLocal, Origin: nlroWellKnown},
			{Index: 7, Dst: netip.MustParsePrefix("192.168.1.255/32"), NextHop: netip.IPv4Unspecified(), Metric: 256, Protocol: mibIPProtoLocal, Origin: nlroWellKnown},
			{Index: 7, Dst: netip.MustParsePrefix("224.0.0.0/4"), NextHop: netip.IPv4Unspecified(), Metric: 256, Protocol: mibIPProtoLocal, Origin: nlroWellKnown},
			{Index: 7, Dst: netip.MustParsePrefix("255.255.255.255/32"), NextHop: netip.IPv4Unspecified(), Metric: 256, Protocol: mibIPProtoLocal, Origin: nlroWellKnown},
			{Index: 7, Dst: netip.MustParsePrefix("10.10.0.0/16"), NextHop: netip.MustParseAddr("192.168.1.2"), Metric: 5, Protocol: mibIPProtoNTStatic},
			{Index: 7, Dst: netip.MustParsePrefix("::/0"), NextHop: netip.MustParseAddr("fe80::ff").WithZone("7"), Metric: 0, Protocol: mibIPProtoNetMgmt, Origin: nlroRouterAdvertisement},
			{Index: 7, Dst: netip.MustParsePrefix("2001:db8::/64"), NextHop: netip.IPv6Unspecified(), Metric: 256, Protocol: mibIPProtoLocal},
			{Index: 7, Dst: netip.MustParsePrefix("2001:db8::20/128"), NextHop: netip.IPv6Unspecified(), Metric: 256, Protocol: mibIPProtoLocal},
			{Index: 7, Dst: netip.MustParsePrefix("ff00::/8"), NextHop: netip.IPv6Unspecified(), Metric: 256, Protocol: mibIPProtoLocal},
			{Index: 7, Dst: netip.MustParsePrefix("10.20.0.0/16"), NextHop: netip.MustParseAddr("192.168.1.3"), Metric: 0xfffffff0, Protocol: mibIPProtoOSPF},
			{Index: 1, Dst: netip.MustParsePrefix("127.0.0.0/8"), NextHop: netip.IPv4Unspecified(), Metric: 256, Protocol: mibIPProtoLocal},
			{Index: 0, Dst: netip.MustParsePrefix("10.30.0.0/16")}, // no interface: dropped
			{Index: 7}, // no destination: dropped
		},
		Neighbors: []neighRow{
			{Index: 7, Addr: netip.MustParseAddr("192.168.1.1"), HardwareAddr: net.HardwareAddr{2, 0, 0, 0, 1, 1}, State: nlnsReachable, IsRouter: true},
			{Index: 7, Addr: netip.MustParseAddr("192.168.1.5"), HardwareAddr: net.HardwareAddr{0, 0, 0, 0, 0, 0}, State: nlnsIncomplete},
			{Index: 7, Addr: netip.MustParseAddr("192.168.1.6"), HardwareAddr: net.HardwareAddr{2, 0, 0, 0, 1, 6}, State: nlnsStale, Unreachable: true},
			{Index: 7, Addr: netip.MustParseAddr("fe80::ff"), HardwareAddr: net.HardwareAddr{2, 0, 0, 0, 0, 0xff}, State: nlnsStale},
			{Index: 7, Addr: netip.MustParseAddr("192.168.1.7"), HardwareAddr: net.HardwareAddr{2, 0, 0, 0, 1, 7}, State: nlnsPermanent},
			{Index: 7, Addr: netip.MustParseAddr("224.0.0.22"), HardwareAddr: net.HardwareAddr{1, 0, 0x5e, 0, 0, 0x16}, State: nlnsPermanent},
			{Index: 7, Addr: netip.MustParseAddr("255.255.255.255"), HardwareAddr: net.HardwareAddr{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, State: nlnsPermanent},
			{Index: 7, Addr: netip.MustParseAddr("ff02::1"), State: nlnsPermanent},
		},
	}
}

func ptr[T any](v T) *T { return &v }

func TestTranslateLinks(t *testing.T) {
	links := translate(machine(), rtnlemu.KindLinks).Links
	require.Len(t, links, 3, "one link per adapter; the filter interface is not a link")
	want := []rtnetlink.LinkMessage{
		{Type: linux.ARPHRD_LOOPBACK, Index: 1, Flags: linux.IFF_UP | linux.IFF_RUNNING | linux.IFF_LOWER_UP | linux.IFF_LOOPBACK | linux.IFF_MULTICAST,
			Attributes: &rtnetlink.LinkAttributes{Name: "Loopback Pseudo-Interface 1", Alias: ptr("Software Loopback Interface 1"), MTU: 0xffffffff, OperationalState: rtnetlink.OperStateUp}},
		{Type: linux.ARPHRD_ETHER, Index: 7, Flags: linux.IFF_UP | linux.IFF_RUNNING | linux.IFF_LOWER_UP | linux.IFF_BROADCAST | linux.IFF_MULTICAST,
			Attributes: &rtnetlink.LinkAttributes{Name: "Ethernet", Alias: ptr("Intel(R) Ethernet"), MTU: 1500, OperationalState: rtnetlink.OperStateUp,
				Address: net.HardwareAddr{0x02, 0, 0x5e, 0, 0, 7}, Broadcast: net.HardwareAddr{0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
				Stats64: &rtnetlink.LinkStats64{RXPackets: 12, TXPackets: 5, RXBytes: 1000, TXBytes: 500, RXErrors: 1, TXDropped: 3, Multicast: 2},
				Stats:   &rtnetlink.LinkStats{RXPackets: 12, TXPackets: 5, RXBytes: 1000, TXBytes: 500, RXErrors: 1, TXDropped: 3, Multicast: 2}}},
		{Type: linux.ARPHRD_ETHER, Index: 9, Flags: linux.IFF_UP | linux.IFF_BROADCAST,
			Attributes: &rtnetlink.LinkAttributes{Name: "Wi-Fi", Alias: ptr("Some Wireless"), MTU: 1500, OperationalState: rtnetlink.OperStateDown,
				Address: net.HardwareAddr{2, 0, 0, 0, 0, 9}, Broadcast: net.HardwareAddr{0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
				Stats64: &rtnetlink.LinkStats64{}, Stats: &rtnetlink.LinkStats{}}},
	}
	require.Equal(t, want, links)
}

func TestLinkEdgeCases(t *testing.T) {
	tests := []struct {
		name      string
		adapter   adapterRow
		row       *ifRow
		wantFlags uint32
		wantOper  uint8
		wantType  uint16
		wantName  string
	}{
		{"no row: up from the operational status", adapterRow{Index: 3, IfType: ifTypeTunnel, OperStatus: ifOperStatusUp},
			nil, linux.IFF_UP | linux.IFF_RUNNING | linux.IFF_LOWER_UP | linux.IFF_POINTOPOINT | linux.IFF_NOARP | linux.IFF_MULTICAST, linux.IF_OPER_UP, linux.ARPHRD_NONE, "if3"},
		{"admin down", adapterRow{Index: 3, FriendlyName: "x", IfType: ifTypeEthernetCSMACD, OperStatus: ifOperStatusDown},
			&ifRow{Index: 3, AdminStatus: 2}, linux.IFF_BROADCAST | linux.IFF_MULTICAST, linux.IF_OPER_DOWN, linux.ARPHRD_ETHER, "x"},
		{"up without carrier is down (as Wine reports a tun without carrier)", adapterRow{Index: 3, FriendlyName: "tun0", IfType: ifTypeOther, OperStatus: ifOperStatusUp},
			&ifRow{Index: 3, AdminStatus: netIfAdminStatusUp, MediaConnectState: mediaConnectStateDisconnected}, linux.IFF_UP | linux.IFF_MULTICAST, linux.IF_OPER_DOWN, linux.ARPHRD_NONE, "tun0"},
		{"dormant", adapterRow{Index: 3, FriendlyName: "x", IfType: ifTypePPP, OperStatus: ifOperStatusDormant},
			&ifRow{Index: 3, AdminStatus: netIfAdminStatusUp}, linux.IFF_UP | linux.IFF_DORMANT | linux.IFF_POINTOPOINT | linux.IFF_NOARP | linux.IFF_MULTICAST, linux.IF_OPER_DORMANT, linux.ARPHRD_PPP, "x"},
		{"name from the interface alias", adapterRow{Index: 4, IfType: ifTypeIEEE1394, OperStatus: ifOperStatusLowerLayerDown},
			&ifRow{Index: 4, Alias: "fw", AdminStatus: netIfAdminStatusUp}, linux.IFF_UP | linux.IFF_BROADCAST | linux.IFF_MULTICAST, linux.IF_OPER_LOWERLAYERDOWN, linux.ARPHRD_IEEE1394, "fw"},
		{"IPv6-only adapter", adapterRow{IPv6Index: 5, FriendlyName: "v6", IfType: ifTypeATM, OperStatus: ifOperStatusNotPresent},
			nil, linux.IFF_MULTICAST, linux.IF_OPER_NOTPRESENT, linux.ARPHRD_ATM, "v6"},
		{"testing, unknown type", adapterRow{Index: 6, FriendlyName: "t", IfType: 9999, OperStatus: ifOperStatusTesting},
			nil, linux.IFF_MULTICAST, linux.IF_OPER_TESTING, linux.ARPHRD_NONE, "t"},
		{"gone but still listed (as Wine keeps a deleted link)", adapterRow{Index: 6, FriendlyName: "g", IfType: ifTypeEthernetCSMACD, OperStatus: ifOperStatusUnknown},
			&ifRow{Index: 6}, 0, 0, 0, ""},
		{"unknown status", adapterRow{Index: 6, FriendlyName: "u", IfType: ifTypeISO88025, OperStatus: 77},
			nil, linux.IFF_BROADCAST | linux.IFF_MULTICAST, linux.IF_OPER_UNKNOWN, linux.ARPHRD_IEEE802, "u"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tables := &tableSet{Adapters: []adapterRow{tt.adapter}}
			if tt.wantName == "" {
				require.Empty(t, translate(tables, rtnlemu.KindLinks).Links)
				return
			}
			if tt.row != nil {
				tables.Ifs = []ifRow{*tt.row}
			}
			links := translate(tables, rtnlemu.KindAll).Links
			require.Len(t, links, 1)
			l := links[0]
			require.Equal(t, tt.wantFlags, l.Flags)
			require.Equal(t, tt.wantOper, uint8(l.Attributes.OperationalState))
			require.Equal(t, tt.wantType, l.Type)
			require.Equal(t, tt.wantName, l.Attributes.Name)
		})
	}
}

func TestTranslateAddrs(t *testing.T) {
	addrs := translate(machine(), rtnlemu.KindAddrs).Addrs
	got := make([]dumpAddr, 0, len(addrs))
	for _, a := range dumpOf(&rtnlemu.Snapshot{Addrs: addrs}).Addrs {
		got = append(got, a)
	}
	want := []dumpAddr{
		{Index: 1, Family: linux.AF_INET, Prefix: netip.MustParsePrefix("127.0.0.1/8"), Flags: linux.IFA_F_PERMANENT, Scope: linux.RT_SCOPE_HOST, Label: "Loopback Pseudo-Interface 1"},
		{Index: 7, Family: linux.AF_INET, Prefix: netip.MustParsePrefix("192.168.1.20/24"), Flags: 0, Scope: linux.RT_SCOPE_UNIVERSE, Label: "Ethernet"},
		{Index: 7, Family: linux.AF_INET6, Prefix: netip.MustParsePrefix("fe80::1/64"), Flags: linux.IFA_F_PERMANENT, Scope: linux.RT_SCOPE_LINK},
		{Index: 7, Family: linux.AF_INET6, Prefix: netip.MustParsePrefix("2001:db8::20/64"), Flags: linux.IFA_F_DEPRECATED, Scope: linux.RT_SCOPE_UNIVERSE},
		{Index: 7, Family: linux.AF_INET6, Prefix: netip.MustParsePrefix("2001:db8::abcd/64"), Flags: linux.IFA_F_TENTATIVE | linux.IFA_F_SECONDARY, Scope: linux.RT_SCOPE_UNIVERSE},
	}
	require.Equal(t, want, got)

	v4 := addrs[1]
	require.Equal(t, net.IP{192, 168, 1, 255}, v4.Attributes.Broadcast.To4(), "subnet broadcast")
	require.Equal(t, rtnetlink.CacheInfo{Preferred: 86400, Valid: 86400}, v4.Attributes.CacheInfo)
	require.Nil(t, addrs[2].Attributes.Local, "IPv6 addresses carry IFA_ADDRESS only")
	require.Empty(t, addrs[2].Attributes.Label, "IPv6 addresses have no label")
	require.Equal(t, uint8(linux.IFA_F_PERMANENT), addrs[2].Flags, "ifa_flags holds the low 8 bits")
}

func TestAddrFlagsDuplicate(t *testing.T) {
	r := addrRow{Addr: netip.MustParseAddr("10.0.0.1"), DadState: nldsDuplicate, ValidLifetime: infiniteLifetime}
	require.Equal(t, uint32(linux.IFA_F_TENTATIVE|linux.IFA_F_DADFAILED|linux.IFA_F_PERMANENT), addrFlags(&r))
}

func TestSubnetBroadcast(t *testing.T) {
	tests := []struct {
		prefix string
		want   string
		ok     bool
	}{
		{"10.1.2.3/8", "10.255.255.255", true},
		{"192.168.1.20/30", "192.168.1.23", true},
		{"0.0.0.0/0", "255.255.255.255", true},
		{"10.0.0.1/31", "", false},
		{"10.0.0.1/32", "", false},
		{"2001:db8::1/64", "", false},
	}
	for _, tt := range tests {
		got, ok := subnetBroadcast(netip.MustParsePrefix(tt.prefix))
		require.Equal(t, tt.ok, ok, tt.prefix)
		if ok {
			require.Equal(t, tt.want, got.String(), tt.prefix)
		}
	}
}

func TestTranslateRoutes(t *testing.T) {
	routes := dumpOf(translate(machine(), rtnlemu.KindRoutes)).Routes
	pfx, ip := netip.MustParsePrefix, netip.MustParseAddr
	want := []dumpRoute{
		{Family: linux.AF_INET, Table: linux.RT_TABLE_MAIN, Type: linux.RTN_UNICAST, Protocol: linux.RTPROT_DHCP, Scope: linux.RT_SCOPE_UNIVERSE, Dst: pfx("0.0.0.0/0"), Gateway: ip("192.168.1.1"), OutIndex: 7, Priority: 25},
		{Family: linux.AF_INET, Table: linux.RT_TABLE_MAIN, Type: linux.RTN_UNICAST, Protocol: linux.RTPROT_KERNEL, Scope: linux.RT_SCOPE_LINK, Dst: pfx("192.168.1.0/24"), OutIndex: 7, Priority: 281, PrefSrc: ip("192.168.1.20")},
		{Family: linux.AF_INET, Table: linux.RT_TABLE_LOCAL, Type: linux.RTN_LOCAL, Protocol: linux.RTPROT_KERNEL, Scope: linux.RT_SCOPE_HOST, Dst: pfx("192.168.1.20/32"), OutIndex: 7, Priority: 281},
		{Family: linux.AF_INET, Table: linux.RT_TABLE_LOCAL, Type: linux.RTN_BROADCAST, Protocol: linux.RTPROT_KERNEL, Scope: linux.RT_SCOPE_LINK, Dst: pfx("192.168.1.255/32"), OutIndex: 7, Priority: 281},
		{Family: linux.AF_INET, Table: linux.RT_TABLE_LOCAL, Type: linux.RTN_MULTICAST, Protocol: linux.RTPROT_KERNEL, Scope: linux.RT_SCOPE_UNIVERSE, Dst: pfx("224.0.0.0/4"), OutIndex: 7, Priority: 281},
		{Family: linux.AF_INET, Table: linux.RT_TABLE_LOCAL, Type: linux.RTN_BROADCAST, Protocol: linux.RTPROT_KERNEL, Scope: linux.RT_SCOPE_LINK, Dst: pfx("255.255.255.255/32"), OutIndex: 7, Priority: 281},
		{Family: linux.AF_INET, Table: linux.RT_TABLE_MAIN, Type: linux.RTN_UNICAST, Protocol: linux.RTPROT_STATIC, Scope: linux.RT_SCOPE_UNIVERSE, Dst: pfx("10.10.0.0/16"), Gateway: ip("192.168.1.2"), OutIndex: 7, Priority: 30},
		{Family: linux.AF_INET6, Table: linux.RT_TABLE_MAIN, Type: linux.RTN_UNICAST, Protocol: linux.RTPROT_RA, Scope: linux.RT_SCOPE_UNIVERSE, Dst: pfx("::/0"), Gateway: ip("fe80::ff"), OutIndex: 7, Priority: 30},
		{Family: linux.AF_INET6, Table: linux.RT_TABLE_MAIN, Type: linux.RTN_UNICAST, Protocol: linux.RTPROT_KERNEL, Scope: linux.RT_SCOPE_LINK, Dst: pfx("2001:db8::/64"), OutIndex: 7, Priority: 286},
		{Family: linux.AF_INET6, Table: linux.RT_TABLE_LOCAL, Type: linux.RTN_LOCAL, Protocol: linux.RTPROT_KERNEL, Scope: linux.RT_SCOPE_HOST, Dst: pfx("2001:db8::20/128"), OutIndex: 7, Priority: 286},
		{Family: linux.AF_INET6, Table: linux.RT_TABLE_LOCAL, Type: linux.RTN_MULTICAST, Protocol: linux.RTPROT_KERNEL, Scope: linux.RT_SCOPE_UNIVERSE, Dst: pfx("ff00::/8"), OutIndex: 7, Priority: 286},
		{Family: linux.AF_INET, Table: linux.RT_TABLE_MAIN, Type: linux.RTN_UNICAST, Protocol: linux.RTPROT_OSPF, Scope: linux.RT_SCOPE_UNIVERSE, Dst: pfx("10.20.0.0/16"), Gateway: ip("192.168.1.3"), OutIndex: 7, Priority: 0xffffffff},
		{Family: linux.AF_INET, Table: linux.RT_TABLE_LOCAL, Type: linux.RTN_LOCAL, Protocol: linux.RTPROT_KERNEL, Scope: linux.RT_SCOPE_HOST, Dst: pfx("127.0.0.0/8"), OutIndex: 1, Priority: 331},
	}
	require.Equal(t, want, routes)
}

func TestTranslateRouteAttributes(t *testing.T) {
	routes := translate(machine(), rtnlemu.KindRoutes).Routes
	require.Nil(t, routes[0].Attributes.Dst, "a default route has no RTA_DST, as on Linux")
	for _, r := range routes {
		require.Equal(t, uint32(r.Table), r.Attributes.Table, "RTA_TABLE matches rtm_table")
	}
}

func TestRouteProtocol(t *testing.T) {
	tests := []struct {
		proto, origin uint32
		want          uint8
	}{
		{mibIPProtoLocal, nlroWellKnown, linux.RTPROT_KERNEL},
		{mibIPProtoNetMgmt, nlroManual, linux.RTPROT_STATIC},
		{mibIPProtoNTAutostatic, nlroManual, linux.RTPROT_STATIC},
		{mibIPProtoNTStaticNonDOD, nlroManual, linux.RTPROT_STATIC},
		{mibIPProtoNetMgmt, nlroRouterAdvertisement, linux.RTPROT_RA},
		{mibIPProtoNetMgmt, nlroDHCP, linux.RTPROT_DHCP},
		{mibIPProtoDHCP, nlroManual, linux.RTPROT_DHCP},
		{mibIPProtoICMP, nlroManual, linux.RTPROT_REDIRECT},
		{mibIPProtoRIP, nlroManual, linux.RTPROT_RIP},
		{mibIPProtoBGP, nlroManual, linux.RTPROT_BGP},
		{mibIPProtoISIS, nlroManual, linux.RTPROT_ISIS},
		{mibIPProtoEIGRP, nlroManual, linux.RTPROT_EIGRP},
		{mibIPProtoOther, nlroManual, linux.RTPROT_UNSPEC},
		{12345, nlroManual, linux.RTPROT_UNSPEC},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, routeProtocol(tt.proto, tt.origin), "proto %d origin %d", tt.proto, tt.origin)
	}
}

func TestTranslateNeighbors(t *testing.T) {
	neighs := dumpOf(translate(machine(), rtnlemu.KindNeighbors)).Neighbors
	ip := netip.MustParseAddr
	want := []dumpNeigh{
		{Index: 7, Family: linux.AF_INET, Addr: ip("192.168.1.1"), MAC: "02:00:00:00:01:01", State: linux.NUD_REACHABLE, Flags: linux.NTF_ROUTER},
		{Index: 7, Family: linux.AF_INET, Addr: ip("192.168.1.5"), State: linux.NUD_INCOMPLETE},
		{Index: 7, Family: linux.AF_INET, Addr: ip("192.168.1.6"), State: linux.NUD_FAILED},
		{Index: 7, Family: linux.AF_INET6, Addr: ip("fe80::ff"), MAC: "02:00:00:00:00:ff", State: linux.NUD_STALE},
		{Index: 7, Family: linux.AF_INET, Addr: ip("192.168.1.7"), MAC: "02:00:00:00:01:07", State: linux.NUD_PERMANENT},
	}
	require.Equal(t, want, neighs, "multicast and broadcast entries are left out")
}

func TestNudState(t *testing.T) {
	tests := []struct {
		state uint32
		want  uint16
	}{
		{nlnsUnreachable, linux.NUD_FAILED}, {nlnsIncomplete, linux.NUD_INCOMPLETE}, {nlnsProbe, linux.NUD_PROBE},
		{nlnsDelay, linux.NUD_DELAY}, {nlnsStale, linux.NUD_STALE}, {nlnsReachable, linux.NUD_REACHABLE},
		{nlnsPermanent, linux.NUD_PERMANENT}, {42, 0},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, nudState(tt.state, false), "state %d", tt.state)
	}
}

func TestTranslateKindsAndNil(t *testing.T) {
	s := translate(machine(), rtnlemu.KindAddrs|rtnlemu.KindNeighbors)
	require.Empty(t, s.Links)
	require.Empty(t, s.Routes)
	require.NotEmpty(t, s.Addrs)
	require.NotEmpty(t, s.Neighbors)
	require.Equal(t, &rtnlemu.Snapshot{}, translate(nil, rtnlemu.KindAll))
}

// TestTranslateMarshals checks every record encodes, as the emulator
// will encode it.
func TestTranslateMarshals(t *testing.T) {
	s := translate(machine(), rtnlemu.KindAll)
	for _, m := range s.Links {
		_, err := m.MarshalBinary()
		require.NoError(t, err)
	}
	for _, m := range s.Addrs {
		_, err := m.MarshalBinary()
		require.NoError(t, err)
	}
	for _, m := range s.Routes {
		_, err := m.MarshalBinary()
		require.NoError(t, err)
	}
	for _, m := range s.Neighbors {
		_, err := m.MarshalBinary()
		require.NoError(t, err)
	}
}
