package rtnlremote_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"log/slog"
	"maps"
	"net"
	"net/netip"
	"os"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jsimonetti/rtnetlink/v2"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/rtnlx/rtnlx/conformance"
	"github.com/rtnlx/rtnlx/netinfo"
	"github.com/rtnlx/rtnlx/rtnlemu"
	"github.com/rtnlx/rtnlx/rtnlremote"
)

// stormPrefix holds the host routes the tests add.
var stormPrefix = netip.MustParsePrefix("10.99.0.0/16")

// newMemory is a Memory with lo and eth0 (index 2), up.
func newMemory(t testing.TB) *rtnlemu.Memory {
	mem := rtnlemu.NewMemory()
	require.NoError(t, mem.PutLink(conformance.MemoryLink(1, "lo", rtnetlink.OperStateUnknown)))
	require.NoError(t, mem.PutLink(conformance.MemoryLink(2, "eth0", rtnetlink.OperStateUp)))
	return mem
}

// logBuffer collects a server's log lines.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// server is an rtnlremote server over a Memory on a fresh socket.
type server struct {
	*rtnlremote.Server
	mem  *rtnlemu.Memory
	addr string
	log  *logBuffer
}

// startServer serves mem until the test ends; cfg.Dial and cfg.Logger
// are filled in.
func startServer(t testing.TB, mem *rtnlemu.Memory, cfg rtnlremote.Config) *server {
	t.Helper()
	tr := rtnlemu.New(mem)
	logs := &logBuffer{}
	cfg.Dial = func(ctx context.Context) (rtnlremote.Conn, error) { return tr.Dial(ctx) }
	cfg.Logger = slog.New(slog.NewTextHandler(logs, nil))
	t.Cleanup(func() { tr.Close() }) // after the server's cleanup
	srv, addr := serve(t, cfg)
	return &server{Server: srv, mem: mem, addr: addr, log: logs}
}

// serve runs a server of cfg on a fresh listener until the test ends.
func serve(t testing.TB, cfg rtnlremote.Config) (*rtnlremote.Server, string) {
	t.Helper()
	srv, err := rtnlremote.NewServer(cfg)
	require.NoError(t, err)
	l, addr := listenTest(t)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(l) }()
	t.Cleanup(func() {
		require.NoError(t, srv.Close())
		require.ErrorIs(t, <-done, rtnlremote.ErrServerClosed)
	})
	return srv, addr
}

func allowAll(rtnlremote.Peer) bool { return true }

func open(t testing.TB, addr string, opts ...netinfo.Option) *netinfo.Handle {
	t.Helper()
	h, err := netinfo.Open(append([]netinfo.Option{netinfo.WithRemote(addr)}, opts...)...)
	require.NoError(t, err)
	t.Cleanup(func() { h.Close() })
	return h
}

// storm adds n host routes to the Memory, as outside changes.
func storm(t testing.TB, mem *rtnlemu.Memory, n int) {
	t.Helper()
	m := &conformance.MemoryMutator{Memory: mem}
	require.NoError(t, m.Mutate(context.Background(), conformance.Mutation{Op: conformance.OpStorm, Link: "eth0", Prefix: stormPrefix, Count: n}))
}

// rawClient is a client speaking the wire format by hand.
type rawClient struct {
	net.Conn
	port uint32
}

func dialRaw(t testing.TB, addr string) *rawClient {
	t.Helper()
	nc, err := dialTest(addr)
	require.NoError(t, err)
	t.Cleanup(func() { nc.Close() })
	c := &rawClient{Conn: nc}
	kind, p := c.frame(t)
	require.Equal(t, byte('H'), kind)
	require.Len(t, p, 8)
	c.port = binary.BigEndian.Uint32(p[4:])
	return c
}

func (c *rawClient) send(t testing.TB, kind byte, payload []byte) {
	t.Helper()
	b := binary.BigEndian.AppendUint32(nil, uint32(len(payload)+1))
	b = append(append(b, kind), payload...)
	_, err := c.Write(b)
	require.NoError(t, err)
}

