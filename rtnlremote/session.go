package rtnlremote

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"syscall"
	"time"
)

// backendBufSize is the receive buffer for a client's replies: netinfo's
// own, room for a kernel dump datagram and an unusually large message.
const backendBufSize = 256 << 10

// helloTimeout bounds how long a new client may take to be set up.
const helloTimeout = 10 * time.Second

// A session serves one client: a reader for its frames (serve), a pump
// for its backend connection's replies and a writer for its queue.
type session struct {
	s    *Server
	nc   net.Conn
	q    *sendQueue
	done chan struct{}
	log  *slog.Logger

	peer      Peer
	mayChange bool
	port      uint32

	mu    sync.Mutex
	ended bool
	be    Conn // closed by end

	// groups is the set of multicast groups joined, guarded by the hub.
	groups map[uint32]struct{}
}

func newSession(s *Server, nc net.Conn) *session {
	return &session{
		s:      s,
		nc:     nc,
		q:      newSendQueue(s.cfg.QueueBytes, &s.stats.overflows, &s.stats.drops),
		done:   make(chan struct{}),
		log:    s.log,
		groups: map[uint32]struct{}{},
	}
}

// end makes every goroutine of the session return.
func (c *session) end() {
	c.mu.Lock()
	if c.ended {
		c.mu.Unlock()
		return
	}
	c.ended = true
	be := c.be
	c.mu.Unlock()
	close(c.done)
	c.q.close()
	c.nc.Close()
	if be != nil {
		be.Close()
	}
}

// serve runs the session until the client leaves or breaks the protocol,
// then releases everything it held.
func (c *session) serve() {
	var wg sync.WaitGroup
	defer func() {
		c.end()
		wg.Wait()
		c.s.hub.leaveAll(c)
	}()

	peer, err := peerOf(c.nc)
	if err != nil {
		c.log.Warn("rtnlremote: peer credentials unknown; reads only", "err", err)
	}
	c.peer = peer
	c.mayChange = err == nil && c.s.cfg.MayChange(peer)
	c.log = c.log.With("peer", peer.String())

	ctx, cancel := context.WithTimeout(context.Background(), helloTimeout)
	be, err := c.s.cfg.Dial(ctx)
	cancel()
	if err != nil {
		c.log.Error("rtnlremote: backend dial failed; client closed", "err", err)
		return
	}
	c.mu.Lock()
	if c.ended { // the server closed meanwhile
		c.mu.Unlock()
		be.Close()
		return
	}
	c.be, c.port = be, be.PortID()
	c.mu.Unlock()

	hello := binary.BigEndian.AppendUint32(nil, protocolVersion)
	hello = binary.BigEndian.AppendUint32(hello, c.port)
	c.q.pushReply(newItem(kindHello, hello))

	wg.Add(2)
	go func() { defer wg.Done(); c.write() }()
	go func() { defer wg.Done(); c.pump() }()
	if reason := c.read(); reason != nil {
		c.s.stats.malformed.Add(1)
		c.log.Warn("rtnlremote: client ended", "reason", reason)
	}
}

// read handles the client's frames until it leaves (nil) or sends
// something malformed (the reason).
func (c *session) read() error {
	r := bufio.NewReaderSize(c.nc, 64<<10)
	var buf []byte
	for {
		kind, p, nb, err := readFrame(r, buf)
		buf = nb
		if err != nil {
			if errors.Is(err, errBadFrame) {
				return err
			}
			// The client left, or its connection failed: not its bytes'
			// fault. A frame cut short by leaving is no protocol error.
			return nil
		}
		switch kind {
		case kindSend:
			if err := c.send(p); err != nil {
				return err
			}
		case kindJoin, kindLeave:
			if len(p) != 4 {
				return fmt.Errorf("group frame of %d bytes", len(p))
			}
			g := binary.BigEndian.Uint32(p)
			var err error
			if kind == kindJoin {
				err = c.s.hub.join(c, g)
			} else {
				err = c.s.hub.leave(c, g)
			}
			if !c.q.pushReply(newItem(kindResult, binary.BigEndian.AppendUint32(nil, uint32(errnoOf(err))))) {
				return nil
			}
		default:
			return fmt.Errorf("unknown frame kind %#x", kind)
		}
	}
}

// send passes a datagram to the backend, answering instead every change
// the client may not make.
func (c *session) send(p []byte) error {
	var refused [][]byte
	err := eachMessage(p, func(msg []byte) error {
		if !c.mayChange && isChange(msg) {
			refused = append(refused, msg)
		}
		return nil
	})
	if err != nil {
		return err
	}
	fwd := p
	if len(refused) > 0 {
		fwd = nil
		eachMessage(p, func(msg []byte) error {
			if c.mayChange || !isChange(msg) {
				fwd = append(fwd, msg...)
				for len(fwd)%4 != 0 {
					fwd = append(fwd, 0)
				}
			}
			return nil
		})
	}
	if len(fwd) > 0 {
		// The datagram is copied: p is the reader's buffer, and a
		// backend may keep what it is given.
		if err := c.be.Send(context.Background(), append([]byte(nil), fwd...)); err != nil {
			select {
			case <-c.done:
				return nil
			default:
			}
			c.log.Error("rtnlremote: backend send failed; client closed", "err", err)
			c.end()
			return nil
		}
	}
	for _, msg := range refused {
		c.s.stats.refused.Add(1)
		c.log.Warn("rtnlremote: change refused: EPERM", "type", msgType(msg))
		if !c.q.pushReply(newItem(kindUnicast, refusal(msg, c.port))) {
			return nil
		}
	}
	return nil
}

// pump queues the backend's answers to the client's requests, waiting
// for room rather than dropping any.
func (c *session) pump() {
	// end closes the backend connection, which ends Receive.
	ctx := context.Background()
	buf := make([]byte, backendBufSize)
	for {
		n, err := c.be.Receive(ctx, buf)
		switch {
		case errors.Is(err, syscall.ENOBUFS):
			c.q.overflow()
			continue
		case err != nil:
			c.end()
			return
		}
		if !c.q.pushReply(newItem(kindUnicast, append([]byte(nil), buf[:n]...))) {
			return
		}
	}
}

// write sends queued frames to the client, as many per write as are
// waiting.
func (c *session) write() {
	var items []item
	var bufs net.Buffers
	for {
		items = c.q.take(items, c.done)
		if items == nil {
			return
		}
		bufs = bufs[:0]
		for i := range items {
			bufs = append(bufs, items[i].hdr[:])
			if len(items[i].body) > 0 {
				bufs = append(bufs, items[i].body)
			}
		}
		b := bufs
		if _, err := b.WriteTo(c.nc); err != nil {
			c.end()
			return
		}
	}
}

// errnoOf is the errno a join or leave answers: 0 for success.
func errnoOf(err error) syscall.Errno {
	if err == nil {
		return 0
	}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return errno
	}
	return syscall.EINVAL
}
