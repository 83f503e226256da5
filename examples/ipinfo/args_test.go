package main

import (
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/netinfo"
)

func TestParseArgs(t *testing.T) {
	// A monitor of everything: what ip's shows on Linux (netconf and
	// nsid messages too), what the OS has elsewhere.
	allKinds, allNetconf := netinfo.WatchAll, false
	if runtime.GOOS == "linux" {
		allKinds, allNetconf = allKinds|netinfo.WatchRules|netinfo.WatchNexthops, true
	}
	tests := []struct {
		name string
		args []string
		want command // compared field by field below
	}{
		{name: "nothing is the overview", args: nil, want: command{object: objectOverview}},
		{name: "json overview", args: []string{"-j"}, want: command{json: true, object: objectOverview}},
		{name: "l", args: []string{"l"}, want: command{object: objectLink, table: netinfo.TableMain}},
		{name: "li", args: []string{"li"}, want: command{object: objectLink, table: netinfo.TableMain}},
		{name: "link show", args: []string{"link", "show"}, want: command{object: objectLink, table: netinfo.TableMain}},
		{name: "link ls dev", args: []string{"link", "ls", "dev", "eth0"}, want: command{object: objectLink, dev: "eth0", table: netinfo.TableMain}},
		{name: "link bare name", args: []string{"link", "list", "eth0"}, want: command{object: objectLink, dev: "eth0", table: netinfo.TableMain}},
		{name: "a", args: []string{"a"}, want: command{object: objectAddr, table: netinfo.TableMain}},
		{name: "addr", args: []string{"addr"}, want: command{object: objectAddr, table: netinfo.TableMain}},
		{name: "address s", args: []string{"address", "s"}, want: command{object: objectAddr, table: netinfo.TableMain}},
		{name: "-4 addr", args: []string{"-4", "addr"}, want: command{family: netinfo.FamilyInet, object: objectAddr, table: netinfo.TableMain}},
		{name: "-6 -j addr", args: []string{"-6", "-j", "a"}, want: command{json: true, family: netinfo.FamilyInet6, object: objectAddr, table: netinfo.TableMain}},
		{name: "last family wins", args: []string{"-6", "-4", "a"}, want: command{family: netinfo.FamilyInet, object: objectAddr, table: netinfo.TableMain}},
		{name: "-f inet6", args: []string{"-f", "inet6", "r"}, want: command{family: netinfo.FamilyInet6, object: objectRoute, table: netinfo.TableMain}},
		{name: "-br", args: []string{"-br", "-4", "a"}, want: command{brief: true, family: netinfo.FamilyInet, object: objectAddr, table: netinfo.TableMain}},
		{name: "-o -s -s -d", args: []string{"-o", "-s", "-s", "-d", "link"}, want: command{oneline: true, stats: 2, details: true, object: objectLink, table: netinfo.TableMain}},
		{name: "--json", args: []string{"--json", "r"}, want: command{json: true, object: objectRoute, table: netinfo.TableMain}},
		{name: "r", args: []string{"r"}, want: command{object: objectRoute, table: netinfo.TableMain}},
		{name: "ro", args: []string{"ro"}, want: command{object: objectRoute, table: netinfo.TableMain}},
		{name: "route table all", args: []string{"route", "show", "table", "all"}, want: command{object: objectRoute, table: 0}},
		{name: "route table local", args: []string{"route", "show", "table", "local"}, want: command{object: objectRoute, table: netinfo.TableLocal}},
		{name: "route table main", args: []string{"route", "list", "table", "main"}, want: command{object: objectRoute, table: netinfo.TableMain}},
		{name: "route table default", args: []string{"route", "show", "table", "default"}, want: command{object: objectRoute, table: netinfo.TableDefault}},
		{name: "route tab 100", args: []string{"route", "show", "tab", "100"}, want: command{object: objectRoute, table: 100}},
		{name: "route table 0 is all", args: []string{"route", "show", "table", "0"}, want: command{object: objectRoute, table: 0}},
		{name: "route show dev", args: []string{"route", "show", "dev", "eth0", "table", "all"}, want: command{object: objectRoute, table: 0}},
		{name: "n", args: []string{"n"}, want: command{object: objectNeigh, table: netinfo.TableMain, nud: nudDefault}},
		{name: "neigh", args: []string{"neigh"}, want: command{object: objectNeigh, table: netinfo.TableMain, nud: nudDefault}},
		{name: "neighbor", args: []string{"neighbor", "show"}, want: command{object: objectNeigh, table: netinfo.TableMain, nud: nudDefault}},
		{name: "neighbour dev", args: []string{"neighbour", "dev", "br0"}, want: command{object: objectNeigh, dev: "br0", table: netinfo.TableMain, nud: nudDefault}},
		{name: "neigh nud all", args: []string{"neigh", "show", "nud", "all"}, want: command{object: objectNeigh, table: netinfo.TableMain, nud: nudAll}},
		{name: "neigh nud states add up", args: []string{"n", "nud", "stale", "nud", "none"}, want: command{object: objectNeigh, table: netinfo.TableMain, nud: nudFilter(netinfo.NeighStale) | nudNone}},
		{name: "mon", args: []string{"mon"}, want: command{object: objectMonitor, watch: allKinds, netconf: allNetconf, nsid: allNetconf, prefix: allNetconf, mroute: allNetconf, statsMon: allNetconf}},
		{name: "monitor route", args: []string{"monitor", "route"}, want: command{object: objectMonitor, watch: netinfo.WatchRoutes}},
		{name: "monitor kinds", args: []string{"monitor", "li", "a", "neigh"}, want: command{object: objectMonitor, watch: netinfo.WatchLinks | netinfo.WatchAddrs | netinfo.WatchNeighbors}},
		{name: "monitor l is label, as in ip", args: []string{"monitor", "l", "r"}, want: command{object: objectMonitor, watch: netinfo.WatchRoutes, label: true}},
		{name: "monitor all", args: []string{"-j", "mo", "all"}, want: command{json: true, object: objectMonitor, watch: allKinds, netconf: allNetconf, nsid: allNetconf, prefix: allNetconf, mroute: allNetconf, statsMon: allNetconf, label: true}},
		{name: "monitor m is mroute", args: []string{"monitor", "m", "stats", "al", "f", "x"}, want: command{object: objectMonitor, mroute: true, statsMon: true, allNSID: true, monFile: "x"}},
		{name: "monitor netconf -ts", args: []string{"-ts", "monitor", "netc"}, want: command{object: objectMonitor, netconf: true, timestamp: 2}},
		{name: "-t monitor", args: []string{"-t", "monitor", "ru", "nex"}, want: command{object: objectMonitor, watch: netinfo.WatchRules | netinfo.WatchNexthops, timestamp: 1}},
		{name: "monitor label route", args: []string{"monitor", "lab", "route"}, want: command{object: objectMonitor, watch: netinfo.WatchRoutes, label: true}},
		{name: "-n name", args: []string{"-n", "blue", "link"}, want: command{netns: "/var/run/netns/blue", nsName: "blue", object: objectLink, table: netinfo.TableMain}},
		{name: "-netns path", args: []string{"-netns", "/proc/1/ns/net", "r"}, want: command{netns: "/proc/1/ns/net", nsName: "/proc/1/ns/net", object: objectRoute, table: netinfo.TableMain}},
		{name: "-- ends options", args: []string{"-j", "--", "link"}, want: command{json: true, object: objectLink, table: netinfo.TableMain}},
		{name: "-h", args: []string{"-h"}, want: command{help: true}},
		{name: "--help", args: []string{"-j", "--help", "bogus"}, want: command{json: true, help: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseArgs(tt.args)
			require.NoError(t, err)
			// The route selectors, and the name files they read, are
			// TestParseRouteSelector's.
			got.selectors, got.tables = nil, nil
			got.ifaSel, got.neighSel = nil, nil // TestLinkAddrShowSelectorsMatchIP's, TestNeighShowSelectorsMatchIP's
			require.Equal(t, tt.want, *got)
		})
	}
}

