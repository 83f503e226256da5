//go:build linux

package nlsock

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"sync"
	"syscall"

	"github.com/mdlayher/netlink"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
	"golang.org/x/sys/unix"
)

// readerBuffer is the own reader's datagram buffer. The kernel fills dump
// datagrams up to 32 KiB; a single message may be longer, and one that
// does not fit fails the request it answers with EMSGSIZE.
const readerBuffer = 1 << 16

// A reader is the state of a Conn's own reader goroutine: the requests
// waiting for replies, the backlog, the handlers and the counters.
type reader struct {
	mu        sync.Mutex
	started   bool
	pending   map[uint32]*exchange
	abandoned map[uint32]*exchange // requests given up on, by sequence
	backlog   []Message
	lost      bool // messages were lost since Next last said so
	handlers  []*handler
	arrived   chan struct{} // signalled when the backlog grows or the reader ends
	stats     Stats
	err       error // the reader's terminal error
	done      chan struct{}
}

// An exchange collects the replies to one request as they come.
type exchange struct {
	flags    uint16
	dump     bool              // holds the Conn's dump slot until it ends
	msgs     []netlink.Message // received, not yet taken
	err      error
	finished bool
	intr     bool          // a reply carried NLM_F_DUMP_INTR
	notify   chan struct{} // signalled when msgs grows or the exchange ends
}

// A handler is one registered callback.
type handler struct {
	match func(Message) bool
	fn    func(Message)
}

// startReader starts the Conn's own reader on first use.
func (c *Conn) startReader() error {
	if c.closed.Load() {
		return c.opError("read", nil, errClosedConn)
	}
	if !c.claim(modeOwn) {
		return ErrReaderMode
	}
	var err error
	c.rdStart.Do(func() {
		rd := &c.rd
		rd.mu.Lock()
		defer rd.mu.Unlock()
		if err = c.SetOption(PacketInfo, true); err != nil {
			rd.err = err
			return
		}
		rd.pending = map[uint32]*exchange{}
		rd.abandoned = map[uint32]*exchange{}
		rd.arrived = make(chan struct{}, 1)
		rd.done = make(chan struct{})
		rd.started = true
		go c.read()
	})
	if err != nil {
		return err
	}
	c.rd.mu.Lock()
	defer c.rd.mu.Unlock()
	if !c.rd.started {
		return c.rd.err
	}
	return nil
}

// errClosedConn stands for the closed socket until opError names it.
var errClosedConn = errors.New("use of closed connection")

// stop waits for the reader to end, after the socket was closed.
func (rd *reader) stop() {
	rd.mu.Lock()
	started := rd.started
	rd.mu.Unlock()
	if started {
		<-rd.done
	}
}

// read sorts incoming datagrams until the socket fails or closes.
func (c *Conn) read() {
	rd := &c.rd
	defer close(rd.done)
	buf := make([]byte, readerBuffer)
	c.rxMu.Lock()
	defer c.rxMu.Unlock()
	r := &c.rx
	r.withControl(true)
	ctx := context.Background()
	for {
		r.iov.Base = &buf[0]
		r.iov.SetLen(len(buf))
		n, err := c.receive(ctx)
		switch {
		case errors.Is(err, syscall.ENOBUFS):
			c.overflowed()
			continue
		case errors.Is(err, syscall.EMSGSIZE) && !c.closed.Load():
			c.tooLong(buf)
			continue
		case err != nil:
			c.fail(err)
			return
		}
		group, nsid := r.control()
		c.dispatch(append([]byte(nil), buf[:n]...), group, nsid, r.from.Pid)
	}
}