func (c *rawClient) frame(t testing.TB) (byte, []byte) {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	var hdr [4]byte
	_, err := io.ReadFull(c, hdr[:])
	require.NoError(t, err)
	b := make([]byte, binary.BigEndian.Uint32(hdr[:]))
	_, err = io.ReadFull(c, b)
	require.NoError(t, err)
	return b[0], b[1:]
}

// routeDump is an RTM_GETROUTE dump request for every family.
func routeDump(seq uint32) []byte {
	b := make([]byte, 16+12)
	binary.NativeEndian.PutUint32(b[0:], uint32(len(b)))
	binary.NativeEndian.PutUint16(b[4:], 26)        // RTM_GETROUTE
	binary.NativeEndian.PutUint16(b[6:], 0x1|0x300) // NLM_F_REQUEST|NLM_F_DUMP
	binary.NativeEndian.PutUint32(b[8:], seq)
	return b
}

// waitFor polls cond until it holds or 10 s pass.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestSlowClientOverflowsAlone: a client that stops reading loses events
// and is told so (an overflow frame, ENOBUFS to its reader), while a
// watcher beside it receives every event without a resync; a watcher
// whose own queue overflows resyncs to the fresh dump's state.
func TestSlowClientOverflowsAlone(t *testing.T) {
	baseline := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, baseline) }) // after the server's cleanup
	srv := startServer(t, newMemory(t), rtnlremote.Config{QueueBytes: 64 << 10})

	stalled := dialRaw(t, srv.addr)
	stalled.send(t, 'J', binary.BigEndian.AppendUint32(nil, 7)) // RTNLGRP_IPV4_ROUTE
	kind, p := stalled.frame(t)
	require.Equal(t, byte('R'), kind)
	require.Equal(t, []byte{0, 0, 0, 0}, p)

	h := open(t, srv.addr)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	fast, err := h.Watch(ctx, netinfo.WatchRoutes, netinfo.WithInitialState())
	require.NoError(t, err)
	// A watcher whose handle's own queue is tiny and whose consumer
	// waits: it must resync.
	hs := open(t, srv.addr, netinfo.WithReceiveBuffer(4096))
	slow, err := hs.Watch(ctx, netinfo.WatchRoutes, netinfo.WithInitialState(), netinfo.WithEventBuffer(0))
	require.NoError(t, err)
	for _, w := range []*netinfo.Watcher{fast, slow} {
		for ev := range w.Events() {
			if ev.Type == netinfo.EventInitialDone {
				break
			}
		}
	}

	// The storm comes in batches, each sent once the fast watcher has
	// seen the last: a Memory changes faster than any reader, and the
	// point is that the stalled client's backlog costs the fast one
	// nothing.
	const batch, batches = 200, 50
	const n = batch * batches
	fastView := map[netip.Prefix]bool{}
	resyncs := 0
	applyFast := func(ev netinfo.Event) {
		t.Helper()
		switch {
		case ev.Type == netinfo.EventResyncStart:
			resyncs++
		case ev.Route == nil || !stormPrefix.Contains(ev.Route.Dst.Addr()):
		case ev.Type == netinfo.EventNew:
			fastView[ev.Route.Dst] = true
		case ev.Type == netinfo.EventDel:
			delete(fastView, ev.Route.Dst)
		}
	}
	m := &conformance.MemoryMutator{Memory: srv.mem}
	for b := range batches {
		first := conformance.StormRoute(stormPrefix, b*batch)
		require.NoError(t, m.Mutate(ctx, conformance.Mutation{Op: conformance.OpStorm, Link: "eth0", Prefix: first, Count: batch}))
		for len(fastView) < (b+1)*batch*3/4 {
			ev, ok := <-fast.Events()
			require.True(t, ok, "watcher ended: %v", fast.Err())
			applyFast(ev)
		}
	}
	require.NotZero(t, srv.Stats().Overflows, "the stalled client's queue never overflowed: %+v", srv.Stats())

	// The slow watcher, read only now, resyncs and ends with the fast
	// one's view, which is also a fresh dump's.
	want, err := h.Routes(ctx, netinfo.RouteFilter{})
	require.NoError(t, err)
	inStorm := map[netip.Prefix]bool{}
	for _, r := range want {
		if stormPrefix.Contains(r.Dst.Addr()) {
			inStorm[r.Dst] = true
		}
	}
	// The storm loop above stops reading at three quarters of each batch:
	// the rest of the fast watcher's events are still on their way.
	for !maps.Equal(fastView, inStorm) {
		select {
		case ev, ok := <-fast.Events():
			require.True(t, ok, "watcher ended: %v", fast.Err())
			applyFast(ev)
		case <-time.After(10 * time.Second):
			require.FailNow(t, "fast watcher differs from the dump", "fast watcher: %d storm routes, dump: %d", len(fastView), len(inStorm))
		}
	}
	require.Zero(t, resyncs, "the fast watcher resynced")
	got := map[netip.Prefix]bool{}
	slowResyncs := 0
	for !maps.Equal(got, inStorm) {
		ev, ok := <-slow.Events()
		require.True(t, ok, "slow watcher ended with %d of %d storm routes: %v", len(got), len(inStorm), slow.Err())
		switch {
		case ev.Type == netinfo.EventResyncStart:
			slowResyncs++
		case ev.Route == nil || !stormPrefix.Contains(ev.Route.Dst.Addr()):
		case ev.Type == netinfo.EventNew:
			got[ev.Route.Dst] = true
		case ev.Type == netinfo.EventDel:
			delete(got, ev.Route.Dst)
		}
	}
	require.NotZero(t, slowResyncs, "the slow watcher never resynced")

	// The stalled client, reading at last, finds the overflow it was
	// told of after what its queue held.
	sawOverflow := false
	for !sawOverflow {
		kind, _ := stalled.frame(t)
		require.Contains(t, []byte{'M', 'O'}, kind)
		sawOverflow = kind == 'O'
	}
	cancel()
	for range fast.Events() {
	}
	for range slow.Events() {
	}
}

