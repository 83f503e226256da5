package netinfo

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"syscall"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

// A followUp is what the watcher reads again after an event, because
// the change behind it may have changed other objects without a message
// (the table in the package documentation lists each case).
type followUp struct {
	links  []int // links whose routes to read again
	addrs  bool  // read their addresses too
	gone   bool  // links[0] was deleted: drop what the view holds on it
	parent int   // a link to read again itself (see linkFollowUp)
}

// linkFollowUp is the follow-up of a link event: every change of a link's
// state (up, carrier, operational state), MTU or master, and any link not
// seen before, may have changed its routes and addresses silently; an up
// link's event that changes none of them may still have changed its
// routes' linkdown flags.
func linkFollowUp(typ EventType, l *Link, prev Link, known bool) followUp {
	if typ == EventDel {
		return followUp{links: []int{l.Index}, gone: true}
	}
	const state = LinkUp | LinkRunning | LinkLowerUp
	var fu followUp
	if !known && l.ParentIndex > 0 && l.ParentIndex != l.Index {
		// A veth pair is announced one end at a time: the first end's
		// message, sent before the second end exists, has no peer
		// (IFLA_LINK), and Linux does not announce it again once the
		// second appears.
		fu.parent = l.ParentIndex
	}
	if known && prev.Flags&state == l.Flags&state && prev.OperState == l.OperState &&
		prev.MTU == l.MTU && prev.MasterIndex == l.MasterIndex {
		if l.Flags&LinkUp != 0 {
			// The same state again can be the link watch's report of
			// carrier changes it took together (on, then off before it
			// ran): a route made meanwhile was announced with the carrier
			// it saw, and the NETDEV_CHANGE that comes with the report
			// then set or cleared its linkdown flag without a message.
			fu.links = []int{l.Index}
		}
		return fu
	}
	fu.links, fu.addrs = []int{l.Index}, true
	return fu
}

// addrFollowUp is the follow-up of an address event, for the routes the
// view holds: IPv4 removes the routes whose preferred source was a
// deleted address (fib_sync_down_addr), and every route of a link that
// lost its last address (fib_disable_ip), and revives the dead next hops
// of a link that gets one (fib_sync_up); IPv6 clears a deleted address
// from the routes of its link that preferred it (rt6_remove_prefsrc), and
// marks or clears next hops when IPv6 is turned off or on for a link.
func (v *view) addrFollowUp(kinds WatchKind, typ EventType, a *Addr) followUp {
	if kinds&WatchRoutes == 0 {
		return followUp{}
	}
	var fu followUp
	add := func(index int) {
		if !slices.Contains(fu.links, index) {
			fu.links = append(fu.links, index)
		}
	}
	for _, r := range v.routes.all() {
		if r.Family != a.Family {
			continue
		}
		switch {
		case typ == EventDel && routeUsesLink(&r, a.Index):
			add(a.Index)
		case typ == EventDel && r.PrefSrc == a.Prefix.Addr():
			add(r.OutIndex)
			for _, nh := range r.NextHops {
				add(nh.OutIndex)
			}
		case typ == EventNew && routeUsesLink(&r, a.Index) && routeDead(&r):
			add(a.Index)
		}
	}
	return fu
}

// ipv6InfoFollowUp is the follow-up of IPv6's own link message, sent when
// IPv6 starts on a link (its disable_ipv6 cleared, say), after the kernel
// revived the link's dead IPv6 next hops without a message.
func (v *view) ipv6InfoFollowUp(kinds WatchKind, index int) followUp {
	if kinds&WatchRoutes == 0 {
		return followUp{}
	}
	for _, r := range v.routes.all() {
		if r.Family == FamilyInet6 && routeUsesLink(&r, index) && routeDead(&r) {
			return followUp{links: []int{index}}
		}
	}
	return followUp{}
}

// routeDead tells whether a route or one of its next hops is dead or
// down, as the kernel marks them when their link goes away or down.
func routeDead(r *Route) bool {
	const dead = RouteDead | RouteLinkDown
	if r.Flags&dead != 0 {
		return true
	}
	return slices.ContainsFunc(r.NextHops, func(nh NextHop) bool { return nh.Flags&dead != 0 })
}

// ipv6InfoIndex tells whether a message is IPv6's own link message
// (RTM_NEWLINK of family AF_INET6) and for which link.
func ipv6InfoIndex(mh nlmsg.Header, p []byte) (int, bool) {
	if mh.Type != linux.RTM_NEWLINK || len(p) < 16 || Family(p[0]) != FamilyInet6 {
		return 0, false
	}
	return int(int32(binary.NativeEndian.Uint32(p[4:8]))), true
}

