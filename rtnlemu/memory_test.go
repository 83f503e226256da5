package rtnlemu

import (
	"context"
	"net"
	"syscall"
	"testing"

	"github.com/jsimonetti/rtnetlink/v2"
	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/linux"
)

func TestMemoryScripting(t *testing.T) {
	ctx := context.Background()
	mem := NewMemory()
	require.ErrorIs(t, mem.PutLink(rtnetlink.LinkMessage{}), errNoIndex)
	require.ErrorIs(t, mem.PutAddr(rtnetlink.AddressMessage{Family: linux.AF_INET, Index: 1}), errNoAddress)
	require.ErrorIs(t, mem.Load(&Snapshot{Links: []rtnetlink.LinkMessage{{}}}), errNoIndex)

	// Links come in index order whatever the order they were put in.
	for _, i := range []uint32{3, 1, 2} {
		require.NoError(t, mem.PutLink(testLink(i, "l", true)))
	}
	s, err := mem.Snapshot(ctx, KindLinks)
	require.NoError(t, err)
	require.Equal(t, []uint32{1, 2, 3}, []uint32{s.Links[0].Index, s.Links[1].Index, s.Links[2].Index})
	require.Nil(t, s.Addrs, "only the kinds asked for")

	// Records are copied in: changing the caller's value changes nothing.
	a := testAddr4(2, "10.0.0.1", 24)
	require.NoError(t, mem.PutAddr(a))
	a.Attributes.Label = "changed"
	a.Attributes.Local[3] = 99
	s, err = mem.Snapshot(ctx, KindAddrs)
	require.NoError(t, err)
	require.Equal(t, "x", s.Addrs[0].Attributes.Label)
	require.Equal(t, net.IPv4(10, 0, 0, 1).To4(), s.Addrs[0].Attributes.Local)

	// Snapshots already handed out do not change afterwards.
	before := s
	require.NoError(t, mem.PutAddr(testAddr4(2, "10.0.0.2", 24)))
	require.Len(t, before.Addrs, 1)

	// Routes: table 0 is main; the same destination through another
	// link is another route.
	r := testRoute4(0, "10.5.0.0/16", 2, 0)
	r.Table, r.Attributes.Table = 0, 0
	require.NoError(t, mem.PutRoute(r))
	require.NoError(t, mem.PutRoute(testRoute4(254, "10.5.0.0/16", 3, 0)))
	s, err = mem.Snapshot(ctx, KindRoutes)
	require.NoError(t, err)
	require.Len(t, s.Routes, 2)
	require.Equal(t, uint32(254), s.Routes[0].Attributes.Table)
	require.Equal(t, uint8(254), s.Routes[0].Table)
	require.True(t, mem.RemoveRoute(testRoute4(254, "10.5.0.0/16", 3, 0)))
	require.False(t, mem.RemoveRoute(testRoute4(254, "10.5.0.0/16", 3, 0)))

	// Removing a link takes its addresses, neighbours and routes along.
	require.NoError(t, mem.PutNeighbor(testNeigh(linux.AF_INET, 2, "10.0.0.9", 2)))
	require.NoError(t, mem.PutNeighbor(testNeigh(linux.AF_INET, 3, "10.0.0.9", 2)))
	require.True(t, mem.RemoveLink(2))
	require.False(t, mem.RemoveLink(2))
	s, err = mem.Snapshot(ctx, KindAll)
	require.NoError(t, err)
	require.Len(t, s.Links, 2)
	require.Empty(t, s.Addrs)
	require.Empty(t, s.Routes)
	require.Len(t, s.Neighbors, 1)
	require.Equal(t, uint32(3), s.Neighbors[0].Index)

	// Load replaces everything; the route index follows.
	require.NoError(t, mem.Load(&Snapshot{Links: []rtnetlink.LinkMessage{testLink(2, "eth0", true)}}))
	s, err = mem.Snapshot(ctx, KindAll)
	require.NoError(t, err)
	require.Len(t, s.Links, 1)
	require.Empty(t, s.Neighbors)
	rr := testRoute4(254, "10.6.0.0/16", 2, 0)
	require.NoError(t, mem.AddRoute(ctx, &rr, FlagCreate|FlagExcl))
	require.NoError(t, mem.DelRoute(ctx, &rr))

	// A cancelled context reads nothing.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err = mem.Snapshot(cctx, KindAll)
	require.ErrorIs(t, err, context.Canceled)
}

