package consumer

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/rtnlx/rtnlx/netinfo"
)

// RtnlxFunc watches routes with Handle.WatchFunc (the caller's
// goroutine, a reused Event; no view unless asked) and counts the events.
type RtnlxFunc struct {
	funcWatch
	stopped stopOnce
	nsPath  string
	view    bool
	cnt     counter
	resyncs atomic.Int64
}

// NewRtnlxFunc returns a WatchFunc consumer for the namespace at nsPath,
// keeping a view (WithView) if view is set.
func NewRtnlxFunc(nsPath string, view bool) *RtnlxFunc {
	return &RtnlxFunc{nsPath: nsPath, view: view}
}

// Name implements Consumer.
func (r *RtnlxFunc) Name() string {
	if r.view {
		return "rtnlx WatchFunc(WatchRoutes, WithView()), counting"
	}
	return "rtnlx WatchFunc(WatchRoutes), counting"
}

// Start implements Consumer: it returns after EventInitialDone.
func (r *RtnlxFunc) Start(ctx context.Context) error {
	h, err := netinfo.Open(netinfo.WithNetNS(r.nsPath))
	if err != nil {
		return fmt.Errorf("rtnlx: %w", err)
	}
	return r.start(ctx, h, func(_ context.Context, ev *netinfo.Event, live bool) error {
		switch ev.Type {
		case netinfo.EventResyncStart:
			r.resyncs.Add(1)
		case netinfo.EventNew, netinfo.EventDel:
			if live && ev.Route != nil {
				r.cnt.add(1)
			}
		}
		return nil
	}, r.options()...)
}

// options are the consumer's watch options.
func (r *RtnlxFunc) options() []netinfo.WatchOption {
	if r.view {
		return []netinfo.WatchOption{netinfo.WithView()}
	}
	return nil
}

// Progress implements Consumer.
func (r *RtnlxFunc) Progress() int64 { return r.cnt.events.Load() }

// Activity implements Consumer.
func (r *RtnlxFunc) Activity() int64 { return r.Progress() }

// Settled implements Consumer.
func (r *RtnlxFunc) Settled() bool { return true }

// Stop implements Consumer; calling it again returns the same result.
func (r *RtnlxFunc) Stop() (Result, error) { return r.stopped.do(r.stop) }

func (r *RtnlxFunc) stop() (Result, error) {
	res := Result{ResyncEvents: -1, StateDiff: -1}
	if r.cancel == nil {
		return res, nil
	}
	r.cancel()
	<-r.done
	r.handle.Close()
	if r.err != nil {
		res.Stopped = r.err.Error()
	}
	res.Events, res.LastEvent = r.cnt.events.Load(), r.cnt.last()
	res.Resyncs = r.resyncs.Load()
	res.Overflows = res.Resyncs
	return res, nil
}
