package netinfo_test

import (
	"context"
	"encoding/binary"
	"errors"
	"net"
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/jsimonetti/rtnetlink/v2"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/rtnlx/rtnlx/internal/emutest"
	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/netinfo"
	"github.com/rtnlx/rtnlx/rtnlemu"
)

// stalledMemory is a Memory whose change notifications wait while it is
// stalled, as when the emulator's monitor goroutine gets no CPU on a
// loaded machine: the changes made meanwhile reach the monitor as one.
type stalledMemory struct {
	*rtnlemu.Memory
	mu sync.Mutex // held while stalled
}

func (s *stalledMemory) Monitor(ctx context.Context, changes chan<- rtnlemu.Change) error {
	return emutest.Relay(ctx, s.Memory.Monitor, changes, func(context.Context) bool {
		s.mu.Lock()
		s.mu.Unlock() //nolint:staticcheck // waits out a stall
		return true
	})
}

// hookedTransport runs a hook around the next request of one message
// type (a dump the watcher sends), once.
type hookedTransport struct {
	*rtnlemu.Transport
	mu   sync.Mutex
	typ  uint16
	hook func(send func() error) error
}

func (t *hookedTransport) arm(typ uint16, hook func(send func() error) error) {
	t.mu.Lock()
	t.typ, t.hook = typ, hook
	t.mu.Unlock()
}

func (t *hookedTransport) take(b []byte) func(func() error) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.hook == nil || len(b) < 6 || binary.NativeEndian.Uint16(b[4:6]) != t.typ {
		return nil
	}
	h := t.hook
	t.hook = nil
	return h
}

func (t *hookedTransport) Dial(ctx context.Context) (*hookedConn, error) {
	c, err := t.Transport.Dial(ctx)
	if err != nil {
		return nil, err
	}
	return &hookedConn{Conn: c, t: t}, nil
}

type hookedConn struct {
	*rtnlemu.Conn
	t *hookedTransport
}

func (c *hookedConn) Send(ctx context.Context, b []byte) error {
	if hook := c.t.take(b); hook != nil {
		return hook(func() error { return c.Conn.Send(ctx, b) })
	}
	return c.Conn.Send(ctx, b)
}