func TestMemoryAddressDefaults(t *testing.T) {
	ctx := context.Background()
	mem := fixture(t)
	// An IPv4 address given only as IFA_LOCAL gets IFA_ADDRESS, the
	// link's name as label, infinite lifetimes and the permanent flag; a
	// second one in the subnet is secondary.
	for _, ip := range []string{"10.8.0.1", "10.8.0.2"} {
		a := rtnetlink.AddressMessage{Family: linux.AF_INET, PrefixLength: 24, Index: 3,
			Attributes: &rtnetlink.AddressAttributes{Local: net.ParseIP(ip).To4()}}
		require.NoError(t, mem.AddAddr(ctx, &a, FlagCreate|FlagExcl))
	}
	// IPv6: IFA_LOCAL alone becomes IFA_ADDRESS, as the kernel reports.
	a6 := rtnetlink.AddressMessage{Family: linux.AF_INET6, PrefixLength: 64, Index: 3,
		Attributes: &rtnetlink.AddressAttributes{Local: net.ParseIP("fd08::1")}}
	require.NoError(t, mem.AddAddr(ctx, &a6, FlagCreate|FlagExcl))
	s, err := mem.Snapshot(ctx, KindAddrs)
	require.NoError(t, err)
	var got []rtnetlink.AddressMessage
	for _, a := range s.Addrs {
		if a.Index == 3 && (a.Family == linux.AF_INET6 || a.PrefixLength == 24 && a.Attributes.Local[1] == 8) {
			got = append(got, a)
		}
	}
	require.Len(t, got, 3)
	require.Equal(t, got[0].Attributes.Local, got[0].Attributes.Address)
	require.Equal(t, "eth1", got[0].Attributes.Label)
	require.Equal(t, ^uint32(0), got[0].Attributes.CacheInfo.Valid)
	require.Equal(t, uint32(linux.IFA_F_PERMANENT), addrFlags(&got[0]))
	require.Equal(t, uint32(linux.IFA_F_PERMANENT|linux.IFA_F_SECONDARY), addrFlags(&got[1]))
	require.Nil(t, got[2].Attributes.Local)
	require.Equal(t, net.ParseIP("fd08::1"), got[2].Attributes.Address)
}

func TestSetLinkFlags(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name          string
		flags, change uint32
		want          uint32
	}{
		{"up with change mask", 0x1, 0x1, 0x1002 | 0x1 | 0x40 | 0x10000},
		{"up without change mask keeps the device's nature", 0x1, 0, 0x1 | 0x40 | 0x10000 | 0x2},
		{"promisc", 0x100, 0x100, 0x1002 | 0x100},
		{"state bits cannot be set", 0x40 | 0x10000 | 0x8, 0x40 | 0x10000 | 0x8, 0x1002},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mem := fixture(t) // eth1 (3) is down: BROADCAST|MULTICAST
			require.NoError(t, mem.SetLink(ctx, &rtnetlink.LinkMessage{Index: 3, Flags: tt.flags, Change: tt.change}))
			s, err := mem.Snapshot(ctx, KindLinks)
			require.NoError(t, err)
			require.Equal(t, tt.want, s.Links[2].Flags)
		})
	}
}

// TestMemoryRepeatedHop checks what the kernel does with a multipath
// route that names one next hop twice (checked with ip in a namespace):
// IPv6 refuses it, add or replace alike, and IPv4 keeps both.
func TestMemoryRepeatedHop(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		fam   uint8
		dst   string
		gw    string
		flags Flags
		want  error
	}{
		{"inet6 add", linux.AF_INET6, "2001:db8:9::", "2001:db8::fe", FlagCreate | FlagExcl, syscall.EEXIST},
		{"inet6 replace", linux.AF_INET6, "2001:db8:9::", "2001:db8::fe", FlagCreate | FlagReplace, syscall.EEXIST},
		{"inet add", linux.AF_INET, "198.51.100.0", "10.0.0.1", FlagCreate | FlagExcl, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mem := fixture(t)
			hop := rtnetlink.NextHop{Hop: rtnetlink.RTNextHop{IfIndex: 2}, Gateway: net.ParseIP(tt.gw)}
			if tt.fam == linux.AF_INET {
				hop.Gateway = hop.Gateway.To4()
			}
			r := rtnetlink.RouteMessage{Family: tt.fam, DstLength: 64, Table: 254, Protocol: linux.RTPROT_STATIC,
				Type: linux.RTN_UNICAST, Attributes: rtnetlink.RouteAttributes{Dst: net.ParseIP(tt.dst), Table: 254,
					Multipath: []rtnetlink.NextHop{hop, hop}}}
			if tt.fam == linux.AF_INET {
				r.DstLength, r.Attributes.Dst = 24, r.Attributes.Dst.To4()
			}
			err := mem.AddRoute(ctx, &r, tt.flags)
			if tt.want != nil {
				require.ErrorIs(t, err, tt.want)
				s, err := mem.Snapshot(ctx, KindRoutes)
				require.NoError(t, err)
				for _, got := range s.Routes {
					require.False(t, got.Attributes.Dst.Equal(r.Attributes.Dst), "the refused route is there")
				}
				return
			}
			require.NoError(t, err)
		})
	}
}
