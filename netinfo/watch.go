package netinfo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"syscall"
	"time"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

// WatchKind is a set of object kinds to watch.
type WatchKind uint8

// Kinds to watch.
const (
	WatchLinks WatchKind = 1 << iota
	WatchAddrs
	WatchRoutes
	WatchNeighbors
	// WatchRules and WatchNexthops are Linux's policy rules and nexthop
	// objects; WatchAll, which every backend serves, leaves them out.
	WatchRules
	WatchNexthops

	WatchAll = WatchLinks | WatchAddrs | WatchRoutes | WatchNeighbors
)

// EventType says what an Event is.
type EventType uint8

// Event types.
const (
	EventNew         EventType = iota + 1 // an object appeared or changed
	EventDel                              // an object went away
	EventResyncStart                      // events were lost; the difference follows
	EventResyncDone                       // the view is consistent again
	EventInitialDone                      // WithInitialState: the current state has been sent
	EventMessage                          // WithMessages: a message not decoded into an object
)

// String prints new, del, resync-start, resync-done, initial-done or
// message.
func (t EventType) String() string {
	switch t {
	case EventNew:
		return "new"
	case EventDel:
		return "del"
	case EventResyncStart:
		return "resync-start"
	case EventResyncDone:
		return "resync-done"
	case EventInitialDone:
		return "initial-done"
	case EventMessage:
		return "message"
	}
	return itoa(uint64(t))
}

// An Event is one change. Exactly one of Link, Addr, Route and Neighbor
// is set for EventNew and EventDel; none for the markers.
type Event struct {
	Type     EventType
	Link     *Link
	Addr     *Addr
	Route    *Route
	Neighbor *Neighbor
	Rule     *Rule
	Nexthop  *Nexthop
	// Message is, with WithMessages, the netlink message (header and
	// payload) the event came in; nil otherwise. See WithMessages.
	Message []byte
}

// Clone returns a copy of e that shares nothing with it: its object and
// Message are copied too. WatchFunc's fn calls it for an event it keeps,
// since WatchFunc reuses the Event, its object and its Message.
func (e *Event) Clone() Event {
	c := *e
	switch {
	case e.Link != nil:
		l := *e.Link
		c.Link = &l
	case e.Addr != nil:
		a := *e.Addr
		c.Addr = &a
	case e.Route != nil:
		r := *e.Route
		c.Route = &r
	case e.Neighbor != nil:
		n := *e.Neighbor
		c.Neighbor = &n
	case e.Rule != nil:
		r := *e.Rule
		c.Rule = &r
	case e.Nexthop != nil:
		n := *e.Nexthop
		c.Nexthop = &n
	}
	c.Message = bytes.Clone(e.Message)
	return c
}

// A WatchOption configures Watch.
type WatchOption func(*watchOptions)

type watchOptions struct {
	initial bool
	family  Family
	buffer  int
	noView  bool            // WithoutView (watch_viewless.go)
	view    bool            // WithView (watch_func.go)
	idle    func() error    // WithIdle (watch_func.go)
	msgs    *messageOptions // WithMessages (watch_message.go)
}

// WithInitialState makes the watcher first emit the current state as
// EventNew events, then EventInitialDone, then changes. It subscribes
// before it dumps, so nothing that happens meanwhile is missed, and it
// drops the queued events that the dump already told.
func WithInitialState() WatchOption { return func(o *watchOptions) { o.initial = true } }

// WithWatchFamily restricts address, route and neighbour events to one
// family (FamilyInet or FamilyInet6).
func WithWatchFamily(f Family) WatchOption { return func(o *watchOptions) { o.family = f } }

// WithEventBuffer sets the capacity of the Events channel (default 1024).
// Events wait in the kernel's socket buffer beyond it.
func WithEventBuffer(n int) WatchOption { return func(o *watchOptions) { o.buffer = n } }

