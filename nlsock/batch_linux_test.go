//go:build linux

package nlsock_test

import (
	"context"
	"encoding/binary"
	"fmt"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mdlayher/netlink"
	"github.com/rtnlx/rtnlx/internal/nstest"
	"github.com/rtnlx/rtnlx/nlsock"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// routeStorm adds n /32 routes via a gateway on the link setUp made, in
// one batch, and returns their destinations.
func routeStorm(t *testing.T, ns *nstest.NS, first, n int) []netip.Addr {
	t.Helper()
	dsts, err := tryRouteStorm(ns, t.TempDir(), first, n)
	require.NoError(t, err)
	return dsts
}

// tryRouteStorm is routeStorm for a goroutine other than the test's,
// which must not end the test: it returns the error. The batch goes
// through a file in dir.
func tryRouteStorm(ns *nstest.NS, dir string, first, n int) ([]netip.Addr, error) {
	var lines strings.Builder
	var dsts []netip.Addr
	for i := first; i < first+n; i++ {
		a := netip.AddrFrom4([4]byte{10, 1, byte(i >> 8), byte(i)})
		dsts = append(dsts, a)
		fmt.Fprintf(&lines, "route add %v/32 via 10.0.0.2 dev d0\n", a)
	}
	batch := filepath.Join(dir, fmt.Sprintf("routes-%d-%d", first, n))
	if err := os.WriteFile(batch, []byte(lines.String()), 0o600); err != nil {
		return nil, err
	}
	_, err := ns.TryIP("-batch", batch)
	return dsts, err
}

// routeListener is a namespace set up for routeStorm and a socket in it
// joined to the IPv4 route group, with receiveBuffer bytes (0: the
// default), and the test's context.
func routeListener(t *testing.T, receiveBuffer int) (*nstest.NS, *nlsock.Conn, context.Context) {
	t.Helper()
	ns := nstest.New(t, "nlsock")
	c := dial(t, ns, nlsock.Route, nlsock.Config{ReceiveBuffer: receiveBuffer})
	ctx := ctxT(t)
	setUp(t, ns)
	require.NoError(t, c.JoinGroup(unix.RTNLGRP_IPV4_ROUTE))
	return ns, c, ctx
}

// requireReceivesAfterOverflow checks c after an overflow: it reads what
// the queue kept until the queue stays empty, then a new route (10.1.x.y
// of index first) arrives as usual.
func requireReceivesAfterOverflow(t *testing.T, ctx context.Context, ns *nstest.NS, c *nlsock.Conn, buf []byte, first int) {
	t.Helper()
	count := func([]byte) bool { return true }
	short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	require.ErrorIs(t, c.ReceiveEach(short, buf, count), context.DeadlineExceeded)
	want := routeStorm(t, ns, first, 1)
	var got netip.Addr
	require.NoError(t, c.ReceiveEach(ctx, buf, func(b []byte) bool {
		got = dstOf(t, b)
		return false
	}))
	require.Equal(t, want[0], got)
}

// setUp makes the link and address routeStorm's routes go through,
// before the test listens (the address adds routes of its own).
func setUp(t *testing.T, ns *nstest.NS) {
	ns.Batch(t, []string{"link add d0 type veth peer name d1", "link set d1 up", "link set d0 up", "addr add 10.0.0.1/24 dev d0"})
}

// dstOf returns the destination of the one route message in datagram b.
func dstOf(t *testing.T, b []byte) netip.Addr {
	t.Helper()
	require.GreaterOrEqual(t, len(b), unix.NLMSG_HDRLEN+unix.SizeofRtMsg)
	n := int(binary.NativeEndian.Uint32(b))
	require.Equal(t, len(b), n, "one message")
	ad, err := netlink.NewAttributeDecoder(b[unix.NLMSG_HDRLEN+unix.SizeofRtMsg : n])
	require.NoError(t, err)
	for ad.Next() {
		if ad.Type() == unix.RTA_DST {
			a, ok := netip.AddrFromSlice(ad.Bytes())
			require.True(t, ok)
			return a
		}
	}
	t.Fatal("no RTA_DST")
	return netip.Addr{}
}

func TestReceiveEach(t *testing.T) {
	// With a context that never ends, ReceiveEach arranges nothing to
	// be woken by it.
	for _, background := range []bool{false, true} {
		t.Run(fmt.Sprintf("background=%v", background), func(t *testing.T) { testReceiveEach(t, background) })
	}
}

func testReceiveEach(t *testing.T, background bool) {
	ns := nstest.New(t, "nlsock")
	c := dial(t, ns, nlsock.Route, nlsock.Config{})
	ctx := ctxT(t)
	each := ctx
	if background {
		each = context.Background()
	}
	setUp(t, ns)
	require.NoError(t, c.JoinGroup(unix.RTNLGRP_IPV4_ROUTE))
	want := routeStorm(t, ns, 0, 100)

	var got []netip.Addr
	buf := make([]byte, 1<<16)
	collect := func(stopAt int) func([]byte) bool {
		return func(b []byte) bool {
			if b == nil { // the queue is empty
				return true
			}
			got = append(got, dstOf(t, b))
			return len(got) < stopAt
		}
	}
	require.NoError(t, c.ReceiveEach(each, buf, collect(10)), "fn stops it")
	require.Len(t, got, 10)

	// What the batch read ahead comes first, to Receive too.
	n, err := c.Receive(ctx, buf)
	require.NoError(t, err)
	got = append(got, dstOf(t, buf[:n]))
	require.NoError(t, c.ReceiveEach(each, buf, collect(100)))
	require.Equal(t, fmt.Sprint(want), fmt.Sprint(got), "every datagram once, in order")

	// fn hears, with nil, that the queue is empty before each wait.
	want = routeStorm(t, ns, 200, 3)
	var seen []string
	require.NoError(t, c.ReceiveEach(each, buf, func(b []byte) bool {
		if b == nil {
			seen = append(seen, "idle")
			return false
		}
		seen = append(seen, dstOf(t, b).String())
		return true
	}))
	require.Equal(t, []string{want[0].String(), want[1].String(), want[2].String(), "idle"}, seen)

	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	require.ErrorIs(t, c.ReceiveEach(short, buf, collect(1000)), context.DeadlineExceeded, "an idle queue")

	// A datagram longer than the first slot is consumed and reported;
	// the next one comes after it.
	want = routeStorm(t, ns, 100, 2)
	require.ErrorIs(t, c.ReceiveEach(each, buf[:16], collect(1000)), syscall.EMSGSIZE)
	got = nil
	require.NoError(t, c.ReceiveEach(each, buf, collect(1)))
	require.Equal(t, want[1:], got)

	require.ErrorIs(t, c.ReceiveEach(ctx, nil, collect(1)), syscall.EMSGSIZE)
	_, err = c.Request(ctx, netlink.Message{Header: netlink.Header{Type: unix.RTM_GETLINK, Flags: netlink.Dump}, Data: ifinfomsg})
	require.ErrorIs(t, err, nlsock.ErrReaderMode)
	o := dial(t, ns, nlsock.Route, nlsock.Config{})
	dumpLinks(t, o)
	require.ErrorIs(t, o.ReceiveEach(ctx, buf, collect(1)), nlsock.ErrReaderMode)
}

func TestReceiveEachOverflow(t *testing.T) {
	ns, c, ctx := routeListener(t, 4096)
	routeStorm(t, ns, 0, 200)

	buf := make([]byte, 1<<16)
	count := func([]byte) bool { return true }
	require.ErrorIs(t, c.ReceiveEach(ctx, buf, count), syscall.ENOBUFS, "the overflow is reported")
	// Then what the queue kept, and once it is empty (the congestion
	// over), later datagrams come as usual.
	requireReceivesAfterOverflow(t, ctx, ns, c, buf, 200)
}

func TestReceiveEachClose(t *testing.T) {
	requireReceiveStops(t, func(ctx context.Context, c *nlsock.Conn, b []byte) error {
		return c.ReceiveEach(ctx, b, func([]byte) bool { return true })
	})
	c := dial(t, nstest.New(t, "nlsock"), nlsock.Route, nlsock.Config{})
	require.NoError(t, c.Close())
	require.ErrorIs(t, c.ReceiveEach(context.Background(), make([]byte, 4096), func([]byte) bool { return true }), net.ErrClosed)
}

// requireReceiveStops checks that receive, waiting on a quiet socket,
// ends with net.ErrClosed when the socket is closed and with
// context.Canceled when its context is.
func requireReceiveStops(t *testing.T, receive func(context.Context, *nlsock.Conn, []byte) error) {
	t.Helper()
	ns := nstest.New(t, "nlsock")
	c, err := nlsock.Dial(nlsock.Route, &nlsock.Config{NetNS: ns.Path})
	require.NoError(t, err)
	require.NoError(t, c.JoinGroup(unix.RTNLGRP_IPV4_ROUTE))
	errc := make(chan error, 1)
	go func() { errc <- receive(context.Background(), c, make([]byte, 4096)) }()
	time.Sleep(20 * time.Millisecond)
	require.NoError(t, c.Close())
	require.ErrorIs(t, <-errc, net.ErrClosed, "Close wakes a waiting receive")

	c = dial(t, ns, nlsock.Route, nlsock.Config{})
	ctx, cancel := context.WithCancel(context.Background())
	go func() { errc <- receive(ctx, c, make([]byte, 4096)) }()
	time.Sleep(20 * time.Millisecond)
	cancel()
	require.ErrorIs(t, <-errc, context.Canceled)
}

func TestReceiveEachPaced(t *testing.T) {
	ns, c, ctx := routeListener(t, 0)
	lone := routeStorm(t, ns, 0, 1)

	// The storm comes while ReceiveEachPaced sleeps: it reads it all
	// after the sleep, before it finds the queue empty again.
	var got []string
	var storm []netip.Addr
	pauses, empties := 0, 0
	buf := make([]byte, 1<<16)
	require.NoError(t, c.ReceiveEachPaced(ctx, buf, func(b []byte) bool {
		if b == nil {
			got = append(got, "empty")
			empties++
			return empties < 2
		}
		got = append(got, dstOf(t, b).String())
		return true
	}, func() time.Duration {
		if pauses++; pauses == 1 {
			storm = routeStorm(t, ns, 1, 50)
		}
		return time.Millisecond
	}))
	want := []string{lone[0].String(), "empty"}
	for _, a := range storm {
		want = append(want, a.String())
	}
	require.Equal(t, append(want, "empty"), got)
	require.Equal(t, 1, pauses, "no pause once fn stopped it")

	// A pause of 0 waits as ReceiveEach does.
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	require.ErrorIs(t, c.ReceiveEachPaced(short, buf, func([]byte) bool { return true },
		func() time.Duration { return 0 }), context.DeadlineExceeded)
}

func TestReceiveEachPacedStops(t *testing.T) {
	// Sleeping between reads of an empty queue, it still stops on Close
	// and at the end of its context.
	sleep := func() time.Duration { return 5 * time.Millisecond }
	requireReceiveStops(t, func(ctx context.Context, c *nlsock.Conn, b []byte) error {
		return c.ReceiveEachPaced(ctx, b, func([]byte) bool { return true }, sleep)
	})
}

func TestReceiveEachPacedWakesAfterBurst(t *testing.T) {
	// After sleeps (the socket muted in the runtime's poller meanwhile),
	// a wait in the poller is still woken by the next datagram.
	ns, c, ctx := routeListener(t, 0)
	pauses := 0
	type lateRoutes struct {
		dsts []netip.Addr
		err  error
	}
	late := make(chan lateRoutes, 1)
	dir := t.TempDir()
	var got []string
	require.NoError(t, c.ReceiveEachPaced(ctx, make([]byte, 1<<16), func(b []byte) bool {
		if b != nil {
			got = append(got, dstOf(t, b).String())
		}
		return len(got) < 1
	}, func() time.Duration {
		if pauses++; pauses <= 3 {
			return time.Millisecond
		}
		go func() {
			time.Sleep(50 * time.Millisecond)
			dsts, err := tryRouteStorm(ns, dir, 0, 1)
			late <- lateRoutes{dsts, err}
		}()
		return 0
	}))
	l := <-late
	require.NoError(t, l.err)
	require.Equal(t, []string{l.dsts[0].String()}, got)
}

func TestReceiveEachPacedOverflowWhileSleeping(t *testing.T) {
	// An overflow while ReceiveEachPaced sleeps (the socket muted in the
	// runtime's poller) is reported as ENOBUFS, and the socket can still
	// be waited on afterwards.
	ns, c, ctx := routeListener(t, 4096)
	routeStorm(t, ns, 0, 1)
	buf := make([]byte, 1<<16)
	count := func([]byte) bool { return true }
	stormed := make(chan error, 1)
	dir := t.TempDir()
	pauses := 0
	err := c.ReceiveEachPaced(ctx, buf, count, func() time.Duration {
		if pauses++; pauses == 1 {
			go func() {
				_, err := tryRouteStorm(ns, dir, 1, 200)
				stormed <- err
			}()
		}
		return 10 * time.Millisecond
	})
	require.NoError(t, <-stormed)
	require.ErrorIs(t, err, syscall.ENOBUFS, "the overflow is reported")
	requireReceivesAfterOverflow(t, ctx, ns, c, buf, 300)
}
