package rtnlremote_test

import (
	"context"
	"encoding/binary"
	"log/slog"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
	"github.com/rtnlx/rtnlx/rtnlremote"
)

// scriptedConn is a backend connection whose broadcasts the test
// scripts: each Receive takes the next datagram, or error, queued.
type scriptedConn struct {
	queue  chan scripted
	joined chan<- *scriptedConn
	closed chan struct{}
	once   sync.Once
}

type scripted struct {
	data []byte
	err  error
}

func (c *scriptedConn) Send(context.Context, []byte) error { return nil }

func (c *scriptedConn) Receive(ctx context.Context, b []byte) (int, error) {
	select {
	case s := <-c.queue:
		return copy(b, s.data), s.err
	case <-c.closed:
		return 0, syscall.EBADF
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

func (c *scriptedConn) JoinGroup(uint32) error {
	select {
	case c.joined <- c:
	default:
	}
	return nil
}

func (c *scriptedConn) LeaveGroup(uint32) error { return nil }
func (c *scriptedConn) PortID() uint32          { return 1 }

func (c *scriptedConn) Close() error {
	c.once.Do(func() { close(c.closed) })
	return nil
}

// routeEvent is an RTM_NEWROUTE broadcast for IPv4, told apart by seq.
func routeEvent(seq uint32) []byte {
	b := nlmsg.AppendHeader(nil, linux.RTM_NEWROUTE, 0, seq, 0)
	b = append(b, make([]byte, 12)...) // struct rtmsg
	b[16] = linux.AF_INET
	return nlmsg.Finish(b, 0)
}

// TestOverflowHidesWhatWasQueuedBefore: a backend reports a loss before
// the broadcasts it still holds, as a netlink socket does. Those are
// older than the loss; a client that got the overflow, and dumped,
// must not hear them after it, whatever the transport's delay (under
// Wine's pipes they came after a watcher's drain and its dump, and its
// view kept routes that were gone).
func TestOverflowHidesWhatWasQueuedBefore(t *testing.T) {
	joined := make(chan *scriptedConn, 1)
	_, addr := serve(t, rtnlremote.Config{
		Dial: func(context.Context) (rtnlremote.Conn, error) {
			return &scriptedConn{queue: make(chan scripted, 8), joined: joined, closed: make(chan struct{})}, nil
		},
		Logger: slog.New(slog.DiscardHandler),
	})

	c := dialRaw(t, addr)
	c.send(t, 'J', binary.BigEndian.AppendUint32(nil, linux.RTNLGRP_IPV4_ROUTE))
	kind, p := c.frame(t)
	require.Equal(t, byte('R'), kind)
	require.Equal(t, []byte{0, 0, 0, 0}, p)
	var backend *scriptedConn
	select {
	case backend = <-joined:
	case <-time.After(10 * time.Second):
		t.Fatal("the server never joined its backend to the group")
	}

	seqOf := func(p []byte) uint32 { return binary.NativeEndian.Uint32(p[8:]) }
	backend.queue <- scripted{data: routeEvent(1)}
	backend.queue <- scripted{err: syscall.ENOBUFS}
	backend.queue <- scripted{data: routeEvent(2)} // queued before the loss was read
	kind, p = c.frame(t)
	require.Equal(t, byte('M'), kind)
	require.EqualValues(t, 1, seqOf(p))
	kind, _ = c.frame(t)
	require.Equal(t, byte('O'), kind, "the loss was not told")
	backend.queue <- scripted{data: routeEvent(3)} // after the loss
	kind, p = c.frame(t)
	require.Equal(t, byte('M'), kind)
	require.EqualValues(t, 3, seqOf(p), "an event older than the loss came after it")
}
