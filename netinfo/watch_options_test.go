package netinfo_test

import (
	"context"
	"errors"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/rtnlx/rtnlx/netinfo"
	"github.com/rtnlx/rtnlx/rtnlemu"
)

// Options that a form of watcher cannot honour are refused, not ignored.
func TestWatchRefusesOptionsItCannotHonour(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	h, closeAll := openExample(t)
	defer closeAll()
	idle := netinfo.WithIdle(func() error { return nil })
	tests := []struct {
		name string
		opts []netinfo.WatchOption
		want string // "" when the watcher must start
	}{
		{"idle with a channel", []netinfo.WatchOption{idle}, "WithIdle"},
		{"idle without a view, with a channel", []netinfo.WatchOption{netinfo.WithoutView(), idle}, "WithIdle"},
		{"messages with a view", []netinfo.WatchOption{netinfo.WithMessages()}, "WithMessages"},
		{"messages with an initial state and a view", []netinfo.WatchOption{netinfo.WithInitialState(), netinfo.WithMessages()}, "WithMessages"},
		{"messages without a view", []netinfo.WatchOption{netinfo.WithoutView(), netinfo.WithMessages()}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w, err := h.Watch(context.Background(), netinfo.WatchLinks, tc.opts...)
			if tc.want == "" {
				require.NoError(t, err)
				require.NoError(t, w.Close())
				return
			}
			require.ErrorIs(t, err, syscall.EINVAL)
			require.ErrorContains(t, err, tc.want)
			require.Nil(t, w)
		})
	}
	for _, tc := range []struct {
		name string
		opts []netinfo.WatchOption
	}{
		{"a view and none", []netinfo.WatchOption{netinfo.WithView(), netinfo.WithoutView()}},
		{"none and a view", []netinfo.WatchOption{netinfo.WithoutView(), netinfo.WithView()}},
		{"messages with a view", []netinfo.WatchOption{netinfo.WithView(), netinfo.WithMessages()}},
	} {
		t.Run("WatchFunc with "+tc.name, func(t *testing.T) {
			// A WatchFunc that accepted the options would watch until
			// the context ends: a failure, not a hang.
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			called := false
			err := h.WatchFunc(ctx, netinfo.WatchLinks, func(*netinfo.Event) error {
				called = true
				return nil
			}, tc.opts...)
			require.ErrorIs(t, err, syscall.EINVAL)
			require.False(t, called)
		})
	}
}

// Once fn has failed, WatchFunc with a view calls it no more, however
// many events the step it failed in still had to tell, and returns its
// error.
func TestWatchFuncViewStopsAtFnError(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	h, closeAll := openExample(t)
	defer closeAll()
	stop := errors.New("enough")
	calls := 0
	err := h.WatchFunc(context.Background(), netinfo.WatchAll, func(*netinfo.Event) error {
		calls++
		return stop
	}, netinfo.WithView(), netinfo.WithInitialState())
	require.ErrorIs(t, err, stop)
	require.Equal(t, 1, calls)
}

// openExample opens a handle on exampleNetwork through rtnlemu;
// closeAll closes the handle, then the transport. Deferred, it runs
// before a deferred goleak check, as t.Cleanup would not.
func openExample(t *testing.T) (h *netinfo.Handle, closeAll func()) {
	t.Helper()
	tr := rtnlemu.New(exampleNetwork())
	h, err := netinfo.Open(netinfo.WithTransport(tr))
	if err != nil {
		tr.Close()
		t.Fatal(err)
	}
	return h, func() {
		h.Close()
		tr.Close()
	}
}
