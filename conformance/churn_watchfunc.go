package conformance

import (
	"context"
	"sync"

	"github.com/rtnlx/rtnlx/netinfo"
)

// An eventSource is what the churn tester reads events from: a Watcher,
// or funcWatcher.
type eventSource interface {
	Events() <-chan netinfo.Event
	Err() error
	Close() error
}

// funcWatcher runs Handle.WatchFunc with WithView in a goroutine of its
// own and passes a copy of each event on through a channel, so that the
// churn tester checks the events WatchFunc's view gives with the same
// code as Watch's.
type funcWatcher struct {
	events chan netinfo.Event
	cancel context.CancelFunc
	done   chan struct{}
	mu     sync.Mutex
	err    error
}

// watchInPlace starts a funcWatcher on h with opts (WithView added).
func watchInPlace(ctx context.Context, h *netinfo.Handle, kinds netinfo.WatchKind, opts ...netinfo.WatchOption) *funcWatcher {
	ctx, cancel := context.WithCancel(ctx)
	f := &funcWatcher{events: make(chan netinfo.Event, 1024), cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(f.done)
		defer close(f.events)
		err := h.WatchFunc(ctx, kinds, func(ev *netinfo.Event) error {
			select {
			case f.events <- ev.Clone(): // ev and its object are reused
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}, append(opts, netinfo.WithView())...)
		if ctx.Err() == nil {
			f.mu.Lock()
			f.err = err
			f.mu.Unlock()
		}
	}()
	return f
}

func (f *funcWatcher) Events() <-chan netinfo.Event { return f.events }

func (f *funcWatcher) Err() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.err
}

func (f *funcWatcher) Close() error {
	f.cancel()
	<-f.done
	return nil
}