// A Watcher delivers events until its context ends or it is closed.
//
// Events arrive in the order the kernel sent them. If the transport
// overflows (ENOBUFS), the watcher dumps the watched kinds again and
// sends the difference from what it had delivered as ordinary events
// between EventResyncStart and EventResyncDone, so the consumer's view
// never silently diverges from the system.
type Watcher struct {
	h      *Handle
	conn   Conn
	kinds  WatchKind
	opts   watchOptions
	events chan Event
	cancel context.CancelFunc
	done   chan struct{}
	view   *view

	// drops, when the transport counts the messages it dropped, backs up
	// ENOBUFS (see lostSilently); dropsSeen is its count at the last
	// drain, and dropWatch is set once an overflow has been seen.
	drops     dropCounter
	dropsSeen uint32
	dropWatch bool

	// deliver, set by WatchFunc with WithView, takes the events in
	// place of the channel, in the loop's goroutine (deliverInPlace):
	// cur is the Event it is given, scratch holds the objects messages
	// decode into (both reused), onIdle is WithIdle's, and stopped is
	// set once deliver has said stop.
	deliver func(*Event) bool
	onIdle  func() bool
	cur     Event
	scratch *eventScratch
	stopped bool

	coal coalescer // watch_coalesce.go

	mu  sync.Mutex
	err error
}

// Watch subscribes to changes of the given kinds. The subscription is in
// place when Watch returns.
//
// Latency: an event is read as soon as it comes, except in a storm
// (events less than 2 ms apart), where Watch reads in batches, sleeping
// between reads, and an event waits at most about 2 ms: each wake-up of
// the consumer's goroutine then serves a batch rather than an event.
func (h *Handle) Watch(ctx context.Context, kinds WatchKind, opts ...WatchOption) (*Watcher, error) {
	var o watchOptions
	for _, opt := range opts {
		opt(&o)
	}
	if o.idle != nil {
		// Its consumer reads a channel in another goroutine: there is
		// no moment when it has taken every event to call fn in.
		return nil, invalid("watch", "WithIdle", "only WatchFunc takes it")
	}
	w, wctx, err := h.openWatcher(ctx, kinds, opts)
	if err != nil {
		return nil, err
	}
	w.coal.delay = coalesceDelay // each wake-up wakes the consumer too
	go w.run(wctx)
	return w, nil
}

// openWatcher subscribes and registers a watcher, whose loop is left to
// the caller to run (Watch in a goroutine, WatchFunc in its own).
func (h *Handle) openWatcher(ctx context.Context, kinds WatchKind, opts []WatchOption) (*Watcher, context.Context, error) {
	o := watchOptions{buffer: 1024}
	for _, opt := range opts {
		opt(&o)
	}
	if known := WatchAll | watchObjectKinds; kinds&known == 0 || kinds&^known != 0 {
		return nil, nil, fmt.Errorf("netinfo: watch: invalid kinds %#x", uint8(kinds))
	}
	if o.view && o.noView {
		return nil, nil, invalid("watch", "WithView", "contradicts WithoutView")
	}
	if o.msgs != nil && !o.noView {
		// A view would tell what the messages do not (its re-reads).
		return nil, nil, invalid("watch", "WithMessages", "needs a watcher without a view (WatchFunc or WithoutView)")
	}
	if o.family != FamilyAll && o.family != FamilyInet && o.family != FamilyInet6 {
		return nil, nil, fmt.Errorf("netinfo: watch: family %v: %w", o.family, ErrNotSupported)
	}
	if h.isClosed() {
		return nil, nil, ErrClosed
	}
	conn, err := h.dial(ctx)
	if err != nil {
		return nil, nil, wrapTransportError("watch", err)
	}
	for _, g := range o.groups(kinds) {
		if err := conn.JoinGroup(g); err != nil {
			conn.Close()
			return nil, nil, wrapTransportError(fmt.Sprintf("watch: join group %d", g), err)
		}
	}
	wctx, cancel := context.WithCancel(ctx)
	w := &Watcher{
		h:      h,
		conn:   conn,
		kinds:  kinds,
		opts:   o,
		events: make(chan Event, max(o.buffer, 0)),
		cancel: cancel,
		done:   make(chan struct{}),
		view:   newView(),
	}
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		cancel()
		conn.Close()
		return nil, nil, ErrClosed
	}
	h.watchers[w] = struct{}{}
	h.mu.Unlock()

	w.drops, _ = conn.(dropCounter)
	return w, wctx, nil
}

