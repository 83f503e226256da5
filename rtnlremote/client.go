package rtnlremote

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"syscall"
	"time"
)

// DefaultClientQueueBytes bounds the multicast datagrams a client
// connection holds for its reader, as a socket's receive buffer does.
const DefaultClientQueueBytes = 8 << 20

// A Transport dials a Server: each connection it opens is one client of
// the server, with its own port id, replies and groups. It satisfies
// netinfo.Dialer[*ClientConn].
type Transport struct {
	network, address string
	queueBytes       int
}

// NewTransport returns a Transport for a server listening at addr:
// "unix:PATH" or a bare PATH, an AF_UNIX stream socket, or (Windows)
// "pipe:\\.\pipe\NAME", a named pipe (PipePrefix). queueBytes
// bounds the multicast datagrams each connection holds for its reader,
// as a socket's receive buffer does; 0 means DefaultClientQueueBytes.
func NewTransport(addr string, queueBytes int) *Transport {
	if queueBytes <= 0 {
		queueBytes = DefaultClientQueueBytes
	}
	if name, ok := strings.CutPrefix(addr, PipePrefix); ok {
		return &Transport{network: "pipe", address: name, queueBytes: queueBytes}
	}
	path := strings.TrimPrefix(addr, "unix:")
	return &Transport{network: "unix", address: path, queueBytes: queueBytes}
}

// Dial connects to the server and waits for its hello.
func (t *Transport) Dial(ctx context.Context) (*ClientConn, error) {
	var nc net.Conn
	var err error
	if t.network == "pipe" {
		if err := checkPipeName(t.address); err != nil {
			return nil, err
		}
		nc, err = dialPipe(ctx, t.address)
	} else {
		var d net.Dialer
		nc, err = d.DialContext(ctx, t.network, t.address)
	}
	if err != nil {
		return nil, fmt.Errorf("rtnlremote: %w", err)
	}
	c := &ClientConn{
		nc:      nc,
		r:       bufio.NewReaderSize(nc, 64<<10),
		limit:   t.queueBytes,
		ready:   make(chan struct{}, 1),
		results: make(chan uint32, 1),
		done:    make(chan struct{}),
	}
	if err := c.hello(ctx); err != nil {
		nc.Close()
		return nil, fmt.Errorf("rtnlremote: %s: %w", t.address, err)
	}
	go c.read()
	return c, nil
}

// A ClientConn is one connection to a Server, shaped like a
// NETLINK_ROUTE socket (it satisfies netinfo.Conn): it receives the
// replies to what it sends and the events of the groups it joined.
// Events that find its queue full are dropped and Receive reports
// ENOBUFS once, as a netlink socket does.
type ClientConn struct {
	nc    net.Conn
	r     *bufio.Reader
	port  uint32
	limit int

	writeMu sync.Mutex
	groupMu sync.Mutex // one join or leave at a time: results come in order
	results chan uint32
	done    chan struct{} // closed when the reader ends

	mu     sync.Mutex
	ready  chan struct{}
	queue  []received
	bytes  int  // multicast payload queued
	marked bool // an overflow waits in queue
	err    error
	closed bool
}

// received is a datagram for Receive, or (nil data) an overflow.
type received struct {
	data      []byte
	multicast bool
}

var errClientClosed = errors.New("rtnlremote: use of closed connection")

// hello reads the server's first frame.
func (c *ClientConn) hello(ctx context.Context) error {
	deadline, ok := ctx.Deadline()
	if !ok {
		deadline = time.Now().Add(helloTimeout)
	}
	c.nc.SetReadDeadline(deadline)
	defer c.nc.SetReadDeadline(time.Time{})
	stop := context.AfterFunc(ctx, func() { c.nc.SetReadDeadline(time.Unix(1, 0)) })
	defer stop()
	kind, p, _, err := readFrame(c.r, nil)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("hello: %w", err)
	}
	if kind != kindHello || len(p) != 8 {
		return fmt.Errorf("hello: unexpected frame %q of %d bytes", kind, len(p))
	}
	if v := binary.BigEndian.Uint32(p); v != protocolVersion {
		return fmt.Errorf("hello: protocol version %d, want %d", v, protocolVersion)
	}
	c.port = binary.BigEndian.Uint32(p[4:])
	return nil
}

