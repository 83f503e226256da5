package netinfo

import (
	"context"
	"fmt"
	"slices"
)

// nexthopFollowUp is what a watcher reads again after an event because
// of nexthop objects, which Linux changes without messages:
//
//   - deleting a nexthop deletes the routes that use it (directly or
//     through a group) with no RTM_DELROUTE for them;
//   - a link going down, losing its carrier or going away deletes the
//     nexthops that use it (nexthop_flush_dev) and takes them out of
//     their groups, with no message at all.
type nexthopFollowUp struct {
	routes, nexthops bool
}

// nexthopFollowUpOf tells, before ev is applied to the view, what it
// makes the watcher read again.
func (w *Watcher) nexthopFollowUpOf(ev *Event) nexthopFollowUp {
	var f nexthopFollowUp
	switch {
	case ev.Nexthop != nil && ev.Type == EventDel:
		f.routes = w.kinds&WatchRoutes != 0 && w.view.routesUseNexthops()
	case ev.Link != nil && w.kinds&WatchNexthops != 0:
		// nh_netdev_event flushes on NETDEV_DOWN, and on NETDEV_CHANGE
		// when the link is neither running nor lower-up. A link not in
		// the view (links unwatched, no message yet) may have been alive.
		alive := func(f LinkFlags) bool { return f&LinkUp != 0 && f&(LinkRunning|LinkLowerUp) != 0 }
		prev, known := w.view.links.get(ev.Link.Index)
		if ev.Type == EventDel || !alive(ev.Link.Flags) && (!known || alive(prev.Flags)) {
			f.nexthops = w.view.nexthopsUseLink(ev.Link.Index)
		}
	}
	return f
}

// routesUseNexthops reports whether a route of the view names a nexthop.
func (v *view) routesUseNexthops() bool {
	for _, r := range v.routes.all() {
		if r.NHID != 0 {
			return true
		}
	}
	return false
}

// nexthopsUseLink reports whether a nexthop of the view leaves through
// the link (a group follows its members).
func (v *view) nexthopsUseLink(index int) bool {
	for _, n := range v.nexthops.all() {
		if n.OutIndex == index {
			return true
		}
	}
	return false
}

// followNexthops reads again what f names and sends the difference
// from the view as ordinary events.
func (w *Watcher) followNexthops(ctx context.Context, f nexthopFollowUp) error {
	var s snapshot
	var kinds WatchKind
	var err error
	if f.routes {
		kinds |= WatchRoutes
		if s.routes, err = w.h.Routes(ctx, RouteFilter{Family: w.opts.family}); err != nil {
			return w.followError(ctx, err)
		}
		s.routes = slices.DeleteFunc(s.routes, func(r Route) bool { return !w.familyOK(r.Family) })
	}
	if f.nexthops {
		kinds |= WatchNexthops
		if s.nexthops, err = w.h.Nexthops(ctx, NexthopFilter{}); err != nil {
			return w.followError(ctx, err)
		}
	}
	if kinds == 0 {
		return nil
	}
	for _, ev := range w.view.diff(kinds, &s) {
		if !w.send(ctx, ev) {
			return nil
		}
	}
	return nil
}

func (w *Watcher) followError(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return nil // the watcher is stopping
	}
	return fmt.Errorf("netinfo: watch: re-reading after a nexthop change: %w", err)
}