// A dropCounter is a Conn that counts the messages it dropped (Linux:
// the socket's sk_drops, from SO_MEMINFO).
type dropCounter interface {
	Drops() (uint32, error)
}

// After a first overflow, a watcher whose transport counts drops checks
// the count every dropCheckEvery datagrams and whenever it has waited
// dropCheckIdle for one.
const (
	dropCheckEvery = 256
	dropCheckIdle  = 100 * time.Millisecond
)

// lostSilently tells whether the transport dropped messages since the
// last drain. Linux reports ENOBUFS once per congestion episode, and a
// socket can stay congested, dropping every broadcast, with no further
// report: seen here in storms on a small buffer, where a watcher then
// waited forever while its view went stale. The drop counter does not
// depend on that report.
func (w *Watcher) lostSilently() bool {
	if w.drops == nil || !w.dropWatch {
		return false
	}
	n, err := w.drops.Drops()
	return err == nil && n != w.dropsSeen
}

// watchGroups lists the multicast groups for kinds and family.
func watchGroups(kinds WatchKind, f Family) []uint32 {
	v4, v6 := f != FamilyInet6, f != FamilyInet
	var gs []uint32
	add := func(ok bool, g uint32) {
		if ok {
			gs = append(gs, g)
		}
	}
	// Links are followed whatever is watched, and addresses for routes
	// too: Linux changes routes without a message when a link or an
	// address changes (see the package documentation), and only that event tells
	// the watcher to look. IPv6's own link messages say when IPv6 comes
	// back on a link.
	routes := kinds&WatchRoutes != 0
	add(true, linux.RTNLGRP_LINK)
	add((kinds&WatchAddrs != 0 || routes) && v4, linux.RTNLGRP_IPV4_IFADDR)
	add((kinds&WatchAddrs != 0 || routes) && v6, linux.RTNLGRP_IPV6_IFADDR)
	add(routes && v4, linux.RTNLGRP_IPV4_ROUTE)
	add(routes && v6, linux.RTNLGRP_IPV6_ROUTE)
	add(routes && v6, linux.RTNLGRP_IPV6_IFINFO)
	add(kinds&WatchNeighbors != 0, linux.RTNLGRP_NEIGH)
	return append(gs, objectGroups(kinds, f)...)
}

// Events is the channel of events; it is closed when the watcher stops.
func (w *Watcher) Events() <-chan Event { return w.events }

// Err tells why the watcher stopped, once Events is closed: nil after
// Close or the end of the context, the failure otherwise.
func (w *Watcher) Err() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// Close stops the watcher and waits for its goroutine to end.
func (w *Watcher) Close() error {
	w.cancel()
	<-w.done
	return nil
}

func (w *Watcher) run(ctx context.Context) {
	defer w.finish()
	loop := w.loop
	if w.opts.noView {
		loop = w.loopWithoutView
	}
	err := loop(ctx)
	if err != nil && ctx.Err() == nil && !w.h.isClosed() {
		w.mu.Lock()
		w.err = err
		w.mu.Unlock()
	}
}

func (w *Watcher) loop(ctx context.Context) error {
	if w.opts.initial {
		s, err := w.snapshot(ctx)
		if err != nil {
			return err
		}
		for _, ev := range w.view.diff(w.kinds, s) {
			if !w.send(ctx, ev) {
				return nil
			}
		}
		if !w.send(ctx, Event{Type: EventInitialDone}) {
			return nil
		}
	}
	buf := make([]byte, recvBufSize)
	rctx, stop := w.receiveContext(ctx)
	defer stop()
	for received := 0; ; {
		var halt, lost bool
		var herr error
		err := w.receiveEach(rctx, buf, func(b []byte) bool {
			if b == nil { // the queue is empty
				halt = w.onIdle != nil && !w.onIdle()
				return !halt
			}
			if halt, herr = eachMessage(b, func(mh nlmsg.Header, p, _ []byte) (bool, error) {
				return w.handleMessage(ctx, mh, p)
			}); halt || herr != nil {
				return false
			}
			received++
			lost = received%dropCheckEvery == 0 && w.lostSilently()
			return !lost
		})
		if halt || herr != nil {
			return herr
		}
		idle := errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil
		lost = lost || errors.Is(err, syscall.ENOBUFS) || idle && w.lostSilently()
		switch {
		case lost:
			if err := w.resync(ctx, buf); err != nil {
				return err
			}
		case idle:
			// an idle check found nothing lost
		case err != nil:
			return wrapTransportError("watch", err)
		}
	}
}

