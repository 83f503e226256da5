package main

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/nstest"
)

// requireFlushesMatchIP runs each of steps with ip in ipNS and with
// ipinfo in ourNS, twins: the same exit status, message and output, and
// the same state after each step as state reads it (what names it in
// failures). The state is read again for a moment when it differs, as
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
		require.Equal(t, normalizeIPText(wo), normalizeIPText(gout), "output of %q", line)
		requireSame(line)
	}
}
