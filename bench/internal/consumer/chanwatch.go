package consumer

import (
	"context"
	"fmt"

	"github.com/rtnlx/rtnlx/netinfo"
)

// chanWatch runs Handle.Watch and a goroutine reading its channel, for
// the consumers that watch through Watch (Rtnlx, RtnlxCount).
type chanWatch struct {
	handle  *netinfo.Handle
	watcher *netinfo.Watcher
	done    chan struct{} // closed when consume has returned
}

// start watches routes on h with their initial state (and wopts), runs
// consume with the watcher's events in a goroutine of its own, and
// returns once consume has closed ready (at EventInitialDone). When ctx
// ends first, it stops the watcher and closes h.
func (c *chanWatch) start(ctx context.Context, h *netinfo.Handle, consume func(events <-chan netinfo.Event, ready chan<- struct{}), wopts ...netinfo.WatchOption) error {
	w, err := h.Watch(context.Background(), netinfo.WatchRoutes, append([]netinfo.WatchOption{netinfo.WithInitialState()}, wopts...)...)
	if err != nil {
		h.Close()
		return fmt.Errorf("rtnlx: watch: %w", err)
	}
	c.handle, c.watcher, c.done = h, w, make(chan struct{})
	ready := make(chan struct{})
	go func() {
		defer close(c.done)
		consume(w.Events(), ready)
	}()
	select {
	case <-ready:
		return nil
	case <-c.done:
		return fmt.Errorf("rtnlx: watcher stopped before its initial state: %v", w.Err())
	case <-ctx.Done():
		w.Close()
		<-c.done
		h.Close()
		return ctx.Err()
	}
}

// stop stops the watcher and waits for consume to return; false if it
// never started. It tells why the watcher stopped ("" for Close).
func (c *chanWatch) stop() (stopped string, started bool) {
	if c.watcher == nil {
		return "", false
	}
	c.watcher.Close()
	<-c.done
	if err := c.watcher.Err(); err != nil {
		stopped = err.Error()
	}
	return stopped, true
}
