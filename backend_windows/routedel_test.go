package backend_windows

import (
	"net"
	"syscall"
	"testing"

	"github.com/jsimonetti/rtnetlink/v2"
	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/linux"
)

func TestResolveRouteDelete(t *testing.T) {
	route := func(dst string, bits uint8, gw string, out, metric uint32) rtnetlink.RouteMessage {
		r := rtnetlink.RouteMessage{Family: linux.AF_INET, DstLength: bits, Table: linux.RT_TABLE_MAIN,
			Attributes: rtnetlink.RouteAttributes{Dst: net.ParseIP(dst), OutIface: out, Priority: metric, Table: linux.RT_TABLE_MAIN}}
		if gw != "" {
			r.Attributes.Gateway = net.ParseIP(gw)
		}
		return r
	}
	table := []rtnetlink.RouteMessage{
		route("0.0.0.0", 0, "192.0.2.1", 3, 25),
		route("198.51.100.0", 24, "192.0.2.1", 3, 30),
		route("198.51.100.0", 24, "192.0.2.2", 4, 20),
		route("203.0.113.0", 24, "", 5, 10),
	}
	for _, tc := range []struct {
		name    string
		req     rtnetlink.RouteMessage
		wantOut uint32
		wantGw  string
		wantErr error
	}{
		{"destination only takes the first match", route("198.51.100.0", 24, "", 0, 0), 3, "192.0.2.1", nil},
		{"gateway narrows", route("198.51.100.0", 24, "192.0.2.2", 0, 0), 4, "192.0.2.2", nil},
		{"link narrows", route("198.51.100.0", 24, "", 4, 0), 4, "192.0.2.2", nil},
		{"metric narrows", route("198.51.100.0", 24, "", 0, 20), 4, "192.0.2.2", nil},
		{"default route", rtnetlink.RouteMessage{Family: linux.AF_INET}, 3, "192.0.2.1", nil},
		{"on-link route", route("203.0.113.0", 24, "", 0, 0), 5, "", nil},
		{"no such route", route("192.0.2.128", 25, "", 0, 0), 0, "", syscall.ESRCH},
		{"wrong gateway", route("203.0.113.0", 24, "192.0.2.9", 0, 0), 0, "", syscall.ESRCH},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := resolveRouteDelete(&tc.req, table)
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.wantOut, got.Attributes.OutIface)
			if tc.wantGw == "" {
				require.Nil(t, got.Attributes.Gateway)
			} else {
				require.True(t, net.ParseIP(tc.wantGw).Equal(got.Attributes.Gateway))
			}
		})
	}
}
