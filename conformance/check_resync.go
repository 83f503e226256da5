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
	// An unbuffered channel: while the recorder is paused the watcher
	// blocks, and its transport's queue fills up during the storm.
	w, err := h.Watch(ctx, kinds, netinfo.WithInitialState(), netinfo.WithEventBuffer(0))
	if err != nil {
		t.Fatalf("watch: %v", err)
	}
	rec := newRecorder(w)
	defer rec.stop()
	if _, err := rec.waitFor(0, checkTimeout/2, func(e netinfo.Event) bool { return e.Type == netinfo.EventInitialDone }); err != nil {
		t.Fatalf("waiting for the initial state: %v", err)
	}
	s.replacedRoute(t, ctx, rec, link, fp)

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
	rec.pause()
	err = m.Mutate(ctx, mut)
	rec.resume()
	if err != nil {
		t.Fatalf("%s: %v", mut, err)
	}
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
	s.converge(t, ctx, h, rec, kinds, newView(), func(events []netinfo.Event) bool {
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

// replacedRoute adds a route and replaces it with another gateway before
// the overflow, preferring IPv6, where the kernel keeps one route per
// destination, metric and link and a replace sends no deletion of the
// old next hop: the resync's difference must not delete the route that
// replaced it. The watcher must have told both changes beforehand.
func (s *suite) replacedRoute(t *testing.T, ctx context.Context, rec *recorder, link string, base familyPlan) {
	t.Helper()
	m := s.target.Mutator
	if !m.Supports(OpRouteAdd) || !m.Supports(OpRouteReplace) || s.profile.Watch&netinfo.WatchRoutes == 0 {
		return
	}
	fp := base
	if s.profile.RouteFamilies.Has(netinfo.FamilyInet6) {
		fp = planFor(netinfo.FamilyInet6)
	}
	if fp.family != base.family && m.Supports(OpAddrAdd) {
		if err := m.Mutate(ctx, Mutation{Op: OpAddrAdd, Link: link, Prefix: fp.addr}); err != nil {
			t.Fatalf("adding address %s: %v", fp.addr, err)
		}
		t.Cleanup(func() { _ = m.Mutate(context.Background(), Mutation{Op: OpAddrDel, Link: link, Prefix: fp.addr}) })
	}
	t.Cleanup(func() { _ = m.Mutate(context.Background(), Mutation{Op: OpRouteDel, Link: link, Prefix: fp.route}) })
	for _, mut := range []Mutation{
		{Op: OpRouteAdd, Link: link, Prefix: fp.route, Gateway: fp.gw},
		{Op: OpRouteReplace, Link: link, Prefix: fp.route, Gateway: fp.gw2},
	} {
		if err := m.Mutate(ctx, mut); err != nil {
			t.Fatalf("%s: %v", mut, err)
		}
		if _, err := rec.waitFor(0, s.profile.eventDeadline(), routeMatch(netinfo.EventNew, mut.Prefix, mut.Gateway)(0)); err != nil {
			t.Fatalf("after %s: %v", mut, err)
		}
	}
}
