package backend_bsd

import (
	"errors"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// ifList builds a NET_RT_IFLIST dump: em0 (index 2) with two addresses,
// then an address of index 9, whose link left between the kernel
// writing the link list and its addresses.
func ifList(o osKind) []byte {
	var b []byte
	b = append(b, buildIfm(o, ifm{index: 2, flags: 0x8843, addrs: rtaIFP, ift: 6, linkState: linkStateUp(o), mtu: 1500},
		sockaddrs(o, sdl(2, 6, "em0", "02:00:00:00:00:02")))...)
	b = append(b, buildIfam(o, ifam{typ: newaddrCode(o), index: 2, addrs: rtaNetmask | rtaIFA | rtaBrd},
		sockaddrs(o, mask4(24), sa4("192.0.2.10"), sa4("192.0.2.255")))...)
	b = append(b, buildIfam(o, ifam{typ: newaddrCode(o), index: 2, addrs: rtaNetmask | rtaIFA},
		sockaddrs(o, mask6(o, 64), sa6(o, "2001:db8::10", 0, false)))...)
	b = append(b, buildIfam(o, ifam{typ: newaddrCode(o), index: 9, addrs: rtaNetmask | rtaIFA},
		sockaddrs(o, mask4(24), sa4("198.51.100.1")))...)
	return b
}

func TestLinksAndAddrsFromDump(t *testing.T) {
	for _, o := range allOS() {
		t.Run(o.String(), func(t *testing.T) {
			l := layoutFor(o, 8)
			msgs, st := l.ParseMessages(ifList(o))
			require.Zero(t, st.Skipped)
			var asked []string
			flags6 := func(name string, ip netip.Addr) (uint32, error) {
				asked = append(asked, name+" "+ip.String())
				return in6IFFTentative, nil
			}
			links, addrs := l.LinksAndAddrs(msgs, fillFuncs{AddrFlags6: flags6})
			require.Len(t, links, 1)
			require.Equal(t, "em0", links[0].Attributes.Name)
			require.Len(t, addrs, 2, "the address of the vanished link is left out")
			require.Equal(t, "192.0.2.10", addrs[0].Attributes.Local.String())
			require.Equal(t, "2001:db8::10", addrs[1].Attributes.Address.String())
			if o == osNetBSD || o == osDragonFly {
				require.Empty(t, asked, "the kernel reported the flags")
				require.Equal(t, uint32(linux.IFA_F_PERMANENT), addrs[1].Attributes.Flags)
			} else {
				require.Equal(t, []string{"em0 2001:db8::10"}, asked)
				require.Equal(t, uint32(linux.IFA_F_PERMANENT|linux.IFA_F_TENTATIVE), addrs[1].Attributes.Flags)
			}
		})
	}
}

func TestLinksAndAddrsFlagsErrorDropsAddress(t *testing.T) {
	l := layoutFor(osFreeBSD, 8)
	msgs, _ := l.ParseMessages(ifList(osFreeBSD))
	_, addrs := l.LinksAndAddrs(msgs, fillFuncs{AddrFlags6: func(string, netip.Addr) (uint32, error) {
		return 0, errors.New("address gone")
	}})
	require.Len(t, addrs, 1)
	require.Equal(t, uint8(linux.AF_INET), addrs[0].Family)
}

func TestParseMessagesSkipsAndCounts(t *testing.T) {
	l := layoutFor(osFreeBSD, 8)
	good := buildIfm(osFreeBSD, ifm{index: 2, flags: 1, addrs: rtaIFP, ift: 6}, sockaddrs(osFreeBSD, sdl(2, 6, "em0", "")))
	// A route message whose rtm_addrs names more sockaddrs than it holds.
	short := buildRtm(osFreeBSD, rtm{typ: rtmAdd, addrs: rtaDst | rtaGateway | rtaNetmask}, sockaddrs(osFreeBSD, sa4("10.0.0.0")))
	// A header shorter than rt_msghdr.
	tiny := []byte{8, 0, 5, rtmAdd, 0, 0, 0, 0}
	tests := []struct {
		name    string
		b       []byte
		msgs    int
		skipped int
	}{
		{"good", good, 1, 0},
		{"sockaddrs past the end", append(append([]byte{}, short...), good...), 1, 1},
		{"header too short", append(append([]byte{}, tiny...), good...), 1, 1},
		{"length past the end stops the walk", append(append([]byte{}, good...), 0xff, 0x7f, 5, 0xe), 1, 1},
		{"zero length stops the walk", append([]byte{0, 0, 5, 0xe}, good...), 0, 1},
		{"short tail", append(append([]byte{}, good...), 1, 2), 1, 1},
		{"unknown types pass as MsgOther", []byte{4, 0, 5, 0x7e}, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msgs, st := l.ParseMessages(tt.b)
			require.Len(t, msgs, tt.msgs)
			require.Equal(t, tt.skipped, st.Skipped)
		})
	}
}

