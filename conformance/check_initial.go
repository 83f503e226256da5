package conformance

import (
	"context"
	"fmt"
	"net/netip"
	"testing"
	"time"

	"github.com/rtnlx/rtnlx/netinfo"
)

// burstSize is how many changes run while a watcher with initial state
// starts: enough to straddle its subscribe-then-dump window.
const burstSize = 24

// prepareLink creates the scratch link (when the Mutator can) and puts
// the family's test address on it, so that routes via a gateway can go
// on it. It registers the undoing on t.
func (s *suite) prepareLink(t *testing.T, ctx context.Context, link string, created bool, fp familyPlan) {
	t.Helper()
	m := s.target.Mutator
	if created {
		if err := m.Mutate(ctx, Mutation{Op: OpLinkAdd, Link: link}); err != nil {
			t.Fatalf("adding link %s: %v", link, err)
		}
		t.Cleanup(func() { _ = m.Mutate(context.Background(), Mutation{Op: OpLinkDel, Link: link}) })
	}
	if m.Supports(OpAddrAdd) {
		if err := m.Mutate(ctx, Mutation{Op: OpAddrAdd, Link: link, Prefix: fp.addr}); err != nil {
			t.Fatalf("adding address %s: %v", fp.addr, err)
		}
		t.Cleanup(func() { _ = m.Mutate(context.Background(), Mutation{Op: OpAddrDel, Link: link, Prefix: fp.addr}) })
	}
}

// burstRoute is the i-th route of a burst.
func burstRoute(fp familyPlan, i int) netip.Prefix {
	b := fp.storm.Addr().As16()
	if fp.storm.Addr().Is4() {
		b4 := fp.storm.Addr().As4()
		b4[2] = byte(200 + i/250) // 198.19.200.0/24 and up: clear of the storms
		b4[3] = byte(i % 250)
		return netip.PrefixFrom(netip.AddrFrom4(b4), 32)
	}
	b[6], b[7] = 0xff, byte(i) // 2001:db8:79:ffNN::/64
	return netip.PrefixFrom(netip.AddrFrom16(b), 64)
}

// initialState checks WithInitialState: the current state comes first,
// once per object, then EventInitialDone, then changes; and changes made
// while the watcher starts are neither lost nor doubled, so the view
// built from the events equals a fresh dump.
func (s *suite) initialState(t *testing.T) {
	m := s.target.Mutator
	h := s.open(t)
	ctx := checkContext(t)
	fp := planFor(s.profile.firstRouteFamily())
	burst := m != nil && m.Supports(OpRouteAdd) && m.Supports(OpRouteDel) && s.profile.Watch&netinfo.WatchRoutes != 0
	var link string
	if burst {
		var created bool
		link, created = s.scratch(t)
		s.prepareLink(t, ctx, link, created, fp)
	} else {
		t.Logf("no concurrent changes: the Mutator cannot add and remove routes, or routes are not watched")
	}

	burstDone := make(chan error, 1)
	start := make(chan struct{})
	if burst {
		t.Cleanup(func() {
			for i := range burstSize {
				_ = m.Mutate(context.Background(), Mutation{Op: OpRouteDel, Link: link, Prefix: burstRoute(fp, i)})
			}
		})
		go func() {
			<-start
			for i := range burstSize {
				if err := m.Mutate(ctx, Mutation{Op: OpRouteAdd, Link: link, Prefix: burstRoute(fp, i)}); err != nil {
					burstDone <- fmt.Errorf("burst route %d: %w", i, err)
					return
				}
			}
			burstDone <- nil
		}()
	} else {
		burstDone <- nil
	}

	close(start)
	w, err := h.Watch(ctx, s.profile.Watch, netinfo.WithInitialState())
	if err != nil {
		t.Fatalf("watch: %v", err)
	}
	rec := newRecorder(w)
	defer rec.stop()

	at, err := rec.waitFor(0, checkTimeout/2, func(e netinfo.Event) bool { return e.Type == netinfo.EventInitialDone })
	if err != nil {
		t.Fatalf("waiting for EventInitialDone: %v", err)
	}
	initial := rec.snapshot()[:at]
	seen := map[string]bool{}
	for _, ev := range initial {
		if ev.Type != netinfo.EventNew {
			t.Errorf("initial state holds a %s event: %s", ev.Type, describe(ev))
			continue
		}
		d := describe(ev)
		if seen[d] {
			t.Errorf("initial state tells the same object twice: %s", d)
		}
		seen[d] = true
	}
	if err := <-burstDone; err != nil {
		t.Fatal(err)
	}
	s.converge(t, ctx, h, rec, s.profile.Watch, newView(), func([]netinfo.Event) bool { return true })
}

// converge applies the recorded events to v until ready accepts the
// events so far and v equals a fresh dump of kinds, or fails after a
// deadline.
func (s *suite) converge(t *testing.T, ctx context.Context, h *netinfo.Handle, rec *recorder, kinds netinfo.WatchKind, v *view, ready func([]netinfo.Event) bool) {
	t.Helper()
	applied := 0
	deadline := time.Now().Add(2*s.profile.eventDeadline() + 10*time.Second)
	last := "(no comparison made: the events never allowed one)"
	for {
		events := rec.snapshot()
		for _, ev := range events[applied:] {
			v.apply(ev)
		}
		applied = len(events)
		if ready(events) {
			st, err := dumpState(ctx, h, kinds)
			if err != nil {
				t.Fatalf("fresh dump: %v", err)
			}
			// Compare only when no event arrived meanwhile: the dump and
			// the view then describe the same moment, unless a change is
			// still on its way, which the next round picks up.
			if len(rec.snapshot()) == applied {
				if last = v.diffState(st, kinds, s.profile.SilentNeighbors); last == "" {
					return
				}
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the watcher's view never matched a fresh dump; last difference:\n%s\nevents: %s", last, summarize(rec.snapshot()))
		}
		time.Sleep(100 * time.Millisecond)
	}
}
