package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// routeMetricSteps set route metrics with ip's syntax, abbreviations
// and refusals included.
var routeMetricSteps = []string{
	"route add 10.20.0.0/16 via 10.1.0.254 mtu lock 1400 advmss 1360 window 65535 rtt 1500ms rttvar 30 initcwnd 10 initrwnd 20 hoplimit 64 quickack 1 fastopen_no_cookie 1 features ecn reordering 5 cwnd 7 ssthresh 9 rto_min 200ms congctl lock reno",
	"route add 10.21.0.0/16 dev v0 mtu 1280 rtt 2.5s rttvar 12ms",
	"route add 10.22.0.0/16 dev v0 win 1000 cw 5 in 4 ss 3 q 0 re 2 initr 8 fa 1",
	"route add 10.24.0.0/16 dev v0 mtu lock 0 advmss lock 1000 rtt 0x20 rto_min 1.5s",
	"-6 route add 2001:db8:77::/48 dev v0 mtu 1300 hoplimit 10 rtt 25",
	"route replace 10.21.0.0/16 dev v0 mtu 1400 advmss 1000",
	"route change 10.20.0.0/16 via 10.1.0.254 mtu 1500",
	"route add 10.23.0.0/16 dev v0 mtu abc",
	"route add 10.23.0.0/16 dev v0 hoplimit 256",
	"route add 10.23.0.0/16 dev v0 quickack 2",
	"route add 10.23.0.0/16 dev v0 fastopen_no_cookie 3",
	"route add 10.23.0.0/16 dev v0 features sack",
	"route add 10.23.0.0/16 dev v0 rtt 10xs",
	"route add 10.23.0.0/16 dev v0 advmss -1",
	"route add 10.23.0.0/16 dev v0 mtu",
	"route add 10.23.0.0/16 dev v0 mtu lock",
	"route add 10.23.0.0/16 dev v0 congctl nosuchalgorithm",
}

// TestRouteMetricsMatchIP applies routeMetricSteps with ip and ipinfo to
// twin namespaces (same answers, same state after each), then compares
// how both print the routes with their metrics.
func TestRouteMetricsMatchIP(t *testing.T) {
	ipNS, ourNS := newTwins(t)
	for _, line := range routeMetricSteps {
		args := strings.Fields(line)
		wantCode, _, wantErr := runIP(t, ipNS, nil, args...)
		gotCode, gotOut, gotErr := runOurs(t, ourNS, args...)
		require.Equal(t, wantCode, gotCode, "exit status of %q; ip said %q, ipinfo %q", line, wantErr, gotErr)
		if wantCode != 0 {
			require.Equal(t, strings.TrimRight(wantErr, "\n"), strings.TrimRight(gotErr, "\n"), "message of %q", line)
		}
		require.Empty(t, gotOut, "a change prints nothing: %q", line)
		requireSameState(t, ipNS, ourNS, line)
	}
	for _, show := range [][]string{
		{"route"}, {"-j", "route"}, {"-d", "route"}, {"route", "show", "table", "all"},
		{"-6", "route"}, {"-j", "-6", "route"},
		{"route", "get", "10.20.0.1"}, {"-j", "route", "get", "10.20.0.1"},
		{"route", "get", "10.24.0.1", "mark", "3"}, {"-j", "route", "get", "fibmatch", "10.22.0.1"},
		{"-6", "route", "get", "2001:db8:77::1"}, {"-j", "-6", "route", "get", "2001:db8:77::1"},
	} {
		_, want, _ := runIP(t, ourNS, nil, show...)
		code, got, errOut := runOurs(t, ourNS, show...)
		require.Equal(t, 0, code, errOut)
		require.Equal(t, normalizeIPText(want), normalizeIPText(got), "ipinfo %v", show)
	}
}