// follow reads again what fu names and sends the difference from the
// view. Linux sends a change's message before it has finished the
// change (a link's RTM_NEWLINK before its routes are flushed, an
// address's RTM_DELADDR before the routes that needed it go), so the
// re-read starts with a link request, which the kernel answers only
// under the lock (RTNL) that the change holds to its end: what follows
// sees the change complete.
func (w *Watcher) follow(ctx context.Context, fu followUp) error {
	if fu.parent > 0 {
		if err := w.rereadLink(ctx, fu.parent); err != nil {
			return err
		}
	}
	if len(fu.links) == 0 {
		return nil
	}
	if fu.gone {
		evs, reread := w.view.dropLink(fu.links[0])
		if !w.sendAll(ctx, evs) {
			return nil
		}
		for _, r := range reread {
			evs, err := w.rereadDst(ctx, r)
			if err != nil {
				if ctx.Err() != nil {
					return nil
				}
				return fmt.Errorf("netinfo: watch: routes to %v: %w", r.Dst, err)
			}
			if !w.sendAll(ctx, evs) {
				return nil
			}
		}
		return nil
	}
	if w.kinds&WatchRoutes == 0 && (!fu.addrs || w.kinds&WatchAddrs == 0) {
		return nil
	}
	stop := func(what string, index int, err error) error {
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("netinfo: watch: %s of link %d: %w", what, index, err)
	}
	if _, err := w.h.LinkByIndex(ctx, fu.links[0]); err != nil && !errors.Is(err, ErrNotFound) {
		return stop("barrier", fu.links[0], err)
	}
	for _, index := range fu.links {
		// Each read's difference is sent as soon as the view holds it:
		// a later read can fail (the link going meanwhile), and the view
		// must never hold what the consumer was not told.
		if w.kinds&WatchRoutes != 0 {
			evs, err := w.rereadRoutesOf(ctx, index)
			if errors.Is(err, ErrNotFound) {
				continue // the link went; its deletion follows
			}
			if err != nil {
				return stop("routes", index, err)
			}
			if !w.sendAll(ctx, evs) {
				return nil
			}
		}
		if fu.addrs && w.kinds&WatchAddrs != 0 {
			as, err := w.h.Addrs(ctx, AddrFilter{Family: w.opts.family, Index: index})
			if errors.Is(err, ErrNotFound) {
				continue
			}
			if err != nil {
				return stop("addresses", index, err)
			}
			as = slices.DeleteFunc(as, func(a Addr) bool { return !w.familyOK(a.Family) })
			if !w.sendAll(ctx, w.view.diffAddrsOf(index, as)) {
				return nil
			}
		}
	}
	return nil
}

// rereadRoutesOf reads the routes of link index again and returns the
// difference from the view, which it applies. A multipath route that
// lost its next hop on the link is read again by destination.
func (w *Watcher) rereadRoutesOf(ctx context.Context, index int) ([]Event, error) {
	rs, err := w.h.Routes(ctx, RouteFilter{Family: w.opts.family, OutIndex: index})
	if err != nil {
		return nil, err
	}
	rs = slices.DeleteFunc(rs, func(r Route) bool { return !w.familyOK(r.Family) })
	evs, shrunk := w.view.diffRoutesOf(index, rs)
	for _, r := range shrunk {
		more, err := w.rereadDst(ctx, r)
		if err != nil {
			// What the view took from the first read must still reach
			// the consumer; the error ends the watcher.
			w.sendAll(ctx, evs)
			return nil, err
		}
		evs = append(evs, more...)
	}
	return evs, nil
}

// sendAll sends evs, the difference a re-read found, in order; false
// when the watcher is stopping. The view notes the deletions among them
// (view.told).
func (w *Watcher) sendAll(ctx context.Context, evs []Event) bool {
	for _, ev := range evs {
		w.view.noteTold(&ev)
		if !w.send(ctx, ev) {
			return false
		}
	}
	return true
}

