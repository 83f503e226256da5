package main

import (
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/nstest"
)

// neighAgesText matches the ages `ip -s -s neigh flush` prints of each
// entry it deletes, which differ between twins made one after the other.
var neighAgesText = regexp.MustCompile(` used [0-9]+/[0-9]+/[0-9]+probes`)

// normalizeNeighFlush makes the ages in a neighbour flush's output one
// word and sorts the entries listed in each round: the kernel lists a
// table in its hash order, which each namespace seeds at random.
func normalizeNeighFlush(s string) string {
	lines := strings.Split(neighAgesText.ReplaceAllString(s, " used N/N/Nprobes"), "\n")
	start := 0
	for i := 0; i <= len(lines); i++ {
		if i == len(lines) || lines[i] == "" || strings.HasPrefix(lines[i], "***") {
			sort.Strings(lines[start:i])
			start = i + 1
		}
	}
	return strings.Join(lines, "\n")
}

// requireFlushesMatchIP runs each of steps with ip in ipNS and with
// ipinfo in ourNS, twins: the same exit status, message and output, and
// the same state after each step as state reads it (what names it in
// failures); of neighbours, the ages -s -s prints and the order of a
// round's entries are not compared (normalizeNeighFlush). The
// state is read again for a moment when it differs, as
// the kernel may still be removing what a flush asked.
func requireFlushesMatchIP(t *testing.T, ipNS, ourNS *nstest.NS, steps []string, what string, state func(*nstest.NS) string) {
	t.Helper()
	requireSame := func(after string) {
		t.Helper()
		var want, got string
		for attempt := range 4 {
			if attempt > 0 {
				time.Sleep(300 * time.Millisecond)
			}
			if want, got = state(ipNS), state(ourNS); want == got {
				return
			}
		}
		require.Equal(t, want, got, "the %s left after %q (left: ip's, right: ipinfo's)", what, after)
	}
	requireSame("setup")
	for _, line := range steps {
		args := strings.Fields(line)
		wc, wo, we := runIP(t, ipNS, nil, args...)
		gc, gout, ge := runOurs(t, ourNS, args...)
		require.Equal(t, wc, gc, "exit status of %q; ip said %q, ipinfo %q", line, we, ge)
		require.Equal(t, we, ge, "message of %q", line)
		wo, gout = normalizeIPText(wo), normalizeIPText(gout)
		if what == "neighbours" {
			wo, gout = normalizeNeighFlush(wo), normalizeNeighFlush(gout)
		}
		require.Equal(t, wo, gout, "output of %q", line)
		requireSame(line)
	}
}
