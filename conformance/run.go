package conformance

import (
	"context"
	"slices"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/rtnlx/rtnlx/netinfo"
)

// checkTimeout bounds each check, so that a wedged backend fails the
// check rather than hanging the test binary.
const checkTimeout = 2 * time.Minute

// Run runs every check against target as subtests of t.
func Run(t *testing.T, target Target) {
	t.Helper()
	if target.Open == nil {
		t.Fatalf("conformance: target %q has no Open", target.Name)
	}
	for _, l := range target.Profile.Limits {
		if !slices.Contains(knownChecks, l.Check) {
			t.Fatalf("conformance: profile %q limits unknown check %q (known: %v)", target.Profile.Name, l.Check, knownChecks)
		}
		t.Logf("known limit of %s: %s: %s", target.Profile.Name, l.Check, l.Reason)
	}
	// Whatever runs when the suite starts is not the suite's to stop;
	// everything the suite starts must be gone when its subtests end.
	baseline := goleak.IgnoreCurrent()
	s := &suite{target: target, profile: &target.Profile}

	t.Run("invariants", s.invariants)
	t.Run("views", s.views)
	t.Run("errors", s.errors)
	t.Run("unsupported", s.unsupported)
	t.Run("concurrency", s.concurrency)
	t.Run("events", s.events)
	t.Run("initial-state", s.initialState)
	t.Run("resync", s.resync)
	t.Run("setters", s.setters)
	t.Run("raw", s.raw)
	t.Run("links", s.links)
	t.Run("rules", s.rules)
	t.Run("nexthops", s.nexthops)
	t.Run("route-get", s.routeGet)
	t.Run("batch", s.batch)
	t.Run("goroutines", func(t *testing.T) { s.goroutines(t, baseline) })
}

// A suite is one run of the checks on one target.
type suite struct {
	target  Target
	profile *Profile
}

// open opens a handle for one check and closes it when the check ends.
func (s *suite) open(t testing.TB, opts ...netinfo.Option) *netinfo.Handle {
	t.Helper()
	h, err := s.target.Open(t, opts...)
	if err != nil {
		t.Fatalf("opening %s: %v", s.target.Name, err)
	}
	t.Cleanup(func() { h.Close() })
	return h
}

// context gives a check its deadline.
func checkContext(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), checkTimeout)
	t.Cleanup(cancel)
	return ctx
}

// stable runs check up to three times on fresh reads until it passes,
// and fails t with its last complaint. A live system (a CI VM) may
// change between two reads; a real inconsistency does not go away.
func stable(t testing.TB, check func() string) {
	t.Helper()
	var msg string
	for attempt := range 3 {
		if msg = check(); msg == "" {
			return
		}
		time.Sleep(time.Duration(attempt+1) * 100 * time.Millisecond)
	}
	t.Fatal(msg)
}
