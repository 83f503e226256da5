package backend_bsd

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// rtfLocalOf etc. are the flag bits that differ per kernel
// (net/route.h of each).
func rtfLocalOf(o osKind) uint32 {
	if o == osNetBSD {
		return 0x40000
	}
	return 0x200000
}

func rtfClonedOf(o osKind) uint32 {
	switch o {
	case osDarwin, osDragonFly:
		return 0x20000 // RTF_WASCLONED
	case osOpenBSD:
		return 0x10000 // RTF_CLONED
	}
	return 0
}

func TestRoutePerOS(t *testing.T) {
	type want struct {
		family   uint8
		dstLen   uint8
		dst      string
		gateway  string
		oif      uint32
		typ      uint8
		proto    uint8
		scope    uint8
		table    uint32
		priority uint32
	}
	tests := []struct {
		name  string
		f     func(osKind) rtm
		sas   func(osKind) [][]byte
		fib   uint32
		want  func(osKind) want
		skip  bool
		onlyO osKind // run for this kernel only
	}{
		{
			name: "static ipv4 default route with zero-length netmask",
			f: func(osKind) rtm {
				return rtm{typ: rtmAdd, index: 1, flags: rtfUp | rtfGateway | rtfStatic, addrs: rtaDst | rtaGateway | rtaNetmask}
			},
			sas: func(osKind) [][]byte { return [][]byte{sa4("0.0.0.0"), sa4("192.0.2.1"), {}} },
			want: func(osKind) want {
				return want{family: 2, gateway: "192.0.2.1", oif: 1, typ: linux.RTN_UNICAST, proto: linux.RTPROT_STATIC, table: 254}
			},
		},
		{
			name: "connected ipv4 network with short mask and link gateway",
			f: func(osKind) rtm {
				return rtm{typ: rtmAdd, index: 2, flags: rtfUp, addrs: rtaDst | rtaGateway | rtaNetmask}
			},
			sas: func(osKind) [][]byte { return [][]byte{sa4("192.0.2.0"), sdl(2, 6, "", ""), mask4(24)} },
			want: func(osKind) want {
				return want{family: 2, dstLen: 24, dst: "192.0.2.0", oif: 2, typ: linux.RTN_UNICAST, proto: linux.RTPROT_KERNEL, scope: linux.RT_SCOPE_LINK, table: 254}
			},
		},
		{
			name: "link gateway gives the interface when rtm_index is 0",
			f: func(osKind) rtm {
				return rtm{typ: rtmAdd, flags: rtfUp, addrs: rtaDst | rtaGateway | rtaNetmask}
			},
			sas: func(osKind) [][]byte { return [][]byte{sa4("10.1.0.0"), sdl(6, 6, "", ""), mask4(16)} },
			want: func(osKind) want {
				return want{family: 2, dstLen: 16, dst: "10.1.0.0", oif: 6, typ: linux.RTN_UNICAST, proto: linux.RTPROT_KERNEL, scope: linux.RT_SCOPE_LINK, table: 254}
			},
		},
		{
			name: "host route without netmask",
			f: func(osKind) rtm {
				return rtm{typ: rtmAdd, index: 1, flags: rtfUp | rtfGateway | rtfHost | rtfStatic, addrs: rtaDst | rtaGateway}
			},
			sas: func(osKind) [][]byte { return [][]byte{sa4("203.0.113.7"), sa4("192.0.2.1")} },
			want: func(osKind) want {
				return want{family: 2, dstLen: 32, dst: "203.0.113.7", gateway: "192.0.2.1", oif: 1, typ: linux.RTN_UNICAST, proto: linux.RTPROT_STATIC, table: 254}
			},
		},
		{
			name: "blackhole",
			f: func(osKind) rtm {
				return rtm{typ: rtmAdd, index: 1, flags: rtfUp | rtfGateway | rtfStatic | rtfBlackhole, addrs: rtaDst | rtaGateway | rtaNetmask}
			},
			sas: func(osKind) [][]byte { return [][]byte{sa4("198.18.0.0"), sa4("127.0.0.1"), mask4(15)} },
			want: func(osKind) want {
				// The loopback next hop BSD requires is not Linux's.
				return want{family: 2, dstLen: 15, dst: "198.18.0.0", typ: linux.RTN_BLACKHOLE, proto: linux.RTPROT_STATIC, table: 254}
			},
		},
		{
			name: "reject is unreachable",
			f: func(osKind) rtm {
				return rtm{typ: rtmAdd, index: 1, flags: rtfUp | rtfReject | rtfStatic | rtfGateway, addrs: rtaDst | rtaGateway | rtaNetmask}
			},
			sas: func(osKind) [][]byte { return [][]byte{sa4("198.51.100.0"), sa4("127.0.0.1"), mask4(24)} },
			want: func(osKind) want {
				return want{family: 2, dstLen: 24, dst: "198.51.100.0", typ: linux.RTN_UNREACHABLE, proto: linux.RTPROT_STATIC, table: 254}
			},
		},
		{
			name: "local address route",
			f: func(o osKind) rtm {
				return rtm{typ: rtmAdd, index: 1, flags: rtfUp | rtfHost | rtfLocalOf(o), addrs: rtaDst | rtaGateway}
			},
			sas: func(osKind) [][]byte { return [][]byte{sa4("192.0.2.10"), sdl(1, 6, "", "02:00:00:00:00:01")} },
			want: func(osKind) want {
				return want{family: 2, dstLen: 32, dst: "192.0.2.10", oif: 1, typ: linux.RTN_LOCAL, proto: linux.RTPROT_KERNEL, scope: linux.RT_SCOPE_HOST, table: 254}
			},
		},
		{
			name: "ipv6 default via KAME-embedded link-local gateway",
			f: func(osKind) rtm {
				return rtm{typ: rtmAdd, flags: rtfUp | rtfGateway | rtfStatic, addrs: rtaDst | rtaGateway | rtaNetmask}
			},
			sas: func(o osKind) [][]byte {
				return [][]byte{sa6(o, "::", 0, false), sa6(o, "fe80::1", 5, true), mask6(o, 0)}
			},
			want: func(osKind) want {
				return want{family: 10, gateway: "fe80::1", oif: 5, typ: linux.RTN_UNICAST, proto: linux.RTPROT_STATIC, table: 254}
			},
		},
		{
			name: "ipv6 link-local network with embedded scope",
			f: func(osKind) rtm {
				return rtm{typ: rtmAdd, flags: rtfUp, addrs: rtaDst | rtaGateway | rtaNetmask}
			},
			sas: func(o osKind) [][]byte {
				return [][]byte{sa6(o, "fe80::", 3, true), sdl(3, 6, "", ""), mask6(o, 64)}
			},
			want: func(osKind) want {
				return want{family: 10, dstLen: 64, dst: "fe80::", oif: 3, typ: linux.RTN_UNICAST, proto: linux.RTPROT_KERNEL, scope: linux.RT_SCOPE_LINK, table: 254}
			},
		},
		{
			name: "non-default FIB becomes its table",
			f: func(osKind) rtm {
				return rtm{typ: rtmAdd, index: 1, flags: rtfUp | rtfGateway | rtfStatic, addrs: rtaDst | rtaGateway | rtaNetmask}
			},
			sas: func(osKind) [][]byte { return [][]byte{sa4("10.9.0.0"), sa4("192.0.2.1"), mask4(16)} },
			fib: 3,
			want: func(osKind) want {
				return want{family: 2, dstLen: 16, dst: "10.9.0.0", gateway: "192.0.2.1", oif: 1, typ: linux.RTN_UNICAST, proto: linux.RTPROT_STATIC, table: 3}
			},
		},
		{
			name: "OpenBSD rtable and priority from the header", onlyO: osOpenBSD,
			f: func(osKind) rtm {
				return rtm{typ: rtmAdd, index: 1, flags: rtfUp | rtfGateway | rtfStatic, addrs: rtaDst | rtaGateway | rtaNetmask, table: 7, priority: 8}
			},
			sas: func(osKind) [][]byte { return [][]byte{sa4("10.7.0.0"), sa4("192.0.2.1"), mask4(16)} },
			want: func(osKind) want {
				return want{family: 2, dstLen: 16, dst: "10.7.0.0", gateway: "192.0.2.1", oif: 1, typ: linux.RTN_UNICAST, proto: linux.RTPROT_STATIC, table: 7, priority: 8}
			},
		},
		{
			name: "neighbour entry is not a route",
			f: func(osKind) rtm {
				return rtm{typ: rtmAdd, index: 1, flags: rtfUp | rtfHost | rtfLLInfo, addrs: rtaDst | rtaGateway}
			},
			sas:  func(osKind) [][]byte { return [][]byte{sa4("192.0.2.5"), sdl(1, 6, "", "02:00:00:00:00:05")} },
			skip: true,
		},
		{
			name: "non-contiguous netmask",
			f: func(osKind) rtm {
				return rtm{typ: rtmAdd, index: 1, flags: rtfUp, addrs: rtaDst | rtaGateway | rtaNetmask}
			},
			sas: func(osKind) [][]byte {
				m := sa4("255.0.255.0")
				return [][]byte{sa4("10.0.0.0"), sdl(1, 6, "", ""), m}
			},
			skip: true,
		},
	}
	for _, o := range allOS() {
		for _, tt := range tests {
			if tt.onlyO != 0 && tt.onlyO != o {
				continue
			}
			t.Run(o.String()+"/"+tt.name, func(t *testing.T) {
				l := layoutFor(o, 8)
				m := parseOne(t, l, buildRtm(o, tt.f(o), sockaddrs(o, tt.sas(o)...)))
				require.Equal(t, msgAdd, m.Type)
				rms := l.Routes([]message{m}, tt.fib)
				if tt.skip {
					require.Empty(t, rms)
					return
				}
				require.Len(t, rms, 1)
				rm := rms[0]
				w := tt.want(o)
				require.Equal(t, w.family, rm.Family)
				require.Equal(t, w.dstLen, rm.DstLength)
				require.Equal(t, w.dst, ipString(rm.Attributes.Dst))
				require.Equal(t, w.gateway, ipString(rm.Attributes.Gateway))
				require.Equal(t, w.oif, rm.Attributes.OutIface)
				require.Equal(t, w.typ, rm.Type)
				require.Equal(t, w.proto, rm.Protocol)
				require.Equal(t, w.scope, rm.Scope)
				require.Equal(t, w.table, rm.Attributes.Table)
				require.Equal(t, uint8(w.table), rm.Table)
				require.Equal(t, w.priority, rm.Attributes.Priority)
			})
		}
	}
}

