package backend_windows

import (
	"context"
	"errors"
	"sync/atomic"
	"time"

	"github.com/rtnlx/rtnlx/rtnlemu"
)

// A subscription is one change notification (NotifyIpInterfaceChange and
// its siblings on Windows, a fake in tests).
type subscription struct {
	// name is for error messages.
	name string
	// kinds are what the notification reports changes of.
	kinds rtnlemu.Kind
	// register arranges for fire to be called, from any thread, after
	// each change, and returns the function that stops it. After cancel
	// returns, fire is not called again. fire never blocks.
	register func(fire func()) (cancel func() error, err error)
}

// A monitor turns notifications and a poll timer into rtnlemu.Change
// values, from one goroutine (the emulator's call to Monitor).
//
// Notification callbacks only record which kinds changed (an atomic OR)
// and wake the goroutine with a non-blocking send, so they never wait
// for the goroutine, take no lock, and are safe to run after the
// goroutine has stopped listening. Cancelling happens on the goroutine
// after it stops reading, so a cancel that waits for running callbacks
// (CancelMibChangeNotify2 does) cannot deadlock with them.
//
// Polling covers what notifications do not: neighbours always (Windows
// has no neighbour notification), and each other kind until one of its
// notifications has actually fired. Some systems accept the
// registration and never call back (Wine 8); polling keeps them
// correct, and a kind whose notification has fired once is trusted from
// then on. The snapshot diff makes a change seen twice harmless.
type monitor struct {
	subs         []subscription
	pollInterval time.Duration
}

// run reports changes into changes until ctx ends, then cancels every
// notification and returns nil. It fails only when no notification
// could be registered and polling is impossible (a zero interval).
func (m *monitor) run(ctx context.Context, changes chan<- rtnlemu.Change) error {
	var pending atomic.Uint32 // rtnlemu.Kind bits reported and not yet sent
	wake := make(chan struct{}, 1)
	var cancels []func() error
	defer func() {
		for _, c := range cancels {
			_ = c() // nothing useful to do with a failed cancel at shutdown
		}
	}()
	var errs []error
	for _, s := range m.subs {
		kinds := s.kinds
		fire := func() {
			pending.Or(uint32(kinds))
			select {
			case wake <- struct{}{}:
			default: // already woken: the pending bits cover this change too
			}
		}
		cancel, err := s.register(fire)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		cancels = append(cancels, cancel)
	}
	// Without a poll interval only notifications report changes; with
	// none registered either, nothing could.
	var tick <-chan time.Time
	if m.pollInterval > 0 {
		ticker := time.NewTicker(m.pollInterval)
		defer ticker.Stop()
		tick = ticker.C
	} else if len(cancels) == 0 && len(errs) > 0 {
		return errors.Join(errs...)
	}
	var proven rtnlemu.Kind // kinds whose notifications have fired
	for {
		var c rtnlemu.Change
		select {
		case <-ctx.Done():
			return nil
		case <-wake:
			c.Kinds = rtnlemu.Kind(pending.Swap(0))
			proven |= c.Kinds
		case <-tick:
			c.Kinds = rtnlemu.KindAll &^ (proven &^ rtnlemu.KindNeighbors)
		}
		if c.Kinds == 0 {
			continue
		}
		select {
		case changes <- c:
		case <-ctx.Done():
			return nil
		}
	}
}
