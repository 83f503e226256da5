package rtnlemu

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/mdlayher/netlink"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/rtnlx/rtnlx/internal/emutest"
	"github.com/rtnlx/rtnlx/internal/linux"
)

// stalledNotifier is a Memory whose change notifications wait while it
// is stalled, as when the monitor's goroutine gets no CPU: changes made
// meanwhile reach the monitor as one.
type stalledNotifier struct {
	*Memory
	mu sync.Mutex // held while stalled
}

func (s *stalledNotifier) Monitor(ctx context.Context, changes chan<- Change) error {
	return emutest.Relay(ctx, s.Memory.Monitor, changes, func(context.Context) bool {
		s.mu.Lock()
		s.mu.Unlock() //nolint:staticcheck // waits out a stall
		return true
	})
}

// A request's read answers no state that the events skip: a record
// added and removed while the monitor waits, and read in between by a
// dump or a get, is announced both ways to the listeners.
func TestReadsPublishWhatTheyAnswer(t *testing.T) {
	route := testRoute6(100, "fd09::/64", 2, 1024)
	link := testLink(40, "late", false)
	addr := testAddr6(2, "fd09::1", 64)
	neigh := testNeigh(linux.AF_INET6, 2, "fd09::9", 0x80)
	type record struct {
		put    func(*Memory) error
		remove func(*Memory) bool
		name   string // as recordNames and nextEvent name it
		kind   string
	}
	routeRec := record{func(m *Memory) error { return m.PutRoute(route) }, func(m *Memory) bool { return m.RemoveRoute(route) }, "fd09::/64@100", "ROUTE"}
	linkRec := record{func(m *Memory) error { return m.PutLink(link) }, func(m *Memory) bool { return m.RemoveLink(40) }, "late", "LINK"}
	for _, tc := range []struct {
		name string
		rec  record
		req  []byte
	}{
		{"route dump", routeRec, request(t, linux.RTM_GETROUTE, dumpFlags, 1, rtmsg(linux.AF_INET6, 0, 0, 0, 0))},
		{"filtered route dump", routeRec, request(t, linux.RTM_GETROUTE, dumpFlags, 1, rtmsg(linux.AF_INET6, 100, 0, 0, 0, attrU32(linux.RTA_OIF, 2)))},
		{"link dump", linkRec, request(t, linux.RTM_GETLINK, dumpFlags, 1, ifinfomsg(0))},
		{"link get", linkRec, request(t, linux.RTM_GETLINK, netlink.Request, 1, ifinfomsg(40))},
		{"address dump", record{func(m *Memory) error { return m.PutAddr(addr) }, func(m *Memory) bool { return m.RemoveAddr(addr) }, "fd09::1/64", "ADDR"},
			request(t, linux.RTM_GETADDR, dumpFlags, 1, ifaddrmsg(linux.AF_INET6, 0, 0))},
		{"neighbour dump", record{func(m *Memory) error { return m.PutNeighbor(neigh) }, func(m *Memory) bool { return m.RemoveNeighbor(neigh) }, "fd09::9", "NEIGH"},
			request(t, linux.RTM_GETNEIGH, dumpFlags, 1, ndmsg(linux.AF_INET6, 0, 0))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mem := fixture(t)
			src := &stalledNotifier{Memory: mem}
			tr, c := open(t, src)
			join(t, c, linux.RTNLGRP_LINK, linux.RTNLGRP_IPV6_IFADDR, linux.RTNLGRP_IPV6_ROUTE, linux.RTNLGRP_NEIGH)
			// The monitor's first report (every kind) is out once a
			// later change's event is.
			require.NoError(t, mem.PutRoute(testRoute6(100, "fd08::/64", 2, 1024)))
			require.Equal(t, "NEWROUTE fd08::/64@100", nextEvent(t, c))

			d, err := tr.Dial(context.Background())
			require.NoError(t, err)
			src.mu.Lock()
			require.NoError(t, tc.rec.put(mem))
			msgs, _ := exchange(t, d, tc.req, 64<<10)
			require.Contains(t, recordNames(t, msgs), tc.rec.name)
			require.True(t, tc.rec.remove(mem))
			src.mu.Unlock()

			require.Equal(t, "NEW"+tc.rec.kind+" "+tc.rec.name, nextEvent(t, c))
			require.Equal(t, "DEL"+tc.rec.kind+" "+tc.rec.name, nextEvent(t, c))
			noRecv(t, c)
		})
	}
}

// blockAfter answers its first free reads with nothing, then holds
// every read until its context ends; its Monitor passes on what change
// carries.
type blockAfter struct {
	mu      sync.Mutex
	free    int
	blocked chan struct{}
	change  chan Change
}

func (s *blockAfter) Snapshot(ctx context.Context, kinds Kind) (*Snapshot, error) {
	s.mu.Lock()
	if s.free > 0 {
		s.free--
		s.mu.Unlock()
		return &Snapshot{}, nil
	}
	s.mu.Unlock()
	select {
	case s.blocked <- struct{}{}:
	default:
	}
	<-ctx.Done()
	return nil, ctx.Err()
}

func (s *blockAfter) Monitor(ctx context.Context, changes chan<- Change) error {
	for {
		select {
		case ch := <-s.change:
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

// A request's read holds the monitor; Close must still end it, and the
// change waiting behind it, on a source that would hold the read until
// the request's own context ends.
func TestCloseEndsABlockedRead(t *testing.T) {
	defer goleak.VerifyNone(t)
	src := &blockAfter{free: 1, blocked: make(chan struct{}, 1), change: make(chan Change)}
	tr, c := open(t, src)
	join(t, c, linux.RTNLGRP_LINK) // the baseline takes the free read
	d, err := tr.Dial(context.Background())
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sent := make(chan error, 1)
	go func() { sent <- d.Send(ctx, request(t, linux.RTM_GETLINK, dumpFlags, 1, make([]byte, 16))) }()
	<-src.blocked
	src.change <- Change{Kinds: KindLinks}
	time.Sleep(20 * time.Millisecond) // the change waits for the read
	closed := make(chan error, 1)
	go func() { closed <- tr.Close() }()
	for _, ch := range []chan error{closed, sent} {
		select {
		case <-ch:
		case <-time.After(5 * time.Second):
			t.Fatal("Close hung behind a read")
		}
	}
}
