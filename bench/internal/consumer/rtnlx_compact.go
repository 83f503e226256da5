package consumer

import (
	"context"
	"fmt"
	"hash/maphash"
	"net/netip"
	"sync/atomic"

	"github.com/rtnlx/rtnlx/netinfo"
)

// RtnlxCompact watches routes with Handle.WatchFunc (no view) and keeps
// each route as its key and a digest of the rest: a state a hundred
// watchers of a 100,000-route table can hold in one process, where Rtnlx
// (a full Route per key, plus its watcher's view) takes over 100 MB
// each. After a resync (WatchFunc tells of lost events with nothing
// between ResyncStart and ResyncDone) it reads the routes again, as a
// view-less consumer must. Stop compares the state with a fresh dump.
type RtnlxCompact struct {
	funcWatch
	stopped stopOnce
	name    string
	opts    []netinfo.Option
	cnt     counter
	// activity counts every event; resyncing tells a re-read is under
	// way (as Rtnlx's, for the storm's settling).
	activity  counter
	resyncing atomic.Bool

	// Written by the WatchFunc goroutine, read after done is closed.
	state   map[routeKey]uint64
	resyncs int64
}

// NewRtnlxCompactRemote returns a compact consumer that watches through
// an rtnlremote server (rtnlxd) at addr.
func NewRtnlxCompactRemote(addr string) *RtnlxCompact {
	return &RtnlxCompact{name: "rtnlx WatchFunc through rtnlxd, compact state", opts: []netinfo.Option{netinfo.WithRemote(addr)}}
}

// Name implements Consumer.
func (r *RtnlxCompact) Name() string { return r.name }

// digestSeed is the digests' seed: they are compared within a process.
var digestSeed = maphash.MakeSeed()

// routeScalars is what a Route holds besides its key, its next hops and
// metrics, and the time left before it expires (which counts down
// without events).
type routeScalars struct {
	typ      netinfo.RouteType
	protocol netinfo.RouteProtocol
	scope    netinfo.Scope
	src      netip.Prefix
	gateway  netip.Addr
	outIndex int
	prefSrc  netip.Addr
	pref     netinfo.RoutePref
	flags    netinfo.RouteFlags
	nhid     uint32
}

// digest hashes what sameRoute compares, but for the key.
func digest(rt *netinfo.Route) uint64 {
	var h maphash.Hash
	h.SetSeed(digestSeed)
	maphash.WriteComparable(&h, routeScalars{rt.Type, rt.Protocol, rt.Scope, rt.Src, rt.Gateway, rt.OutIndex, rt.PrefSrc, rt.Pref, rt.Flags, rt.NHID})
	for _, nh := range rt.NextHops {
		maphash.WriteComparable(&h, nh)
	}
	if rt.Metrics != nil {
		maphash.WriteComparable(&h, *rt.Metrics)
	}
	return h.Sum64()
}

// Start implements Consumer: it returns after EventInitialDone.
func (r *RtnlxCompact) Start(ctx context.Context) error {
	h, err := netinfo.Open(r.opts...)
	if err != nil {
		return fmt.Errorf("rtnlx: %w", err)
	}
	r.state = make(map[routeKey]uint64)
	return r.start(ctx, h, func(wctx context.Context, ev *netinfo.Event, live bool) error {
		r.activity.add(1)
		switch ev.Type {
		case netinfo.EventResyncStart:
			r.resyncs++
			r.resyncing.Store(true)
		case netinfo.EventResyncDone:
			// Events were lost: read everything again; every event
			// from now on applies to that dump.
			routes, err := h.Routes(wctx, netinfo.RouteFilter{})
			if err != nil {
				return fmt.Errorf("re-read after a resync: %w", err)
			}
			clear(r.state)
			for i := range routes {
				r.state[keyOf(&routes[i])] = digest(&routes[i])
			}
			r.resyncing.Store(false)
		case netinfo.EventNew, netinfo.EventDel:
			if ev.Route == nil {
				return nil
			}
			if ev.Type == netinfo.EventNew {
				r.state[keyOf(ev.Route)] = digest(ev.Route)
			} else {
				delete(r.state, keyOf(ev.Route))
			}
			if live && !r.resyncing.Load() {
				r.cnt.add(1)
			}
		}
		return nil
	})
}

// Progress implements Consumer.
func (r *RtnlxCompact) Progress() int64 { return r.cnt.events.Load() }

// Activity implements Consumer.
func (r *RtnlxCompact) Activity() int64 { return r.activity.events.Load() }

// Settled implements Consumer: no re-read is under way.
func (r *RtnlxCompact) Settled() bool { return !r.resyncing.Load() }

// Stop implements Consumer; calling it again returns the same result.
func (r *RtnlxCompact) Stop() (Result, error) { return r.stopped.do(r.stop) }

// stop ends the watch, then dumps the routes afresh and counts the
// routes missing from the state, extra in it, or of another digest.
func (r *RtnlxCompact) stop() (Result, error) {
	res := Result{Resyncs: -1, ResyncEvents: -1, StateDiff: -1}
	if r.cancel == nil {
		return res, nil
	}
	defer r.handle.Close()
	r.cancel()
	<-r.done
	if r.err != nil {
		res.Stopped = r.err.Error()
	}
	res.Events, res.LastEvent = r.cnt.events.Load(), r.cnt.last()
	res.Resyncs, res.Overflows = r.resyncs, r.resyncs
	if last := r.activity.last(); last.After(res.LastEvent) {
		res.LastActivity = last
	}
	routes, err := r.handle.Routes(context.Background(), netinfo.RouteFilter{})
	if err != nil {
		return res, fmt.Errorf("rtnlx: fresh dump: %w", err)
	}
	diff := 0
	seen := make(map[routeKey]bool, len(routes))
	for i := range routes {
		k := keyOf(&routes[i])
		seen[k] = true
		if d, ok := r.state[k]; !ok || d != digest(&routes[i]) {
			diff++
			if len(res.DiffSamples) < 5 {
				res.DiffSamples = append(res.DiffSamples, fmt.Sprintf("missing or changed in the watcher's state: %+v", routes[i]))
			}
		}
	}
	for k := range r.state {
		if !seen[k] {
			diff++
			if len(res.DiffSamples) < 5 {
				res.DiffSamples = append(res.DiffSamples, fmt.Sprintf("extra in the watcher's state: %+v", k))
			}
		}
	}
	res.StateDiff = diff
	return res, nil
}
