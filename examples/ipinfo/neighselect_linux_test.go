package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/nstest"
)

// This file compares `ipinfo neigh show|flush SELECTOR` with ip's, in
// namespaces holding neighbours in every NUD state, proxy entries, an
// externally learned entry, and entries on bridge ports.

// neighSelectFixture adds to ifaSelectFixture's links the neighbours:
// one per state on v0 (the timers that move them are stopped), IPv6
// ones, entries on the bridge ports v1 and tap0, and proxy entries.
var neighSelectFixture = []string{
	"neigh add 10.1.0.10 dev v0 lladdr 02:00:5e:00:00:10 nud permanent",
	"neigh add 10.1.0.11 dev v0 lladdr 02:00:5e:00:00:11 nud noarp",
	"neigh add 10.1.0.12 dev v0 lladdr 02:00:5e:00:00:12 nud reachable",
	"neigh add 10.1.0.13 dev v0 lladdr 02:00:5e:00:00:13 nud stale",
	"neigh add 10.1.0.14 dev v0 lladdr 02:00:5e:00:00:14 nud delay",
	"neigh add 10.1.0.15 dev v0 lladdr 02:00:5e:00:00:15 nud probe",
	"neigh add 10.1.0.16 dev v0 nud failed",
	"neigh add 10.1.0.17 dev v0 nud incomplete",
	"neigh add 10.1.0.18 dev v0 lladdr 02:00:5e:00:00:18 nud none",
	"neigh add 10.1.0.19 dev v0 lladdr 02:00:5e:00:00:19 nud stale extern_learn",
	"neigh add 10.1.0.20 dev v0 lladdr 02:00:5e:00:00:20 nud stale protocol static",
	"neigh add 10.1.0.21 dev v0 lladdr 02:00:5e:00:00:21 nud permanent protocol 99",
	"neigh add 10.1.0.30 dev v1 lladdr 02:00:5e:00:00:30 nud permanent",
	"neigh add 10.1.0.31 dev v1 lladdr 02:00:5e:00:00:31 nud stale",
	"neigh add 2001:db8:1::10 dev v0 lladdr 02:00:5e:00:01:10 router nud stale",
	"neigh add 2001:db8:1::11 dev v0 lladdr 02:00:5e:00:01:11 nud permanent",
	"neigh add 2001:db8:2::5 dev tap0 lladdr 02:00:5e:00:02:05 nud reachable",
	"neigh add proxy 10.1.0.99 dev v0",
	"neigh add proxy 10.1.0.98 dev v1",
	"neigh add proxy 2001:db8:1::99 dev v0",
}

// newNeighSelectNS makes a namespace holding ifaSelectFixture and
// neighSelectFixture, with the neighbour timers set to an hour so that
// no entry changes state while the test runs.
func newNeighSelectNS(t *testing.T, prefix string) *nstest.NS {
	ns := nstest.New(t, prefix)
	ns.Exec(t, "sh", "-c", "echo 0 > /proc/sys/net/ipv6/conf/default/accept_dad && echo 0 > /proc/sys/net/ipv6/conf/all/accept_dad")
	ns.Batch(t, ifaSelectFixture)
	slowNeighTimers(t, ns, "v0", "v1", "tap0")
	ns.Batch(t, neighSelectFixture)
	return ns
}