// diffRoutesOf brings the view's routes that use link index (as output
// link or as one next hop's) to fresh, a dump of them. While the view of
// routes is incomplete, a route it never held is not news and is left out.
// A multipath route missing from fresh may have lost only its next hop on
// the link and live on through the others, under another key (a lone
// IPv6 next hop is a plain route again): shrunk returns those, for the
// caller to read their destination again.
func (v *view) diffRoutesOf(index int, fresh []Route) (evs []Event, shrunk []Route) {
	if v.complete&WatchRoutes == 0 {
		fresh = slices.DeleteFunc(fresh, func(r Route) bool { _, ok := v.routes.get(keyOfRoute(&r)); return !ok })
	}
	evs = diffMap(nil, v.routes, &v.old.route, fresh, keyOfRoute, routesEqual, setRoute, func(r *Route) bool { return routeUsesLink(r, index) })
	for _, ev := range evs {
		if ev.Type == EventDel && len(ev.Route.NextHops) > 0 {
			shrunk = append(shrunk, *ev.Route)
		}
	}
	return evs, shrunk
}

// rereadDst reads the routes to r's destination in r's table again and
// returns the difference from the view.
func (w *Watcher) rereadDst(ctx context.Context, r Route) ([]Event, error) {
	dst := r.Dst
	rs, err := w.h.Routes(ctx, RouteFilter{Family: r.Family, Table: r.Table, Dst: &dst})
	switch {
	case errors.Is(err, syscall.ENOENT) || errors.Is(err, ErrNotFound):
		rs = nil // no such table (rtnlemu drops an emptied one): no routes
	case err != nil:
		return nil, err
	}
	same := func(x *Route) bool { return x.Family == r.Family && x.Table == r.Table && x.Dst == r.Dst }
	rs = slices.DeleteFunc(rs, func(x Route) bool { return !same(&x) })
	return diffMap(nil, w.view.routes, &w.view.old.route, rs, keyOfRoute, routesEqual, setRoute, same), nil
}

// diffAddrsOf is diffRoutesOf for the addresses of link index.
func (v *view) diffAddrsOf(index int, fresh []Addr) []Event {
	if v.complete&WatchAddrs == 0 {
		fresh = slices.DeleteFunc(fresh, func(a Addr) bool { _, ok := v.addrs.get(keyOfAddr(&a)); return !ok })
	}
	return diffMap(nil, v.addrs, &v.old.addr, fresh, keyOfAddr, addrsEqual, setAddr, func(a *Addr) bool { return a.Index == index })
}

// dropLink deletes what the view holds on a deleted link and returns the
// deletions. Linux announces the link's addresses, neighbours and IPv6
// routes going before the link itself, and removes its IPv4 routes
// silently; the deletions here tell those, and any other the view still
// holds. A multipath route with a next hop on the link may live on
// through its other next hops (IPv6) or go (IPv4): reread returns those,
// for the caller to read their destination again.
func (v *view) dropLink(index int) (evs []Event, reread []Route) {
	for k, a := range v.addrs.all() {
		if a.Index == index {
			v.addrs.del(k)
			evs = append(evs, Event{Type: EventDel, Addr: &a})
		}
	}
	for k, n := range v.neighs.all() {
		if n.Index == index {
			v.neighs.del(k)
			evs = append(evs, Event{Type: EventDel, Neighbor: &n})
		}
	}
	for k, r := range v.routes.all() {
		switch {
		case r.OutIndex == index && len(r.NextHops) == 0:
			v.routes.del(k)
			evs = append(evs, Event{Type: EventDel, Route: &r})
		case routeUsesLink(&r, index):
			reread = append(reread, r)
		}
	}
	return evs, reread
}

// rereadLink reads link index again for its peer (IFLA_LINK), which
// Linux set without a message (see linkFollowUp), and sends the link
// with it when the view lacks it. Only the peer is taken from the read:
// the rest of the link may be newer than events still queued, and the
// view must hold the link as the last event told it, since the queued
// events' follow-ups compare with it (a link seen up early would make
// its queued "up" look like no change, and its routes go unread).
func (w *Watcher) rereadLink(ctx context.Context, index int) error {
	l, err := w.h.LinkByIndex(ctx, index)
	switch {
	case errors.Is(err, ErrNotFound):
		return nil // gone: its deletion follows
	case err != nil:
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("netinfo: watch: link %d: %w", index, err)
	}
	prev, known := w.view.links[index]
	if !known || prev.ParentIndex == l.ParentIndex {
		return nil
	}
	prev.ParentIndex = l.ParentIndex
	w.view.links[index] = prev
	if w.kinds&WatchLinks != 0 {
		w.send(ctx, Event{Type: EventNew, Link: &prev})
	}
	return nil
}
