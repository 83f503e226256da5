package conformance

import (
	"bytes"
	"context"
	"fmt"
	"net/netip"
	"slices"
	"testing"

	"github.com/rtnlx/rtnlx/netinfo"
)

// An eventStep is one change and the event it must cause.
type eventStep struct {
	name string
	mut  Mutation
	kind netinfo.WatchKind // the kind of the expected event
	// match builds the predicate once the link index is known.
	match func(index int) func(netinfo.Event) bool
}

// eventSteps lists the changes the events check makes on link, in order:
// the link (when created), then per family an address, a route that is
// replaced, a neighbour that is changed and removed, then the removals.
//
// On a scratch link (not created) the MTU change is undone at the end,
// with its own event; oldMTU is the link's MTU before.
func (s *suite) eventSteps(link string, created bool, oldMTU uint32) []eventStep {
	p := s.profile
	adminDownRelaxed := p.limit(CheckLinkAdminDown) != ""
	mtuStep := func(name string, mtu uint32) eventStep {
		return eventStep{
			name: name, mut: Mutation{Op: OpLinkSetMTU, Link: link, MTU: mtu}, kind: netinfo.WatchLinks,
			match: func(index int) func(netinfo.Event) bool {
				return func(e netinfo.Event) bool {
					return e.Type == netinfo.EventNew && e.Link != nil && e.Link.Index == index && e.Link.MTU == mtu
				}
			},
		}
	}
	var steps []eventStep
	if created {
		steps = append(steps, eventStep{
			name: "link-add", mut: Mutation{Op: OpLinkAdd, Link: link}, kind: netinfo.WatchLinks,
			match: func(int) func(netinfo.Event) bool {
				return func(e netinfo.Event) bool {
					return e.Type == netinfo.EventNew && e.Link != nil && e.Link.Name == link
				}
			},
		})
	}
	changedMTU := uint32(testMTU)
	if oldMTU == testMTU {
		changedMTU = testMTU + 8
	}
	steps = append(steps, mtuStep("link-change", changedMTU))
	var tail []eventStep
	for _, fp := range familyPlans {
		fam := fp.family.String()
		if p.AddrFamilies.Has(fp.family) {
			steps = append(steps, eventStep{
				name: "addr-add-" + fam, mut: Mutation{Op: OpAddrAdd, Link: link, Prefix: fp.addr}, kind: netinfo.WatchAddrs,
				match: addrMatch(netinfo.EventNew, fp.addr),
			})
			tail = append(tail, eventStep{
				name: "addr-del-" + fam, mut: Mutation{Op: OpAddrDel, Link: link, Prefix: fp.addr}, kind: netinfo.WatchAddrs,
				match: addrMatch(netinfo.EventDel, fp.addr),
			})
		}
		if p.RouteFamilies.Has(fp.family) {
			steps = append(steps, eventStep{
				name: "route-add-" + fam, mut: Mutation{Op: OpRouteAdd, Link: link, Prefix: fp.route, Gateway: fp.gw}, kind: netinfo.WatchRoutes,
				match: routeMatch(netinfo.EventNew, fp.route, fp.gw),
			}, eventStep{
				name: "route-change-" + fam, mut: Mutation{Op: OpRouteReplace, Link: link, Prefix: fp.route, Gateway: fp.gw2}, kind: netinfo.WatchRoutes,
				match: routeMatch(netinfo.EventNew, fp.route, fp.gw2),
			})
			// Routes go before the address their gateway needs.
			tail = append([]eventStep{{
				name: "route-del-" + fam, mut: Mutation{Op: OpRouteDel, Link: link, Prefix: fp.route, Gateway: fp.gw2}, kind: netinfo.WatchRoutes,
				match: routeMatch(netinfo.EventDel, fp.route, netip.Addr{}),
			}}, tail...)
		}
		if p.NeighFamilies.Has(fp.family) {
			steps = append(steps, eventStep{
				name: "neigh-add-" + fam, mut: Mutation{Op: OpNeighAdd, Link: link, IP: fp.neigh, MAC: mac1.String()}, kind: netinfo.WatchNeighbors,
				match: neighMatch(netinfo.EventNew, fp.neigh, mac1.String()),
			}, eventStep{
				name: "neigh-change-" + fam, mut: Mutation{Op: OpNeighReplace, Link: link, IP: fp.neigh, MAC: mac2.String()}, kind: netinfo.WatchNeighbors,
				match: neighMatch(netinfo.EventNew, fp.neigh, mac2.String()),
			}, eventStep{
				name: "neigh-del-" + fam, mut: Mutation{Op: OpNeighDel, Link: link, IP: fp.neigh}, kind: netinfo.WatchNeighbors,
				match: neighMatch(netinfo.EventDel, fp.neigh, ""),
			})
		}
	}
	steps = append(steps, tail...)
	if !created {
		steps = append(steps, mtuStep("link-change-back", oldMTU))
	}
	if created {
		// Routes left on the link when it goes down and away: the
		// kernel removes them with it, and a watcher's consumer must see
		// them go too.
		for _, fp := range familyPlans {
			if p.RouteFamilies.Has(fp.family) {
				steps = append(steps, eventStep{
					name: "route-add-kept-" + fp.family.String(), mut: Mutation{Op: OpRouteAdd, Link: link, Prefix: fp.kept}, kind: netinfo.WatchRoutes,
					match: routeMatch(netinfo.EventNew, fp.kept, netip.Addr{}),
				})
			}
		}
		steps = append(steps, eventStep{
			name: "link-down", mut: Mutation{Op: OpLinkDown, Link: link}, kind: netinfo.WatchLinks,
			match: func(index int) func(netinfo.Event) bool {
				return func(e netinfo.Event) bool {
					if e.Type != netinfo.EventNew || e.Link == nil || e.Link.Index != index {
						return false
					}
					return e.Link.Flags&netinfo.LinkUp == 0 || adminDownRelaxed && e.Link.OperState == netinfo.OperDown
				}
			},
		})
		steps = append(steps, eventStep{
			name: "link-del", mut: Mutation{Op: OpLinkDel, Link: link}, kind: netinfo.WatchLinks,
			match: func(index int) func(netinfo.Event) bool {
				return func(e netinfo.Event) bool {
					return e.Type == netinfo.EventDel && e.Link != nil && e.Link.Index == index
				}
			},
		})
	}
	return steps
}

