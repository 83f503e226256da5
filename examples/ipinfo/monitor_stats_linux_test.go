package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/nstest"
)

// TestMonitorStatsMatchIP turns a veth's hardware statistics on and off
// (`ip stats set dev D l3_stats on|off`, which the kernel tells
// RTNLGRP_STATS) while ip's monitor and ipinfo's watch: the statistics
// lines are ip's, with the objects named and with everything.
func TestMonitorStatsMatchIP(t *testing.T) {
	for _, args := range [][]string{{"link", "stats"}, {"label"}, {"-o", "label", "link", "stats"}} {
		t.Run(strings.Join(append([]string{"monitor"}, args...), " "), func(t *testing.T) {
			ns := nstest.New(t, "ipms")
			ns.Batch(t, []string{"link add v0 type veth peer name v1"})
			var opts []string
			for len(args) > 0 && strings.HasPrefix(args[0], "-") {
				opts, args = append(opts, args[0]), args[1:]
			}
			ip, ii := compareMonitors(t, ns, opts, args, []string{
				"stats set dev v0 l3_stats on", "link set v0 up", "stats set dev v1 l3_stats on",
				"stats set dev v0 l3_stats off", "link set v0 down",
			})
			require.Equal(t, ip, ii)
			require.Contains(t, strings.Join(ip, "\n"), "l3_stats on used off")
		})
	}
}
