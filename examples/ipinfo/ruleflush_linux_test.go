package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/nstest"
)

// ruleFlushSteps are the flushes applied in turn to twin namespaces
// holding ruleSelectFixture and ruleSelectFixture6: refusals, each
// selector, the protocol that only flush applies, -6, and at last
// everything but the local table's rule 0.
var ruleFlushSteps = []string{
	"rule flush help", "rule flush pref x", "rule flush protocol bogus", "rule flush from bogus", "rule flush tun_id",
	"rule flush pref 100", "rule flush fwmark 0x20/0xf0", "-j rule flush iif v2", "rule flush protocol static",
	"rule flush protocol boot", "rule flush table 5 ipproto udp", "rule f to 10.2.3.0/24", "rule flush not",
	"-6 rule flush from 2001:db8:1::/64", "-6 rule flush protocol bird", "rule flush pref 0", "rule flush l3mdev",
	"rule flush protocol all table 100", "-6 rule flush", "-j rule flush", "rule flush",
}

// TestRuleFlushMatchesIP applies ruleFlushSteps with ip and with ipinfo:
// the same exit status, messages and output, and the same namespaces
// (ip -j dumps) after each.
func TestRuleFlushMatchesIP(t *testing.T) {
	ipNS, ourNS := newTwins(t)
	for _, ns := range []*nstest.NS{ipNS, ourNS} {
		ns.Batch(t, ruleSelectFixture)
		for _, args := range ruleSelectFixture6 {
			ns.IP(t, args...)
		}
	}
	requireFlushesMatchIP(t, ipNS, ourNS, ruleFlushSteps, "namespace", func(ns *nstest.NS) string { return stateOf(t, ns) })
	require.Equal(t, "0:\tfrom all lookup local", strings.TrimSpace(ourNS.IP(t, "rule")), "flush leaves rule 0")
}
