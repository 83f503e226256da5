package rtnlemu

import (
	"net"
	"syscall"
	"testing"

	"github.com/jsimonetti/rtnetlink/v2"
	"github.com/mdlayher/netlink"
	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// Change requests, encoded by jsimonetti/rtnetlink, answered by Memory's
// setters with the kernel's errnos.
func TestChangeRequests(t *testing.T) {
	const (
		create  = netlink.Create
		excl    = netlink.Excl
		replace = netlink.Replace
	)
	link := func(m rtnetlink.LinkMessage) []byte { return marshal(t, &m) }
	addr := func(index uint32, ip string, plen uint8) []byte {
		a := net.ParseIP(ip)
		fam := uint8(linux.AF_INET6)
		if v4 := a.To4(); v4 != nil {
			a, fam = v4, linux.AF_INET
		}
		return marshal(t, &rtnetlink.AddressMessage{Family: fam, PrefixLength: plen, Index: index,
			Attributes: &rtnetlink.AddressAttributes{Address: a, Local: a}})
	}
	route := func(dst string, plen uint8, oif, prio uint32, gw string) []byte {
		r := rtnetlink.RouteMessage{Family: linux.AF_INET, DstLength: plen, Table: 254, Protocol: 3, Type: 1,
			Attributes: rtnetlink.RouteAttributes{Dst: net.ParseIP(dst).To4(), OutIface: oif, Priority: prio}}
		if gw != "" {
			r.Attributes.Gateway = net.ParseIP(gw).To4()
		}
		return marshal(t, &r)
	}
	routeDel := func(dst string, plen uint8) []byte {
		return marshal(t, &rtnetlink.RouteMessage{Family: linux.AF_INET, DstLength: plen, Scope: 255,
			Attributes: rtnetlink.RouteAttributes{Dst: net.ParseIP(dst).To4()}})
	}
	neigh := func(index uint32, ip string) []byte {
		return marshal(t, &rtnetlink.NeighMessage{Family: linux.AF_INET, Index: index, State: 0x80,
			Attributes: &rtnetlink.NeighAttributes{Address: net.ParseIP(ip).To4(), LLAddress: net.HardwareAddr{2, 0, 0, 0, 0, 9}}})
	}
	type step struct {
		typ   uint16
		flags netlink.HeaderFlags
		body  []byte
		want  syscall.Errno
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{"link", []step{
			{linux.RTM_NEWLINK, 0, link(rtnetlink.LinkMessage{Index: 3, Flags: 1, Change: 1}), 0},
			{linux.RTM_NEWLINK, create | excl, link(rtnetlink.LinkMessage{Index: 3}), syscall.EEXIST},
			{linux.RTM_NEWLINK, replace, link(rtnetlink.LinkMessage{Index: 3}), syscall.EOPNOTSUPP},
			{linux.RTM_NEWLINK, 0, link(rtnetlink.LinkMessage{Index: 99}), syscall.ENODEV},
			{linux.RTM_NEWLINK, create, link(rtnetlink.LinkMessage{Index: 99, Attributes: &rtnetlink.LinkAttributes{Name: "x"}}), syscall.EOPNOTSUPP},
			{linux.RTM_SETLINK, 0, link(rtnetlink.LinkMessage{Index: 99}), syscall.ENODEV},
			{linux.RTM_SETLINK, 0, link(rtnetlink.LinkMessage{Attributes: &rtnetlink.LinkAttributes{Name: "eth1", MTU: 1400}}), 0},
			{linux.RTM_SETLINK, 0, link(rtnetlink.LinkMessage{}), syscall.EINVAL},
			{linux.RTM_SETLINK, 0, link(rtnetlink.LinkMessage{Index: 3, Attributes: &rtnetlink.LinkAttributes{Name: "wan"}}), 0},
			{linux.RTM_SETLINK, 0, link(rtnetlink.LinkMessage{Index: 3, Attributes: &rtnetlink.LinkAttributes{Master: u32p(99)}}), syscall.EINVAL},
			{linux.RTM_DELLINK, 0, link(rtnetlink.LinkMessage{Index: 3}), syscall.EOPNOTSUPP},
		}},
		{"address", []step{
			{linux.RTM_NEWADDR, create | excl, addr(3, "10.3.0.1", 24), 0},
			{linux.RTM_NEWADDR, create | excl, addr(3, "10.3.0.1", 24), syscall.EEXIST},
			{linux.RTM_NEWADDR, create, addr(3, "10.3.0.1", 24), syscall.EEXIST},
			{linux.RTM_NEWADDR, create | replace, addr(3, "10.3.0.1", 24), 0},
			{linux.RTM_NEWADDR, create, addr(99, "10.3.0.1", 24), syscall.ENODEV},
			{linux.RTM_NEWADDR, create, addr(3, "10.3.0.1", 33), syscall.EINVAL},
			{linux.RTM_DELADDR, 0, addr(3, "10.3.0.1", 24), 0},
			{linux.RTM_DELADDR, 0, addr(3, "10.3.0.1", 24), syscall.EADDRNOTAVAIL},
			{linux.RTM_DELADDR, 0, addr(99, "10.3.0.1", 24), syscall.ENODEV},
			{linux.RTM_NEWADDR, create | excl, addr(3, "fd03::1", 64), 0},
			{linux.RTM_DELADDR, 0, addr(3, "fd03::1", 48), syscall.EADDRNOTAVAIL},
			{linux.RTM_DELADDR, 0, addr(3, "fd03::1", 64), 0},
		}},
		{"route", []step{
			{linux.RTM_NEWROUTE, create | excl, route("10.30.0.0", 16, 3, 0, ""), 0},
			{linux.RTM_NEWROUTE, create | excl, route("10.30.0.0", 16, 2, 0, ""), syscall.EEXIST},
			{linux.RTM_NEWROUTE, create, route("10.30.0.0", 16, 3, 0, ""), syscall.EEXIST},
			{linux.RTM_NEWROUTE, create, route("10.30.0.0", 16, 2, 0, ""), 0}, // appended beside
			{linux.RTM_NEWROUTE, create | excl, route("10.30.0.0", 16, 3, 9, ""), 0},
			{linux.RTM_NEWROUTE, 0, route("10.31.0.0", 16, 3, 0, ""), syscall.ENOENT},
			{linux.RTM_NEWROUTE, replace, route("10.31.0.0", 16, 3, 0, ""), syscall.ENOENT},
			{linux.RTM_NEWROUTE, create | replace, route("10.30.0.0", 16, 3, 0, "10.2.0.1"), 0},
			{linux.RTM_NEWROUTE, create, route("10.32.0.0", 16, 99, 0, ""), syscall.ENODEV},
			{linux.RTM_DELROUTE, 0, routeDel("10.30.0.0", 16), 0},
			{linux.RTM_DELROUTE, 0, routeDel("10.30.0.0", 16), 0},
			{linux.RTM_DELROUTE, 0, routeDel("10.30.0.0", 16), 0},
			{linux.RTM_DELROUTE, 0, routeDel("10.30.0.0", 16), syscall.ESRCH},
		}},
		{"neighbour", []step{
			{linux.RTM_NEWNEIGH, create | excl, neigh(3, "10.2.0.9"), 0},
			{linux.RTM_NEWNEIGH, create | excl, neigh(3, "10.2.0.9"), syscall.EEXIST},
			{linux.RTM_NEWNEIGH, create | replace, neigh(3, "10.2.0.9"), 0},
			{linux.RTM_NEWNEIGH, 0, neigh(3, "10.2.0.10"), syscall.ENOENT},
			{linux.RTM_NEWNEIGH, create, neigh(99, "10.2.0.10"), syscall.ENODEV},
			{linux.RTM_DELNEIGH, 0, neigh(3, "10.2.0.9"), 0},
			{linux.RTM_DELNEIGH, 0, neigh(3, "10.2.0.9"), syscall.ENOENT},
			{linux.RTM_DELNEIGH, 0, neigh(99, "10.2.0.9"), syscall.ENODEV},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, c := open(t, fixture(t))
			for i, s := range tt.steps {
				msgs, _ := exchange(t, c, request(t, s.typ, netlink.Request|netlink.Acknowledge|s.flags, uint32(i+1), s.body), 1<<16)
				require.Len(t, msgs, 1)
				require.Equal(t, netlink.Error, msgs[0].Header.Type)
				require.Equal(t, s.want, errnoIn(t, msgs[0]), "step %d", i)
			}
		})
	}
}

// NLM_F_ECHO: the requester gets the notification of its change, before
// the ack, addressed to it.
func TestEcho(t *testing.T) {
	_, c := open(t, fixture(t))
	a := net.IPv4(10, 3, 0, 7).To4()
	body := marshal(t, &rtnetlink.AddressMessage{Family: linux.AF_INET, PrefixLength: 24, Index: 3,
		Attributes: &rtnetlink.AddressAttributes{Address: a, Local: a}})
	tests := []struct {
		typ   uint16
		flags netlink.HeaderFlags
		want  netlink.HeaderType
	}{
		{linux.RTM_NEWADDR, netlink.Create | netlink.Excl, linux.RTM_NEWADDR},
		{linux.RTM_DELADDR, 0, linux.RTM_DELADDR},
	}
	for i, tt := range tests {
		req := request(t, tt.typ, netlink.Request|netlink.Echo|netlink.Acknowledge|tt.flags, uint32(10+i), body)
		msgs, datagrams := exchange(t, c, req, 1<<16)
		require.Len(t, datagrams, 1, "the echo")
		require.Equal(t, tt.want, msgs[0].Header.Type)
		require.Equal(t, uint32(10+i), msgs[0].Header.Sequence)
		require.Equal(t, c.PortID(), msgs[0].Header.PID)
		var got rtnetlink.AddressMessage
		require.NoError(t, got.UnmarshalBinary(msgs[0].Data))
		require.Equal(t, a, got.Attributes.Local)
		d, err := mustRecv(t, c)
		require.NoError(t, err)
		ack := parse(t, d)
		require.Equal(t, netlink.Error, ack[0].Header.Type)
		require.Equal(t, syscall.Errno(0), errnoIn(t, ack[0]))
	}
	// A failed request echoes nothing.
	msgs, _ := exchange(t, c, request(t, linux.RTM_DELADDR, netlink.Request|netlink.Echo, 20, body), 1<<16)
	require.Len(t, msgs, 1)
	require.Equal(t, syscall.EADDRNOTAVAIL, errnoIn(t, msgs[0]))
	// A change to an existing link is notified without the requester
	// (do_setlink), so the kernel echoes nothing: only the ack comes.
	link := marshal(t, &rtnetlink.LinkMessage{Family: linux.AF_UNSPEC, Index: 3,
		Attributes: &rtnetlink.LinkAttributes{MTU: 1280}})
	for i, typ := range []uint16{linux.RTM_SETLINK, linux.RTM_NEWLINK} {
		msgs, _ = exchange(t, c, request(t, typ, netlink.Request|netlink.Echo|netlink.Acknowledge, uint32(30+i), link), 1<<16)
		require.Len(t, msgs, 1)
		require.Equal(t, netlink.Error, msgs[0].Header.Type)
		require.Equal(t, syscall.Errno(0), errnoIn(t, msgs[0]))
	}
}