func TestClonedRoutesAreLeftOut(t *testing.T) {
	for _, o := range []osKind{osDarwin, osDragonFly, osOpenBSD} {
		l := layoutFor(o, 8)
		m := parseOne(t, l, buildRtm(o, rtm{typ: rtmAdd, index: 1, flags: rtfUp | rtfHost | rtfGateway | rtfClonedOf(o), addrs: rtaDst | rtaGateway},
			sockaddrs(o, sa4("203.0.113.9"), sa4("192.0.2.1"))))
		require.Empty(t, l.Routes([]message{m}, 0), o.String())
		require.Zero(t, l.ChangeOf(m).Kinds, o.String())
	}
}

func TestTableMapping(t *testing.T) {
	require.Equal(t, uint32(254), tableID(0))
	require.Equal(t, uint32(5), tableID(5))
	require.Equal(t, uint32(0), fibOf(0))
	require.Equal(t, uint32(0), fibOf(254))
	require.Equal(t, uint32(5), fibOf(5))
}

func TestLargeTableUsesCompatHeader(t *testing.T) {
	l := layoutFor(osOpenBSD, 8)
	m := parseOne(t, l, buildRtm(osOpenBSD, rtm{typ: rtmAdd, index: 1, flags: rtfUp | rtfGateway, addrs: rtaDst | rtaGateway | rtaNetmask, table: 300},
		sockaddrs(osOpenBSD, sa4("10.0.0.0"), sa4("192.0.2.1"), mask4(8))))
	rm, ok := l.Route(m.Route, 0)
	require.True(t, ok)
	require.Equal(t, uint8(linux.RT_TABLE_COMPAT), rm.Table)
	require.Equal(t, uint32(300), rm.Attributes.Table)
}

func TestOpenBSDDaemonPriorities(t *testing.T) {
	l := layoutFor(osOpenBSD, 8)
	for prio, want := range map[uint8]uint8{48: 186, 32: 188, 8: linux.RTPROT_STATIC} {
		m := parseOne(t, l, buildRtm(osOpenBSD, rtm{typ: rtmAdd, index: 1, flags: rtfUp | rtfGateway | rtfStatic, addrs: rtaDst | rtaGateway | rtaNetmask, priority: prio},
			sockaddrs(osOpenBSD, sa4("10.0.0.0"), sa4("192.0.2.1"), mask4(8))))
		rm, ok := l.Route(m.Route, 0)
		require.True(t, ok)
		require.Equal(t, want, rm.Protocol, "priority %d", prio)
	}
}
