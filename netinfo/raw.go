package netinfo

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"syscall"

	"github.com/mdlayher/netlink"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

// maxQueuedBroadcasts bounds a RawConn's broadcast queue. Past it the
// oldest messages are kept, new ones dropped, and the next Broadcast call
// reports ENOBUFS, as the kernel does for a full socket.
const maxQueuedBroadcasts = 1 << 16

// A RawConn sends any RTNL request and receives exactly its replies,
// while broadcast messages (from joined groups) queue separately. It has
// a connection of its own, opened on first use; a goroutine reads it and
// sorts what arrives by sequence number. Close stops it.
type RawConn struct {
	h *Handle

	mu         sync.Mutex
	conn       Conn
	portID     uint32
	grouped    bool // conn says which multicast group each datagram came to
	otherBus   bool // conn is on a bus other than NETLINK_ROUTE
	closed     bool
	err        error // the reader's terminal error
	stopReader context.CancelFunc
	readerDone chan struct{}
	pending    map[uint32]*rawExchange
	abandoned  map[uint32]bool // requests given up on whose replies may still come
	broadcasts []netlink.Message
	overflowed bool
	arrived    chan struct{} // signalled when a broadcast is queued
}

// rawExchange collects the replies to one request.
type rawExchange struct {
	wantAck  bool
	wantData bool // a GET, dump or NLM_F_ECHO request: data messages are replies
	msgs     []netlink.Message
	err      error
	done     chan struct{}
}

// Raw returns raw RTNL access over a connection of its own, opened on
// first use. Each call returns a new RawConn; Close it when done (the
// Handle's Close closes it too).
func (h *Handle) Raw() *RawConn {
	r := &RawConn{h: h, pending: map[uint32]*rawExchange{}, abandoned: map[uint32]bool{}, arrived: make(chan struct{}, 1)}
	h.mu.Lock()
	if h.closed {
		r.closed = true
	} else {
		h.raws[r] = struct{}{}
	}
	h.mu.Unlock()
	return r
}

// open dials the connection and starts the reader, once. Call with r.mu
// held.
func (r *RawConn) open(ctx context.Context) error {
	if r.closed {
		return ErrClosed
	}
	if r.err != nil {
		return r.err
	}
	if r.conn != nil {
		return nil
	}
	c, err := r.h.dial(ctx)
	if err != nil {
		return wrapTransportError("raw", err)
	}
	rctx, cancel := context.WithCancel(context.Background())
	r.conn, r.portID, r.stopReader, r.readerDone = c, c.PortID(), cancel, make(chan struct{})
	_, r.grouped = c.(groupReceiver)
	if b, ok := c.(busConn); ok && b.Bus() != 0 {
		r.otherBus = true
	}
	go r.read(rctx, c)
	return nil
}

// A groupReceiver is a Conn that can say which multicast group a datagram
// was sent to (0 for a unicast), as nlsock.Conn and backend_linux.Conn
// do. A RawConn on one tells replies from broadcasts by that alone.
type groupReceiver interface {
	ReceiveGroup(ctx context.Context, b []byte) (n int, group uint32, err error)
}

// A busConn is a Conn that says which netlink bus it is on (a NETLINK_*
// number). A Conn that does not is taken for NETLINK_ROUTE.
type busConn interface {
	Bus() int
}

// read sorts incoming messages until the connection fails or closes.
func (r *RawConn) read(ctx context.Context, c Conn) {
	defer close(r.readerDone)
	buf := make([]byte, recvBufSize)
	gr, grouped := c.(groupReceiver)
	for {
		var n int
		var group uint32
		var err error
		if grouped {
			n, group, err = gr.ReceiveGroup(ctx, buf)
		} else {
			n, err = c.Receive(ctx, buf)
		}
		if errors.Is(err, syscall.ENOBUFS) {
			r.lost()
			continue
		}
		if err != nil {
			r.fail(wrapTransportError("raw receive", err))
			return
		}
		b := buf[:n]
		for len(b) > 0 {
			mh, p, rest, ok := nlmsg.Next(b)
			if !ok {
				err := messageError(mh, b)
				r.fail(fmt.Errorf("netinfo: raw receive: %w", err))
				return
			}
			b = rest
			r.deliver(mh, p, group)
		}
	}
}

