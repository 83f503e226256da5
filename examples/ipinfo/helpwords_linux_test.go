package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/nstest"
)

// This file compares what ip and ipinfo answer to a "help" word (or its
// abbreviation) in each position of rule, neigh, route, addr and link
// commands: where ip prints its usage, ipinfo prints its own usage of
// the same object with the same exit status; where ip reads the word as
// an argument and complains, or skips it, ipinfo answers as ip does.

// helpUsageForms are the lines ip answers with the object's usage on
// stderr and exit status 255.
var helpUsageForms = []struct{ line, object string }{
	{"help", ""}, {"h", ""}, {"-s neigh show help", "neigh"}, {"-j route add to help", "route"},
	{"rule help", "rule"}, {"rule h", "rule"}, {"rule add help", "rule"}, {"rule del help", "rule"},
	{"rule add h", "rule"},
	{"neigh help", "neigh"}, {"neigh show help", "neigh"}, {"neigh list help", "neigh"},
	{"neigh show h", "neigh"}, {"neigh show he", "neigh"}, {"neigh show to help", "neigh"},
	{"neigh show dev v0 help", "neigh"}, {"neigh flush help", "neigh"}, {"neigh add proxy help", "neigh"},
	{"neigh del proxy h", "neigh"}, {"neigh get help", "neigh"}, {"neigh get proxy help", "neigh"},
	{"neigh g to help", "neigh"},
	{"route help", "route"}, {"route add help", "route"}, {"route del help", "route"},
	{"route replace help", "route"}, {"route add to help", "route"}, {"route add unicast help", "route"},
	{"route replace blackhole help", "route"}, {"route del to help", "route"}, {"route get help", "route"},
	{"route get to help", "route"},
	{"addr help", "addr"}, {"addr show help", "addr"}, {"addr show h", "addr"},
	{"addr add help", "addr"}, {"addr del help", "addr"}, {"addr flush help", "addr"},
	{"link help", "link"}, {"link show help", "link"}, {"link show h", "link"}, {"link set help", "link"},
	{"link set h", "link"}, {"link add help", "link"}, {"link add h", "link"}, {"link del help", "link"},
}

// helpWordSteps are lines where ip does not print its usage for the
// help word: it reads it as an address, a prefix or a device and
// complains, or (neigh add|del|replace) skips it and reads the next word
// as the address. Applied in turn to twin namespaces.
var helpWordSteps = []string{
	"rule show help", "rule list help", "rule show h", "rule add from help", "rule show from help",
	"rule add to help", "rule add table help", "rule flush h",
	"neigh show dev help", "neigh add help", "neigh del help", "neigh replace help", "neigh add to help",
	"neigh add h", "neigh add help help", "neigh add help 10.1.0.5 dev nope", "neigh del help 10.1.0.99 dev v0",
	"neigh add help 10.1.0.5 lladdr 02:00:5e:00:00:05 dev v0", "neigh replace to he 10.1.0.5 lladdr 02:00:5e:00:00:06 dev v0",
	"neigh del h 10.1.0.5 dev v0", "neigh add lladdr help", "neigh add nud help",
	"neigh add 10.1.0.6 dev v0 lladdr 02:00:5e:00:00:06 lladdr 02:00:5e:00:00:07",
	"neigh add 10.1.0.6 dev v0 lladdr null nud stale", "neigh add 10.1.0.6 dev v0 lladdr zz",
	"route show help", "route list help", "route show h", "route show to help", "route flush help",
	"addr show to help", "addr add to help",
	"link set dev help", "link show dev help",
}

// TestHelpWordsMatchIP runs helpUsageForms and helpWordSteps with ip
// and ipinfo.
func TestHelpWordsMatchIP(t *testing.T) {
	ipNS, ourNS := newTwins(t)
	for _, f := range helpUsageForms {
		args := strings.Fields(f.line)
		wc, wo, we := runIP(t, ipNS, nil, args...)
		gc, gout, ge := runOurs(t, ourNS, args...)
		require.Equal(t, 255, wc, "ip's exit status for %q", f.line)
		require.True(t, strings.HasPrefix(we, "Usage: ip "), "ip prints its usage for %q: %q", f.line, we)
		require.Equal(t, wc, gc, "exit status of %q; ipinfo said %q", f.line, ge)
		require.Empty(t, wo+gout, "no output for %q", f.line)
		want := "usage: ipinfo [OPTIONS] [OBJECT [ARGS]]"
		if f.object != "" {
			want = "usage: ipinfo [OPTIONS] " + f.object + " ...\n"
		}
		require.True(t, strings.HasPrefix(ge, want), "ipinfo's usage for %q: %q", f.line, ge)
	}
	requireFlushesMatchIP(t, ipNS, ourNS, helpWordSteps, "namespace", func(ns *nstest.NS) string { return stateOf(t, ns) })
}
