package rtnlemu_test

import (
	"context"
	"fmt"
	"net"

	"github.com/jsimonetti/rtnetlink/v2"
	"github.com/rtnlx/rtnlx/netinfo"
	"github.com/rtnlx/rtnlx/rtnlemu"
)

// Test code that uses netinfo against a scripted network, without root.
func ExampleMemory() {
	mem := rtnlemu.NewMemory()
	mem.PutLink(rtnetlink.LinkMessage{
		Type: 1, Index: 2, Flags: 0x1 | 0x1000 | 0x10000,
		Attributes: &rtnetlink.LinkAttributes{Name: "eth0", MTU: 1500, OperationalState: rtnetlink.OperStateUp},
	})
	tr := rtnlemu.New(mem)
	defer tr.Close()
	h, err := netinfo.Open(netinfo.WithTransport(tr))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer h.Close()

	ctx := context.Background()
	w, _ := h.Watch(ctx, netinfo.WatchAddrs)
	defer w.Close()

	// A change scripted on the Memory shows as an event.
	mem.PutAddr(rtnetlink.AddressMessage{
		Family: 2, PrefixLength: 24, Index: 2,
		Attributes: &rtnetlink.AddressAttributes{Address: net.IPv4(192, 0, 2, 1), Local: net.IPv4(192, 0, 2, 1)},
	})
	ev := <-w.Events()
	fmt.Println(ev.Type, ev.Addr.Prefix)

	// A change made through netinfo goes through Memory's setters.
	if err := h.SetLinkMTU(ctx, 2, 9000); err != nil {
		fmt.Println(err)
	}
	l, _ := h.LinkByName(ctx, "eth0")
	fmt.Println(l.Name, l.MTU)
	// Output:
	// new 192.0.2.1/24
	// eth0 9000
}
