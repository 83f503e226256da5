package rtnlemu_test

import (
	"net"
	"testing"

	"github.com/jsimonetti/rtnetlink/v2"
	"github.com/rtnlx/rtnlx/rtnlemu"
	"github.com/stretchr/testify/require"
)

// A small network for the tests that go through netinfo: lo, eth0 (up,
// a veth port of br0), eth1 (down), br0; addresses, routes in main,
// local and table 100 (one multipath, one with a gateway), neighbours.

func ptr[T any](v T) *T { return &v }

func extLink(index uint32, name string, up bool) rtnetlink.LinkMessage {
	flags := uint32(0x1002)
	oper := rtnetlink.OperStateDown
	if up {
		flags |= 0x1 | 0x40 | 0x10000
		oper = rtnetlink.OperStateUp
	}
	return rtnetlink.LinkMessage{
		Type: 1, Index: index, Flags: flags,
		Attributes: &rtnetlink.LinkAttributes{
			Name: name, MTU: 1500, OperationalState: oper, TxQueueLen: ptr(uint32(1000)), QueueDisc: "noqueue",
			Address:   net.HardwareAddr{0x02, 0, 0, 0, 0, byte(index)},
			Broadcast: net.HardwareAddr{0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
			Stats64:   &rtnetlink.LinkStats64{RXPackets: 10, TXPackets: 20, RXBytes: 1000, TXBytes: 2000, Multicast: 3},
		},
	}
}

func extAddr(index uint32, cidr string) rtnetlink.AddressMessage {
	ip, n, _ := net.ParseCIDR(cidr)
	plen, bits := n.Mask.Size()
	m := rtnetlink.AddressMessage{
		Family: 2, PrefixLength: uint8(plen), Index: index, Flags: 0x80,
		Attributes: &rtnetlink.AddressAttributes{Flags: 0x80,
			CacheInfo: rtnetlink.CacheInfo{Preferred: ^uint32(0), Valid: ^uint32(0), Created: 5, Updated: 5}},
	}
	if bits == 32 {
		m.Attributes.Address, m.Attributes.Local = ip.To4(), ip.To4()
		m.Attributes.Label = "eth"
		m.Attributes.Broadcast = net.IPv4(10, 255, 255, 255).To4()
	} else {
		m.Family = 10
		m.Attributes.Address = ip
	}
	return m
}

func extRoute(table uint32, cidr string, oif, prio uint32, gw string) rtnetlink.RouteMessage {
	_, n, _ := net.ParseCIDR(cidr)
	plen, bits := n.Mask.Size()
	m := rtnetlink.RouteMessage{
		Family: 2, DstLength: uint8(plen), Protocol: 4, Type: 1, Table: uint8(table),
		Attributes: rtnetlink.RouteAttributes{Table: table, OutIface: oif, Priority: prio},
	}
	if table > 255 {
		m.Table = 252
	}
	if bits == 128 {
		m.Family = 10
	}
	if plen > 0 {
		m.Attributes.Dst = n.IP
	}
	if gw != "" {
		m.Attributes.Gateway = net.ParseIP(gw)
		if m.Family == 2 {
			m.Attributes.Gateway = m.Attributes.Gateway.To4()
		}
	} else {
		m.Scope = 253
	}
	return m
}

func extNeigh(index uint32, ip string, state uint16) rtnetlink.NeighMessage {
	m := rtnetlink.NeighMessage{
		Family: 2, Index: index, State: state, Type: 1,
		Attributes: &rtnetlink.NeighAttributes{Address: net.ParseIP(ip), LLAddress: net.HardwareAddr{2, 0xbb, 0, 0, 0, byte(index)}},
	}
	if v4 := m.Attributes.Address.To4(); v4 != nil {
		m.Attributes.Address = v4
	} else {
		m.Family = 10
	}
	return m
}

func extFixture(t testing.TB) *rtnlemu.Memory {
	t.Helper()
	lo := extLink(1, "lo", true)
	lo.Type, lo.Flags = 772, 0x1|0x8|0x40|0x10000
	lo.Attributes.Broadcast = nil
	lo.Attributes.OperationalState = rtnetlink.OperStateUnknown
	eth0 := extLink(2, "eth0", true)
	eth0.Attributes.Master = ptr(uint32(4))
	eth0.Attributes.Info = &rtnetlink.LinkInfo{Kind: "veth"}
	eth0.Attributes.Type = 7 // IFLA_LINK: the veth peer
	eth1 := extLink(3, "eth1", false)
	eth1.Attributes.Alias = ptr("uplink")
	br0 := extLink(4, "br0", true)
	br0.Attributes.Info = &rtnetlink.LinkInfo{Kind: "bridge"}
	mp := extRoute(254, "10.9.0.0/16", 0, 0, "")
	mp.Scope = 0
	mp.Attributes.Multipath = []rtnetlink.NextHop{
		{Hop: rtnetlink.RTNextHop{IfIndex: 2}, Gateway: net.IPv4(10, 1, 0, 254).To4()},
		{Hop: rtnetlink.RTNextHop{IfIndex: 3, Hops: 2}, Gateway: net.IPv4(10, 2, 0, 254).To4()},
	}
	src := extRoute(254, "10.1.0.0/24", 2, 0, "")
	src.Protocol = 2
	src.Attributes.Src = net.IPv4(10, 1, 0, 2).To4()
	local := extRoute(255, "10.1.0.2/32", 2, 0, "")
	local.Type, local.Scope, local.Protocol = 2, 254, 2
	mem := rtnlemu.NewMemory()
	require.NoError(t, mem.Load(&rtnlemu.Snapshot{
		Links: []rtnetlink.LinkMessage{lo, eth0, eth1, br0},
		Addrs: []rtnetlink.AddressMessage{
			extAddr(1, "127.0.0.1/8"), extAddr(1, "::1/128"),
			extAddr(2, "10.1.0.2/24"), extAddr(2, "fd00::2/64"), extAddr(3, "10.2.0.2/24"),
		},
		Routes: []rtnetlink.RouteMessage{
			extRoute(254, "0.0.0.0/0", 2, 100, "10.1.0.1"),
			src, local,
			extRoute(100, "192.168.0.0/16", 3, 5, ""),
			extRoute(1000, "172.16.0.0/12", 2, 0, "10.1.0.1"),
			extRoute(254, "fd00::/64", 2, 256, ""),
			extRoute(254, "::/0", 2, 1024, "fd00::1"),
			mp,
		},
		Neighbors: []rtnetlink.NeighMessage{
			extNeigh(2, "10.1.0.1", 0x02), extNeigh(2, "fd00::1", 0x40), extNeigh(3, "10.2.0.1", 0x04),
		},
	}))
	return mem
}
