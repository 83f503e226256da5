package consumer

import (
	"context"
	"fmt"
	"net/netip"
	"reflect"
	"sync/atomic"
	"time"

	"github.com/rtnlx/rtnlx/netinfo"
)

// routeKey identifies a route as the kernel does: family, table,
// destination, TOS and priority.
type routeKey struct {
	family   netinfo.Family
	table    netinfo.Table
	dst      netip.Prefix
	tos      uint8
	priority uint32
}

func keyOf(r *netinfo.Route) routeKey {
	return routeKey{r.Family, r.Table, r.Dst, r.TOS, r.Priority}
}

// Rtnlx watches routes with netinfo's Handle.Watch (WatchRoutes, default
// options plus WithInitialState, so that the state it builds starts from
// the namespace's real state) and applies every event to a map, which
// Stop compares with a fresh dump.
type Rtnlx struct {
	chanWatch
	stopped stopOnce
	nsPath  string
	name    string
	opts    []netinfo.Option
	cnt     counter
	// activity counts every event, resync differences and markers
	// included, and resyncing tells whether a resync is under way: the
	// storm waits for both to settle before it compares states.
	activity  counter
	resyncing atomic.Bool
	// lastResyncDone is when the last ResyncDone arrived.
	lastResyncDone atomic.Int64

	// Written by the event goroutine, read after done is closed.
	state        map[routeKey]netinfo.Route
	resyncs      int64
	resyncEvents int64
}

// NewRtnlx returns a consumer for the namespace at nsPath with netinfo's
// default options.
func NewRtnlx(nsPath string) *Rtnlx {
	return &Rtnlx{nsPath: nsPath, name: "rtnlx Watch(WatchRoutes)"}
}

// NewRtnlxSmallBuffer returns a consumer whose socket has the given
// receive buffer instead of netinfo's storm-sized default, so that a
// storm overflows it and the resync path is exercised.
func NewRtnlxSmallBuffer(nsPath string, bytes int) *Rtnlx {
	return &Rtnlx{
		nsPath: nsPath,
		name:   fmt.Sprintf("rtnlx Watch, WithReceiveBuffer(%d)", bytes),
		opts:   []netinfo.Option{netinfo.WithReceiveBuffer(bytes)},
	}
}

// NewRtnlxRemote returns a consumer that watches through an rtnlremote
// server (rtnlxd) at the AF_UNIX socket path sock.
func NewRtnlxRemote(sock string) *Rtnlx {
	return &Rtnlx{name: "rtnlx Watch through rtnlxd", opts: []netinfo.Option{netinfo.WithRemote(sock)}}
}

// Name implements Consumer.
func (r *Rtnlx) Name() string { return r.name }

// Start implements Consumer: it returns after EventInitialDone.
func (r *Rtnlx) Start(ctx context.Context) error {
	opts := r.opts
	if r.nsPath != "" {
		opts = append([]netinfo.Option{netinfo.WithNetNS(r.nsPath)}, opts...)
	}
	h, err := netinfo.Open(opts...)
	if err != nil {
		return fmt.Errorf("rtnlx: %w", err)
	}
	r.state = make(map[routeKey]netinfo.Route)
	return r.start(ctx, h, r.consume)
}

// consume applies events to the state until the watcher stops.
func (r *Rtnlx) consume(events <-chan netinfo.Event, ready chan<- struct{}) {
	live, resyncing := false, false
	for ev := range events {
		r.activity.add(1)
		switch ev.Type {
		case netinfo.EventInitialDone:
			live = true
			close(ready)
		case netinfo.EventResyncStart:
			r.resyncs++
			resyncing = true
			r.resyncing.Store(true)
		case netinfo.EventResyncDone:
			resyncing = false
			r.resyncing.Store(false)
			r.lastResyncDone.Store(time.Now().UnixNano())
		case netinfo.EventNew, netinfo.EventDel:
			if ev.Route == nil {
				continue
			}
			if ev.Type == netinfo.EventNew {
				r.state[keyOf(ev.Route)] = *ev.Route
			} else {
				delete(r.state, keyOf(ev.Route))
			}
			switch {
			case resyncing:
				r.resyncEvents++
			case live:
				r.cnt.add(1)
			}
		}
	}
}

// Progress implements Consumer.
func (r *Rtnlx) Progress() int64 { return r.cnt.events.Load() }

// Activity implements Consumer: every event, resync differences and
// markers included.
func (r *Rtnlx) Activity() int64 { return r.activity.events.Load() }

// Settled implements Consumer: no resync is under way.
func (r *Rtnlx) Settled() bool { return !r.resyncing.Load() }

// Stop implements Consumer; calling it again returns the same result.
func (r *Rtnlx) Stop() (Result, error) { return r.stopped.do(r.stop) }

// stop implements Consumer: it stops the watcher, then dumps the routes
// afresh and counts the differences from the state the events built.
func (r *Rtnlx) stop() (Result, error) {
	res := Result{Resyncs: -1, ResyncEvents: -1, StateDiff: -1}
	var started bool
	if res.Stopped, started = r.chanWatch.stop(); !started {
		return res, nil
	}
	defer r.handle.Close()
	res.Events, res.LastEvent = r.cnt.events.Load(), r.cnt.last()
	res.Resyncs, res.ResyncEvents = r.resyncs, r.resyncEvents
	res.Overflows = r.resyncs // each resync answers one ENOBUFS
	if n := r.lastResyncDone.Load(); n != 0 {
		res.LastResyncDone = time.Unix(0, n)
	}
	if last := r.activity.last(); last.After(res.LastEvent) {
		res.LastActivity = last
	}

	routes, err := r.handle.Routes(context.Background(), netinfo.RouteFilter{})
	if err != nil {
		return res, fmt.Errorf("rtnlx: fresh dump: %w", err)
	}
	var samples []string
	res.StateDiff, samples = diffRoutes(r.state, routes)
	if len(samples) > 0 {
		res.DiffSamples = samples
	}
	return res, nil
}

// sameRoute compares routes but for the time left before they expire,
// which counts down without any event.
func sameRoute(a, b netinfo.Route) bool {
	a.Expires, b.Expires = 0, 0
	return reflect.DeepEqual(a, b)
}

// diffRoutes counts routes missing from state, extra in it, or
// different from the dump's, and describes the first few.
func diffRoutes(state map[routeKey]netinfo.Route, dump []netinfo.Route) (int, []string) {
	const maxSamples = 5
	diff := 0
	var samples []string
	note := func(format string, args ...any) {
		diff++
		if len(samples) < maxSamples {
			samples = append(samples, fmt.Sprintf(format, args...))
		}
	}
	seen := make(map[routeKey]bool, len(dump))
	for i := range dump {
		k := keyOf(&dump[i])
		seen[k] = true
		got, ok := state[k]
		switch {
		case !ok:
			note("missing from the watcher's state: %+v", dump[i])
		case !sameRoute(got, dump[i]):
			note("changed: watcher %+v, dump %+v", got, dump[i])
		}
	}
	for k, r := range state {
		if !seen[k] {
			note("extra in the watcher's state: %+v", r)
		}
	}
	return diff, samples
}
