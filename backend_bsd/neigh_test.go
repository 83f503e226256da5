package backend_bsd

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/linux"
)

func TestNeighPerOS(t *testing.T) {
	// now is 1000 s of uptime and 1,700,000,000 s of wall time; each
	// kernel's rmx_expire counts in one of them (Layout.ExpireWall).
	now := clock{Wall: 1_700_000_000, Uptime: 1000}
	expireAt := func(o osKind, delta int64) int64 {
		if layoutFor(o, 8).ExpireWall {
			return now.Wall + delta
		}
		return now.Uptime + delta
	}
	tests := []struct {
		name   string
		flags  uint32
		expire func(osKind) int64
		sas    func(osKind) [][]byte
		state  uint16
		family uint8
		ip     string
		mac    string
		index  uint32
		skip   bool
	}{
		{
			name: "arp reachable until expiry", flags: rtfUp | rtfHost | rtfLLInfo,
			expire: func(o osKind) int64 { return expireAt(o, 30) },
			sas:    func(osKind) [][]byte { return [][]byte{sa4("192.0.2.5"), sdl(2, 6, "", "02:00:00:00:00:05")} },
			state:  linux.NUD_REACHABLE, family: 2, ip: "192.0.2.5", mac: "02:00:00:00:00:05", index: 2,
		},
		{
			name: "arp stale after expiry", flags: rtfUp | rtfHost | rtfLLInfo,
			expire: func(o osKind) int64 { return expireAt(o, -5) },
			sas:    func(osKind) [][]byte { return [][]byte{sa4("192.0.2.6"), sdl(2, 6, "", "02:00:00:00:00:06")} },
			state:  linux.NUD_STALE, family: 2, ip: "192.0.2.6", mac: "02:00:00:00:00:06", index: 2,
		},
		{
			name: "arp permanent without expiry", flags: rtfUp | rtfHost | rtfLLInfo,
			expire: func(osKind) int64 { return 0 },
			sas:    func(osKind) [][]byte { return [][]byte{sa4("192.0.2.7"), sdl(2, 6, "", "02:00:00:00:00:07")} },
			state:  linux.NUD_PERMANENT, family: 2, ip: "192.0.2.7", mac: "02:00:00:00:00:07", index: 2,
		},
		{
			name: "static arp permanent", flags: rtfUp | rtfHost | rtfLLInfo | rtfStatic,
			expire: func(o osKind) int64 { return expireAt(o, 30) },
			sas:    func(osKind) [][]byte { return [][]byte{sa4("192.0.2.8"), sdl(2, 6, "", "02:00:00:00:00:08")} },
			state:  linux.NUD_PERMANENT, family: 2, ip: "192.0.2.8", mac: "02:00:00:00:00:08", index: 2,
		},
		{
			name: "arp incomplete without link-layer address", flags: rtfUp | rtfHost | rtfLLInfo,
			expire: func(o osKind) int64 { return expireAt(o, 30) },
			sas:    func(osKind) [][]byte { return [][]byte{sa4("192.0.2.9"), sdl(2, 6, "", "")} },
			state:  linux.NUD_INCOMPLETE, family: 2, ip: "192.0.2.9", index: 2,
		},
		{
			name: "ndp link-local with embedded scope", flags: rtfUp | rtfHost | rtfLLInfo,
			expire: func(o osKind) int64 { return expireAt(o, 30) },
			sas: func(o osKind) [][]byte {
				return [][]byte{sa6(o, "fe80::5", 4, true), sdl(4, 6, "", "02:00:00:00:00:15")}
			},
			state: linux.NUD_REACHABLE, family: 10, ip: "fe80::5", mac: "02:00:00:00:00:15", index: 4,
		},
		{
			name: "index from the embedded scope when the gateway has none", flags: rtfUp | rtfHost | rtfLLInfo,
			expire: func(osKind) int64 { return 0 },
			sas: func(o osKind) [][]byte {
				return [][]byte{sa6(o, "fe80::6", 9, true), sdl(0, 6, "", "02:00:00:00:00:16")}
			},
			state: linux.NUD_PERMANENT, family: 10, ip: "fe80::6", mac: "02:00:00:00:00:16", index: 9,
		},
		{
			name: "own address entry is not a neighbour", flags: rtfUp | rtfHost | rtfLLInfo,
			expire: func(osKind) int64 { return 0 },
			sas:    func(osKind) [][]byte { return [][]byte{sa4("192.0.2.10"), sdl(2, 6, "", "02:00:00:00:00:01")} },
			skip:   true,
		},
		{
			name: "route is not a neighbour", flags: rtfUp | rtfHost | rtfGateway,
			expire: func(osKind) int64 { return 0 },
			sas:    func(osKind) [][]byte { return [][]byte{sa4("192.0.2.11"), sa4("192.0.2.1")} },
			skip:   true,
		},
	}
	for _, o := range allOS() {
		for _, tt := range tests {
			t.Run(o.String()+"/"+tt.name, func(t *testing.T) {
				l := layoutFor(o, 8)
				flags := tt.flags
				if tt.name == "own address entry is not a neighbour" {
					flags |= rtfLocalOf(o)
				}
				m := parseOne(t, l, buildRtm(o, rtm{typ: rtmAdd, flags: flags, addrs: rtaDst | rtaGateway, expire: tt.expire(o)},
					sockaddrs(o, tt.sas(o)...)))
				ns := l.Neighbors([]message{m, m}, now) // a duplicate is listed once
				if tt.skip {
					require.Empty(t, ns)
					return
				}
				require.Len(t, ns, 1)
				n := ns[0]
				require.Equal(t, tt.state, n.State)
				require.Equal(t, uint16(tt.family), n.Family)
				require.Equal(t, tt.index, n.Index)
				require.Equal(t, tt.ip, n.Attributes.Address.String())
				if tt.mac == "" {
					require.Nil(t, n.Attributes.LLAddress)
				} else {
					require.Equal(t, tt.mac, n.Attributes.LLAddress.String())
				}
				require.Equal(t, uint8(linux.RTN_UNICAST), n.Type)
			})
		}
	}
}

func TestDarwinRouterNeighbour(t *testing.T) {
	l := layoutFor(osDarwin, 8)
	m := parseOne(t, l, buildRtm(osDarwin, rtm{typ: rtmAdd, index: 4, flags: rtfUp | rtfHost | rtfLLInfo | 0x10000000, addrs: rtaDst | rtaGateway},
		sockaddrs(osDarwin, sa6(osDarwin, "fe80::1", 4, true), sdl(4, 6, "", "02:00:00:00:00:01"))))
	n, ok := l.Neigh(m.Route, clock{})
	require.True(t, ok)
	require.Equal(t, uint8(linux.NTF_ROUTER), n.Flags)
}
