package main

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/nstest"
)

// neighNoneSteps are neigh add|change|replace lines in state NONE (nud
// none, nud 0) and with managed (NDA_FLAGS_EXT), which sets NONE as ip
// does unless a later nud says otherwise; the kernel's refusals of a
// permanent or proxy managed entry; and the entries' get.
var neighNoneSteps = []string{
	"neigh add 10.1.0.40 dev v0 lladdr 02:00:5e:00:00:40 nud none",
	"neigh add 10.1.0.40 dev v0 nud none",
	"neigh replace 10.1.0.41 dev v0 lladdr 02:00:5e:00:00:41 nud none",
	"neigh add 10.1.0.42 dev v0 lladdr 02:00:5e:00:00:42 nud stale",
	"neigh change 10.1.0.42 dev v0 nud none",
	"neigh change 10.1.0.42 dev v0 nud stale",
	"neigh change 10.1.0.42 dev v0 lladdr 02:00:5e:00:00:43 nud 0",
	"neigh chg 10.1.0.42 dev v0 lladdr 02:00:5e:00:00:43 nud reachable",
	"neigh replace 10.1.0.42 dev v0 nud none",
	"-6 neigh add 2001:db8:1::40 dev v0 nud none",
	"neigh add 10.1.0.50 dev v0 managed",
	"neigh add 10.1.0.51 dev v0 lladdr 02:00:5e:00:00:51 managed",
	"neigh add 10.1.0.52 dev v0 lladdr 02:00:5e:00:00:52 managed nud stale",
	"neigh add 10.1.0.53 dev v0 lladdr 02:00:5e:00:00:53 nud permanent managed",
	"neigh add 10.1.0.54 dev v0 lladdr 02:00:5e:00:00:54 managed nud permanent",
	"neigh add 10.1.0.55 dev v0 managed router",
	"neigh replace 10.1.0.41 dev v0 managed",
	"neigh change 10.1.0.40 dev v0 managed",
	"neigh add proxy 10.1.0.95 dev v0 managed",
	"-6 neigh add 2001:db8:1::50 dev v0 managed",
	"neigh get 10.1.0.40 dev v0", "neigh get 10.1.0.51 dev v0", "-j neigh get 10.1.0.51 dev v0",
	"neigh del 10.1.0.50 dev v0",
}

// neighNoneShows are the show forms compared, text and -j, on the
// namespace the steps left.
var neighNoneShows = []string{
	"neigh show nud all", "neigh show nud none", "neigh show nud all dev v0", "neigh show",
	"neigh show nud incomplete", "-br neigh show nud all", "-o neigh show nud none", "neigh show 10.1.0.51",
	"-6 neigh show nud all dev v0",
}

// TestNeighNoneManagedMatchIP applies neighNoneSteps with ip and with
// ipinfo to twin namespaces (whose neighbour timers are an hour, so that
// managed entries stay INCOMPLETE): the same answers and namespaces
// (ip -j dumps) after each; then compares the show forms of what is left.
func TestNeighNoneManagedMatchIP(t *testing.T) {
	ipNS, ourNS := newNeighSelectNS(t, "ipnna"), newNeighSelectNS(t, "ipnnb")
	requireFlushesMatchIP(t, ipNS, ourNS, neighNoneSteps, "namespace", func(ns *nstest.NS) string { return stateOf(t, ns) })
	require.Contains(t, ipNS.IP(t, "neigh", "show", "nud", "all", "dev", "v0"), "10.1.0.51 managed INCOMPLETE")
	compareLines(t, ourNS, neighNoneShows)
}
