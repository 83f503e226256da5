package netinfo

import (
	"context"
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

// TestWatchResyncsOnSilentDrops: after a first overflow, messages the
// transport dropped without any ENOBUFS (a congested Linux socket stays
// silent) still lead to a resync, found through the drop counter while
// the watcher is idle.
func TestWatchResyncsOnSilentDrops(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	var mu sync.Mutex
	routes := [][]byte{routePayload(192, 0, 2, 0, 24)}
	reply := func(req nlmsg.Header, _ []byte) [][]byte {
		if req.Type != linux.RTM_GETROUTE {
			return [][]byte{message(linux.NLMSG_ERROR, 0, req.Seq, errorPayload(0, req))}
		}
		mu.Lock()
		defer mu.Unlock()
		var d []byte
		for _, p := range routes {
			d = append(d, message(linux.RTM_NEWROUTE, linux.NLM_F_MULTI, req.Seq, p)...)
		}
		return [][]byte{d, message(linux.NLMSG_DONE, linux.NLM_F_MULTI, req.Seq, []byte{0, 0, 0, 0})}
	}
	dialed := make(chan *fakeConn, 16)
	h, err := Open(WithTransport(fakeDialer{reply: reply, dialed: dialed}))
	require.NoError(t, err)
	defer h.Close()
	<-dialed // Open's own request connection

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	w, err := h.Watch(ctx, WatchRoutes, WithInitialState())
	require.NoError(t, err)
	defer w.Close()
	conn := <-dialed
	next := func() Event {
		select {
		case ev := <-w.Events():
			return ev
		case <-ctx.Done():
			t.Fatal("no event")
		}
		return Event{}
	}
	require.Equal(t, EventNew, next().Type)
	require.Equal(t, EventInitialDone, next().Type)

	// A reported overflow: resync, nothing changed.
	conn.push(nil)
	require.Equal(t, EventResyncStart, next().Type)
	require.Equal(t, EventResyncDone, next().Type)

	// A route appears, but its message is dropped and nothing says so.
	mu.Lock()
	routes = append(routes, routePayload(198, 51, 100, 0, 24))
	mu.Unlock()
	conn.drops.Add(1)
	require.Equal(t, EventResyncStart, next().Type)
	ev := next()
	require.Equal(t, EventNew, ev.Type)
	require.Equal(t, netip.MustParsePrefix("198.51.100.0/24"), ev.Route.Dst)
	require.Equal(t, EventResyncDone, next().Type)
}
