package netinfo_test

import (
	"context"
	"fmt"
	"log"
	"net"
	"net/netip"
	"time"

	"github.com/jsimonetti/rtnetlink/v2"

	"github.com/rtnlx/rtnlx/netinfo"
	"github.com/rtnlx/rtnlx/rtnlemu"
)

// exampleNetwork is a small in-memory network: lo and eth0 with an
// address, a default route and a neighbour. Examples run on it so that
// their output is the same everywhere; on a real machine, call
// netinfo.Open() without options.
func exampleNetwork() *rtnlemu.Memory {
	mem := rtnlemu.NewMemory()
	idx := func(i uint32) *uint32 { return &i }
	mac, _ := net.ParseMAC("02:00:5e:00:53:01")
	up := uint32(netinfo.LinkUp | netinfo.LinkRunning | netinfo.LinkLowerUp)
	err := mem.Load(&rtnlemu.Snapshot{
		Links: []rtnetlink.LinkMessage{
			{Index: 1, Type: uint16(netinfo.LinkTypeLoopback), Flags: up | uint32(netinfo.LinkLoopback), Attributes: &rtnetlink.LinkAttributes{
				Name: "lo", MTU: 65536, Index: idx(1), OperationalState: rtnetlink.OperStateUnknown}},
			{Index: 2, Type: uint16(netinfo.LinkTypeEther), Flags: up | uint32(netinfo.LinkBroadcast|netinfo.LinkMulticast), Attributes: &rtnetlink.LinkAttributes{
				Name: "eth0", MTU: 1500, Address: mac, Index: idx(2), OperationalState: rtnetlink.OperStateUp}},
		},
		Addrs: []rtnetlink.AddressMessage{
			{Family: uint8(netinfo.FamilyInet), PrefixLength: 8, Scope: uint8(netinfo.ScopeHost), Index: 1, Attributes: &rtnetlink.AddressAttributes{
				Address: net.IPv4(127, 0, 0, 1), Local: net.IPv4(127, 0, 0, 1), Label: "lo"}},
			{Family: uint8(netinfo.FamilyInet), PrefixLength: 24, Index: 2, Attributes: &rtnetlink.AddressAttributes{
				Address: net.IPv4(192, 0, 2, 10), Local: net.IPv4(192, 0, 2, 10), Label: "eth0"}},
		},
		Routes: []rtnetlink.RouteMessage{
			{Family: uint8(netinfo.FamilyInet), Table: uint8(netinfo.TableMain), Protocol: uint8(netinfo.ProtoDHCP), Type: uint8(netinfo.RouteUnicast),
				Attributes: rtnetlink.RouteAttributes{Gateway: net.IPv4(192, 0, 2, 1), OutIface: 2, Priority: 100, Table: uint32(netinfo.TableMain)}},
			{Family: uint8(netinfo.FamilyInet), DstLength: 24, Table: uint8(netinfo.TableMain), Protocol: uint8(netinfo.ProtoKernel), Scope: uint8(netinfo.ScopeLink), Type: uint8(netinfo.RouteUnicast),
				Attributes: rtnetlink.RouteAttributes{Dst: net.IPv4(192, 0, 2, 0), Src: net.IPv4(192, 0, 2, 10), OutIface: 2, Table: uint32(netinfo.TableMain)}},
		},
		Neighbors: []rtnetlink.NeighMessage{
			{Family: uint16(netinfo.FamilyInet), Index: 2, State: uint16(netinfo.NeighReachable), Attributes: &rtnetlink.NeighAttributes{
				Address: net.IPv4(192, 0, 2, 1), LLAddress: []byte{2, 0, 0x5e, 0, 0x53, 0xfe}}},
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	return mem
}

// Open a handle and list links, addresses and routes. On a real machine
// Open takes no option; here it runs over an in-memory network.
func Example() {
	h, err := netinfo.Open(netinfo.WithTransport(rtnlemu.New(exampleNetwork())))
	if err != nil {
		log.Fatal(err)
	}
	defer h.Close()
	ctx := context.Background()

	links, err := h.Links(ctx)
	if err != nil {
		log.Fatal(err)
	}
	for _, l := range links {
		fmt.Printf("%d: %s %s mtu %d <%s>\n", l.Index, l.Name, l.OperState, l.MTU, l.Flags)
	}
	addrs, err := h.Addrs(ctx, netinfo.AddrFilter{Family: netinfo.FamilyInet})
	if err != nil {
		log.Fatal(err)
	}
	for _, a := range addrs {
		fmt.Printf("%s on %d scope %s\n", a.Prefix, a.Index, a.Scope)
	}
	// Output:
	// 1: lo UNKNOWN mtu 65536 <LOOPBACK,UP,LOWER_UP>
	// 2: eth0 UP mtu 1500 <BROADCAST,MULTICAST,UP,LOWER_UP>
	// 127.0.0.1/8 on 1 scope host
	// 192.0.2.10/24 on 2 scope global
}

// List the main table's routes, one line each as ip route prints them.
func ExampleHandle_Routes() {
	h, err := netinfo.Open(netinfo.WithTransport(rtnlemu.New(exampleNetwork())))
	if err != nil {
		log.Fatal(err)
	}
	defer h.Close()
	routes, err := h.Routes(context.Background(), netinfo.RouteFilter{Table: netinfo.TableMain})
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range routes {
		line := r.Dst.String()
		if r.Gateway.IsValid() {
			line += " via " + r.Gateway.String()
		}
		fmt.Printf("%s dev %d proto %s scope %s metric %d\n", line, r.OutIndex, r.Protocol, r.Scope, r.Priority)
	}
	// Output:
	// 0.0.0.0/0 via 192.0.2.1 dev 2 proto dhcp scope global metric 100
	// 192.0.2.0/24 dev 2 proto kernel scope link metric 0
}

// Walk a large routing table without holding it in one slice.
func ExampleHandle_RoutesSeq() {
	h, err := netinfo.Open(netinfo.WithTransport(rtnlemu.New(exampleNetwork())))
	if err != nil {
		log.Fatal(err)
	}
	defer h.Close()
	n := 0
	for r, err := range h.RoutesSeq(context.Background(), netinfo.RouteFilter{}) {
		if err != nil {
			log.Fatal(err)
		}
		if r.Protocol == netinfo.ProtoKernel {
			n++
		}
	}
	fmt.Println(n, "kernel route(s)")
	// Output:
	// 1 kernel route(s)
}

// Watch route changes. WithInitialState first sends what exists, then a
// marker, then changes, with no gap between the two.
func ExampleHandle_Watch() {
	mem := exampleNetwork()
	h, err := netinfo.Open(netinfo.WithTransport(rtnlemu.New(mem)))
	if err != nil {
		log.Fatal(err)
	}
	defer h.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	w, err := h.Watch(ctx, netinfo.WatchRoutes, netinfo.WithInitialState())
	if err != nil {
		log.Fatal(err)
	}
	defer w.Close()
	for ev := range w.Events() {
		if ev.Type == netinfo.EventInitialDone {
			break
		}
		fmt.Println("exists:", ev.Route.Dst)
	}

	// Something else changes the network.
	mem.PutRoute(rtnetlink.RouteMessage{Family: uint8(netinfo.FamilyInet), DstLength: 24, Table: uint8(netinfo.TableMain),
		Protocol: uint8(netinfo.ProtoStatic), Type: uint8(netinfo.RouteBlackhole),
		Attributes: rtnetlink.RouteAttributes{Dst: net.IPv4(198, 51, 100, 0), Table: uint32(netinfo.TableMain)}})

	ev := <-w.Events()
	fmt.Println(ev.Type, ev.Route.Type, ev.Route.Dst, "proto", ev.Route.Protocol)
	// Output:
	// exists: 0.0.0.0/0
	// exists: 192.0.2.0/24
	// new blackhole 198.51.100.0/24 proto static
}

// Change the network: add an address and a multipath route (Linux; other
// backends answer ErrNotSupported for what their OS cannot do).
func ExampleHandle_AddRoute() {
	h, err := netinfo.Open(netinfo.WithTransport(rtnlemu.New(exampleNetwork())))
	if err != nil {
		log.Fatal(err)
	}
	defer h.Close()
	ctx := context.Background()
	err = h.AddRoute(ctx, netinfo.Route{
		Dst: netip.MustParsePrefix("203.0.113.0/24"),
		NextHops: []netinfo.NextHop{
			{Gateway: netip.MustParseAddr("192.0.2.1"), OutIndex: 2, Weight: 2},
			{Gateway: netip.MustParseAddr("192.0.2.2"), OutIndex: 2, Weight: 1},
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	dst := netip.MustParsePrefix("203.0.113.0/24")
	routes, err := h.Routes(ctx, netinfo.RouteFilter{Dst: &dst})
	if err != nil {
		log.Fatal(err)
	}
	for _, nh := range routes[0].NextHops {
		fmt.Println("nexthop via", nh.Gateway, "weight", nh.Weight)
	}
	// Output:
	// nexthop via 192.0.2.1 weight 2
	// nexthop via 192.0.2.2 weight 1
}

// Open the machine's own network stack (in a named namespace on Linux,
// as ip -n does).
func ExampleOpen() {
	h, err := netinfo.Open(netinfo.WithNetNS("/var/run/netns/blue"))
	if err != nil {
		log.Fatal(err)
	}
	defer h.Close()
	links, err := h.Links(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(links), "links")
}