// deliver hands one message to its exchange, or to the broadcast queue.
// group is the multicast group the datagram was sent to, when the Conn
// says (0 for a unicast or when it does not).
func (r *RawConn) deliver(mh nlmsg.Header, p []byte, group uint32) {
	m := netlink.Message{
		Header: netlink.Header{
			Length:   mh.Len,
			Type:     netlink.HeaderType(mh.Type),
			Flags:    netlink.HeaderFlags(mh.Flags),
			Sequence: mh.Seq,
			PID:      mh.Pid,
		},
		Data: append([]byte(nil), p...),
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	// Notifications carry the sequence number and port id of the request
	// that caused them, so neither alone tells a reply from a broadcast.
	// When the Conn reports the group, a reply is a unicast to this port
	// answering a pending request, whatever its type and bus. Otherwise it
	// is addressed to this port, answers a pending request, and is of a
	// kind that request can have (an error or ack, DONE, or data for a
	// GET, dump or echo request).
	if group != 0 {
		r.queue(m)
		return
	}
	if mh.Pid == r.portID && r.abandoned[mh.Seq] {
		if mh.Type == linux.NLMSG_ERROR || mh.Type == linux.NLMSG_DONE {
			delete(r.abandoned, mh.Seq)
		}
		return // a late reply to a request given up on
	}
	x, ok := r.pending[mh.Seq]
	isReply := ok && mh.Seq != 0 && mh.Pid == r.portID &&
		(r.grouped || mh.Type == linux.NLMSG_ERROR || mh.Type == linux.NLMSG_DONE || x.wantData)
	if !isReply {
		r.queue(m)
		return
	}
	switch {
	case mh.Type == linux.NLMSG_ERROR:
		x.err = parseError(mh, p, "raw")
	case mh.Type == linux.NLMSG_DONE:
		if len(p) >= 4 {
			x.err = parseError(mh, p, "raw")
		}
	case mh.Flags&linux.NLM_F_MULTI != 0 || x.wantAck:
		x.msgs = append(x.msgs, m)
		return
	default:
		x.msgs = append(x.msgs, m)
	}
	delete(r.pending, mh.Seq)
	close(x.done)
}

// queue adds a message to the broadcast queue. Call with r.mu held.
func (r *RawConn) queue(m netlink.Message) {
	if len(r.broadcasts) >= maxQueuedBroadcasts {
		r.overflowed = true
		return
	}
	r.broadcasts = append(r.broadcasts, m)
	select {
	case r.arrived <- struct{}{}:
	default:
	}
}

// lost records an overflow: waiting requests may have lost replies, and
// broadcasts were lost.
func (r *RawConn) lost() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.overflowed = true
	for seq, x := range r.pending {
		x.err = fmt.Errorf("netinfo: raw: replies lost: %w", syscall.ENOBUFS)
		delete(r.pending, seq)
		close(x.done)
	}
	select {
	case r.arrived <- struct{}{}:
	default:
	}
}

// fail ends every exchange with the reader's terminal error.
func (r *RawConn) fail(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed || r.h.isClosed() {
		err = ErrClosed
	}
	r.err = err
	for seq, x := range r.pending {
		x.err = err
		delete(r.pending, seq)
		close(x.done)
	}
	select {
	case r.arrived <- struct{}{}:
	default:
	}
}

// Execute sends m and returns its replies: every part of a multi-part
// reply up to (not including) NLMSG_DONE, or the single reply. NLM_F_REQUEST
// is added; a zero sequence number is replaced by the next automatic one.
// With NLM_F_ACK, Execute waits for the ack. An NLMSG_ERROR with a
// non-zero errno becomes an *OpError (errors.Is matches the errno).
// m.Header.Length and PID are filled in.
//
// Execute waits only for an answer the request asks for: NLM_F_ACK, a
// dump (NLM_F_DUMP), an RTNL GET (which the kernel answers with data) or
// NLM_F_ECHO. On a Conn that reports each datagram's multicast group
// (backend_linux's, or an nlsock.Conn passed through WithTransport, on any
// bus) a reply is any unicast to this port with the request's sequence
// number, so another family's replies (an ipset list, a generic netlink
// answer before its ack) come back whatever their types; on other Conns
// RTNL's rules sort them, and a Conn with a Bus method returning other
// than 0 is not taken for RTNL. A change request with none of them (the
// kernel sends nothing when it succeeds) returns nil, nil once sent, as
// Send does; an error the kernel reports
// for it anyway arrives through Broadcast. Set NLM_F_ACK to learn the
// outcome.
func (r *RawConn) Execute(ctx context.Context, m netlink.Message) ([]netlink.Message, error) {
	flags := uint16(m.Header.Flags) | linux.NLM_F_REQUEST
	r.mu.Lock()
	if err := r.open(ctx); err != nil {
		r.mu.Unlock()
		return nil, err
	}
	wantAck := flags&linux.NLM_F_ACK != 0
	wantData := flags&linux.NLM_F_ECHO != 0 || flags&linux.NLM_F_DUMP == linux.NLM_F_DUMP ||
		(!r.otherBus && uint16(m.Header.Type)%4 == 2) // RTM_GET* are 2 mod 4
	if !wantAck && !wantData {
		r.mu.Unlock()
		_, err := r.Send(ctx, m)
		return nil, err
	}
	seq := m.Header.Sequence
	if seq == 0 {
		seq = r.h.nextSeq()
	}
	if _, busy := r.pending[seq]; busy {
		r.mu.Unlock()
		return nil, fmt.Errorf("netinfo: raw: sequence number %d is already waiting for replies", seq)
	}
	x := &rawExchange{wantAck: wantAck, wantData: wantData, done: make(chan struct{})}
	r.pending[seq] = x
	conn := r.conn
	r.mu.Unlock()

	if err := conn.Send(ctx, rawRequest(m, flags, seq)); err != nil {
		r.forget(seq)
		return nil, r.closedOr(wrapTransportError("raw send", err))
	}
	select {
	case <-x.done:
		return x.msgs, x.err
	case <-ctx.Done():
		r.forget(seq)
		return nil, ctx.Err()
	}
}

