//go:build linux

package netinfo_test

import (
	"context"
	"encoding/binary"
	"fmt"
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/rtnlx/rtnlx/backend_linux"
	"github.com/rtnlx/rtnlx/internal/nstest"
	"github.com/rtnlx/rtnlx/netinfo"
)

// A request is one netlink request a handle sent.
type request struct {
	typ     uint16
	dump    bool
	hasOIF  bool // an RTA_OIF filter (route requests)
	ifindex int32
}

// countingDialer dials the kernel and records every request sent.
type countingDialer struct {
	t      *backend_linux.Transport
	mu     sync.Mutex
	rs     []request
	routes int // RTM_NEWROUTE messages received, broadcasts included
}

type countingConn struct {
	*backend_linux.Conn
	d *countingDialer
}

func (d *countingDialer) Dial(ctx context.Context) (*countingConn, error) {
	c, err := d.t.Dial(ctx)
	if err != nil {
		return nil, err
	}
	return &countingConn{Conn: c, d: d}, nil
}

func (d *countingDialer) take() ([]request, int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	rs, routes := d.rs, d.routes
	d.rs, d.routes = nil, 0
	return rs, routes
}

func (c *countingConn) Receive(ctx context.Context, b []byte) (int, error) {
	n, err := c.Conn.Receive(ctx, b)
	for m := b[:max(n, 0)]; err == nil && len(m) >= 16; {
		l := int(binary.NativeEndian.Uint32(m[0:4]))
		if l < 16 || l > len(m) {
			break
		}
		if binary.NativeEndian.Uint16(m[4:6]) == 24 {
			c.d.mu.Lock()
			c.d.routes++
			c.d.mu.Unlock()
		}
		m = m[min((l+3)&^3, len(m)):]
	}
	return n, err
}

func (c *countingConn) Send(ctx context.Context, msg []byte) error {
	for b := msg; len(b) >= 16; {
		n := int(binary.NativeEndian.Uint32(b[0:4]))
		if n < 16 || n > len(b) {
			break
		}
		r := request{typ: binary.NativeEndian.Uint16(b[4:6]), dump: binary.NativeEndian.Uint16(b[6:8])&0x300 == 0x300}
		p := b[16:n]
		if len(p) >= 8 {
			r.ifindex = int32(binary.NativeEndian.Uint32(p[4:8]))
		}
		if r.typ == 26 && len(p) >= 12 { // RTM_GETROUTE: look for RTA_OIF
			for a := p[12:]; len(a) >= 4; {
				l := int(binary.NativeEndian.Uint16(a[0:2]))
				if l < 4 || l > len(a) {
					break
				}
				if binary.NativeEndian.Uint16(a[2:4]) == 4 { // RTA_OIF
					r.hasOIF = true
				}
				a = a[(l+3)&^3:]
			}
		}
		c.d.mu.Lock()
		c.d.rs = append(c.d.rs, r)
		c.d.mu.Unlock()
		b = b[min((n+3)&^3, len(b)):]
	}
	return c.Conn.Send(ctx, msg)
}

// TestWatchLinkEventRequests counts what a watcher of every kind asks
// the kernel after one link goes down, in a namespace where other links
// hold thousands of routes: one link request (the barrier) and reads of
// that link's routes (RTA_OIF) and addresses, never a dump of the whole
// system.
func TestWatchLinkEventRequests(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	ns := nstest.New(t, "rtrq")
	lines := []string{
		"link add rq0 type veth peer name rq1", "link set rq0 up", "link set rq1 up",
		"link add rq2 type veth peer name rq3", "link set rq2 up", "link set rq3 up",
		"addr add 10.90.0.1/24 dev rq0", "addr add 10.91.0.1/24 dev rq2",
		"route add 192.0.2.1/32 via 10.90.0.2",
	}
	for i := range 2000 {
		lines = append(lines, fmt.Sprintf("route add 10.%d.%d.0/24 via 10.91.0.2", 100+i/256, i%256))
	}
	ns.Batch(t, lines)
	tr, err := backend_linux.NewTransport(backend_linux.Config{NetNS: ns.Path})
	require.NoError(t, err)
	defer tr.Close()
	d := &countingDialer{t: tr}
	h, err := netinfo.Open(netinfo.WithTransport[*countingConn](d))
	require.NoError(t, err)
	defer h.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	w, err := h.Watch(ctx, netinfo.WatchAll, netinfo.WithInitialState())
	require.NoError(t, err)
	defer w.Close()
	for ev := range w.Events() {
		if ev.Type == netinfo.EventInitialDone {
			break
		}
	}
	d.take()

	ns.IP(t, "link", "set", "rq0", "down")
	gone := netip.MustParsePrefix("192.0.2.1/32")
	nextEvent(t, w, "the flushed route's deletion", func(e netinfo.Event) bool {
		return e.Type == netinfo.EventDel && e.Route != nil && e.Route.Dst == gone
	})
	// Let the rest of the follow-up (the peer's carrier loss) finish.
	for quiet := time.After(500 * time.Millisecond); ; {
		select {
		case <-w.Events():
			continue
		case <-quiet:
		}
		break
	}
	rs, routes := d.take()
	t.Logf("requests after one link event: %+v; route messages received: %d", rs, routes)
	require.Less(t, routes, 100, "the reads bring the downed links' routes, not rq2's 2,000")
	var linkGets, routeDumps, addrReads int
	links := map[int32]bool{}
	for _, r := range rs {
		switch r.typ {
		case 18: // RTM_GETLINK
			require.False(t, r.dump, "no link dump")
			linkGets++
			links[r.ifindex] = true
		case 26: // RTM_GETROUTE
			require.True(t, r.hasOIF, "route reads filter by output link")
			routeDumps++
		case 22: // RTM_GETADDR
			require.NotZero(t, r.ifindex, "address reads filter by link")
			addrReads++
		default:
			t.Fatalf("unexpected request type %d", r.typ)
		}
	}
	require.GreaterOrEqual(t, linkGets, 1)
	require.GreaterOrEqual(t, routeDumps, 1)
	// Each link message (rq0 going down, its peer rq1 losing carrier;
	// the kernel may send a second one for either as operstate settles)
	// costs one barrier, at most one route read and one address read.
	require.LessOrEqual(t, routeDumps, linkGets, "requests: %+v", rs)
	require.LessOrEqual(t, addrReads, linkGets, "requests: %+v", rs)
	require.LessOrEqual(t, len(links), 2, "only rq0 and rq1 are read: %+v", rs)
	require.LessOrEqual(t, linkGets, 2*len(links), "requests: %+v", rs)
}
