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
		o    OS
		code uint8
		want MsgType
	}{
		{FreeBSD, 0x1, MsgAdd}, {FreeBSD, 0x2, MsgDelete}, {FreeBSD, 0x3, MsgChange}, {FreeBSD, 0x4, MsgGet},
		{FreeBSD, 0x7, MsgMiss}, {FreeBSD, 0x8, MsgMiss}, {FreeBSD, 0xc, MsgNewAddr}, {FreeBSD, 0xd, MsgDelAddr},
		{FreeBSD, 0xe, MsgIfInfo}, {FreeBSD, 0xf, MsgOther}, {FreeBSD, 0x11, MsgIfAnnounce}, {FreeBSD, 0x12, MsgOther},
		{DragonFly, 0x11, MsgIfAnnounce}, {DragonFly, 0xe, MsgIfInfo},
		{Darwin, 0xe, MsgIfInfo}, {Darwin, 0x11, MsgOther}, {Darwin, 0x12, MsgOther}, {Darwin, 0x14, MsgOther},
		{OpenBSD, 0x8, MsgOther}, {OpenBSD, 0xe, MsgIfInfo}, {OpenBSD, 0xf, MsgIfAnnounce}, {OpenBSD, 0x10, MsgDesync},
		{OpenBSD, 0x14, MsgChgAddr}, {OpenBSD, 0x13, MsgOther},
		{NetBSD, 0xc, MsgNewAddr}, {NetBSD, 0xd, MsgDelAddr}, {NetBSD, 0xe, MsgOther}, {NetBSD, 0xf, MsgOther},
		{NetBSD, 0x10, MsgIfAnnounce}, {NetBSD, 0x13, MsgLLInfoUpd}, {NetBSD, 0x14, MsgIfInfo}, {NetBSD, 0x15, MsgChgAddr},
		{NetBSD, 0x16, MsgNewAddr}, {NetBSD, 0x17, MsgDelAddr}, {NetBSD, 0x18, MsgChgAddr},
	}
	for _, tt := range tests {
		got, _ := LayoutFor(tt.o, 8).msgType(tt.code)
		require.Equal(t, tt.want, got, "%s code %#x", tt.o, tt.code)
	}
	for _, typ := range []MsgType{MsgAdd, MsgDelete, MsgChange, MsgGet} {
		got, _ := LayoutFor(NetBSD, 8).msgType(LayoutFor(NetBSD, 8).msgCode(typ))
		require.Equal(t, typ, got)
	}
	require.Zero(t, LayoutFor(NetBSD, 8).msgCode(MsgIfInfo))
}

func TestOSNames(t *testing.T) {
	for _, o := range allOS() {
		got, ok := OSFromGOOS(o.String())
		require.True(t, ok)
		require.Equal(t, o, got)
	}
	_, ok := OSFromGOOS("linux")
	require.False(t, ok)
	require.Equal(t, "unknown", OS(0).String())
	require.Equal(t, "unknown", OS(99).String())
}

func TestNetBSDChgAddrAndLLInfoUpd(t *testing.T) {
	l := LayoutFor(NetBSD, 8)
	m := parseOne(t, l, buildIfam(NetBSD, ifam{typ: 0x18, index: 2, addrs: rtaIFA, addrflags: inIFFDuplicated}, sockaddrs(NetBSD, sa4("192.0.2.1"))))
	require.Equal(t, MsgChgAddr, m.Type)
	am, ok := l.Addr(m.Addr, nil)
	require.True(t, ok)
	require.Equal(t, uint32(linux.IFA_F_PERMANENT|linux.IFA_F_DADFAILED), am.Attributes.Flags)
	m, err := l.ParseMessage([]byte{4, 0, 4, 0x13})
	require.NoError(t, err)
	require.Equal(t, MsgLLInfoUpd, m.Type)
	require.Equal(t, rtnlemu.Change{Kinds: rtnlemu.KindNeighbors}, l.ChangeOf(m))
}

func TestRouteRequestZoneFromAddress(t *testing.T) {
	l := LayoutFor(NetBSD, 8)
	sa := l.marshalIP(netip.MustParseAddr("fe80::1%7"), 0)
	require.Equal(t, []byte{0xfe, 0x80, 0, 7}, sa[8:12])
	sa = l.marshalIP(netip.MustParseAddr("fe80::1%em0"), 0)
	require.Equal(t, []byte{0xfe, 0x80, 0, 0}, sa[8:12], "names are resolved by the caller")
}

func TestMediaDown(t *testing.T) {
	io := LayoutFor(FreeBSD, 8).Ioctls()
	req := io.MediaReq("em0")
	nativePut32(req[24:], ifmAvalid)
	st, ok := MediaLinkState(req)
	require.True(t, ok)
	require.Equal(t, LinkStateDown, st)
	_, ok = MediaLinkState(nil)
	require.False(t, ok)
	require.Zero(t, AddrFlags6Of(nil))
}