// handleMessage turns one broadcast message into the events it means and
// sends them, then reads again what the change behind it may have
// changed without a message of its own. It reports stop when the watcher
// is stopping.
func (w *Watcher) handleMessage(ctx context.Context, mh nlmsg.Header, p []byte) (stop bool, err error) {
	if index, ok := ipv6InfoIndex(mh, p); ok {
		return false, w.follow(ctx, w.view.ipv6InfoFollowUp(w.kinds, index))
	}
	ev, ok, err := w.decodeEventInto(mh, p, w.scratch)
	if err != nil || !ok {
		return false, err
	}
	nf := w.nexthopFollowUpOf(&ev)
	var fu followUp
	switch {
	case ev.Link != nil:
		prev, known := w.view.links[ev.Link.Index]
		fu = linkFollowUp(ev.Type, ev.Link, prev, known)
	case ev.Addr != nil:
		fu = w.view.addrFollowUp(w.kinds, ev.Type, ev.Addr)
		if w.kinds&WatchAddrs == 0 {
			return false, w.follow(ctx, fu) // heard for routes' sake only
		}
	}
	// The replace first: the route it replaced may be one that a
	// multipath route's next hop absorbs too.
	if ev.Route != nil && ev.Type == EventNew && mh.Flags&linux.NLM_F_REPLACE != 0 {
		dels, ambiguous := w.view.replacedBy(ev.Route)
		if ambiguous { // the re-read tells this event too
			evs, err := w.rereadDst(ctx, *ev.Route)
			if err != nil {
				if ctx.Err() != nil {
					return true, nil
				}
				return false, fmt.Errorf("netinfo: watch: routes to %v: %w", ev.Route.Dst, err)
			}
			for _, e := range evs {
				if !w.send(ctx, e) {
					return true, nil
				}
			}
			return false, nil
		}
		for _, del := range dels {
			if !w.send(ctx, del) {
				return true, nil
			}
		}
	}
	if ev.Route != nil && ev.Route.Family == FamilyInet6 {
		evs, consumed := w.view.reshapeIPv6(ev.Type, ev.Route)
		for _, e := range evs {
			if !w.send(ctx, e) {
				return true, nil
			}
		}
		if consumed {
			return false, nil
		}
	}
	if w.view.apply(&ev) && (ev.Link == nil || w.kinds&WatchLinks != 0) {
		if !w.send(ctx, ev) {
			return true, nil
		}
	}
	if err := w.follow(ctx, fu); err != nil {
		return false, err
	}
	return false, w.followNexthops(ctx, nf)
}

// finish undoes openWatcher once the loop has ended: it closes the
// connection, forgets the watcher and closes its channels.
func (w *Watcher) finish() {
	w.conn.Close()
	w.h.mu.Lock()
	delete(w.h.watchers, w)
	w.h.mu.Unlock()
	close(w.events)
	close(w.done)
}

// send delivers one event, or gives up when the watcher stops.
func (w *Watcher) send(ctx context.Context, ev Event) bool {
	if w.deliver != nil {
		return w.deliverInPlace(ev)
	}
	select {
	case w.events <- ev:
		return true
	case <-ctx.Done():
		return false
	}
}

// familyOK keeps the IP families (and the one asked for, if any), as the
// dump filters do.
func (w *Watcher) familyOK(f Family) bool { return familyMatch(w.opts.family, f) }

