package netinfo_test

import (
	"encoding/hex"
	"fmt"

	"github.com/rtnlx/rtnlx/netinfo"
)

// A route the Linux kernel sent in reply to an RTM_GETROUTE dump
// (recorded on a little-endian machine: netlink is in host byte order),
// with the 16-byte nlmsghdr already taken off. It is
// "203.0.113.128/25 nexthop via 10.1.0.253 dev veth0 weight 2 nexthop
// via 10.2.0.253 dev br0 weight 3", as raw RTNL access would return it
// in netlink.Message.Data.
const recordedRoute = "02190000fe0300010000000008000f00fe00000008000100cb00718024000900" +
	"1000000103000000080005000a0100fd1000000204000000080005000a0200fd"

func ExampleDecodeRoute() {
	payload, err := hex.DecodeString(recordedRoute)
	if err != nil {
		panic(err)
	}
	r, err := netinfo.DecodeRoute(payload)
	if err != nil {
		fmt.Println("decode:", err)
		return
	}
	fmt.Println("dst", r.Dst, "table", r.Table, "type", r.Type, "proto", r.Protocol, "scope", r.Scope)
	for _, h := range r.NextHops {
		fmt.Println("  nexthop via", h.Gateway, "ifindex", h.OutIndex, "weight", h.Weight)
	}

	// A message cut short is an error, never a panic.
	_, err = netinfo.DecodeRoute(payload[:40])
	fmt.Println(err)
	// Output:
	// dst 203.0.113.128/25 table main type unicast proto boot scope global
	//   nexthop via 10.1.0.253 ifindex 3 weight 2
	//   nexthop via 10.2.0.253 ifindex 4 weight 3
	// netinfo: decode route: truncated attribute
}