// Send sends m and returns at once with the sequence number it went with,
// waiting for nothing (pyroute2's put, pymnl's send). NLM_F_REQUEST is
// added and a zero sequence number replaced by the next automatic one, as
// for Execute; m.Header.Length and PID are filled in. Whatever the kernel
// answers (an ack or error, dump parts) is not sorted as a reply:
// Broadcast returns it with the broadcasts, in the order it arrived, and
// the caller matches it by sequence number. A sequence number an Execute
// is waiting on is refused.
func (r *RawConn) Send(ctx context.Context, m netlink.Message) (uint32, error) {
	r.mu.Lock()
	if err := r.open(ctx); err != nil {
		r.mu.Unlock()
		return 0, err
	}
	seq := m.Header.Sequence
	if seq == 0 {
		seq = r.h.nextSeq()
	}
	if _, busy := r.pending[seq]; busy {
		r.mu.Unlock()
		return 0, fmt.Errorf("netinfo: raw: sequence number %d is already waiting for replies", seq)
	}
	// A reply to an earlier Execute given up on must not swallow this
	// request's answers.
	delete(r.abandoned, seq)
	conn := r.conn
	r.mu.Unlock()
	if err := conn.Send(ctx, rawRequest(m, uint16(m.Header.Flags)|linux.NLM_F_REQUEST, seq)); err != nil {
		return 0, r.closedOr(wrapTransportError("raw send", err))
	}
	return seq, nil
}

// rawRequest frames m with the given flags and sequence number.
func rawRequest(m netlink.Message, flags uint16, seq uint32) []byte {
	b := nlmsg.AppendHeader(make([]byte, 0, linux.SizeofNlMsghdr+len(m.Data)), uint16(m.Header.Type), flags, seq, 0)
	return nlmsg.Finish(append(b, m.Data...), 0)
}

// forget gives up on a request; replies still on their way are dropped.
func (r *RawConn) forget(seq uint32) {
	r.mu.Lock()
	if _, ok := r.pending[seq]; ok {
		delete(r.pending, seq)
		r.abandoned[seq] = true
	}
	r.mu.Unlock()
}

func (r *RawConn) closedOr(err error) error {
	r.mu.Lock()
	closed := r.closed
	r.mu.Unlock()
	if closed && !errors.Is(err, ErrClosed) {
		return ErrClosed
	}
	return r.h.closedOr(err)
}

// Broadcast returns the next multicast message, or the next message
// addressed to this connection that no Execute waits for (the answers to
// Send), waiting for one. After
// messages were lost (the queue or the transport overflowed) it returns
// an error matching syscall.ENOBUFS once, then goes on.
func (r *RawConn) Broadcast(ctx context.Context) (netlink.Message, error) {
	r.mu.Lock()
	if err := r.open(ctx); err != nil {
		r.mu.Unlock()
		return netlink.Message{}, err
	}
	r.mu.Unlock()
	for {
		r.mu.Lock()
		switch {
		case r.overflowed:
			r.overflowed = false
			r.mu.Unlock()
			return netlink.Message{}, fmt.Errorf("netinfo: raw: broadcasts lost: %w", syscall.ENOBUFS)
		case len(r.broadcasts) > 0:
			m := r.broadcasts[0]
			r.broadcasts[0] = netlink.Message{}
			r.broadcasts = r.broadcasts[1:]
			r.mu.Unlock()
			return m, nil
		case r.closed:
			r.mu.Unlock()
			return netlink.Message{}, ErrClosed
		case r.err != nil:
			err := r.err
			r.mu.Unlock()
			return netlink.Message{}, err
		}
		r.mu.Unlock()
		select {
		case <-r.arrived:
		case <-ctx.Done():
			return netlink.Message{}, ctx.Err()
		}
	}
}

// JoinGroup subscribes to an RTNLGRP_* group.
func (r *RawConn) JoinGroup(group uint32) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.open(context.Background()); err != nil {
		return err
	}
	return wrapTransportError(fmt.Sprintf("raw: join group %d", group), r.conn.JoinGroup(group))
}

// LeaveGroup drops a subscription.
func (r *RawConn) LeaveGroup(group uint32) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.open(context.Background()); err != nil {
		return err
	}
	return wrapTransportError(fmt.Sprintf("raw: leave group %d", group), r.conn.LeaveGroup(group))
}

// PortID is the connection's netlink port id.
func (r *RawConn) PortID() (uint32, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.open(context.Background()); err != nil {
		return 0, err
	}
	return r.conn.PortID(), nil
}

// Close closes the raw connection and waits for its reader to stop.
func (r *RawConn) Close() error {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return nil
	}
	r.closed = true
	conn, stop, done := r.conn, r.stopReader, r.readerDone
	r.mu.Unlock()

	r.h.mu.Lock()
	delete(r.h.raws, r)
	r.h.mu.Unlock()
	if conn == nil {
		return nil
	}
	stop()
	err := conn.Close()
	<-done
	r.fail(ErrClosed)
	return err
}