// dispatch hands each message of one datagram to its request, to the
// handlers or to the backlog. b is the reader's own copy.
func (c *Conn) dispatch(b []byte, group uint32, nsid int32, from uint32) {
	rd := &c.rd
	var others []Message
	rd.mu.Lock()
	rd.stats.Datagrams++
	for len(b) > 0 {
		nh, data, rest, ok := nlmsg.Next(b)
		if !ok {
			break // malformed: the rest of the datagram cannot be framed
		}
		h := netlink.Header{
			Length:   nh.Len,
			Type:     netlink.HeaderType(nh.Type),
			Flags:    netlink.HeaderFlags(nh.Flags),
			Sequence: nh.Seq,
			PID:      nh.Pid,
		}
		m := netlink.Message{Header: h, Data: data[:len(data):len(data)]}
		b = rest
		rd.stats.Messages++
		// A reply is a unicast from the kernel to this port carrying the
		// sequence number of a waiting request. Multicasts are never
		// replies, even when they carry the requester's sequence number
		// and port id (as notifications do).
		if group == 0 && from == 0 && h.PID == c.portID && h.Sequence != 0 {
			if x, ok := rd.pending[h.Sequence]; ok {
				rd.stats.Replies++
				if x.take(m) {
					delete(rd.pending, h.Sequence)
					c.release(x)
				}
				x.signal()
				continue
			}
			if x, ok := rd.abandoned[h.Sequence]; ok {
				if x.take(m) {
					delete(rd.abandoned, h.Sequence)
					c.release(x)
				}
				x.msgs = nil
				continue
			}
		}
		others = append(others, Message{Message: m, Group: group, NSID: nsid, PortID: from})
	}
	handlers := rd.handlers
	rd.mu.Unlock()

	// Handlers run without the lock, so they may call Next, Put or Stats.
	var queue []Message
	for _, m := range others {
		taken := false
		for _, hd := range handlers {
			if hd.match == nil || hd.match(m) {
				hd.fn(m)
				taken = true
			}
		}
		if !taken {
			queue = append(queue, m)
		}
	}
	if len(others) == 0 {
		return
	}
	rd.mu.Lock()
	rd.stats.Handled += uint64(len(others) - len(queue))
	for _, m := range queue {
		if len(rd.backlog) >= c.limit {
			rd.stats.Dropped++
			rd.lost = true
			continue
		}
		rd.stats.Queued++
		rd.backlog = append(rd.backlog, m)
	}
	rd.mu.Unlock()
	if len(queue) > 0 {
		rd.signal()
	}
}

// take adds one reply and reports whether it ends the exchange: an error
// or ack, NLMSG_DONE, or a lone data message when no ack was asked for.
func (x *exchange) take(m netlink.Message) bool {
	if m.Header.Flags&netlink.DumpInterrupted != 0 {
		x.intr = true
	}
	switch m.Header.Type {
	case netlink.Error:
		x.err = parseError(m)
		return x.end()
	case netlink.Done:
		x.err = parseDone(m)
		return x.end()
	}
	x.msgs = append(x.msgs, m)
	if m.Header.Flags&netlink.Multi != 0 || x.flags&uint16(netlink.Acknowledge) != 0 {
		return false
	}
	return x.end()
}

func (x *exchange) end() bool {
	x.finished = true
	if x.err == nil && x.intr {
		x.err = ErrDumpInterrupted
	}
	return true
}

func (x *exchange) signal() {
	select {
	case x.notify <- struct{}{}:
	default:
	}
}

func (rd *reader) signal() {
	select {
	case rd.arrived <- struct{}{}:
	default:
	}
}

// overflowed records a receive queue overflow: waiting requests may have
// lost their replies and fail with ENOBUFS, except dumps, which the kernel
// paces to the reader and never drops; the backlog lost messages.
func (c *Conn) overflowed() {
	rd := &c.rd
	rd.mu.Lock()
	defer rd.mu.Unlock()
	rd.stats.Overflows++
	rd.lost = true
	for seq, x := range rd.pending {
		if x.dump {
			continue
		}
		x.err = fmt.Errorf("nlsock: replies lost: %w", syscall.ENOBUFS)
		x.finished = true
		delete(rd.pending, seq)
		x.signal()
	}
	rd.signal()
}

// tooLong fails the request a truncated datagram answered (its header is
// in buf).
func (c *Conn) tooLong(buf []byte) {
	rd := &c.rd
	rd.mu.Lock()
	defer rd.mu.Unlock()
	seq := nlmsg.ParseHeader(buf).Seq
	if x, ok := rd.pending[seq]; ok {
		x.err = fmt.Errorf("nlsock: a reply is longer than %d bytes: %w", len(buf), syscall.EMSGSIZE)
		x.finished = true
		delete(rd.pending, seq)
		rd.abandoned[seq] = x // a dump goes on: drain it
		x.signal()
	}
}

