package conformance

import (
	"fmt"
	"sync"
	"testing"

	"github.com/rtnlx/rtnlx/netinfo"
)

// concurrency runs dumps and lookups from several goroutines beside a
// watcher on the same handle; under -race it also checks the handle's
// locking.
func (s *suite) concurrency(t *testing.T) {
	h := s.open(t)
	ctx := checkContext(t)
	w, err := h.Watch(ctx, s.profile.Watch|netinfo.WatchLinks, netinfo.WithInitialState())
	if err != nil {
		t.Fatalf("watch: %v", err)
	}
	drained := make(chan struct{})
	go func() {
		defer close(drained)
		for range w.Events() {
		}
	}()

	const workers, rounds = 4, 3
	errs := make(chan error, workers*rounds)
	var wg sync.WaitGroup
	for i := range workers {
		wg.Go(func() {
			for range rounds {
				st, err := dumpState(ctx, h, netinfo.WatchAll)
				if err != nil {
					errs <- fmt.Errorf("worker %d: %w", i, err)
					return
				}
				for _, l := range st.links {
					if _, err := h.LinkByName(ctx, l.Name); err != nil {
						errs <- fmt.Errorf("worker %d: LinkByName(%q): %w", i, l.Name, err)
						return
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if err := w.Close(); err != nil {
		t.Errorf("watcher Close: %v", err)
	}
	<-drained
	if err := w.Err(); err != nil {
		t.Errorf("watcher failed beside the dumps: %v", err)
	}
}
