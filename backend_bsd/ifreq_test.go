package backend_bsd

import (
	"net/netip"
	"syscall"
	"testing"

	"github.com/jsimonetti/rtnetlink/v2"
	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/linux"
)

func TestIoctlNumbers(t *testing.T) {
	// Expected values: x/sys/unix zerrors of each kernel where it has
	// them (SIOCSIFFLAGS, SIOCGIFFLAGS, SIOCSIFMTU, SIOCDIFADDR, and
	// SIOCAIFADDR except FreeBSD, whose x/sys value is OSIOCAIFADDR of
	// FreeBSD 9), else sys/sockio.h and netinet6/in6_var.h, and macOS's
	// known SIOCAIFADDR_IN6 0x8080691a / SIOCDIFADDR_IN6 0x81206919.
	tests := []struct {
		o                                    osKind
		setFlags, getFlags, setMTU, delAddr  uint32
		addAddr, addAddr6, delAddr6, getFlg6 uint32
	}{
		{osFreeBSD, 0x80206910, 0xc0206911, 0x80206934, 0x80206919, 0x8044692b, 0x8088691b, 0x81206919, 0xc1206949},
		{osOpenBSD, 0x80206910, 0xc0206911, 0x8020697f, 0x80206919, 0x8040691a, 0x8080691a, 0x81206919, 0xc1206949},
		{osNetBSD, 0x80906910, 0xc0906911, 0x8090697f, 0x80906919, 0x8040691a, 0x8080696b, 0x81206919, 0xc1206949},
		{osDragonFly, 0x80206910, 0xc0206911, 0x80206934, 0x80206919, 0x8040691a, 0x8080691a, 0x81206919, 0xc1206949},
		{osDarwin, 0x80206910, 0xc0206911, 0x80206934, 0x80206919, 0x8040691a, 0x8080691a, 0x81206919, 0xc1206949},
	}
	for _, tt := range tests {
		io := layoutFor(tt.o, 8).Ioctls()
		require.Equal(t, tt.setFlags, io.SetFlags, "%s SIOCSIFFLAGS", tt.o)
		require.Equal(t, tt.getFlags, io.GetFlags, "%s SIOCGIFFLAGS", tt.o)
		require.Equal(t, tt.setMTU, io.SetMTU, "%s SIOCSIFMTU", tt.o)
		require.Equal(t, tt.delAddr, io.DelAddr, "%s SIOCDIFADDR", tt.o)
		require.Equal(t, tt.addAddr, io.AddAddr, "%s SIOCAIFADDR", tt.o)
		require.Equal(t, tt.addAddr6, io.AddAddr6, "%s SIOCAIFADDR_IN6", tt.o)
		require.Equal(t, tt.delAddr6, io.DelAddr6, "%s SIOCDIFADDR_IN6", tt.o)
		require.Equal(t, tt.getFlg6, io.GetAddrFlags6, "%s SIOCGIFAFLAG_IN6", tt.o)
	}
}

func TestIfreqEncoding(t *testing.T) {
	fb := layoutFor(osFreeBSD, 8).Ioctls()
	b := fb.FlagsReq("em0", 0x28843)
	require.Len(t, b, 32)
	require.Equal(t, "em0", string(b[:3]))
	require.Equal(t, uint16(0x8843), u16(b, 16))
	require.Equal(t, uint16(0x2), u16(b, 18), "ifr_flagshigh")
	require.Equal(t, uint32(0x28843), fb.FlagsOf(b))

	nb := layoutFor(osNetBSD, 8).Ioctls()
	b = nb.FlagsReq("wm0", 0x28843)
	require.Len(t, b, 144)
	require.Equal(t, uint32(0x8843), nb.FlagsOf(b), "no high flags outside FreeBSD")

	b = fb.MTUReq("em0", 9000)
	require.Equal(t, uint32(9000), u32(b, 16))

	b = fb.AddAddrReq("em0", netip.MustParsePrefix("192.0.2.10/24"), netip.MustParseAddr("192.0.2.255"))
	require.Len(t, b, 68)
	require.Equal(t, sa4("192.0.2.10"), b[16:32])
	require.Equal(t, sa4("192.0.2.255"), b[32:48])
	require.Equal(t, []byte{16, afInet, 0, 0, 255, 255, 255, 0}, b[48:56])

	b = fb.DelAddrReq("em0", netip.MustParseAddr("192.0.2.10"))
	require.Equal(t, sa4("192.0.2.10"), b[16:32])

	l := layoutFor(osDarwin, 8)
	b = l.AddAddr6Req("en0", netip.MustParsePrefix("2001:db8::5/64"), netip.Addr{}, 0)
	require.Len(t, b, 128)
	require.Equal(t, sa6(osDarwin, "2001:db8::5", 0, false), b[16:44])
	require.Equal(t, mask6(osDarwin, 64), b[72:100])
	require.Equal(t, uint32(nd6Infinite), u32(b, 120), "vltime")
	require.Equal(t, uint32(nd6Infinite), u32(b, 124), "pltime")

	b = l.In6Ifreq("en0", netip.MustParseAddr("fe80::1"), 4)
	require.Len(t, b, 288)
	require.Equal(t, sa6(osDarwin, "fe80::1", 4, false), b[16:44])
	nativePut32(b[16:], in6IFFTentative)
	require.Equal(t, uint32(in6IFFTentative), addrFlags6Of(b))
}