// fail ends every exchange with the reader's terminal error.
func (c *Conn) fail(err error) {
	rd := &c.rd
	rd.mu.Lock()
	defer rd.mu.Unlock()
	rd.err = err
	for seq, x := range rd.pending {
		x.err = err
		x.finished = true
		delete(rd.pending, seq)
		c.release(x)
		x.signal()
	}
	for seq, x := range rd.abandoned {
		delete(rd.abandoned, seq)
		c.release(x)
	}
	rd.signal()
}

// release frees the dump slot an ended exchange held. Call with rd.mu
// held.
func (c *Conn) release(x *exchange) {
	if x.dump {
		x.dump = false
		<-c.dumpSlot
	}
}

// Request sends m and returns its replies: every part of a multi-part
// reply up to (not including) NLMSG_DONE, or the single reply. NLM_F_REQUEST
// is added, Length and PID are filled in, and a zero Sequence is replaced by
// [Conn.NextSequence]. With NLM_F_ACK, Request waits for the ack. An
// NLMSG_ERROR with a non-zero errno becomes a *netlink.OpError carrying
// the kernel's extended ack (errors.Is matches the errno); a dump the
// kernel flagged as interrupted returns its replies and ErrDumpInterrupted.
func (c *Conn) Request(ctx context.Context, m netlink.Message) ([]netlink.Message, error) {
	var msgs []netlink.Message
	for r, err := range c.RequestIter(ctx, m) {
		if err != nil {
			return msgs, err
		}
		msgs = append(msgs, r)
	}
	return msgs, nil
}

// RequestIter is Request that yields the replies as they arrive, so a
// large dump is never held whole. Stopping early abandons the request:
// its remaining replies are dropped as they come. An error ends the
// sequence.
func (c *Conn) RequestIter(ctx context.Context, m netlink.Message) iter.Seq2[netlink.Message, error] {
	return func(yield func(netlink.Message, error) bool) {
		x, seq, err := c.send(ctx, m)
		if err != nil {
			yield(netlink.Message{}, err)
			return
		}
		rd := &c.rd
		for {
			rd.mu.Lock()
			msgs, finished, xerr := x.msgs, x.finished, x.err
			x.msgs = nil
			rd.mu.Unlock()
			for i, r := range msgs {
				if !yield(r, nil) {
					if !finished || i < len(msgs)-1 {
						c.abandon(seq, true)
					}
					return
				}
			}
			if finished {
				if xerr != nil {
					yield(netlink.Message{}, xerr)
				}
				return
			}
			select {
			case <-x.notify:
			case <-ctx.Done():
				c.abandon(seq, true)
				yield(netlink.Message{}, ctx.Err())
				return
			}
		}
	}
}

// send frames m, registers its exchange and sends it.
func (c *Conn) send(ctx context.Context, m netlink.Message) (*exchange, uint32, error) {
	if err := c.startReader(); err != nil {
		return nil, 0, err
	}
	b, seq := c.frame(m)
	x := &exchange{flags: uint16(m.Header.Flags) | uint16(netlink.Request), notify: make(chan struct{}, 1)}
	// The kernel runs one dump per socket at a time and refuses a second
	// with EBUSY: dumps wait for their turn.
	if m.Header.Flags&netlink.Dump == netlink.Dump {
		select {
		case c.dumpSlot <- struct{}{}:
			x.dump = true
		case <-ctx.Done():
			return nil, 0, ctx.Err()
		}
	}
	rd := &c.rd
	rd.mu.Lock()
	if rd.err != nil {
		err := rd.err
		c.release(x)
		rd.mu.Unlock()
		return nil, 0, err
	}
	if _, busy := rd.pending[seq]; busy {
		c.release(x)
		rd.mu.Unlock()
		return nil, 0, fmt.Errorf("nlsock: request: sequence number %d is already waiting for replies", seq)
	}
	if _, busy := rd.abandoned[seq]; busy {
		c.release(x)
		rd.mu.Unlock()
		return nil, 0, fmt.Errorf("nlsock: request: sequence number %d still has replies on their way", seq)
	}
	rd.pending[seq] = x
	rd.mu.Unlock()
	if err := c.Send(ctx, b); err != nil {
		c.abandon(seq, false)
		return nil, 0, err
	}
	return x, seq, nil
}

