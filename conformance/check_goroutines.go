package conformance

import (
	"testing"

	"go.uber.org/goleak"

	"github.com/rtnlx/rtnlx/netinfo"
)

// goroutines checks that nothing the suite started outlives it: every
// handle, watcher and dump is closed by now, so every goroutine they ran
// must be gone.
func (s *suite) goroutines(t *testing.T, baseline goleak.Option) {
	// Registered first, so it runs last: after the cleanups the target's
	// Open registers below (an emulated transport's Close).
	t.Cleanup(func() {
		if err := goleak.Find(baseline); err != nil {
			t.Errorf("goroutines left after Close: %v", err)
		}
	})
	// One more cycle with everything open, closed explicitly.
	h, err := s.target.Open(t)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	ctx := checkContext(t)
	w, err := h.Watch(ctx, s.profile.Watch|netinfo.WatchLinks)
	if err != nil {
		t.Fatalf("watch: %v", err)
	}
	if _, err := dumpState(ctx, h, netinfo.WatchAll); err != nil {
		t.Fatalf("dump: %v", err)
	}
	for _, err := range h.RoutesSeq(ctx, netinfo.RouteFilter{}) {
		if err != nil {
			t.Fatalf("routes: %v", err)
		}
		break // an abandoned iterator must not leave its reader behind
	}
	if err := h.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	for range w.Events() {
	}
	// Cleanups of earlier checks have run: each check is its own
	// subtest.
}
