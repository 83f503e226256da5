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
	stopped stopOnce
	nsPath  string
	name    string
	wopts   []netinfo.WatchOption
	handle  *netinfo.Handle
	watcher *netinfo.Watcher
	cnt     counter
	done    chan struct{}

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
	w, err := h.Watch(context.Background(), netinfo.WatchRoutes, append([]netinfo.WatchOption{netinfo.WithInitialState()}, r.wopts...)...)
	if err != nil {
		h.Close()
		return fmt.Errorf("rtnlx: watch: %w", err)
	}
	r.handle, r.watcher = h, w
	r.done = make(chan struct{})
	ready := make(chan struct{})
	go r.consume(ready)
	select {
	case <-ready:
		return nil
	case <-r.done:
		return fmt.Errorf("rtnlx: watcher stopped before its initial state: %v", w.Err())
	case <-ctx.Done():
		w.Close()
		<-r.done
		h.Close()
		return ctx.Err()
	}
}

// consume counts route events after the initial state.
func (r *RtnlxCount) consume(ready chan<- struct{}) {
	defer close(r.done)
	live := false
	for ev := range r.watcher.Events() {
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
	if r.watcher == nil {
		return res, nil
	}
	defer r.handle.Close()
	r.watcher.Close()
	<-r.done
	if err := r.watcher.Err(); err != nil {
		res.Stopped = err.Error()
	}
	res.Events, res.LastEvent = r.cnt.events.Load(), r.cnt.last()
	res.Resyncs, res.Overflows = r.resyncs, r.resyncs
	return res, nil
}