// read takes the server's frames until the connection ends.
func (c *ClientConn) read() {
	defer close(c.done)
	var buf []byte
	for {
		kind, p, nb, err := readFrame(c.r, buf)
		buf = nb
		if err != nil {
			c.fail(err)
			return
		}
		switch kind {
		case kindUnicast:
			c.push(received{data: append([]byte(nil), p...)})
		case kindMulticast:
			c.push(received{data: append([]byte(nil), p...), multicast: true})
		case kindOverflow:
			c.push(received{})
		case kindResult:
			if len(p) != 4 {
				c.fail(fmt.Errorf("result frame of %d bytes", len(p)))
				return
			}
			select {
			case c.results <- binary.BigEndian.Uint32(p):
			default:
				c.fail(errors.New("result without a request"))
				return
			}
		default:
			c.fail(fmt.Errorf("unknown frame kind %#x", kind))
			return
		}
	}
}

// push queues what the reader got; a multicast datagram beyond the bound
// is dropped, leaving one overflow for Receive.
func (c *ClientConn) push(r received) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case r.data == nil || r.multicast && c.bytes+len(r.data) > c.limit:
		if c.marked {
			return
		}
		c.marked = true
		r = received{}
	case r.multicast:
		c.bytes += len(r.data)
	}
	c.queue = append(c.queue, r)
	select {
	case c.ready <- struct{}{}:
	default:
	}
}

// fail ends the connection with err for Receive, after what is queued.
func (c *ClientConn) fail(err error) {
	c.mu.Lock()
	if c.err == nil {
		if c.closed {
			err = errClientClosed
		} else {
			err = fmt.Errorf("rtnlremote: connection to server: %w", err)
		}
		c.err = err
	}
	c.mu.Unlock()
	select {
	case c.ready <- struct{}{}:
	default:
	}
}

// Send writes one datagram of netlink messages.
func (c *ClientConn) Send(ctx context.Context, b []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return c.writeFrame(ctx, appendFrame(nil, kindSend, b))
}

func (c *ClientConn) writeFrame(ctx context.Context, f []byte) error {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	if c.isClosed() {
		return errClientClosed
	}
	if dl, ok := ctx.Deadline(); ok {
		c.nc.SetWriteDeadline(dl)
		defer c.nc.SetWriteDeadline(time.Time{})
	}
	stop := context.AfterFunc(ctx, func() { c.nc.SetWriteDeadline(time.Unix(1, 0)) })
	defer stop()
	if _, err := c.nc.Write(f); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if c.isClosed() {
			return errClientClosed
		}
		return fmt.Errorf("rtnlremote: send: %w", err)
	}
	return nil
}

// Receive reads the next datagram into b. After events were lost it
// returns an error matching syscall.ENOBUFS once.
func (c *ClientConn) Receive(ctx context.Context, b []byte) (int, error) {
	for {
		c.mu.Lock()
		if c.closed {
			c.mu.Unlock()
			return 0, errClientClosed
		}
		if len(c.queue) > 0 {
			r := c.queue[0]
			if r.data == nil {
				c.queue = c.queue[1:]
				c.marked = false
				c.mu.Unlock()
				return 0, fmt.Errorf("rtnlremote: events lost: %w", syscall.ENOBUFS)
			}
			if len(r.data) > len(b) {
				c.mu.Unlock()
				return 0, fmt.Errorf("rtnlremote: datagram of %d bytes for a %d-byte buffer", len(r.data), len(b))
			}
			c.queue[0] = received{}
			c.queue = c.queue[1:]
			if r.multicast {
				c.bytes -= len(r.data)
			}
			c.mu.Unlock()
			return copy(b, r.data), nil
		}
		if c.err != nil {
			err := c.err
			c.mu.Unlock()
			return 0, err
		}
		c.mu.Unlock()
		select {
		case <-c.ready:
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
}

// JoinGroup subscribes to an RTNLGRP_* multicast group; events sent
// after it returns are received.
func (c *ClientConn) JoinGroup(group uint32) error { return c.group(kindJoin, group) }

// LeaveGroup drops a multicast subscription.
func (c *ClientConn) LeaveGroup(group uint32) error { return c.group(kindLeave, group) }

func (c *ClientConn) group(kind byte, group uint32) error {
	c.groupMu.Lock()
	defer c.groupMu.Unlock()
	if err := c.writeFrame(context.Background(), appendFrameU32(nil, kind, group)); err != nil {
		return err
	}
	select {
	case errno := <-c.results:
		if errno != 0 {
			return syscall.Errno(errno)
		}
		return nil
	case <-c.done:
		c.mu.Lock()
		err := c.err
		c.mu.Unlock()
		return err
	}
}

// PortID is the port id the server's backend gave this connection.
func (c *ClientConn) PortID() uint32 { return c.port }

// Close ends the connection; pending calls return an error.
func (c *ClientConn) Close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	c.closed = true
	c.queue = nil
	c.mu.Unlock()
	err := c.nc.Close()
	<-c.done
	select {
	case c.ready <- struct{}{}:
	default:
	}
	return err
}

func (c *ClientConn) isClosed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.closed
}
