package consumer

import (
	"context"
	"fmt"

	"github.com/rtnlx/rtnlx/netinfo"
)

// RtnlxCount watches routes with Handle.Watch (WatchRoutes plus
// WithInitialState, default options otherwise) and only counts the
// events, so that what it costs is the library's: the watcher's receive
// path and its view, not a state of the consumer's own.
type RtnlxCount struct {
	chanWatch
	stopped stopOnce
	nsPath  string
	name    string
	wopts   []netinfo.WatchOption
	cnt     counter

	// Written by the event goroutine, read after done is closed.
	resyncs, overflowEvents int64
}

// NewRtnlxCount returns a counting Watch consumer for the namespace at
// nsPath; wopts are added to WithInitialState.
func NewRtnlxCount(nsPath, name string, wopts ...netinfo.WatchOption) *RtnlxCount {
	return &RtnlxCount{nsPath: nsPath, name: name, wopts: wopts}
}

// Name implements Consumer.
func (r *RtnlxCount) Name() string { return r.name }

// Start implements Consumer: it returns after EventInitialDone.
func (r *RtnlxCount) Start(ctx context.Context) error {
	h, err := netinfo.Open(netinfo.WithNetNS(r.nsPath))
	if err != nil {
		return fmt.Errorf("rtnlx: %w", err)
	}
	return r.start(ctx, h, r.consume, r.wopts...)
}

// consume counts route events after the initial state.
func (r *RtnlxCount) consume(events <-chan netinfo.Event, ready chan<- struct{}) {
	live := false
	for ev := range events {
		switch ev.Type {
		case netinfo.EventInitialDone:
			live = true
			close(ready)
		case netinfo.EventResyncStart:
			r.resyncs++
		case netinfo.EventNew, netinfo.EventDel:
			if live && ev.Route != nil {
				r.cnt.add(1)
			}
		}
	}
}

// Progress implements Consumer.
func (r *RtnlxCount) Progress() int64 { return r.cnt.events.Load() }

// Activity implements Consumer.
func (r *RtnlxCount) Activity() int64 { return r.Progress() }

// Settled implements Consumer.
func (r *RtnlxCount) Settled() bool { return true }

// Stop implements Consumer; calling it again returns the same result.
func (r *RtnlxCount) Stop() (Result, error) { return r.stopped.do(r.stop) }

func (r *RtnlxCount) stop() (Result, error) {
	res := Result{ResyncEvents: -1, StateDiff: -1}
	var started bool
	if res.Stopped, started = r.chanWatch.stop(); !started {
		return res, nil
	}
	defer r.handle.Close()
	res.Events, res.LastEvent = r.cnt.events.Load(), r.cnt.last()
	res.Resyncs, res.Overflows = r.resyncs, r.resyncs
	return res, nil
}
