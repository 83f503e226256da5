package backend_bsd

import (
	"net"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/linux"
)

func TestAddrPerOS(t *testing.T) {
	const bsdPointToPoint, bsdBroadcast, bsdUp = 0x10, 0x2, 0x1
	type want struct {
		family    uint8
		prefix    uint8
		scope     uint8
		address   string
		local     string
		broadcast string
		label     string
		flags     uint32
	}
	tests := []struct {
		name      string
		linkFlags uint32
		addrs     uint32
		sas       func(osKind) [][]byte
		addrflags uint32 // reported by NetBSD 8 and DragonFly 5.8 only
		want      func(osKind) want
		skip      bool // the message must be left out
	}{
		{
			name: "ipv4 with broadcast and short netmask", linkFlags: bsdUp | bsdBroadcast,
			addrs: rtaNetmask | rtaIFA | rtaBrd,
			sas: func(o osKind) [][]byte {
				return [][]byte{mask4(24), sa4("192.0.2.10"), sa4("192.0.2.255")}
			},
			want: func(osKind) want {
				return want{family: 2, prefix: 24, address: "192.0.2.10", local: "192.0.2.10", broadcast: "192.0.2.255", label: "em0", flags: linux.IFA_F_PERMANENT}
			},
		},
		{
			name: "ipv4 point-to-point peer", linkFlags: bsdUp | bsdPointToPoint,
			addrs: rtaNetmask | rtaIFA | rtaBrd,
			sas: func(o osKind) [][]byte {
				return [][]byte{mask4(32), sa4("10.0.0.1"), sa4("10.0.0.2")}
			},
			want: func(osKind) want {
				return want{family: 2, prefix: 32, address: "10.0.0.2", local: "10.0.0.1", label: "em0", flags: linux.IFA_F_PERMANENT}
			},
		},
		{
			name: "ipv4 loopback without netmask", linkFlags: bsdUp,
			addrs: rtaIFA,
			sas:   func(o osKind) [][]byte { return [][]byte{sa4("127.0.0.1")} },
			want: func(osKind) want {
				return want{family: 2, prefix: 32, scope: linux.RT_SCOPE_HOST, address: "127.0.0.1", local: "127.0.0.1", label: "em0", flags: linux.IFA_F_PERMANENT}
			},
		},
		{
			name: "ipv6 link-local with KAME-embedded scope", linkFlags: bsdUp,
			addrs: rtaNetmask | rtaIFA,
			sas: func(o osKind) [][]byte {
				return [][]byte{mask6(o, 64), sa6(o, "fe80::1", 4, true)}
			},
			addrflags: in6IFFTentative,
			want: func(o osKind) want {
				f := uint32(linux.IFA_F_PERMANENT)
				if o == osNetBSD || o == osDragonFly {
					f |= linux.IFA_F_TENTATIVE
				}
				return want{family: 10, prefix: 64, scope: linux.RT_SCOPE_LINK, address: "fe80::1", flags: f}
			},
		},
		{
			name: "ipv6 global autoconf deprecated", linkFlags: bsdUp,
			addrs: rtaNetmask | rtaIFA,
			sas: func(o osKind) [][]byte {
				return [][]byte{mask6(o, 64), sa6(o, "2001:db8::5", 0, false)}
			},
			addrflags: in6IFFAutoconf | in6IFFDeprecated,
			want: func(o osKind) want {
				f := uint32(linux.IFA_F_PERMANENT)
				if o == osNetBSD || o == osDragonFly {
					f = linux.IFA_F_DEPRECATED
				}
				return want{family: 10, prefix: 64, address: "2001:db8::5", flags: f}
			},
		},
		{
			name: "zero-length netmask is /0", linkFlags: bsdUp,
			addrs: rtaNetmask | rtaIFA,
			sas:   func(o osKind) [][]byte { return [][]byte{{}, sa4("192.0.2.1")} },
			want: func(osKind) want {
				return want{family: 2, prefix: 0, address: "192.0.2.1", local: "192.0.2.1", label: "em0", flags: linux.IFA_F_PERMANENT}
			},
		},
		{
			name: "link-layer address entry is not an address", linkFlags: bsdUp,
			addrs: rtaIFA,
			sas:   func(o osKind) [][]byte { return [][]byte{sdl(3, 6, "em0", "02:00:00:00:00:01")} },
			skip:  true,
		},
		{
			name: "non-contiguous netmask", linkFlags: bsdUp,
			addrs: rtaNetmask | rtaIFA,
			sas: func(o osKind) [][]byte {
				m := sa4("255.0.255.0")
				m[1] = 0
				return [][]byte{m, sa4("192.0.2.1")}
			},
			skip: true,
		},
	}
	for _, o := range allOS() {
		for _, tt := range tests {
			t.Run(o.String()+"/"+tt.name, func(t *testing.T) {
				l := layoutFor(o, 8)
				link := parseOne(t, l, buildIfm(o, ifm{index: 3, flags: tt.linkFlags, addrs: rtaIFP, ift: 6},
					sockaddrs(o, sdl(3, 6, "em0", "02:00:00:00:00:01"))))
				m := parseOne(t, l, buildIfam(o, ifam{typ: newaddrCode(o), index: 3, addrs: tt.addrs, addrflags: tt.addrflags},
					sockaddrs(o, tt.sas(o)...)))
				require.Equal(t, msgNewAddr, m.Type)
				am, ok := l.Addr(m.Addr, link.If)
				if tt.skip {
					require.False(t, ok)
					return
				}
				require.True(t, ok)
				w := tt.want(o)
				require.Equal(t, w.family, am.Family)
				require.Equal(t, w.prefix, am.PrefixLength)
				require.Equal(t, w.scope, am.Scope)
				require.Equal(t, uint32(3), am.Index)
				require.Equal(t, w.address, am.Attributes.Address.String())
				require.Equal(t, w.local, ipString(am.Attributes.Local))
				require.Equal(t, w.broadcast, ipString(am.Attributes.Broadcast))
				require.Equal(t, w.label, am.Attributes.Label)
				require.Equal(t, w.flags, am.Attributes.Flags)
				require.Equal(t, uint8(w.flags), am.Flags)
			})
		}
	}
}

