package backend_bsd

import (
	"net"
	"testing"

	"github.com/jsimonetti/rtnetlink/v2"
	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// linkStateUp is LINK_STATE_UP per kernel (net/if.h); OpenBSD's is 4.
func linkStateUp(o osKind) uint64 {
	if o == osOpenBSD {
		return 4
	}
	return 2
}

func linkStateDown(o osKind) uint64 {
	if o == osOpenBSD {
		return 2
	}
	return 1
}

func parseOne(t *testing.T, l layout, b []byte) message {
	t.Helper()
	msgs, st := l.ParseMessages(b)
	require.Equal(t, 0, st.Skipped)
	require.Len(t, msgs, 1)
	return msgs[0]
}

func TestLinkPerOS(t *testing.T) {
	const (
		bsdUp, bsdBroadcast, bsdLoopback, bsdRunning, bsdMulticast = 0x1, 0x2, 0x8, 0x40, 0x8000
		bsdPointToPoint                                            = 0x10
	)
	mac := net.HardwareAddr{0x02, 0, 0, 0, 0, 0x01}
	tests := []struct {
		name      string
		ift       byte
		ifname    string
		mac       string
		flags     uint32
		state     func(osKind) uint64
		wantType  uint16
		wantFlags uint32
		wantOper  func(osKind) rtnetlink.OperationalState
		wantAddr  net.HardwareAddr
		wantBrd   net.HardwareAddr
	}{
		{
			name: "ethernet up", ift: 0x06, ifname: "em0", mac: "02:00:00:00:00:01",
			flags: bsdUp | bsdBroadcast | bsdRunning | bsdMulticast, state: linkStateUp,
			wantType:  1,
			wantFlags: linux.IFF_UP | linux.IFF_BROADCAST | linux.IFF_MULTICAST | linux.IFF_RUNNING | linux.IFF_LOWER_UP,
			wantOper: func(o osKind) rtnetlink.OperationalState {
				if o == osDarwin {
					return rtnetlink.OperStateUnknown // Darwin's if_data has no link state
				}
				return rtnetlink.OperStateUp
			},
			wantAddr: mac, wantBrd: net.HardwareAddr{0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
		},
		{
			name: "ethernet without carrier", ift: 0x06, ifname: "em1", mac: "02:00:00:00:00:01",
			flags: bsdUp | bsdBroadcast | bsdMulticast, state: linkStateDown,
			wantType:  1,
			wantFlags: linux.IFF_UP | linux.IFF_BROADCAST | linux.IFF_MULTICAST,
			wantOper: func(o osKind) rtnetlink.OperationalState {
				if o == osDarwin {
					return rtnetlink.OperStateUnknown
				}
				return rtnetlink.OperStateDown
			},
			wantAddr: mac, wantBrd: net.HardwareAddr{0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
		},
		{
			name: "administratively down", ift: 0x06, ifname: "em2", mac: "02:00:00:00:00:01",
			flags: bsdBroadcast | bsdMulticast, state: func(osKind) uint64 { return 0 },
			wantType:  1,
			wantFlags: linux.IFF_BROADCAST | linux.IFF_MULTICAST,
			wantOper:  func(osKind) rtnetlink.OperationalState { return rtnetlink.OperStateDown },
			wantAddr:  mac, wantBrd: net.HardwareAddr{0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
		},
		{
			name: "loopback", ift: 0x18, ifname: "lo0",
			flags: bsdUp | bsdLoopback | bsdRunning | bsdMulticast, state: func(osKind) uint64 { return 0 },
			wantType:  772,
			wantFlags: linux.IFF_UP | linux.IFF_LOOPBACK | linux.IFF_MULTICAST | linux.IFF_RUNNING | linux.IFF_LOWER_UP,
			wantOper:  func(osKind) rtnetlink.OperationalState { return rtnetlink.OperStateUnknown },
		},
		{
			name: "gif tunnel", ift: 0x37, ifname: "gif0",
			flags: bsdUp | bsdPointToPoint | bsdRunning | bsdMulticast, state: func(osKind) uint64 { return 0 },
			wantType:  769,
			wantFlags: linux.IFF_UP | linux.IFF_POINTOPOINT | linux.IFF_MULTICAST | linux.IFF_RUNNING | linux.IFF_LOWER_UP,
			wantOper:  func(osKind) rtnetlink.OperationalState { return rtnetlink.OperStateUnknown },
		},
		{
			name: "unknown type is none", ift: 0xf5, ifname: "pflog0",
			flags: bsdUp | bsdRunning, state: func(osKind) uint64 { return 0 },
			wantType:  65534,
			wantFlags: linux.IFF_UP | linux.IFF_RUNNING | linux.IFF_LOWER_UP,
			wantOper:  func(osKind) rtnetlink.OperationalState { return rtnetlink.OperStateUnknown },
		},
	}
	for _, o := range allOS() {
		for _, tt := range tests {
			t.Run(o.String()+"/"+tt.name, func(t *testing.T) {
				l := layoutFor(o, 8)
				ift := tt.ift
				if tt.ifname == "gif0" {
					ift = iftCode(l, "GIF") // 0x37 on Darwin only
				}
				b := buildIfm(o, ifm{
					index: 3, flags: tt.flags, addrs: rtaIFP, ift: ift,
					linkState: tt.state(o), mtu: 1500, ipackets: 10, obytes: 2000,
				}, sockaddrs(o, sdl(3, ift, tt.ifname, tt.mac)))
				m := parseOne(t, l, b)
				require.Equal(t, msgIfInfo, m.Type)
				lm, ok := l.Link(m.If)
				require.True(t, ok)
				require.Equal(t, uint32(3), lm.Index)
				require.Equal(t, tt.wantType, lm.Type)
				require.Equal(t, tt.wantFlags, lm.Flags)
				require.Equal(t, tt.ifname, lm.Attributes.Name)
				require.Equal(t, uint32(1500), lm.Attributes.MTU)
				require.Equal(t, tt.wantOper(o), lm.Attributes.OperationalState)
				require.Equal(t, tt.wantAddr, lm.Attributes.Address)
				require.Equal(t, tt.wantBrd, lm.Attributes.Broadcast)
				require.Equal(t, uint64(10), lm.Attributes.Stats64.RXPackets)
				require.Equal(t, uint64(2000), lm.Attributes.Stats64.TXBytes)
			})
		}
	}
}

func TestLinkWithoutIndex(t *testing.T) {
	l := layoutFor(osFreeBSD, 8)
	_, ok := l.Link(&ifMsg{})
	require.False(t, ok)
	_, ok = l.Link(nil)
	require.False(t, ok)
}

func TestFreeBSD32BitRouteHeader(t *testing.T) {
	// FreeBSD on a 32-bit kernel (i386, armv7): u_long is 4 bytes, so
	// rt_msghdr is 92 bytes with rmx at 36 and rmx_expire at 48.
	l := layoutFor(osFreeBSD, 4)
	bodyb := append(append([]byte{}, sa4("0.0.0.0")...), sa4("198.51.100.1")...)
	bodyb = append(bodyb, 0, 0, 0, 0) // a /0 netmask takes one long
	b := make([]byte, 92+len(bodyb))
	copy(b[92:], bodyb)
	put(b, 0, 2, uint64(len(b)))
	b[2], b[3] = 5, rtmAdd
	put(b, 4, 2, 7)
	put(b, 8, 4, rtfUp|rtfGateway|rtfStatic)
	put(b, 12, 4, rtaDst|rtaGateway|rtaNetmask)
	put(b, 48, 4, 99)
	m := parseOne(t, l, b)
	require.Equal(t, int64(99), m.Route.Expire)
	require.Equal(t, uint16(7), m.Route.Index)
	rm, ok := l.Route(m.Route, 0)
	require.True(t, ok)
	require.Equal(t, uint8(0), rm.DstLength)
	require.Equal(t, "198.51.100.1", rm.Attributes.Gateway.String())
}

func TestHeaderLengthsFromTheMessage(t *testing.T) {
	// OpenBSD finds the sockaddrs at rtm_hdrlen, so a later, longer
	// header still parses; FreeBSD's ifi_datalen does the same for
	// if_data.
	l := layoutFor(osOpenBSD, 8)
	b := buildRtm(osOpenBSD, rtm{typ: rtmAdd, index: 3, flags: rtfUp | rtfGateway, addrs: rtaDst | rtaGateway | rtaNetmask, table: 2},
		sockaddrs(osOpenBSD, sa4("10.0.0.0"), sa4("192.0.2.1"), mask4(8)))
	longer := make([]byte, 0, len(b)+8)
	longer = append(longer, b[:96]...)
	longer = append(longer, make([]byte, 8)...)
	longer = append(longer, b[96:]...)
	put(longer, 0, 2, uint64(len(longer)))
	put(longer, 4, 2, 104)
	m := parseOne(t, l, longer)
	rm, ok := l.Route(m.Route, 0)
	require.True(t, ok)
	require.Equal(t, "10.0.0.0", rm.Attributes.Dst.String())
	require.Equal(t, "192.0.2.1", rm.Attributes.Gateway.String())
	require.Equal(t, uint32(2), rm.Attributes.Table)

	put(longer, 4, 2, uint64(len(longer)+1)) // hdrlen past the end
	_, err := l.ParseMessage(longer)
	require.ErrorIs(t, err, errMalformed)

	fl := layoutFor(osFreeBSD, 8)
	ib := buildIfm(osFreeBSD, ifm{index: 2, flags: 1, addrs: rtaIFP, ift: 6, mtu: 1500}, sockaddrs(osFreeBSD, sdl(2, 6, "em0", "")))
	grown := append(append(append([]byte{}, ib[:168]...), make([]byte, 16)...), ib[168:]...)
	put(grown, 0, 2, uint64(len(grown)))
	put(grown, 16+6, 2, 152+16) // ifi_datalen
	im := parseOne(t, fl, grown)
	lm, ok := fl.Link(im.If)
	require.True(t, ok)
	require.Equal(t, "em0", lm.Attributes.Name)
	require.Equal(t, uint32(1500), lm.Attributes.MTU)
}

// iftCode is the kernel's number for an IFT_* name.
func iftCode(l layout, name string) uint8 {
	for _, t := range l.iftTypes() {
		if t.name == name {
			return t.code
		}
	}
	panic("no IFT_" + name)
}