// TestParseArgsFamily: -0 and -family link (and its abbreviations) are
// the AF_PACKET family; a word read_family does not know is ip's
// invarg, status 255.
func TestParseArgsFamily(t *testing.T) {
	for _, args := range [][]string{{"-0", "link"}, {"-f", "link", "link"}, {"-fam", "link", "link"}, {"--family", "link", "link"}, {"-4", "-0", "link"}} {
		c, err := parseArgs(args)
		require.NoError(t, err, "%v", args)
		require.Equal(t, familyPacket, c.family, "%v", args)
	}
	c, err := parseArgs([]string{"-0", "-6", "link"})
	require.NoError(t, err)
	require.Equal(t, netinfo.FamilyInet6, c.family, "the last family given wins")
	_, err = parseArgs([]string{"-f", "ipx", "link"})
	var ipe *ipError
	require.ErrorAs(t, err, &ipe)
	require.Equal(t, exitUsage, ipe.code)
	require.Equal(t, `Error: argument "ipx" is wrong: invalid protocol family`, ipe.msg)
}

func TestParseArgsErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string // substring of the message
	}{
		{"unknown object", []string{"foo"}, `unknown object "foo"`},
		{"m is maddress in ip", []string{"m"}, `unknown object "m"`},
		{"unknown option", []string{"-x", "link"}, `unknown option "-x"`},
		{"-n without name", []string{"-n"}, "-n needs a namespace name"},
		{"empty netns", []string{"-n", "", "link"}, "empty namespace name"},
		{"netns with slash", []string{"-n", "a/b", "link"}, `invalid namespace name "a/b"`},
		{"netns dotdot", []string{"-n", "..", "link"}, `invalid namespace name ".."`},
		{"a family ip has and ipinfo not", []string{"-f", "mpls", "link"}, "-family mpls is not supported by ipinfo"},
		{"-f without family", []string{"-f"}, "needs a family"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseArgs(tt.args)
			require.Error(t, err)
			require.True(t, isUsage(err), "a command-line mistake is a usage error: %v", err)
			require.Contains(t, err.Error(), tt.want)
			require.NotContains(t, err.Error(), "\n", "one-line message")
		})
	}
}

func TestRouteFamily(t *testing.T) {
	tests := []struct {
		args []string
		want netinfo.Family
	}{
		{[]string{"route"}, netinfo.FamilyInet},
		{[]string{"route", "show", "table", "local"}, netinfo.FamilyInet},
		{[]string{"route", "show", "table", "all"}, netinfo.FamilyAll},
		{[]string{"-6", "route"}, netinfo.FamilyInet6},
		{[]string{"-4", "route", "show", "table", "all"}, netinfo.FamilyInet},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			c, err := parseArgs(tt.args)
			require.NoError(t, err)
			require.Equal(t, tt.want, c.routeFamily())
		})
	}
}