// abandon gives up on a request; with sent, replies still on their way
// are read and dropped.
func (c *Conn) abandon(seq uint32, sent bool) {
	rd := &c.rd
	rd.mu.Lock()
	defer rd.mu.Unlock()
	x, ok := rd.pending[seq]
	if !ok {
		return
	}
	delete(rd.pending, seq)
	if sent {
		rd.abandoned[seq] = x
	} else {
		c.release(x)
	}
}

// frame encodes m as one datagram, filling in what Request and Put
// promise, and returns it with its sequence number.
func (c *Conn) frame(m netlink.Message) ([]byte, uint32) {
	seq := m.Header.Sequence
	if seq == 0 {
		seq = c.NextSequence()
	}
	b := make([]byte, 0, nlmsg.Align(unix.NLMSG_HDRLEN+len(m.Data)))
	b = nlmsg.AppendHeader(b, uint16(m.Header.Type), uint16(m.Header.Flags)|uint16(netlink.Request), seq, c.portID)
	b = nlmsg.Finish(append(b, m.Data...), 0)
	b = nlmsg.Pad(b) // the length counts the payload, not the padding
	return b, seq
}

// Put sends m without waiting for anything (pyroute2's put) and returns
// its sequence number. It frames m as Request does. Its replies, if any,
// arrive as messages with that sequence number: through [Conn.Next] or a
// handler when the Conn's own reader runs, else through Receive.
func (c *Conn) Put(ctx context.Context, m netlink.Message) (uint32, error) {
	b, seq := c.frame(m)
	return seq, c.Send(ctx, b)
}

// Next returns the next message that was no reply to a waiting request
// and that no handler took: broadcasts, replies to Put, messages from
// peers. It waits for one until ctx ends. After messages were lost (the
// kernel's queue or the backlog overflowed) it returns an error matching
// syscall.ENOBUFS once, then goes on.
func (c *Conn) Next(ctx context.Context) (Message, error) {
	if err := c.startReader(); err != nil {
		return Message{}, err
	}
	rd := &c.rd
	for {
		rd.mu.Lock()
		switch {
		case rd.lost:
			rd.lost = false
			rd.mu.Unlock()
			return Message{}, fmt.Errorf("nlsock: messages lost: %w", syscall.ENOBUFS)
		case len(rd.backlog) > 0:
			m := rd.backlog[0]
			rd.backlog[0] = Message{}
			rd.backlog = rd.backlog[1:]
			rd.mu.Unlock()
			return m, nil
		case rd.err != nil:
			err := rd.err
			rd.mu.Unlock()
			return Message{}, err
		}
		rd.mu.Unlock()
		select {
		case <-rd.arrived:
		case <-ctx.Done():
			return Message{}, ctx.Err()
		}
	}
}

// Handle registers fn to run on each message that is no reply to a
// waiting request and for which match returns true (a nil match takes
// every one): the seeds' register_callback, with its predicate. Handlers
// run on the Conn's reader goroutine, in registration order, and every one
// that matches runs; a message some handler took does not go to the
// backlog. A handler must return promptly and must not wait for this
// Conn's replies (it would wait for itself). The returned remove
// unregisters it.
func (c *Conn) Handle(match func(Message) bool, fn func(Message)) (remove func(), err error) {
	if fn == nil {
		return nil, errors.New("nlsock: handle: nil handler")
	}
	if err := c.startReader(); err != nil {
		return nil, err
	}
	h := &handler{match: match, fn: fn}
	rd := &c.rd
	rd.mu.Lock()
	// Copy on write: dispatch reads the slice without the lock.
	rd.handlers = append(append([]*handler(nil), rd.handlers...), h)
	rd.mu.Unlock()
	return func() {
		rd.mu.Lock()
		defer rd.mu.Unlock()
		hs := make([]*handler, 0, len(rd.handlers))
		for _, o := range rd.handlers {
			if o != h {
				hs = append(hs, o)
			}
		}
		rd.handlers = hs
	}, nil
}

// Stats returns the reader's counters (all zero before the Conn's own
// reader starts).
func (c *Conn) Stats() Stats {
	rd := &c.rd
	rd.mu.Lock()
	defer rd.mu.Unlock()
	s := rd.stats
	s.Backlog = len(rd.backlog)
	return s
}