func addrMatch(typ netinfo.EventType, p netip.Prefix) func(int) func(netinfo.Event) bool {
	return func(index int) func(netinfo.Event) bool {
		return func(e netinfo.Event) bool {
			return e.Type == typ && e.Addr != nil && e.Addr.Index == index && e.Addr.Prefix == p
		}
	}
}

func routeMatch(typ netinfo.EventType, dst netip.Prefix, gw netip.Addr) func(int) func(netinfo.Event) bool {
	return func(int) func(netinfo.Event) bool {
		return func(e netinfo.Event) bool {
			return e.Type == typ && e.Route != nil && e.Route.Dst == dst && (!gw.IsValid() || e.Route.Gateway == gw)
		}
	}
}

func neighMatch(typ netinfo.EventType, ip netip.Addr, mac string) func(int) func(netinfo.Event) bool {
	return func(index int) func(netinfo.Event) bool {
		return func(e netinfo.Event) bool {
			return e.Type == typ && e.Neighbor != nil && e.Neighbor.Index == index && e.Neighbor.IP == ip &&
				(mac == "" || e.Neighbor.HardwareAddr.String() == mac)
		}
	}
}

// scratch picks the link the mutating checks work on: one the Mutator
// creates, or the target's ScratchLink. It reports false (and skips t)
// when there is neither.
func (s *suite) scratch(t *testing.T) (name string, created bool) {
	t.Helper()
	m := s.target.Mutator
	if m == nil {
		notApplicable(t, "the target has no Mutator")
	}
	if m.Supports(OpLinkAdd) && m.Supports(OpLinkDel) {
		return testLinkName, true
	}
	if s.target.ScratchLink != "" {
		return s.target.ScratchLink, false
	}
	notApplicable(t, "the Mutator cannot add links and the target names no scratch link")
	return "", false
}

// undo makes a best-effort removal of what the steps added, for a check
// that failed half-way on a system that outlives the test (a CI VM).
func (s *suite) undo(ctx context.Context, t testing.TB, steps []eventStep) {
	for i := len(steps) - 1; i >= 0; i-- {
		var op Op
		switch steps[i].mut.Op {
		case OpLinkAdd:
			op = OpLinkDel
		case OpAddrAdd:
			op = OpAddrDel
		case OpRouteAdd:
			op = OpRouteDel
		case OpNeighAdd:
			op = OpNeighDel
		default:
			continue
		}
		m := steps[i].mut
		m.Op = op
		if err := s.target.Mutator.Mutate(ctx, m); err == nil {
			t.Logf("cleanup: %s", m)
		}
	}
}