// TestMalformedClientEndsAlone: bytes that are not frames, or frames
// that are not netlink, end that client with a logged reason; another
// client's dump is unaffected.
func TestMalformedClientEndsAlone(t *testing.T) {
	srv := startServer(t, newMemory(t), rtnlremote.Config{})
	h := open(t, srv.addr)
	ctx := context.Background()
	_, err := h.Links(ctx)
	require.NoError(t, err)
	for _, tc := range []struct {
		name, reason string
		bytes        []byte
	}{
		{"huge frame", "more than", []byte{0xff, 0xff, 0xff, 0xff, 'S'}},
		{"empty frame", "empty", []byte{0, 0, 0, 0}},
		{"unknown kind", "unknown frame kind", []byte{0, 0, 0, 1, 'Z'}},
		{"short group", "group frame", []byte{0, 0, 0, 2, 'J', 1}},
		{"netlink length past the end", "whole netlink messages", append([]byte{0, 0, 0, 17, 'S'}, routeDump(1)[:16]...)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := dialRaw(t, srv.addr)
			_, err := c.Write(tc.bytes)
			require.NoError(t, err)
			c.SetReadDeadline(time.Now().Add(10 * time.Second))
			_, err = io.ReadAll(c)
			require.NoError(t, err, "the server must close the connection")
			waitFor(t, "the log line", func() bool { return bytes.Contains([]byte(srv.log.String()), []byte(tc.reason)) })
			links, err := h.Links(ctx)
			require.NoError(t, err)
			require.Len(t, links, 2)
		})
	}
	require.EqualValues(t, 5, srv.Stats().Malformed)
}

