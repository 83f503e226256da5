package main

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/netinfo"
)

func TestParseRouteChange(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want *routeChange // nil: a usage error
	}{
		{[]string{"-remote", "/run/rtnlxd.sock", "route", "add", "192.0.2.0/24", "dev", "eth0"},
			&routeChange{op: "add", dev: "eth0", route: netinfo.Route{Dst: netip.MustParsePrefix("192.0.2.0/24")}}},
		{[]string{"route", "replace", "default", "via", "10.0.0.1", "metric", "100", "table", "7", "proto", "static"},
			&routeChange{op: "replace", route: netinfo.Route{Dst: netip.MustParsePrefix("0.0.0.0/0"), Gateway: netip.MustParseAddr("10.0.0.1"), Priority: 100, Table: 7, Protocol: netinfo.ProtoStatic}}},
		{[]string{"-6", "route", "del", "default", "dev", "eth0"},
			&routeChange{op: "del", dev: "eth0", route: netinfo.Route{Family: netinfo.FamilyInet6, Dst: netip.MustParsePrefix("::/0")}}},
		{[]string{"route", "delete", "198.51.100.7", "scope", "host", "src", "198.51.100.1"},
			&routeChange{op: "del", route: netinfo.Route{Dst: netip.MustParsePrefix("198.51.100.7/32"), Scope: netinfo.ScopeHost, PrefSrc: netip.MustParseAddr("198.51.100.1")}}},
		{[]string{"route", "add"}, nil},
		{[]string{"route", "add", "192.0.2.0/24", "via"}, nil},
		{[]string{"route", "a", "blackhole", "192.0.2.0/24", "t", "9", "pro", "static", "m", "5"},
			&routeChange{op: "add", route: netinfo.Route{Type: netinfo.RouteBlackhole, Dst: netip.MustParsePrefix("192.0.2.0/24"), Table: 9, Protocol: netinfo.ProtoStatic, Priority: 5}}},
		{[]string{"route", "app", "default", "via", "2001:db8::1"},
			&routeChange{op: "append", route: netinfo.Route{Dst: netip.MustParsePrefix("::/0"), Gateway: netip.MustParseAddr("2001:db8::1")}}},
		{[]string{"route", "add", "192.0.2.0/24", "10.0.0.0/8"}, nil},
		{[]string{"route", "add", "192.0.2.0/24", "table", "all"}, nil},
		{[]string{"route", "add", "192.0.2.0/24", "proto", "bogus"}, nil},
		{[]string{"-remote", "/s", "-n", "ns1", "route", "show"}, nil},
	} {
		c, err := parseArgs(tc.args)
		if tc.want == nil {
			require.Error(t, err, "%q", tc.args)
			continue
		}
		require.NoError(t, err, "%q", tc.args)
		require.Equal(t, tc.want, c.act, "%q", tc.args)
	}
}
