package main

import (
	"os/exec"
	"testing"

	"github.com/rtnlx/rtnlx/internal/nstest"
)

// neighChangeSteps are neigh add|change|replace|del lines beyond
// TestChangesMatchIP's: change and its abbreviations, nud states as
// nud_state_a2n reads them (abbreviations, numbers), lladdr null, and
// refusals; neigh get.
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
	"neigh add 10.1.0.20 dev v0 lladdr 02:00:5e:00:00:20 nud stale protocol static",
	"neigh add 10.1.0.21 dev v0 lladdr 02:00:5e:00:00:21 prot 99 nud reachable",
	"neigh add 10.1.0.22 dev v0 protocol bogus", "neigh add 10.1.0.22 dev v0 protocol",
	"neigh replace 10.1.0.20 dev v0 lladdr 02:00:5e:00:00:22 nud stale use",
	"neigh add dev v0 pro 10.1.0.96", "neigh del pro 10.1.0.96 dev v0",
	// neigh get: the entry, printed in text even with -j, or ip's refusals
	"neigh add proxy 10.1.0.98 dev v0", "neigh add proxy 10.1.0.97",
	"neigh get 10.1.0.5 dev v0", "-j neigh get 10.1.0.5 dev v0", "-br neigh get 10.1.0.5 dev v0",
	"neigh g to 10.1.0.5 dev v0", "-6 neigh get 2001:db8:1::7 dev v0", "neigh get 10.1.0.7 dev v0",
	"neigh get 10.1.0.5 dev v1", "neigh get proxy 10.1.0.98 dev v0", "-j neigh get proxy 10.1.0.98 dev v0",
	"neigh get proxy 10.1.0.97", "neigh get proxy 10.1.0.98", "neigh del proxy 10.1.0.97", "neigh get proxy 10.1.0.97",
	"neigh get 10.1.0.5", "neigh get 10.1.0.5 dev nope",
	"neigh get 10.1.0.5 10.1.0.6 dev v0",
	"neigh get proxy 10.1.0.98 proxy 10.1.0.5 dev v0", "neigh get 10.1.0.5/24 dev v0", "-6 neigh get 10.1.0.5 dev v0",
	"neigh get dev v0", "neigh get", "neigh get to",
}

// TestNeighChangesMatchIP applies neighChangeSteps with ip and with
// ipinfo to twin namespaces: the same answers and the same namespaces
// (ip -j dumps) after each.
func TestNeighChangesMatchIP(t *testing.T) {
	ipNS, ourNS := newTwins(t)
	for _, ns := range []*nstest.NS{ipNS, ourNS} {
		// A reachable entry turns stale at a random moment in each.
		slowNeighTimers(t, ns, "v0")
	}
	t.Cleanup(func() {
		// A proxy entry on no link outlives its namespace (the kernel
		// frees only those of links that go): never leave one.
		for _, ns := range []*nstest.NS{ipNS, ourNS} {
			_ = exec.Command("ip", "-n", ns.Name, "neigh", "del", "proxy", "10.1.0.97").Run() // gone already unless a step failed
		}
	})
	requireFlushesMatchIP(t, ipNS, ourNS, neighChangeSteps, "namespace", func(ns *nstest.NS) string { return stateOf(t, ns) })
}
