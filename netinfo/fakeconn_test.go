package netinfo

import (
	"context"
	"encoding/binary"
	"net"
	"sync"
	"sync/atomic"
	"syscall"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

// fakeConn is a scripted transport for the tests that the kernel cannot
// be made to answer on demand: every request gets the datagrams reply
// returns for it.
type fakeConn struct {
	reply func(req nlmsg.Header, payload []byte) [][]byte

	drops atomic.Uint32 // what Drops reports

	mu      sync.Mutex
	queue   [][]byte // a nil datagram reads as ENOBUFS
	arrived chan struct{}
	closed  chan struct{}
	once    sync.Once
}

func newFakeConn(reply func(req nlmsg.Header, payload []byte) [][]byte) *fakeConn {
	return &fakeConn{reply: reply, arrived: make(chan struct{}, 1), closed: make(chan struct{})}
}

// fakeDialer dials conns answering with reply, and hands each to dialed
// when set.
type fakeDialer struct {
	reply  func(req nlmsg.Header, payload []byte) [][]byte
	dialed chan<- *fakeConn
}

func (d fakeDialer) Dial(context.Context) (*fakeConn, error) {
	c := newFakeConn(d.reply)
	if d.dialed != nil {
		d.dialed <- c
	}
	return c, nil
}

// push queues broadcast datagrams (nil: an ENOBUFS).
func (c *fakeConn) push(datagrams ...[]byte) {
	c.mu.Lock()
	c.queue = append(c.queue, datagrams...)
	c.mu.Unlock()
	select {
	case c.arrived <- struct{}{}:
	default:
	}
}

// Drops counts what the fake "kernel" dropped.
func (c *fakeConn) Drops() (uint32, error) { return c.drops.Load(), nil }

func (c *fakeConn) Send(ctx context.Context, b []byte) error {
	select {
	case <-c.closed:
		return net.ErrClosed
	default:
	}
	h, p, _, ok := nlmsg.Next(b)
	if !ok {
		err := messageError(h, b)
		return err
	}
	c.mu.Lock()
	c.queue = append(c.queue, c.reply(h, p)...)
	c.mu.Unlock()
	select {
	case c.arrived <- struct{}{}:
	default:
	}
	return nil
}

func (c *fakeConn) Receive(ctx context.Context, b []byte) (int, error) {
	for {
		c.mu.Lock()
		if len(c.queue) > 0 {
			d := c.queue[0]
			c.queue = c.queue[1:]
			c.mu.Unlock()
			if d == nil {
				return 0, syscall.ENOBUFS
			}
			if len(d) > len(b) {
				return 0, syscall.EMSGSIZE
			}
			return copy(b, d), nil
		}
		c.mu.Unlock()
		select {
		case <-c.arrived:
		case <-c.closed:
			return 0, net.ErrClosed
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
}

func (c *fakeConn) JoinGroup(uint32) error  { return nil }
func (c *fakeConn) LeaveGroup(uint32) error { return nil }
func (c *fakeConn) PortID() uint32          { return 4242 }
func (c *fakeConn) Close() error {
	c.once.Do(func() { close(c.closed) })
	return nil
}

// message builds one netlink message.
func message(typ, flags uint16, seq uint32, payload []byte) []byte {
	b := nlmsg.AppendHeader(nil, typ, flags, seq, 0)
	b = append(b, payload...)
	for len(b)%4 != 0 {
		b = append(b, 0)
	}
	binary.NativeEndian.PutUint32(b, uint32(linux.SizeofNlMsghdr+len(payload)))
	return b
}

// errorPayload is an NLMSG_ERROR or NLMSG_DONE payload with errno (0 for
// an ack or a clean end).
func errorPayload(errno syscall.Errno, req nlmsg.Header) []byte {
	b := make([]byte, 4+linux.SizeofNlMsghdr)
	binary.NativeEndian.PutUint32(b, uint32(-int32(errno)))
	binary.NativeEndian.PutUint32(b[4:], req.Len)
	binary.NativeEndian.PutUint16(b[8:], req.Type)
	binary.NativeEndian.PutUint32(b[12:], req.Seq)
	return b
}

// routePayload is a minimal IPv4 rtmsg for dst/len in the main table.
func routePayload(a, b, c, d byte, bits uint8) []byte {
	p := []byte{2, bits, 0, 0, 254, 4, 0, 1, 0, 0, 0, 0}
	p = append(p, 8, 0, 1, 0, a, b, c, d) // RTA_DST
	return p
}
