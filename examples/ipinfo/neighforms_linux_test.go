package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/nstest"
)

// This file compares the forms of `ipinfo neigh show` beyond the
// selectors (-s with each entry's ages, references and probes; -br) and
// the unused selector, and neigh flush with -s -s and unused, with ip's,
// in newNeighSelectNS's namespaces. Entries whose timer runs (reachable,
// delay, probe, incomplete) hold a reference: unused leaves them out.

// neighFormLines are the `neigh show` lines compared, text and -j.
var neighFormLines = []string{
	"-s neigh", "-s neigh show nud all", "-s neigh show dev v0", "-s neigh show dev v0 nud all",
	"-s neigh show proxy", "-s -s neigh show nud all", "-s -6 neigh show nud all", "-s neigh show master br0 nud all",
	"-br neigh", "-br neigh show nud all", "-br neigh show dev v0", "-br neigh show proxy", "-br -6 neigh show",
	"-br neigh show dev tap0 nud all", "-s -br neigh show nud all",
	"neigh show unused", "neigh show unused nud all", "neigh show dev v0 unused nud all", "neigh show unused nud reachable",
	"neigh show unused nud probe nud stale", "neigh show proxy unused", "-6 neigh show unused nud all",
	"-s neigh show unused nud all", "-br neigh show unused", "neigh show unused unused",
	"-s neigh get 10.1.0.12 dev v0", "-s neigh get 10.1.0.13 dev v0", "-s neigh get proxy 10.1.0.99 dev v0",
	"-s -6 neigh get 2001:db8:1::10 dev v0",
}

// TestNeighShowFormsMatchIP compares `ipinfo [-j] [-s|-br] neigh show
// [unused] SELECTOR` with ip's.
func TestNeighShowFormsMatchIP(t *testing.T) {
	ns := newNeighSelectNS(t, "ipnsf")
	// The fixture's timers hold references: unused must drop some.
	require.Contains(t, ns.IP(t, "-s", "neigh", "show", "nud", "all"), " ref 1 ")
	require.NotContains(t, ns.IP(t, "-s", "neigh", "show", "unused", "nud", "all"), " ref ")
	compareLines(t, ns, neighFormLines)

	// The ages compareLines leaves out: ipinfo's, read just after ip's,
	// are the same or a little more.
	key := func(o map[string]any) string { return fmt.Sprint(o["dst"], " ", o["dev"]) }
	ipAges := map[string]map[string]any{}
	for _, v := range ipJSONAny(t, ns, "-s", "neigh", "show", "nud", "all") {
		o := v.(map[string]any)
		ipAges[key(o)] = o
	}
	checked := 0
	for _, v := range ipinfoJSONAny(t, ns, "-s", "neigh", "show", "nud", "all") {
		o := v.(map[string]any)
		want, ok := ipAges[key(o)]
		if !ok || strings.HasPrefix(key(o), "ff02") || strings.HasPrefix(key(o), "224.") {
			continue // a multicast entry the kernel made in between
		}
		for _, k := range []string{"used", "confirmed", "updated"} {
			w, g := want[k].(float64), o[k].(float64)
			require.True(t, g >= w && g <= w+3, "%s of %s: ip %v, ipinfo %v", k, key(o), w, g)
		}
		require.Equal(t, want["refcnt"], o["refcnt"], "refcnt of %s", key(o))
		require.Equal(t, want["probes"], o["probes"], "probes of %s", key(o))
		checked++
	}
	require.Greater(t, checked, 10)
}

// neighFlushFormSteps are the flushes applied in turn to twin
// namespaces: unused, and -s -s listing the entries with their cache
// info.
var neighFlushFormSteps = []string{
	"-s -s neigh flush unused dev v0 nud stale",
	"-s neigh flush unused nud reachable",
	"-s -s neigh flush nud reachable",
	"-j -s neigh flush nud delay", "-j -s -s neigh flush nud probe", "-j neigh flush nud incomplete",
	"neigh flush unused nud all dev v1",
	"-s -s -6 neigh flush nud all",
	"-s -s neigh flush unused proxy",
	"-s -s neigh flush unused nud all",
	"-s -s neigh flush nud all",
	"-s -s neigh flush nud all",
}

// TestNeighFlushFormsMatchIP applies neighFlushFormSteps with ip and
// with ipinfo to twin namespaces: the same exit status, messages and
// output (the ages -s -s prints aside), and the same state after each,
// dumped with ip -j.
func TestNeighFlushFormsMatchIP(t *testing.T) {
	ipNS, ourNS := newNeighSelectNS(t, "ipnffa"), newNeighSelectNS(t, "ipnffb")
	requireFlushesMatchIP(t, ipNS, ourNS, neighFlushFormSteps, "neighbours", func(ns *nstest.NS) string { return stateOf(t, ns) })
	left := ourNS.IP(t, "-4", "neigh", "show", "nud", "all")
	require.NotContains(t, left, "PERMANENT", "flush nud all leaves only NOARP entries")
	require.Contains(t, left, "10.1.0.11 dev v0 lladdr 02:00:5e:00:00:11 NOARP")
}
