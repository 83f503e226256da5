package backend_windows

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/rtnlx/rtnlx/rtnlemu"
)

// fakeNotification stands in for one IP Helper notification: Fire calls
// the registered callback from the caller's goroutine, as Windows calls
// it from a thread-pool thread.
type fakeNotification struct {
	mu        sync.Mutex
	fire      func()
	cancelled bool
	failWith  error
}

func (f *fakeNotification) register(fire func()) (func() error, error) {
	if f.failWith != nil {
		return nil, f.failWith
	}
	f.mu.Lock()
	f.fire = fire
	f.mu.Unlock()
	return func() error {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.cancelled = true
		f.fire = nil
		return nil
	}, nil
}

// Fire reports a change; after cancel it does nothing, as Windows
// guarantees.
func (f *fakeNotification) Fire() {
	f.mu.Lock()
	fire := f.fire
	f.mu.Unlock()
	if fire != nil {
		fire()
	}
}

func (f *fakeNotification) Cancelled() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.cancelled
}

// startMonitor runs a monitor over the fakes and returns its change
// channel and a stop function that checks it returned nil.
func startMonitor(t *testing.T, poll time.Duration, subs []subscription) (<-chan rtnlemu.Change, func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	changes := make(chan rtnlemu.Change)
	done := make(chan error, 1)
	m := &monitor{subs: subs, pollInterval: poll}
	go func() { done <- m.run(ctx, changes) }()
	return changes, func() {
		cancel()
		select {
		case err := <-done:
			require.NoError(t, err)
		case <-time.After(5 * time.Second):
			t.Fatal("monitor did not stop")
		}
	}
}

func receive(t *testing.T, changes <-chan rtnlemu.Change) rtnlemu.Change {
	t.Helper()
	select {
	case c := <-changes:
		return c
	case <-time.After(5 * time.Second):
		t.Fatal("no change reported")
	}
	return rtnlemu.Change{}
}

func TestMonitorCallbacksBecomeChanges(t *testing.T) {
	defer goleak.VerifyNone(t)
	links, addrs, routes := &fakeNotification{}, &fakeNotification{}, &fakeNotification{}
	changes, stop := startMonitor(t, time.Hour, []subscription{
		{name: "links", kinds: rtnlemu.KindLinks, register: links.register},
		{name: "addrs", kinds: rtnlemu.KindAddrs, register: addrs.register},
		{name: "routes", kinds: rtnlemu.KindRoutes, register: routes.register},
	})
	// Registration happens on the monitor goroutine: wait for it.
	require.Eventually(t, func() bool { addrs.mu.Lock(); defer addrs.mu.Unlock(); return addrs.fire != nil }, 5*time.Second, time.Millisecond)
	addrs.Fire()
	require.Equal(t, rtnlemu.Change{Kinds: rtnlemu.KindAddrs}, receive(t, changes))
	routes.Fire()
	require.Equal(t, rtnlemu.Change{Kinds: rtnlemu.KindRoutes}, receive(t, changes))
	stop()
	for _, f := range []*fakeNotification{links, addrs, routes} {
		require.True(t, f.Cancelled(), "every notification is cancelled when the monitor stops")
	}
	addrs.Fire() // after cancel: nothing happens, nothing blocks
}

// TestMonitorCallbackNeverBlocks fires many callbacks while nobody reads
// the changes: the callbacks must all return (Windows' thread pool must
// never wait on Go), and the changes coalesce into at most one pending
// report.
func TestMonitorCallbackNeverBlocks(t *testing.T) {
	defer goleak.VerifyNone(t)
	addrs := &fakeNotification{}
	routes := &fakeNotification{}
	changes, stop := startMonitor(t, time.Hour, []subscription{
		{name: "addrs", kinds: rtnlemu.KindAddrs, register: addrs.register},
		{name: "routes", kinds: rtnlemu.KindRoutes, register: routes.register},
	})
	require.Eventually(t, func() bool { routes.mu.Lock(); defer routes.mu.Unlock(); return routes.fire != nil }, 5*time.Second, time.Millisecond)
	fired := make(chan struct{})
	go func() {
		for range 10000 {
			addrs.Fire()
			routes.Fire()
		}
		close(fired)
	}()
	select {
	case <-fired:
	case <-time.After(5 * time.Second):
		t.Fatal("callbacks blocked")
	}
	var seen rtnlemu.Kind
	for seen != rtnlemu.KindAddrs|rtnlemu.KindRoutes {
		seen |= receive(t, changes).Kinds
	}
	stop()
}

// TestMonitorPolls checks polling: neighbours every round, and every
// other kind until its notification has fired once, including a kind
// whose registration failed.
func TestMonitorPolls(t *testing.T) {
	defer goleak.VerifyNone(t)
	links := &fakeNotification{failWith: errors.New("not exported")}
	addrs := &fakeNotification{}
	changes, stop := startMonitor(t, 5*time.Millisecond, []subscription{
		{name: "links", kinds: rtnlemu.KindLinks, register: links.register},
		{name: "addrs", kinds: rtnlemu.KindAddrs, register: addrs.register},
	})
	require.Equal(t, rtnlemu.KindAll, receive(t, changes).Kinds, "nothing has fired yet: poll everything")
	addrs.Fire()
	// Drain until the fired kind comes alone, then polls leave it out.
	for receive(t, changes).Kinds != rtnlemu.KindAddrs {
	}
	for range 3 {
		require.Equal(t, rtnlemu.KindAll&^rtnlemu.KindAddrs, receive(t, changes).Kinds)
	}
	stop()
}

func TestMonitorStopsWhileBlockedOnSend(t *testing.T) {
	defer goleak.VerifyNone(t)
	_, stop := startMonitor(t, time.Millisecond, nil)
	time.Sleep(20 * time.Millisecond) // the monitor is now stuck sending
	stop()
}

func TestMonitorWithoutPolling(t *testing.T) {
	defer goleak.VerifyNone(t)
	failing := []subscription{{name: "x", kinds: rtnlemu.KindLinks, register: (&fakeNotification{failWith: errors.New("boom")}).register}}
	m := &monitor{subs: failing}
	require.ErrorContains(t, m.run(context.Background(), make(chan rtnlemu.Change)), "boom")

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	m = &monitor{}
	require.NoError(t, m.run(ctx, make(chan rtnlemu.Change)))
}