func ipString(ip net.IP) string {
	if ip == nil {
		return ""
	}
	return ip.String()
}

func TestNetBSDOldAddrMessage(t *testing.T) {
	// NetBSD before 8.0 wrote RTM_ONEWADDR (0xc) with the old ifa_msghdr
	// (index after metric); NetBSD 8 keeps the code for old binaries.
	l := layoutFor(osNetBSD, 8)
	b := buildIfam(osNetBSD, ifam{typ: 0xc, index: 5, addrs: rtaNetmask | rtaIFA},
		sockaddrs(osNetBSD, mask4(16), sa4("172.16.0.1")))
	m := parseOne(t, l, b)
	require.Equal(t, msgNewAddr, m.Type)
	require.Equal(t, uint16(5), m.Addr.Index)
	require.False(t, m.Addr.HasAddrFlags)
	am, ok := l.Addr(m.Addr, nil)
	require.True(t, ok)
	require.Equal(t, uint8(16), am.PrefixLength)
}

func TestAddrFlagsMapping(t *testing.T) {
	tests := []struct {
		in6  uint32
		want uint32
	}{
		{0, linux.IFA_F_PERMANENT},
		{in6IFFTentative, linux.IFA_F_PERMANENT | linux.IFA_F_TENTATIVE},
		{in6IFFDuplicated, linux.IFA_F_PERMANENT | linux.IFA_F_DADFAILED},
		{in6IFFNoDAD, linux.IFA_F_PERMANENT | linux.IFA_F_NODAD},
		{in6IFFAutoconf, 0},
		{in6IFFAutoconf | in6IFFTemporary, linux.IFA_F_SECONDARY},
		{in6IFFDeprecated | in6IFFAutoconf, linux.IFA_F_DEPRECATED},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, addrFlags6(tt.in6), "IN6_IFF 0x%x", tt.in6)
	}
	require.Equal(t, uint32(linux.IFA_F_PERMANENT|linux.IFA_F_TENTATIVE), addrFlags4(inIFFTentative))
}
