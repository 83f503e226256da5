package backend_bsd

import (
	"net/netip"
	"testing"

	"github.com/rtnlx/rtnlx/rtnlemu"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/linux"
)

func TestMsgTypeCodes(t *testing.T) {
	// rtm_type codes from each kernel's net/route.h.
	tests := []struct {
		o    osKind
		code uint8
		want msgKind
	}{
		{osFreeBSD, 0x1, msgAdd}, {osFreeBSD, 0x2, msgDelete}, {osFreeBSD, 0x3, msgChange}, {osFreeBSD, 0x4, msgGet},
		{osFreeBSD, 0x7, msgMiss}, {osFreeBSD, 0x8, msgMiss}, {osFreeBSD, 0xc, msgNewAddr}, {osFreeBSD, 0xd, msgDelAddr},
		{osFreeBSD, 0xe, msgIfInfo}, {osFreeBSD, 0xf, msgOther}, {osFreeBSD, 0x11, msgIfAnnounce}, {osFreeBSD, 0x12, msgOther},
		{osDragonFly, 0x11, msgIfAnnounce}, {osDragonFly, 0xe, msgIfInfo},
		{osDarwin, 0xe, msgIfInfo}, {osDarwin, 0x11, msgOther}, {osDarwin, 0x12, msgOther}, {osDarwin, 0x14, msgOther},
		{osOpenBSD, 0x8, msgOther}, {osOpenBSD, 0xe, msgIfInfo}, {osOpenBSD, 0xf, msgIfAnnounce}, {osOpenBSD, 0x10, msgDesync},
		{osOpenBSD, 0x14, msgChgAddr}, {osOpenBSD, 0x13, msgOther},
		{osNetBSD, 0xc, msgNewAddr}, {osNetBSD, 0xd, msgDelAddr}, {osNetBSD, 0xe, msgOther}, {osNetBSD, 0xf, msgOther},
		{osNetBSD, 0x10, msgIfAnnounce}, {osNetBSD, 0x13, msgLLInfoUpd}, {osNetBSD, 0x14, msgIfInfo}, {osNetBSD, 0x15, msgChgAddr},
		{osNetBSD, 0x16, msgNewAddr}, {osNetBSD, 0x17, msgDelAddr}, {osNetBSD, 0x18, msgChgAddr},
	}
	for _, tt := range tests {
		got, _ := layoutFor(tt.o, 8).msgType(tt.code)
		require.Equal(t, tt.want, got, "%s code %#x", tt.o, tt.code)
	}
	for _, typ := range []msgKind{msgAdd, msgDelete, msgChange, msgGet} {
		got, _ := layoutFor(osNetBSD, 8).msgType(layoutFor(osNetBSD, 8).msgCode(typ))
		require.Equal(t, typ, got)
	}
	require.Zero(t, layoutFor(osNetBSD, 8).msgCode(msgIfInfo))
}

func TestOSNames(t *testing.T) {
	for _, o := range allOS() {
		got, ok := osFromGOOS(o.String())
		require.True(t, ok)
		require.Equal(t, o, got)
	}
	_, ok := osFromGOOS("linux")
	require.False(t, ok)
	require.Equal(t, "unknown", osKind(0).String())
	require.Equal(t, "unknown", osKind(99).String())
}

func TestNetBSDChgAddrAndLLInfoUpd(t *testing.T) {
	l := layoutFor(osNetBSD, 8)
	m := parseOne(t, l, buildIfam(osNetBSD, ifam{typ: 0x18, index: 2, addrs: rtaIFA, addrflags: inIFFDuplicated}, sockaddrs(osNetBSD, sa4("192.0.2.1"))))
	require.Equal(t, msgChgAddr, m.Type)
	am, ok := l.Addr(m.Addr, nil)
	require.True(t, ok)
	require.Equal(t, uint32(linux.IFA_F_PERMANENT|linux.IFA_F_DADFAILED), am.Attributes.Flags)
	m, err := l.ParseMessage([]byte{4, 0, 4, 0x13})
	require.NoError(t, err)
	require.Equal(t, msgLLInfoUpd, m.Type)
	require.Equal(t, rtnlemu.Change{Kinds: rtnlemu.KindNeighbors}, l.ChangeOf(m))
}

func TestRouteRequestZoneFromAddress(t *testing.T) {
	l := layoutFor(osNetBSD, 8)
	sa := l.marshalIP(netip.MustParseAddr("fe80::1%7"), 0)
	require.Equal(t, []byte{0xfe, 0x80, 0, 7}, sa[8:12])
	sa = l.marshalIP(netip.MustParseAddr("fe80::1%em0"), 0)
	require.Equal(t, []byte{0xfe, 0x80, 0, 0}, sa[8:12], "names are resolved by the caller")
}

func TestMediaDown(t *testing.T) {
	io := layoutFor(osFreeBSD, 8).Ioctls()
	req := io.MediaReq("em0")
	nativePut32(req[24:], ifmAvalid)
	st, ok := io.mediaLinkState(req)
	require.True(t, ok)
	require.Equal(t, stateDown, st)
	_, ok = io.mediaLinkState(nil)
	require.False(t, ok)
	require.Zero(t, addrFlags6Of(nil))
}
