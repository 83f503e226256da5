package netinfo

import (
	"context"
	"errors"
	"fmt"
	"syscall"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

// This file is watching without a view: for consumers that keep their
// own state, events as the kernel sends them and resync markers only.

// WithoutView makes the watcher keep no view of what it delivered. It
// then sends the kernel's events as they come, and nothing else:
//
//   - no difference after an overflow: when events were lost, it empties
//     the receive queue and sends EventResyncStart then EventResyncDone
//     with nothing between; a consumer that sees them must read again
//     what it keeps (Routes, Addrs, ...). Every event after
//     EventResyncDone is delivered, so applying them in order to a dump
//     taken after EventResyncDone converges: an event older than the
//     dump is followed by the event of every later change.
//   - no events the kernel does not send: Linux removes routes without a
//     message when their link goes down or their preferred source
//     address goes away (see the package documentation), and a watcher
//     without a view does not read them again. A consumer that needs
//     them watches links and addresses and reads again itself, as one
//     built on `ip monitor` would.
//   - no deduplication: an event that changes nothing, a route replace
//     (one RTM_NEWROUTE for the route it replaced and itself) and an
//     IPv6 multipath append come as the kernel sent them.
//   - with WithInitialState, events queued during the initial dump
//     follow it, some already told by it.
//
// It costs no memory per object and less CPU per event than a watcher
// with a view (see bench/RESULTS.md, watch-scale).
func WithoutView() WatchOption { return func(o *watchOptions) { o.noView = true } }

// viewlessGroups lists the multicast groups of kinds and family: without
// a view there are no silent changes to follow, so only what is asked.
func viewlessGroups(kinds WatchKind, f Family) []uint32 {
	v4, v6 := f != FamilyInet6, f != FamilyInet
	var gs []uint32
	add := func(ok bool, g uint32) {
		if ok {
			gs = append(gs, g)
		}
	}
	add(kinds&WatchLinks != 0, linux.RTNLGRP_LINK)
	add(kinds&WatchAddrs != 0 && v4, linux.RTNLGRP_IPV4_IFADDR)
	add(kinds&WatchAddrs != 0 && v6, linux.RTNLGRP_IPV6_IFADDR)
	add(kinds&WatchRoutes != 0 && v4, linux.RTNLGRP_IPV4_ROUTE)
	add(kinds&WatchRoutes != 0 && v6, linux.RTNLGRP_IPV6_ROUTE)
	add(kinds&WatchNeighbors != 0, linux.RTNLGRP_NEIGH)
	return append(gs, objectGroups(kinds, f)...)
}

// groups lists the multicast groups a watcher with these options joins.
func (o *watchOptions) groups(kinds WatchKind) []uint32 {
	if o.noView {
		return append(viewlessGroups(kinds, o.family), o.msgs.extraGroups()...)
	}
	return watchGroups(kinds, o.family)
}

// loopWithoutView is the loop of a Watch with WithoutView: each event is
// copied out of the reused one, since the consumer may keep it.
func (w *Watcher) loopWithoutView(ctx context.Context) error {
	return w.runWithoutView(ctx, func(ev *Event) bool {
		return w.send(ctx, ev.Clone())
	}, nil)
}

// eventScratch holds the objects WatchFunc (with a view or without)
// decodes every event into.
type eventScratch struct {
	ev    Event
	link  Link
	addr  Addr
	route Route
	neigh Neighbor
}

// runWithoutView receives, decodes and delivers events until deliver
// or idle (called when the receive queue is empty, if not nil) says stop
// (nil), ctx ends (nil) or the transport fails.
func (w *Watcher) runWithoutView(ctx context.Context, deliver func(*Event) bool, idle func() bool) error {
	sc := new(eventScratch)
	if w.opts.initial {
		s, err := w.snapshot(ctx)
		if err != nil {
			return err
		}
		if !deliverSnapshot(s, deliver) || !deliver(&Event{Type: EventInitialDone}) {
			return nil
		}
	}
	buf := make([]byte, recvBufSize)
	rctx, stop := w.receiveContext(ctx)
	defer stop()
	for received := 0; ; {
		var halt, lost bool
		var derr error
		err := w.receiveEach(rctx, buf, func(b []byte) bool {
			if b == nil { // the queue is empty
				halt = idle != nil && !idle()
				return !halt
			}
			if halt, derr = eachMessage(b, func(mh nlmsg.Header, p, msg []byte) (bool, error) {
				// Into the scratch: a local escapes through deliver, an
				// allocation per event.
				var ok bool
				var err error
				if sc.ev, ok, err = w.decodeEventInto(mh, p, sc); err != nil {
					return false, err
				}
				if w.opts.msgs != nil {
					ok = w.opts.msgs.attach(&sc.ev, ok, msg)
				}
				return ok && !deliver(&sc.ev), nil
			}); halt || derr != nil {
				return false
			}
			received++
			lost = received%dropCheckEvery == 0 && w.lostSilently()
			return !lost
		})
		if halt || derr != nil {
			return derr
		}
		idle := errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil
		lost = lost || errors.Is(err, syscall.ENOBUFS) || idle && w.lostSilently()
		switch {
		case ctx.Err() != nil:
			return nil
		case lost:
			if !deliver(&Event{Type: EventResyncStart}) {
				return nil
			}
			if err := w.drain(ctx, buf); err != nil {
				return err
			}
			if w.drops != nil {
				if n, err := w.drops.Drops(); err == nil {
					w.dropsSeen, w.dropWatch = n, true
				}
			}
			if !deliver(&Event{Type: EventResyncDone}) {
				return nil
			}
		case idle:
		case err != nil:
			return wrapTransportError("watch", err)
		}
	}
}

// receiveContext returns the context a watcher's receives take: one that
// never ends, so that a receive does not arrange, for every datagram, to
// be woken when ctx ends (an allocation and a timer each). The end of ctx
// closes the connection instead, which ends a pending receive; the
// caller's loop then finds ctx done. stop undoes the arrangement.
func (w *Watcher) receiveContext(ctx context.Context) (rctx context.Context, stop func() bool) {
	return context.WithoutCancel(ctx), context.AfterFunc(ctx, func() { w.conn.Close() })
}

// deliverSnapshot delivers a dump as EventNew events; false means stop.
func deliverSnapshot(s *snapshot, deliver func(*Event) bool) bool {
	for i := range s.links {
		if !deliver(&Event{Type: EventNew, Link: &s.links[i]}) {
			return false
		}
	}
	for i := range s.addrs {
		if !deliver(&Event{Type: EventNew, Addr: &s.addrs[i]}) {
			return false
		}
	}
	for i := range s.routes {
		if !deliver(&Event{Type: EventNew, Route: &s.routes[i]}) {
			return false
		}
	}
	for i := range s.neighs {
		if !deliver(&Event{Type: EventNew, Neighbor: &s.neighs[i]}) {
			return false
		}
	}
	return true
}

// decodeEventInto turns one broadcast message into an event, its object
// decoded into sc (reused) or, with sc nil, into a new one. Messages of
// kinds or families not watched, and bridge-port notifications (link
// messages of family AF_BRIDGE, which are not link changes), are skipped.
func (w *Watcher) decodeEventInto(mh nlmsg.Header, p []byte, sc *eventScratch) (Event, bool, error) {
	ev := Event{Type: EventNew}
	switch mh.Type {
	case linux.RTM_DELLINK, linux.RTM_DELADDR, linux.RTM_DELROUTE, linux.RTM_DELNEIGH:
		ev.Type = EventDel
	}
	var err error
	switch mh.Type {
	case linux.RTM_NEWLINK, linux.RTM_DELLINK:
		if len(p) == 0 || Family(p[0]) != FamilyAll {
			return ev, false, nil
		}
		if sc != nil {
			ev.Link = &sc.link
		} else {
			ev.Link = new(Link)
		}
		err = decodeLink(p, ev.Link)
	case linux.RTM_NEWADDR, linux.RTM_DELADDR:
		if w.kinds&(WatchAddrs|WatchRoutes) == 0 {
			return ev, false, nil
		}
		if sc != nil {
			ev.Addr = &sc.addr
		} else {
			ev.Addr = new(Addr)
		}
		err = decodeAddr(p, ev.Addr)
		if err == nil && !w.familyOK(ev.Addr.Family) {
			return ev, false, nil
		}
	case linux.RTM_NEWROUTE, linux.RTM_DELROUTE:
		if w.kinds&WatchRoutes == 0 {
			return ev, false, nil
		}
		if sc != nil {
			ev.Route = &sc.route
		} else {
			ev.Route = new(Route)
		}
		err = decodeRoute(p, ev.Route)
		if err == nil && !w.familyOK(ev.Route.Family) {
			return ev, false, nil
		}
	case linux.RTM_NEWNEIGH, linux.RTM_DELNEIGH:
		if w.kinds&WatchNeighbors == 0 {
			return ev, false, nil
		}
		if sc != nil {
			ev.Neighbor = &sc.neigh
		} else {
			ev.Neighbor = new(Neighbor)
		}
		err = decodeNeighbor(p, ev.Neighbor)
		if err == nil && !w.familyOK(ev.Neighbor.Family) {
			return ev, false, nil
		}
	default:
		ok, err := w.decodeObjectEvent(mh, p, &ev) // rare: decoded into new objects
		return ev, ok, err
	}
	if err != nil {
		return ev, false, fmt.Errorf("netinfo: watch: message type %d: %w", mh.Type, err)
	}
	return ev, true, nil
}
