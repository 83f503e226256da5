package conformance

import (
	"context"
	"testing"

	"github.com/rtnlx/rtnlx/netinfo"
)

// stormSize is the number of route additions in a storm (a quarter of
// them are removed again).
const stormSize = 2000

// resync checks the resync contract: after the target loses events, the
// watcher emits EventResyncStart, the difference, EventResyncDone, and
// its consumer's view then equals a fresh dump.
func (s *suite) resync(t *testing.T) {
	if reason := s.profile.limit(CheckResync); reason != "" {
		notApplicable(t, "known limit: %s", reason)
	}
	m := s.target.Mutator
	canStorm := m != nil && m.Supports(OpStorm)
	canOverflow := m != nil && m.Supports(OpOverflow)
	if !canStorm && !canOverflow {
		notApplicable(t, "the Mutator can neither storm nor force an overflow")
	}
	fp := planFor(s.profile.firstRouteFamily())
	ctx := checkContext(t)
	link, created := s.scratch(t)
	s.prepareLink(t, ctx, link, created, fp)

	h := s.open(t, s.profile.OverflowOptions...)
	kinds := s.profile.Watch
	// An unbuffered channel and a consumer that does not read: the
	// watcher blocks, its transport's queue fills up during the storm.
	w, err := h.Watch(ctx, kinds, netinfo.WithInitialState(), netinfo.WithEventBuffer(0))
	if err != nil {
		t.Fatalf("watch: %v", err)
	}
	initial := newView()
	for ev := range w.Events() {
		if ev.Type == netinfo.EventInitialDone {
			break
		}
		initial.apply(ev)
	}

	// A forced overflow where the target has one, a storm otherwise.
	mut := Mutation{Op: OpStorm, Link: link, Prefix: fp.storm, Count: stormSize}
	if canOverflow {
		mut.Op = OpOverflow
	}
	t.Cleanup(func() {
		// The storm's routes go with a created link; from a scratch link
		// they must be removed.
		if !created && canStorm {
			_ = m.Mutate(context.Background(), Mutation{Op: OpStormUndo, Link: link, Prefix: fp.storm, Count: stormSize})
		}
	})
	if err := m.Mutate(ctx, mut); err != nil {
		w.Close()
		t.Fatalf("%s: %v", mut, err)
	}
	rec := newRecorder(w)
	defer rec.stop()
	// The view goes on from the initial state; it is compared with a
	// dump once every resync that started is done.
	resyncs := func(events []netinfo.Event) (starts, dones int) {
		for _, ev := range events {
			switch ev.Type {
			case netinfo.EventResyncStart:
				starts++
			case netinfo.EventResyncDone:
				dones++
			}
		}
		return starts, dones
	}
	s.converge(t, ctx, h, rec, kinds, initial, func(events []netinfo.Event) bool {
		starts, dones := resyncs(events)
		return starts > 0 && starts == dones
	})
	starts, dones := resyncs(rec.snapshot())
	if starts == 0 {
		t.Errorf("%s caused no EventResyncStart: the overflow was not forced, so the contract was not exercised", mut.Op)
	}
	if starts != dones {
		t.Errorf("%d EventResyncStart but %d EventResyncDone", starts, dones)
	}
}
