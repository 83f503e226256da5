package main

import (
	"testing"

	"github.com/rtnlx/rtnlx/internal/nstest"
)

// neighChangeSteps are neigh add|change|replace|del lines beyond
// TestChangesMatchIP's: change and its abbreviations, nud states as
// nud_state_a2n reads them (abbreviations, numbers), lladdr null, and
// refusals.
var neighChangeSteps = []string{
	"neigh add 10.1.0.5 dev v0 lladdr 02:00:5e:00:00:05 nud stale",
	"neigh change 10.1.0.5 dev v0 lladdr 02:00:5e:00:00:09",
	"neigh change 10.1.0.9 dev v0 lladdr 02:00:5e:00:00:09",
	"neigh chg 10.1.0.5 dev v0 nud r",
	"neigh c 10.1.0.5 dev v0 nud 0x4",
	"neigh c 10.1.0.5 dev v0 nud 3",
	"neigh c 10.1.0.5 dev v0 nud 0x100",
	"neigh change help",
	"neigh c",
	"neigh change 10.1.0.5",
	"neigh add 10.1.0.6 dev v0 lladdr 02:00:5e:00:00:06 nud p",
	"neigh add 10.1.0.7 dev v0 nud f",
	"neigh add 2001:db8:1::7 dev v0 lladdr 02:00:5e:00:00:07 nud 0x40 router",
	"neigh replace 10.1.0.6 dev v0 lladdr null nud stale",
	"neigh r 10.1.0.6 dev v0 lladdr 02:00:5e:00:00:0a nud delay",
	"neigh change proxy 10.1.0.99 dev v0",
	"neigh add proxy 10.1.0.99 dev v0",
	"neigh change proxy 10.1.0.99 dev v0",
	"neigh d proxy 10.1.0.99 dev v0",
	"neigh del 10.1.0.7 dev v0",
	"-6 neigh change 2001:db8:1::7 dev v0 lladdr 02:00:5e:00:00:08 nud permanent",
}

// TestNeighChangesMatchIP applies neighChangeSteps with ip and with
// ipinfo to twin namespaces: the same answers and the same namespaces
// (ip -j dumps) after each.
func TestNeighChangesMatchIP(t *testing.T) {
	ipNS, ourNS := newTwins(t)
	requireFlushesMatchIP(t, ipNS, ourNS, neighChangeSteps, "namespace", func(ns *nstest.NS) string { return stateOf(t, ns) })
}