// neighShowSelectors are the `neigh show` lines compared, text and -j.
var neighShowSelectors = []string{
	"neigh", "neigh show", "neigh list", "n s", "neigh show nud all", "neigh show nud permanent",
	"neigh show nud noarp", "neigh show nud reachable", "neigh show nud stale", "neigh show nud delay",
	"neigh show nud probe", "neigh show nud failed", "neigh show nud incomplete", "neigh show nud none",
	"neigh show nud 0", "neigh show nud 0x80", "neigh show nud 4", "neigh show nud 3", "neigh show nud 0x100",
	"neigh show nud p", "neigh show nud r", "neigh show nud f", "neigh show nud stale nud permanent",
	"neigh show nud all nud none", "neigh show nud bogus", "neigh show nud",
	"neigh show proxy", "neigh show proxy dev v0", "-4 neigh show proxy", "-6 neigh show proxy",
	"neigh show proxy nud stale", "neigh show proxy 10.1.0.96/30", "neigh show proxy master br0",
	"neigh show dev v0", "neigh show dev v1", "neigh show dev tap0 nud all", "neigh show dev nope",
	"neigh show dev v0 dev v1", "neigh show dev", "neigh show dev if3", "neigh show dev veth-zero",
	"neigh show master br0", "neigh show master br0 nud all", "neigh show nomaster", "neigh show nomaster nud all",
	"neigh show master nope", "neigh show master", "neigh show vrf br0", "neigh show vrf nope",
	"neigh show 10.1.0.12", "neigh show to 10.1.0.12", "neigh show 10.1.0.16/30", "neigh show to 10.1.0.0/24 nud all",
	"neigh show 10/8", "neigh show to 2001:db8:1::/64", "neigh show 2001:db8:1::10", "neigh show to default",
	"neigh show to all nud all", "-4 neigh show to 2001:db8::/32", "-6 neigh show 10.0.0.0/8", "neigh show to bogus",
	"neigh show to", "neigh show 10.0.0.0/33",
	"-4 neigh", "-6 neigh", "-4 neigh show nud all", "-6 neigh show nud all", "-6 neigh show dev v0",
	"neigh show dev v0 nud stale to 10.1.0.0/28", "neigh show master br0 10.1.0.31",
	"neigh show protocol static", "neigh show proto 99", "neigh show p 4", "neigh show protocol all",
	"neigh show protocol bogus", "neigh show protocol", "neigh show nud all protocol 0",
}

// slowNeighTimers sets the neighbour timers of the links devs to an
// hour, so that no entry changes state while a test runs (a namespace has
// no neigh/default to set: each link's own).
func slowNeighTimers(t *testing.T, ns *nstest.NS, devs ...string) {
	t.Helper()
	var sysctl []string
	for _, dev := range devs {
		for _, f := range []string{"ipv4", "ipv6"} {
			for _, kv := range []string{"base_reachable_time_ms=3600000", "delay_first_probe_time=3600", "retrans_time_ms=3600000"} {
				k, v, _ := strings.Cut(kv, "=")
				sysctl = append(sysctl, "echo "+v+" > /proc/sys/net/"+f+"/neigh/"+dev+"/"+k)
			}
		}
	}
	ns.Exec(t, "sh", "-c", strings.Join(sysctl, " && "))
}

// TestNeighShowSelectorsMatchIP compares `ipinfo [-j] neigh show
// SELECTOR` with ip's.
func TestNeighShowSelectorsMatchIP(t *testing.T) {
	ns := newNeighSelectNS(t, "ipns")
	compareLines(t, ns, neighShowSelectors)
}

// neighFlushSteps are the flushes applied in turn to twin namespaces.
var neighFlushSteps = []string{
	"neigh flush",
	"neigh flush dev nope",
	"neigh flush nud bogus",
	"neigh flush master nope",
	"neigh flush to bogus",
	"-s neigh flush 10.2.0.0/16",
	"-s neigh flush nud probe",
	"-s neigh flush dev v0 nud delay nud failed",
	"neigh flush master br0 nud stale",
	"-s neigh flush proxy dev v1",
	"-6 neigh flush dev v0",
	"neigh flush 10.1.0.12",
	"-s neigh flush nud all dev v0",
	"-s -s neigh flush proxy",
	"neigh flush protocol static",
	"-s neigh flush nud permanent",
	"neigh flush nud all",
	"neigh flush nud noarp",
}

// TestNeighFlushSelectorsMatchIP applies neighFlushSteps with ip and
// with ipinfo to twin namespaces: the same exit status, messages and
// output, and the same neighbours left after each.
func TestNeighFlushSelectorsMatchIP(t *testing.T) {
	ipNS, ourNS := newNeighSelectNS(t, "ipnfa"), newNeighSelectNS(t, "ipnfb")
	neighs := func(ns *nstest.NS) string {
		var lines []string
		for _, args := range [][]string{{"neigh", "show", "nud", "all"}, {"neigh", "show", "proxy"}} {
			for _, l := range strings.Split(ns.IP(t, args...), "\n") {
				if !strings.HasPrefix(l, "ff02::") && !strings.HasPrefix(l, "224.") {
					lines = append(lines, strings.TrimRight(l, " "))
				}
			}
		}
		return sortedRecords(strings.Join(lines, "\n"))
	}
	requireFlushesMatchIP(t, ipNS, ourNS, neighFlushSteps, "neighbours", neighs)
	require.NotContains(t, neighs(ourNS), "10.1.0.", "the last flushes leave no IPv4 entry")
}
