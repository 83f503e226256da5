package conformance_test

import (
	"net"
	"net/netip"

	"github.com/jsimonetti/rtnetlink/v2"

	"github.com/rtnlx/rtnlx/conformance"
	"github.com/rtnlx/rtnlx/rtnlemu"
)

// variedSnapshot is a small machine as the kernel would describe it:
// loopback, an uplink with a DHCP default route, a bridge with a port, a
// layer-3 tun with a point-to-point address; addresses in both families
// (a labelled secondary among them); routes in the main, local and a
// numbered table, of several types, one multipath; neighbours in both
// states and families.
func variedSnapshot() *rtnlemu.Snapshot {
	ip := func(s string) net.IP { return net.IP(netip.MustParseAddr(s).AsSlice()) }
	mac := func(s string) net.HardwareAddr { hw, _ := net.ParseMAC(s); return hw }
	u32 := func(v uint32) *uint32 { return &v }

	lo := conformance.MemoryLink(1, "lo", rtnetlink.OperStateUnknown)
	lo.Type, lo.Flags = 772, 0x1|0x8|0x40|0x10000 // loopback; UP LOOPBACK RUNNING LOWER_UP
	lo.Attributes.MTU, lo.Attributes.Address, lo.Attributes.Broadcast = 65536, make(net.HardwareAddr, 6), make(net.HardwareAddr, 6)
	eth0 := conformance.MemoryLink(2, "eth0", rtnetlink.OperStateUp)
	br0 := conformance.MemoryLink(3, "br0", rtnetlink.OperStateUp)
	br0.Attributes.Info = &rtnetlink.LinkInfo{Kind: "bridge"}
	eth1 := conformance.MemoryLink(4, "eth1", rtnetlink.OperStateUp)
	eth1.Attributes.Master = u32(3)
	alias := "uplink two"
	eth1.Attributes.Alias = &alias
	tun0 := conformance.MemoryLink(5, "tun0", rtnetlink.OperStateUnknown)
	tun0.Type, tun0.Flags = 65534, 0x1|0x10|0x80|0x40|0x10000 // none; UP POINTOPOINT NOARP RUNNING LOWER_UP
	tun0.Attributes.Address, tun0.Attributes.Broadcast = nil, nil
	down := conformance.MemoryLink(6, "eth2", rtnetlink.OperStateDown)
	down.Flags = 0x2 | 0x1000 // BROADCAST MULTICAST, not up

	addr := func(index uint32, p, peer string, scope uint8, flags uint32, label string) rtnetlink.AddressMessage {
		pf := netip.MustParsePrefix(p)
		a := rtnetlink.AddressMessage{
			Family: 2, PrefixLength: uint8(pf.Bits()), Scope: scope, Index: index, Flags: uint8(flags),
			Attributes: &rtnetlink.AddressAttributes{
				Address: ip(pf.Addr().String()), Label: label, Flags: flags,
				CacheInfo: rtnetlink.CacheInfo{Valid: ^uint32(0), Preferred: ^uint32(0)},
			},
		}
		if pf.Addr().Is6() {
			a.Family = 10
			return a
		}
		a.Attributes.Local = a.Attributes.Address
		if peer != "" {
			a.Attributes.Address = ip(peer)
		}
		return a
	}
	const permanent, secondary = 0x80, 0x01

	route := func(table uint32, typ, proto, scope uint8, dst string, gw string, oif uint32, prio uint32) rtnetlink.RouteMessage {
		pf := netip.MustParsePrefix(dst)
		r := rtnetlink.RouteMessage{
			Family: 2, DstLength: uint8(pf.Bits()), Table: uint8(min(table, 252)), Protocol: proto, Scope: scope, Type: typ,
			Attributes: rtnetlink.RouteAttributes{Table: table, OutIface: oif, Priority: prio},
		}
		if table < 256 {
			r.Table = uint8(table)
		}
		if pf.Addr().Is6() {
			r.Family = 10
		}
		if pf.Bits() > 0 {
			r.Attributes.Dst = ip(pf.Addr().String())
		}
		if gw != "" {
			r.Attributes.Gateway = ip(gw)
		}
		return r
	}
	const (
		main, local, extra         = 254, 255, 100
		unicast, localT, broadcast = 1, 2, 3
		blackhole, unreachable     = 6, 7
		kernel, boot, dhcp         = 2, 3, 16
		universe, link, host       = 0, 253, 254
	)
	multipath := route(main, unicast, boot, universe, "203.0.113.128/25", "", 0, 0)
	multipath.Attributes.Multipath = []rtnetlink.NextHop{
		{Hop: rtnetlink.RTNextHop{Hops: 1, IfIndex: 2}, Gateway: ip("10.1.0.253")},
		{Hop: rtnetlink.RTNextHop{Hops: 2, IfIndex: 3}, Gateway: ip("10.2.0.253")},
	}
	withSrc := route(main, unicast, kernel, link, "10.1.0.0/24", "", 2, 0)
	withSrc.Attributes.Src = ip("10.1.0.1")

	neigh := func(index uint32, dst, lladdr string, state uint16, flags uint8) rtnetlink.NeighMessage {
		a := netip.MustParseAddr(dst)
		n := rtnetlink.NeighMessage{Family: 2, Index: index, State: state, Flags: flags, Type: 1,
			Attributes: &rtnetlink.NeighAttributes{Address: ip(dst)}}
		if a.Is6() {
			n.Family = 10
		}
		if lladdr != "" {
			n.Attributes.LLAddress = mac(lladdr)
		}
		return n
	}

	return &rtnlemu.Snapshot{
		Links: []rtnetlink.LinkMessage{lo, eth0, br0, eth1, tun0, down},
		Addrs: []rtnetlink.AddressMessage{
			addr(1, "127.0.0.1/8", "", host, permanent, "lo"),
			addr(1, "::1/128", "", host, permanent, ""),
			addr(2, "10.1.0.1/24", "", universe, permanent, "eth0"),
			addr(2, "10.1.0.2/24", "", universe, permanent|secondary, "eth0:sec"),
			addr(2, "2001:db8:1::1/64", "", universe, permanent, ""),
			addr(2, "fe80::5eff:fe55:2/64", "", link, permanent, ""),
			addr(3, "10.2.0.1/24", "", universe, permanent, "br0"),
			addr(5, "10.9.0.1/32", "10.9.0.2", universe, permanent, "tun0"),
		},
		Routes: []rtnetlink.RouteMessage{
			route(main, unicast, dhcp, universe, "0.0.0.0/0", "10.1.0.254", 2, 100),
			withSrc,
			route(main, unicast, kernel, link, "10.2.0.0/24", "", 3, 0),
			route(main, unicast, boot, universe, "192.0.2.0/24", "10.1.0.254", 2, 0),
			route(main, blackhole, boot, universe, "203.0.113.1/32", "", 0, 0),
			route(main, unreachable, boot, universe, "203.0.113.2/32", "", 0, 0),
			multipath,
			route(extra, unicast, boot, universe, "198.51.100.0/24", "10.2.0.254", 3, 0),
			route(extra, unicast, static, universe, "0.0.0.0/0", "10.2.0.254", 3, 0),
			route(local, localT, kernel, host, "127.0.0.0/8", "", 1, 0),
			route(local, localT, kernel, host, "127.0.0.1/32", "", 1, 0),
			route(local, localT, kernel, host, "10.1.0.1/32", "", 2, 0),
			route(local, broadcast, kernel, link, "10.1.0.255/32", "", 2, 0),
			route(main, unicast, kernel, universe, "2001:db8:1::/64", "", 2, 256),
			route(main, unicast, boot, universe, "2001:db8:100::/48", "2001:db8:1::fe", 2, 1024),
			route(main, unicast, kernel, universe, "fe80::/64", "", 2, 256),
			route(local, localT, kernel, universe, "::1/128", "", 1, 0),
			route(extra, unreachable, boot, universe, "2001:db8:200::/48", "", 1, 1024),
		},
		Neighbors: []rtnetlink.NeighMessage{
			neigh(2, "10.1.0.254", "02:00:5e:10:01:fe", 0x02, 0),
			neigh(2, "10.1.0.10", "02:00:5e:10:01:0a", 0x80, 0),
			neigh(2, "10.1.0.11", "", 0x01, 0),
			neigh(2, "2001:db8:1::fe", "02:00:5e:10:01:fe", 0x04, 0x80),
			neigh(3, "fe80::1", "02:00:5e:10:02:01", 0x02, 0x80),
		},
	}
}

// static is RTPROT_STATIC.
const static = 4
