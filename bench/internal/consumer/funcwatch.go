package consumer

import (
	"context"
	"fmt"

	"github.com/rtnlx/rtnlx/netinfo"
)

// funcWatch runs Handle.WatchFunc on a goroutine of its own, for the
// consumers that watch in WatchFunc (RtnlxFunc, RtnlxCompact).
type funcWatch struct {
	handle *netinfo.Handle
	cancel context.CancelFunc
	done   chan struct{}
	err    error // WatchFunc's, read after done is closed
}

// start watches routes on h with their initial state (and wopts),
// calling fn with each event and whether the initial state is over
// (live), and returns once it is. When WatchFunc ends first, or ctx
// does, it closes h.
func (w *funcWatch) start(ctx context.Context, h *netinfo.Handle, fn func(wctx context.Context, ev *netinfo.Event, live bool) error, wopts ...netinfo.WatchOption) error {
	w.handle = h
	wctx, cancel := context.WithCancel(context.Background())
	w.cancel = cancel
	w.done = make(chan struct{})
	ready := make(chan struct{})
	go func() {
		defer close(w.done)
		live := false
		w.err = h.WatchFunc(wctx, netinfo.WatchRoutes, func(ev *netinfo.Event) error {
			if ev.Type == netinfo.EventInitialDone {
				live = true
				close(ready)
			}
			return fn(wctx, ev, live)
		}, append([]netinfo.WatchOption{netinfo.WithInitialState()}, wopts...)...)
	}()
	select {
	case <-ready:
		return nil
	case <-w.done:
		h.Close()
		return fmt.Errorf("rtnlx: WatchFunc returned before its initial state: %v", w.err)
	case <-ctx.Done():
		cancel()
		<-w.done
		h.Close()
		return ctx.Err()
	}
}