// TestWatchReadOfAStateNoEventTells replays the interleaving behind a
// churn failure on a loaded machine (a watcher kept a route the backend
// no longer had): a watcher's read (a link's routes or addresses read
// again after its event, a resync's dump) answers an object that the
// emulator's monitor never saw, because it came and went while the
// monitor waited for the CPU; the monitor's next diff, of the states
// before and after, has nothing to say about it.
func TestWatchReadOfAStateNoEventTells(t *testing.T) {
	defer goleak.VerifyNone(t)
	route := rtnetlink.RouteMessage{
		Family: linux.AF_INET6, DstLength: 64, Table: 101, Protocol: 4, Type: linux.RTN_UNICAST,
		Attributes: rtnetlink.RouteAttributes{
			Dst: net.ParseIP("2001:db8:90:2::"), OutIface: 2, Table: 101, Priority: 1024,
		},
	}
	addr := rtnetlink.AddressMessage{
		Family: linux.AF_INET6, PrefixLength: 64, Index: 2,
		Attributes: &rtnetlink.AddressAttributes{Address: net.ParseIP("2001:db8:90:2::1"), Local: net.ParseIP("2001:db8:90:2::1")},
	}
	routeDst := netip.MustParsePrefix("2001:db8:90:2::/64")
	addrPrefix := netip.MustParsePrefix("2001:db8:90:2::1/64")
	for _, tc := range []struct {
		name    string
		dump    uint16 // the read the object comes and goes around
		trigger func(mem *rtnlemu.Memory) error
	}{
		{"route around a link's re-read", linux.RTM_GETROUTE, linkUp},
		{"address around a link's re-read", linux.RTM_GETADDR, linkUp},
		{"route around a resync", linux.RTM_GETROUTE, overflow},
		{"address around a resync", linux.RTM_GETADDR, overflow},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mem := &stalledMemory{Memory: rtnlemu.NewMemory()}
			require.NoError(t, mem.PutLink(emuLink(1, "lo", true)))
			require.NoError(t, mem.PutLink(emuLink(2, "if58", false)))
			tr := &hookedTransport{Transport: rtnlemu.New(mem)}
			defer tr.Close()
			h, err := netinfo.Open(netinfo.WithTransport(tr))
			require.NoError(t, err)
			defer h.Close()
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			w, err := h.Watch(ctx, netinfo.WatchAll, netinfo.WithInitialState())
			require.NoError(t, err)
			defer w.Close()
			has := false // the consumer's view of the object
			apply := func(ev netinfo.Event) {
				switch {
				case ev.Route != nil && ev.Route.Dst == routeDst,
					ev.Addr != nil && ev.Addr.Prefix == addrPrefix:
					has = ev.Type == netinfo.EventNew
				}
			}
			for ev := range w.Events() {
				if ev.Type == netinfo.EventInitialDone {
					break
				}
				apply(ev)
			}
			// Wait for the monitor's first report (every kind), so that
			// none is left to come by chance inside the stall; a
			// neighbour's event makes the watcher read nothing.
			require.NoError(t, mem.PutNeighbor(rtnetlink.NeighMessage{
				Family: linux.AF_INET6, Index: 2, State: linux.NUD_PERMANENT,
				Attributes: &rtnetlink.NeighAttributes{Address: net.ParseIP("2001:db8::9"), LLAddress: net.HardwareAddr{2, 0, 0, 0, 0, 9}},
			}))
			for ev := range w.Events() {
				if ev.Neighbor != nil {
					break
				}
			}
			hooked := make(chan error, 1)
			tr.arm(tc.dump, func(send func() error) error {
				// The object comes and goes around the read, while the
				// monitor is stalled.
				mem.mu.Lock()
				defer mem.mu.Unlock()
				var put error
				var removed bool
				if tc.dump == linux.RTM_GETROUTE {
					put = mem.PutRoute(route)
				} else {
					put = mem.PutAddr(addr)
				}
				err := send()
				if tc.dump == linux.RTM_GETROUTE {
					removed = mem.RemoveRoute(route)
				} else {
					removed = mem.RemoveAddr(addr)
				}
				if put == nil && !removed {
					put = errors.New("not removed")
				}
				hooked <- put
				return err
			})
			require.NoError(t, tc.trigger(mem.Memory))
			for done := false; !done; {
				select {
				case ev := <-w.Events():
					apply(ev)
				case err := <-hooked:
					require.NoError(t, err)
					done = true
				case <-ctx.Done():
					t.Fatal("the watcher never made the read")
				}
			}
			// The object is gone: once the events stop, the consumer
			// must not hold it.
			for quiet := false; !quiet; {
				select {
				case ev := <-w.Events():
					apply(ev)
				case <-time.After(300 * time.Millisecond):
					quiet = true
				}
			}
			require.False(t, has, "the watcher still holds an object that is gone")
			require.NoError(t, w.Err())
		})
	}
}

func linkUp(mem *rtnlemu.Memory) error {
	return mem.SetLink(context.Background(), &rtnetlink.LinkMessage{Index: 2, Flags: linux.IFF_UP, Change: linux.IFF_UP})
}

func overflow(mem *rtnlemu.Memory) error {
	mem.Overflow()
	return nil
}

// emuLink is a plain Ethernet link for Memory.
func emuLink(index uint32, name string, up bool) rtnetlink.LinkMessage {
	l := rtnetlink.LinkMessage{
		Family: 0, Type: 1, Index: index,
		Attributes: &rtnetlink.LinkAttributes{Name: name, MTU: 1500, OperationalState: rtnetlink.OperStateDown},
	}
	if up {
		l.Flags = linux.IFF_UP | linux.IFF_RUNNING | linux.IFF_LOWER_UP
		l.Attributes.OperationalState = rtnetlink.OperStateUp
	}
	return l
}