// snapshot is a dump of the watched kinds.
type snapshot struct {
	links    []Link
	addrs    []Addr
	routes   []Route
	neighs   []Neighbor
	rules    []Rule
	nexthops []Nexthop
}

func (w *Watcher) snapshot(ctx context.Context) (*snapshot, error) {
	var s snapshot
	var err error
	if w.kinds&WatchLinks != 0 {
		if s.links, err = w.h.Links(ctx); err != nil {
			return nil, err
		}
	}
	if w.kinds&WatchAddrs != 0 {
		if s.addrs, err = w.h.Addrs(ctx, AddrFilter{Family: w.opts.family}); err != nil {
			return nil, err
		}
		s.addrs = slices.DeleteFunc(s.addrs, func(a Addr) bool { return !w.familyOK(a.Family) })
	}
	if w.kinds&WatchRoutes != 0 {
		if s.routes, err = w.h.Routes(ctx, RouteFilter{Family: w.opts.family}); err != nil {
			return nil, err
		}
		s.routes = slices.DeleteFunc(s.routes, func(r Route) bool { return !w.familyOK(r.Family) })
	}
	if w.kinds&WatchNeighbors != 0 {
		if s.neighs, err = w.h.Neighbors(ctx, NeighFilter{Family: w.opts.family}); err != nil {
			return nil, err
		}
		s.neighs = slices.DeleteFunc(s.neighs, func(n Neighbor) bool { return !w.familyOK(n.Family) })
	}
	if w.kinds&WatchRules != 0 {
		if s.rules, err = w.h.Rules(ctx, RuleFilter{Family: w.opts.family}); err != nil {
			return nil, err
		}
		s.rules = slices.DeleteFunc(s.rules, func(r Rule) bool { return !w.familyOK(r.Family) })
	}
	if w.kinds&WatchNexthops != 0 {
		if s.nexthops, err = w.h.Nexthops(ctx, NexthopFilter{}); err != nil {
			return nil, err
		}
	}
	return &s, nil
}

// drainQuiet is how long the queue must stay empty for a drain to end.
const drainQuiet = 2 * time.Millisecond

// resync runs after the transport lost events: it empties the receive
// queue, dumps the watched kinds again and sends the difference between
// the dump and what the consumer was told, between the resync markers.
// Events that arrive after the drain are read as usual afterwards; the
// view drops those the dump already told.
func (w *Watcher) resync(ctx context.Context, buf []byte) error {
	if !w.send(ctx, Event{Type: EventResyncStart}) {
		return nil
	}
	if err := w.drain(ctx, buf); err != nil {
		return err
	}
	// Drops until now are covered by the dump that follows; any later one
	// calls for another resync.
	if w.drops != nil {
		if n, err := w.drops.Drops(); err == nil {
			w.dropsSeen, w.dropWatch = n, true
		}
	}
	s, err := w.snapshot(ctx)
	if err != nil {
		return fmt.Errorf("netinfo: watch: resync: %w", err)
	}
	for _, ev := range w.view.diff(w.kinds, s) {
		if !w.send(ctx, ev) {
			return nil
		}
	}
	w.send(ctx, Event{Type: EventResyncDone})
	return nil
}

// drain discards what the receive queue holds until it stays empty for
// drainQuiet. The dump that follows supersedes the discarded events, and
// the drain is needed for correctness, not speed: Linux reports ENOBUFS
// once, when a socket becomes congested, then drops further broadcasts
// silently until a receive finds the queue empty. A dump taken before the
// drain could miss changes lost after it without any new ENOBUFS.
func (w *Watcher) drain(ctx context.Context, buf []byte) error {
	for {
		dctx, cancel := context.WithTimeout(ctx, drainQuiet)
		_, err := w.conn.Receive(dctx, buf)
		cancel()
		switch {
		case err == nil, errors.Is(err, syscall.ENOBUFS):
			continue
		case ctx.Err() != nil:
			return nil // the watcher is stopping
		case errors.Is(err, context.DeadlineExceeded):
			return nil // empty for drainQuiet: the congestion is cleared
		default:
			return wrapTransportError("watch: drain", err)
		}
	}
}