// TestRefusedChange: a client the server's policy refuses gets the
// kernel's EPERM for a change, which never reaches the backend; reads
// still work and the refusal is logged.
func TestRefusedChange(t *testing.T) {
	srv := startServer(t, newMemory(t), rtnlremote.Config{MayChange: func(rtnlremote.Peer) bool { return false }})
	h := open(t, srv.addr)
	ctx := context.Background()
	r := netinfo.Route{Family: netinfo.FamilyInet, Dst: netip.MustParsePrefix("192.0.2.0/24"), OutIndex: 2}
	err := h.AddRoute(ctx, r)
	require.ErrorIs(t, err, syscall.EPERM)
	var op *netinfo.OpError
	require.ErrorAs(t, err, &op)
	routes, err := h.Routes(ctx, netinfo.RouteFilter{})
	require.NoError(t, err)
	for _, got := range routes {
		require.NotEqual(t, r.Dst, got.Dst, "the refused route was added")
	}
	require.EqualValues(t, 1, srv.Stats().Refused)
	require.Contains(t, srv.log.String(), "change refused")

	// The same change from a client the policy allows succeeds.
	allowed := startServer(t, srv.mem, rtnlremote.Config{MayChange: allowAll})
	require.NoError(t, open(t, allowed.addr).AddRoute(ctx, r))
}

// TestPeerCredentials: the server sees this process's own credentials
// (on Windows, over a named pipe, its token).
func TestPeerCredentials(t *testing.T) {
	peers := make(chan rtnlremote.Peer, 1)
	srv := startServer(t, newMemory(t), rtnlremote.Config{MayChange: func(p rtnlremote.Peer) bool {
		peers <- p
		return false
	}})
	dialRaw(t, srv.addr)
	requireSelf(t, <-peers)
}

// TestDisconnectMidDumpAndBaseline: clients that leave in the middle of
// a large dump, or after watching and dumping, leave no goroutine and
// no file descriptor behind, in the server or the client.
func TestDisconnectMidDumpAndBaseline(t *testing.T) {
	mem := newMemory(t)
	storm(t, mem, 20000)
	srv := startServer(t, mem, rtnlremote.Config{QueueBytes: 64 << 10})
	// A first client warms up what stays (the emulator's caches).
	warm, err := netinfo.Open(netinfo.WithRemote(srv.addr))
	require.NoError(t, err)
	_, err = warm.Routes(context.Background(), netinfo.RouteFilter{})
	require.NoError(t, err)
	require.NoError(t, warm.Close())
	waitFor(t, "the first client to be gone", func() bool { return srv.Stats().Clients == 0 })

	goroutines := goleak.IgnoreCurrent()
	fds := countFDs(t)
	for range 20 {
		c := dialRaw(t, srv.addr)
		c.send(t, 'S', routeDump(1))
		kind, _ := c.frame(t) // the dump's first datagram, then leave
		require.Equal(t, byte('U'), kind)
		c.Close()
	}
	for range 20 {
		h, err := netinfo.Open(netinfo.WithRemote(srv.addr))
		require.NoError(t, err)
		ctx, cancel := context.WithCancel(context.Background())
		w, err := h.Watch(ctx, netinfo.WatchAll, netinfo.WithInitialState())
		require.NoError(t, err)
		_, err = h.Routes(ctx, netinfo.RouteFilter{})
		require.NoError(t, err)
		cancel()
		for range w.Events() {
		}
		require.NoError(t, h.Close())
	}
	waitFor(t, "every client to be gone", func() bool { return srv.Stats().Clients == 0 })
	require.NoError(t, goleak.Find(goroutines))
	if fds >= 0 {
		waitFor(t, "file descriptors back to baseline", func() bool { return countFDs(t) <= fds })
	}
}

// countFDs counts this process's open file descriptors, or -1 where the
// OS lists them nowhere this test knows. Windows has handles, not
// descriptors; under Wine "/proc/self/fd" is Wine's own Unix descriptors,
// which its caches keep open after a handle closes (seen to stay above
// the baseline for seconds under load): not this process's to count.
func countFDs(t testing.TB) int {
	if runtime.GOOS == "windows" {
		return -1
	}
	for _, dir := range []string{"/proc/self/fd", "/dev/fd"} {
		if runtime.GOOS == "linux" && dir != "/proc/self/fd" {
			continue
		}
		ents, err := os.ReadDir(dir)
		if err == nil {
			return len(ents)
		}
		if !errors.Is(err, os.ErrNotExist) {
			t.Fatal(err)
		}
	}
	return -1
}
