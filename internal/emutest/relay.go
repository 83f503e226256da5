// Package emutest holds what the emulation's tests share: change
// notifications that lag behind the changes, as on a loaded machine.
package emutest

import "context"

// Relay runs monitor and passes each change it reports on to changes
// once hold returns true. A hold that blocks plays a notifier goroutine
// that gets no CPU for a while: the changes made meanwhile reach the
// emulator together, and its own reads run ahead of its events. Relay
// returns when ctx ends or hold returns false, after monitor returned;
// monitor's own error is not the test's concern and is dropped.
func Relay[C any](ctx context.Context, monitor func(context.Context, chan<- C) error, changes chan<- C, hold func(context.Context) bool) error {
	ctx, cancel := context.WithCancel(ctx)
	inner := make(chan C)
	ended := make(chan struct{})
	go func() {
		defer close(ended)
		_ = monitor(ctx, inner)
	}()
	defer func() { cancel(); <-ended }()
	for {
		select {
		case ch := <-inner:
			if !hold(ctx) {
				return nil
			}
			select {
			case changes <- ch:
			case <-ctx.Done():
				return nil
			}
		case <-ctx.Done():
			return nil
		}
	}
}