func TestPlanLink(t *testing.T) {
	const up, bcast, running, multicast = 0x1, 0x2, 0x40, 0x8000
	cur := uint32(bcast | running | multicast) // down
	tests := []struct {
		name    string
		msg     rtnetlink.LinkMessage
		want    linkPlan
		wantErr error
	}{
		{"set up", rtnetlink.LinkMessage{Flags: linux.IFF_UP, Change: linux.IFF_UP}, linkPlan{SetFlags: true, Flags: cur | up}, nil},
		{"change 0 means all bits", rtnetlink.LinkMessage{Flags: linux.IFF_UP | linux.IFF_BROADCAST | linux.IFF_MULTICAST}, linkPlan{SetFlags: true, Flags: cur | up}, nil},
		{"already down", rtnetlink.LinkMessage{Flags: 0, Change: linux.IFF_UP}, linkPlan{}, nil},
		{"mtu", rtnetlink.LinkMessage{Attributes: &rtnetlink.LinkAttributes{MTU: 9000}}, linkPlan{SetMTU: true, MTU: 9000}, nil},
		{"same mtu and name", rtnetlink.LinkMessage{Attributes: &rtnetlink.LinkAttributes{MTU: 1500, Name: "em0"}}, linkPlan{}, nil},
		{"promisc", rtnetlink.LinkMessage{Flags: linux.IFF_PROMISC, Change: linux.IFF_PROMISC}, linkPlan{}, syscall.EOPNOTSUPP},
		{"rename", rtnetlink.LinkMessage{Attributes: &rtnetlink.LinkAttributes{Name: "wan0"}}, linkPlan{}, syscall.EOPNOTSUPP},
		{"hardware address", rtnetlink.LinkMessage{Attributes: &rtnetlink.LinkAttributes{Address: []byte{2, 0, 0, 0, 0, 1}}}, linkPlan{}, syscall.EOPNOTSUPP},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := planLink(osFreeBSD, cur, "em0", 1500, &tt.msg)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, p)
		})
	}
}

// TestPlanLinkEchoesDumpedFlags: a request that sets a link up by
// sending back the flags a dump reported (ifi_change 0: every bit) asks
// for nothing else, on FreeBSD too, where a link made promiscuous by
// ifconfig carries IFF_PPROMISC, which a dump reports as IFF_PROMISC.
func TestPlanLinkEchoesDumpedFlags(t *testing.T) {
	const bcast, multicast = 0x2, 0x8000
	for _, o := range []osKind{osFreeBSD, osDragonFly, osNetBSD, osOpenBSD, osDarwin} {
		t.Run(o.String(), func(t *testing.T) {
			cur := uint32(bcast | multicast) // down
			if o == osFreeBSD || o == osDragonFly {
				cur |= iffPPromiscFBS
			}
			dumped := linuxIFF(o, cur)
			msg := rtnetlink.LinkMessage{Flags: dumped | linux.IFF_UP}
			p, err := planLink(o, cur, "em0", 1500, &msg)
			require.NoError(t, err)
			require.Equal(t, linkPlan{SetFlags: true, Flags: cur | iffUp}, p)
		})
	}
}

func TestPlanAddr(t *testing.T) {
	tests := []struct {
		name    string
		msg     rtnetlink.AddressMessage
		want    addrPlan
		wantErr error
	}{
		{"local only", rtnetlink.AddressMessage{Family: 2, PrefixLength: 24, Index: 2,
			Attributes: &rtnetlink.AddressAttributes{Local: []byte{192, 0, 2, 10}, Address: []byte{192, 0, 2, 10}, Broadcast: []byte{192, 0, 2, 255}}},
			addrPlan{Index: 2, Prefix: netip.MustParsePrefix("192.0.2.10/24"), Dst: netip.MustParseAddr("192.0.2.255")}, nil},
		{"peer", rtnetlink.AddressMessage{Family: 2, PrefixLength: 32, Index: 2,
			Attributes: &rtnetlink.AddressAttributes{Local: []byte{10, 0, 0, 1}, Address: []byte{10, 0, 0, 2}}},
			addrPlan{Index: 2, Prefix: netip.MustParsePrefix("10.0.0.1/32"), Dst: netip.MustParseAddr("10.0.0.2")}, nil},
		{"ipv6 address only", rtnetlink.AddressMessage{Family: 10, PrefixLength: 64, Index: 3,
			Attributes: &rtnetlink.AddressAttributes{Address: netip.MustParseAddr("2001:db8::5").AsSlice()}},
			addrPlan{Index: 3, Prefix: netip.MustParsePrefix("2001:db8::5/64")}, nil},
		{"no index", rtnetlink.AddressMessage{Family: 2, Attributes: &rtnetlink.AddressAttributes{}}, addrPlan{}, syscall.ENODEV},
		{"no address", rtnetlink.AddressMessage{Family: 2, Index: 1, Attributes: &rtnetlink.AddressAttributes{}}, addrPlan{}, syscall.EINVAL},
		{"family mismatch", rtnetlink.AddressMessage{Family: 10, Index: 1, Attributes: &rtnetlink.AddressAttributes{Local: []byte{1, 2, 3, 4}}}, addrPlan{}, syscall.EINVAL},
		{"bad family", rtnetlink.AddressMessage{Family: 3, Index: 1, Attributes: &rtnetlink.AddressAttributes{}}, addrPlan{}, syscall.EAFNOSUPPORT},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := planAddr(&tt.msg)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, p)
		})
	}
}
