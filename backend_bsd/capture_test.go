package backend_bsd

import (
	"net/netip"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// Routing-socket bytes captured from real macOS kernels, as published in
// golang.org/x/net/route's address_darwin_test.go (route(8) commands
// and golang/go#70528): the sockaddrs of RTM_ADD requests with the
// kernel's short netmasks, and a whole RTM_GET reply. Every other
// fixture here is built by wire_test.go.

// TestCapturedDarwinSockaddrs parses the captured DST, GATEWAY and
// NETMASK sockaddrs.
func TestCapturedDarwinSockaddrs(t *testing.T) {
	l := layoutFor(osDarwin, 8)
	tests := []struct {
		name     string
		b        []byte
		dst, gw  string // gw "link#N" for a sockaddr_dl
		bits     int
		gwIfName string
	}{
		{
			name: "192.168.86.0/24 via link#4",
			b: []byte{
				0x10, 0x02, 0x00, 0x00, 0xc0, 0xa8, 0x56, 0x00, 0, 0, 0, 0, 0, 0, 0, 0,
				0x14, 0x12, 0x04, 0x00, 0x06, 0x00, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
				0x07, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00,
			},
			dst: "192.168.86.0", gw: "link#4", bits: 24,
		},
		{
			name: "100.113.0.0/16 via utun4319",
			b: []byte{
				0x10, 0x02, 0x00, 0x00, 0x64, 0x71, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0,
				0x14, 0x12, 0x21, 0x00, 0x01, 0x08, 0x00, 0x00, 0x75, 0x74, 0x75, 0x6e, 0x34, 0x33, 0x31, 0x39, 0, 0, 0, 0,
				0x06, 0x02, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00,
			},
			dst: "100.113.0.0", gw: "link#33", bits: 16, gwIfName: "utun4319",
		},
		{
			name: "fd84:1b4e:6281::/48 via fe80::f22f:4bff:fe09:3bff%utun4319 (KAME-embedded 33)",
			b: []byte{
				0x1c, 0x1e, 0, 0, 0, 0, 0, 0, 0xfd, 0x84, 0x1b, 0x4e, 0x62, 0x81, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
				0x1c, 0x1e, 0, 0, 0, 0, 0, 0, 0xfe, 0x80, 0x00, 0x21, 0, 0, 0, 0, 0xf2, 0x2f, 0x4b, 0xff, 0xfe, 0x09, 0x3b, 0xff, 0, 0, 0, 0,
				0x0e, 0x1e, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00,
			},
			dst: "fd84:1b4e:6281::", gw: "fe80::f22f:4bff:fe09:3bff%33", bits: 48,
		},
		{
			name: "::/0 via fe80::2d0:4cff:fe10:15d2 with a 2-byte netmask",
			b: []byte{
				0x1c, 0x1e, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
				0x1c, 0x1e, 0, 0, 0, 0, 0, 0, 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x02, 0xd0, 0x4c, 0xff, 0xfe, 0x10, 0x15, 0xd2, 0, 0, 0, 0,
				0x02, 0x1e, 0x00, 0x00,
			},
			dst: "::", gw: "fe80::2d0:4cff:fe10:15d2", bits: 0,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			as, ok := l.parseAddrs(1<<raxDst|1<<raxGateway|1<<raxNetmask, tt.b)
			require.True(t, ok)
			require.Equal(t, netip.MustParseAddr(tt.dst), as[raxDst].IP)
			gw := as[raxGateway]
			switch gw.Kind {
			case saLink:
				require.Equal(t, tt.gw, "link#"+strconv.Itoa(int(gw.Link.Index)))
				require.Equal(t, tt.gwIfName, gw.Link.Name)
			case saInet:
				ip := gw.IP
				if gw.Zone != 0 {
					ip = ip.WithZone(strconv.Itoa(int(gw.Zone)))
				}
				require.Equal(t, tt.gw, ip.String())
			default:
				t.Fatalf("gateway kind %d", gw.Kind)
			}
			bits, ok := maskBits(as[raxNetmask], as[raxDst].IP.Is6())
			require.True(t, ok)
			require.Equal(t, tt.bits, bits)
		})
	}
}

// TestCapturedDarwinGetReply parses a whole RTM_GET reply a macOS
// kernel sent (golang/go#70528): ESRCH for 0.0.0.0/0 scoped to
// interface 1, with a zero-length netmask and an empty sockaddr_dl.
func TestCapturedDarwinGetReply(t *testing.T) {
	b := []byte{
		0x84, 0x00, 0x05, 0x04, 0x01, 0x00, 0x00, 0x00, 0x03, 0x08, 0x00, 0x01, 0x15, 0x00, 0x00, 0x00,
		0x1b, 0x01, 0x00, 0x00, 0xf5, 0x5a, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x02, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00,
		0x14, 0x12, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00,
	}
	l := layoutFor(osDarwin, 8)
	msgs, st := l.ParseMessages(b)
	require.Zero(t, st.Skipped)
	require.Len(t, msgs, 1)
	m := msgs[0]
	require.Equal(t, msgGet, m.Type)
	r := m.Route
	require.NotNil(t, r)
	require.Equal(t, uint16(1), r.Index)
	require.Equal(t, int32(3), r.Errno) // ESRCH
	require.Equal(t, int32(0x11b), r.Pid)
	require.Equal(t, routeUp|routeGateway|routeStatic, r.Flags&(routeUp|routeGateway|routeStatic))
	require.Equal(t, netip.IPv4Unspecified(), r.Addrs[raxDst].IP)
	bits, ok := maskBits(r.Addrs[raxNetmask], false)
	require.True(t, ok)
	require.Zero(t, bits)
	require.Equal(t, saLink, r.Addrs[raxIFP].Kind)
	require.Zero(t, r.Addrs[raxIFP].Link.Index)
}