func TestSockaddrRounding(t *testing.T) {
	// A 20-byte sockaddr_dl takes 24 bytes on 8-byte kernels and 20 on
	// Darwin; a zero-length one takes a whole unit on every kernel.
	tests := []struct {
		o    osKind
		n    int
		want int
	}{
		{osFreeBSD, 20, 24}, {osNetBSD, 20, 24}, {osOpenBSD, 20, 24}, {osDragonFly, 20, 24}, {osDarwin, 20, 20},
		{osFreeBSD, 0, 8}, {osNetBSD, 0, 8}, {osDarwin, 0, 4}, {osDarwin, 5, 8}, {osNetBSD, 16, 16},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, layoutFor(tt.o, 8).roundup(tt.n), "%s %d", tt.o, tt.n)
	}
	require.Equal(t, 4, layoutFor(osFreeBSD, 4).roundup(0), "32-bit FreeBSD rounds to 4")
	require.Equal(t, 8, layoutFor(osNetBSD, 4).roundup(5), "NetBSD rounds to 8 on every architecture")
}

func TestMaskForms(t *testing.T) {
	tests := []struct {
		name string
		raw  []byte
		v6   bool
		bits int
		ok   bool
	}{
		{"zero length", nil, false, 0, true},
		{"short /8", []byte{5, 0, 0, 0, 0xff}, false, 8, true},
		{"short /20", []byte{7, 0, 0, 0, 0xff, 0xff, 0xf0}, false, 20, true},
		{"full /32", sa4("255.255.255.255"), false, 32, true},
		{"family 255 short v6 /64", []byte{16, 255, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, true, 64, true},
		{"holes", []byte{8, 0, 0, 0, 0xff, 0, 0xff, 0}, false, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bits, ok := maskBits(sockaddr{Kind: saOther, Raw: tt.raw}, tt.v6)
			require.Equal(t, tt.ok, ok)
			if ok {
				require.Equal(t, tt.bits, bits)
			}
		})
	}
}

func TestKAMEScope(t *testing.T) {
	tests := []struct {
		in       string
		zone     uint32
		wantIP   string
		wantZone uint32
	}{
		{"fe80:4::1", 0, "fe80::1", 4},
		{"fe80:4::1", 4, "fe80::1", 4}, // both forms agree
		{"ff02:7::1", 0, "ff02::1", 7}, // link-local multicast
		{"ff01:7::1", 0, "ff01::1", 7}, // interface-local multicast
		{"2001:db8::1", 0, "2001:db8::1", 0},
		{"fe80::1", 3, "fe80::1", 3},     // sin6_scope_id only
		{"ff05:7::1", 0, "ff05:7::1", 0}, // site-local multicast has no embedding
	}
	for _, tt := range tests {
		ip, zone := unembedScope(netip.MustParseAddr(tt.in).As16(), tt.zone)
		require.Equal(t, tt.wantIP, ip.String(), tt.in)
		require.Equal(t, tt.wantZone, zone, tt.in)
	}
}

func TestDarwinLinkStateFromMedia(t *testing.T) {
	// Darwin's if_data has no link state; SIOCGIFMEDIA's ifm_status
	// gives it, and other kernels are not asked.
	for _, o := range allOS() {
		l := layoutFor(o, 8)
		b := buildIfm(o, ifm{index: 4, flags: 0x8843, addrs: rtaIFP, ift: 6, linkState: linkStateUp(o), mtu: 1500},
			sockaddrs(o, sdl(4, 6, "en0", "02:00:00:00:00:04")))
		msgs, _ := l.ParseMessages(b)
		var asked []string
		fill := fillFuncs{LinkState: func(name string) (linkState, bool) {
			asked = append(asked, name)
			return stateDown, true
		}}
		links, _ := l.LinksAndAddrs(msgs, fill)
		require.Len(t, links, 1)
		if o == osDarwin {
			require.Equal(t, []string{"en0"}, asked)
			require.Equal(t, uint8(2), uint8(links[0].Attributes.OperationalState), "down")
			require.Zero(t, links[0].Flags&linux.IFF_LOWER_UP)
		} else {
			require.Empty(t, asked, o.String())
			require.NotZero(t, links[0].Flags&linux.IFF_LOWER_UP, o.String())
		}
	}
	io := layoutFor(osDarwin, 8).Ioctls()
	require.Equal(t, uint32(0xc02c6938), io.GetMedia, "x/sys/unix darwin SIOCGIFMEDIA")
	require.Equal(t, uint32(0xc0306938), layoutFor(osFreeBSD, 8).Ioctls().GetMedia, "x/sys/unix freebsd SIOCGIFMEDIA")
	req := io.MediaReq("en0")
	nativePut32(req[24:], ifmAvalid|ifmActive)
	st, ok := io.mediaLinkState(req)
	require.True(t, ok)
	require.Equal(t, stateUp, st)
	nativePut32(req[24:], 0)
	_, ok = io.mediaLinkState(req)
	require.False(t, ok)
}

func TestHasAddr(t *testing.T) {
	for _, o := range allOS() {
		l := layoutFor(o, 8)
		msgs, _ := l.ParseMessages(ifList(o))
		require.True(t, hasAddr(msgs, 2, netip.MustParseAddr("192.0.2.10")), o.String())
		require.True(t, hasAddr(msgs, 2, netip.MustParseAddr("2001:db8::10")), o.String())
		require.False(t, hasAddr(msgs, 2, netip.MustParseAddr("192.0.2.11")), o.String())
		require.False(t, hasAddr(msgs, 3, netip.MustParseAddr("192.0.2.10")), o.String())
	}
}