// events checks that each change the Mutator makes gives the matching
// event, in order, within the deadline, with no duplicates.
func (s *suite) events(t *testing.T) {
	link, created := s.scratch(t)
	m := s.target.Mutator
	h := s.open(t)
	ctx := checkContext(t)
	w, err := h.Watch(ctx, s.profile.Watch, netinfo.WithInitialState())
	if err != nil {
		t.Fatalf("watch: %v", err)
	}
	rec := newRecorder(w)
	defer rec.stop()
	initialDone, err := rec.waitFor(0, checkTimeout/2, func(e netinfo.Event) bool { return e.Type == netinfo.EventInitialDone })
	if err != nil {
		t.Fatalf("waiting for the initial state: %v", err)
	}
	// A second watcher, of IPv4 addresses and routes only, beside it.
	narrowKinds := netinfo.WatchAddrs | netinfo.WatchRoutes
	wn, err := h.Watch(ctx, narrowKinds, netinfo.WithWatchFamily(netinfo.FamilyInet))
	if err != nil {
		t.Fatalf("watch IPv4 addresses and routes: %v", err)
	}
	narrow := newRecorder(wn)
	defer narrow.stop()

	index := 0
	var oldMTU uint32
	if !created {
		l, err := h.LinkByName(ctx, link)
		if err != nil {
			t.Fatalf("scratch link %q: %v", link, err)
		}
		index, oldMTU = l.Index, l.MTU
		if m.Supports(OpLinkSetMTU) {
			defer func() { _ = m.Mutate(context.WithoutCancel(ctx), Mutation{Op: OpLinkSetMTU, Link: link, MTU: oldMTU}) }()
		}
	}
	steps := s.eventSteps(link, created, oldMTU)
	var done []eventStep
	defer func() {
		if t.Failed() {
			s.undo(context.WithoutCancel(ctx), t, done)
		}
	}()
	pos := initialDone + 1
	stepsFailed := false
	deadline := s.profile.eventDeadline()
	unordered := s.profile.limit(CheckEventOrder)
	for _, st := range steps {
		ok := t.Run(st.name, func(t *testing.T) {
			if !m.Supports(st.mut.Op) {
				notApplicable(t, "the Mutator cannot %s", st.mut.Op)
			}
			if err := m.Mutate(ctx, st.mut); err != nil {
				t.Fatalf("%s: %v", st.mut, err)
			}
			done = append(done, st)
			if st.mut.Op == OpLinkAdd {
				l, err := h.LinkByName(ctx, link)
				if err != nil {
					t.Fatalf("new link %q: %v", link, err)
				}
				index = l.Index
			}
			if s.profile.Watch&st.kind == 0 {
				notApplicable(t, "profile %s has no events for this kind", s.profile.Name)
			}
			from := pos
			if unordered != "" {
				from = initialDone + 1
			}
			at, err := rec.waitFor(from, deadline, st.match(index))
			if err != nil {
				var seen []string
				for _, ev := range rec.snapshot()[pos:] {
					seen = append(seen, describe(ev))
				}
				t.Fatalf("after %s: %v; events since the previous step:\n  %s", st.mut, err, joinLines(seen))
			}
			pos = at + 1
		})
		if !ok {
			// Later steps build on this one. (A skipped step is ok.)
			stepsFailed = true
			break
		}
	}
	if dups := duplicates(rec.snapshot()); len(dups) > 0 {
		t.Errorf("duplicate events:\n  %s", joinLines(dups))
	}
	if stepsFailed {
		return
	}
	t.Run("kind-and-family-filter", func(t *testing.T) {
		s.checkNarrowWatcher(t, narrow, narrowKinds, rec.snapshot()[initialDone+1:])
	})
	// Everything the steps did, and what the system did in consequence
	// (routes and addresses gone with the link), reached the consumer:
	// its view, from the initial state on, equals a fresh dump.
	t.Run("view-equals-dump", func(t *testing.T) {
		s.converge(t, ctx, h, rec, s.profile.Watch, newView(), func([]netinfo.Event) bool { return true })
	})
}

func joinLines(xs []string) string {
	var b bytes.Buffer
	for i, x := range xs {
		if i > 0 {
			b.WriteString("\n  ")
		}
		fmt.Fprint(&b, x)
	}
	return b.String()
}

// checkNarrowWatcher checks that a watcher of IPv4 addresses and routes
// got only those, and every one of them the full watcher got.
func (s *suite) checkNarrowWatcher(t *testing.T, narrow *recorder, kinds netinfo.WatchKind, full []netinfo.Event) {
	var want []string
	for _, ev := range full {
		switch {
		case ev.Addr != nil && ev.Addr.Family == netinfo.FamilyInet && s.profile.Watch&netinfo.WatchAddrs != 0,
			ev.Route != nil && ev.Route.Family == netinfo.FamilyInet && s.profile.Watch&netinfo.WatchRoutes != 0:
			want = append(want, describe(ev))
		}
	}
	if len(want) == 0 {
		notApplicable(t, "no IPv4 address or route events to compare")
	}
	// The narrow watcher may lag behind the full one: wait for the last
	// event the full one had.
	lastWanted := want[len(want)-1]
	if _, err := narrow.waitFor(0, s.profile.eventDeadline(), func(e netinfo.Event) bool { return describe(e) == lastWanted }); err != nil {
		t.Fatalf("the IPv4 address and route watcher never got %s: %v", lastWanted, err)
	}
	var got []string
	for _, ev := range narrow.snapshot() {
		switch {
		case ev.Link != nil, ev.Neighbor != nil:
			t.Errorf("watcher of %#x got %s", uint8(kinds), describe(ev))
		case ev.Addr != nil && ev.Addr.Family != netinfo.FamilyInet, ev.Route != nil && ev.Route.Family != netinfo.FamilyInet:
			t.Errorf("IPv4 watcher got %s", describe(ev))
		case ev.Addr != nil, ev.Route != nil:
			got = append(got, describe(ev))
		}
	}
	// Both watchers drop what tells nothing new, each from its own view,
	// so the narrow one holds at least the full one's IPv4 events.
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("the IPv4 watcher missed %s", w)
		}
	}
}
