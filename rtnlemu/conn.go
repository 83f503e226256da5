package rtnlemu

import (
	"context"
	"fmt"
	"net"
	"sync"
	"syscall"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// errClosed is returned by every method of a closed Conn; it matches
// net.ErrClosed.
var errClosed = fmt.Errorf("rtnlemu: %w", net.ErrClosed)

// maxDumpDatagram is the kernel's usual cap on one dump datagram (32 KiB,
// the size netlink_dump allocates once the reader's buffer is big
// enough).
const maxDumpDatagram = 32 << 10

// A Conn is one emulated NETLINK_ROUTE socket. Its method set is
// netinfo.Conn's. It is safe for one goroutine calling Receive while
// others call Send, JoinGroup, LeaveGroup or Close.
type Conn struct {
	t    *Transport
	port uint32

	// sendMu serialises requests, as the kernel handles a socket's
	// messages one at a time.
	sendMu sync.Mutex
	// warning is the extended-ack text of the request being served
	// that its acknowledgement carries (sendMu guards it).
	warning string
	// replaced is the key of the route a replace request put in place
	// (sendMu guards it): the kernel notifies it, so NLM_F_ECHO echoes
	// it, even when it equals the route it replaced.
	replaced *recordKey

	mu       sync.Mutex
	queue    []queued // FIFO from qhead
	qhead    int
	events   int // multicast datagrams queued
	overflow bool
	dumping  bool // a dump is queued and not finished (kernel's cb_running)
	groups   uint64
	closed   bool
	scratch  []byte

	wake chan struct{} // signalled (capacity 1) when the queue grows
	done chan struct{} // closed by Close
}

// A queued item is one datagram, or a dump that makes its datagrams as
// they are read.
type queued struct {
	data      []byte // a complete datagram, shared and never written
	delType   uint16 // when non-zero, replaces the message type on delivery (RTM_DEL* events share RTM_NEW* bytes)
	patch     patch  // a link event's ifi_change, written on delivery
	multicast bool
	dump      *dump
}

func newConn(t *Transport, port uint32) *Conn {
	return &Conn{
		t:    t,
		port: port,
		wake: make(chan struct{}, 1),
		done: make(chan struct{}),
	}
}

// PortID is the connection's netlink port id, unique among the
// transport's open connections and never zero.
func (c *Conn) PortID() uint32 { return c.port }

// Close releases the connection: pending and later calls return an error
// matching net.ErrClosed. Leaving its groups may stop the monitoring.
func (c *Conn) Close() error {
	if !c.shut() {
		return nil
	}
	c.t.forget(c)
	return nil
}

// shut marks the conn closed and reports whether it was open.
func (c *Conn) shut() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return false
	}
	c.closed = true
	c.groups = 0
	c.queue = nil
	c.qhead = 0
	close(c.done)
	return true
}

// rtnlgrpMax bounds the groups a conn may join, as the kernel's
// NETLINK_ROUTE ngroups does.
const rtnlgrpMax = 63

// JoinGroup subscribes to an RTNLGRP_* group. Joining the first group
// that carries events starts the monitoring of the source and takes its
// baseline before returning.
func (c *Conn) JoinGroup(group uint32) error {
	if group == 0 || group > rtnlgrpMax {
		return syscall.EINVAL
	}
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return errClosed
	}
	c.groups |= 1 << (group - 1)
	c.mu.Unlock()
	c.t.membershipChanged()
	return nil
}

// LeaveGroup drops a subscription; leaving the last one stops the
// monitoring.
func (c *Conn) LeaveGroup(group uint32) error {
	if group == 0 || group > rtnlgrpMax {
		return syscall.EINVAL
	}
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return errClosed
	}
	c.groups &^= 1 << (group - 1)
	c.mu.Unlock()
	c.t.membershipChanged()
	return nil
}

func (c *Conn) inGroup(group uint8) bool {
	return group != 0 && c.groups&(1<<(group-1)) != 0
}

// watchedKinds maps the conn's groups to the kinds that feed them.
func (c *Conn) watchedKinds() Kind {
	c.mu.Lock()
	defer c.mu.Unlock()
	var k Kind
	if c.inGroup(linux.RTNLGRP_LINK) {
		k |= KindLinks
	}
	if c.inGroup(linux.RTNLGRP_IPV4_IFADDR) || c.inGroup(linux.RTNLGRP_IPV6_IFADDR) {
		k |= KindAddrs
	}
	if c.inGroup(linux.RTNLGRP_IPV4_ROUTE) || c.inGroup(linux.RTNLGRP_IPV6_ROUTE) {
		k |= KindRoutes
	}
	if c.inGroup(linux.RTNLGRP_NEIGH) {
		k |= KindNeighbors
	}
	return k
}

// push appends an item and wakes a waiting Receive. c.mu must be held.
func (c *Conn) push(q queued) {
	if c.qhead > 1024 && c.qhead*2 > len(c.queue) {
		n := copy(c.queue, c.queue[c.qhead:])
		clear(c.queue[n:])
		c.queue = c.queue[:n]
		c.qhead = 0
	}
	c.queue = append(c.queue, q)
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// pop drops the head item. c.mu must be held.
func (c *Conn) pop() {
	c.queue[c.qhead] = queued{}
	c.qhead++
	if c.qhead == len(c.queue) {
		c.queue = c.queue[:0]
		c.qhead = 0
	}
}

// reply queues a unicast datagram.
func (c *Conn) reply(b []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.closed {
		c.push(queued{data: b})
	}
}

// Receive reads the next datagram into b and returns its length. A dump
// is cut into datagrams of at most min(len(b), 32 KiB) as it is read.
// After multicast messages were dropped because the queue was full,
// Receive fails once with ENOBUFS, then goes on. A datagram longer than
// b is dropped and reported as an error matching EMSGSIZE, never
// truncated silently. Receive returns ctx.Err() when ctx ends first.
func (c *Conn) Receive(ctx context.Context, b []byte) (int, error) {
	for {
		c.mu.Lock()
		if c.closed {
			c.mu.Unlock()
			return 0, errClosed
		}
		if c.overflow {
			c.overflow = false
			c.mu.Unlock()
			return 0, syscall.ENOBUFS
		}
		if c.qhead < len(c.queue) {
			n, err := c.deliverHead(b)
			c.mu.Unlock()
			return n, err
		}
		c.mu.Unlock()
		select {
		case <-c.wake:
		case <-c.done:
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
}

// deliverHead copies the head datagram into b, or makes the next
// datagram of the head dump. c.mu must be held.
func (c *Conn) deliverHead(b []byte) (int, error) {
	q := &c.queue[c.qhead]
	if d := q.dump; d != nil {
		limit := min(len(b), maxDumpDatagram)
		var finished bool
		c.scratch, finished = d.next(c.scratch[:0], limit)
		if finished {
			c.pop()
			c.dumping = false
		}
		if len(c.scratch) > len(b) {
			return 0, tooLong(len(c.scratch), len(b))
		}
		return copy(b, c.scratch), nil
	}
	data, delType, multicast, p := q.data, q.delType, q.multicast, q.patch
	c.pop()
	if multicast {
		c.events--
	}
	if len(data) > len(b) {
		return 0, tooLong(len(data), len(b))
	}
	n := copy(b, data)
	if delType != 0 {
		ne.PutUint16(b[4:6], delType)
	}
	if p.set && n >= linux.SizeofNlMsghdr+linux.SizeofIfInfomsg {
		ne.PutUint32(b[linux.SizeofNlMsghdr+12:], p.change)
	}
	return n, nil
}

func tooLong(n, room int) error {
	return fmt.Errorf("rtnlemu: a %d-byte datagram does not fit the %d-byte buffer and was dropped: %w", n, room, syscall.EMSGSIZE)
}

// multicast queues events for the groups the conn listens to. A full
// queue drops the event and arms ENOBUFS, as a full socket buffer does.
func (c *Conn) multicast(evs []event, limit int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed || c.groups == 0 {
		return
	}
	for i := range evs {
		e := &evs[i]
		if !c.inGroup(e.group) {
			continue
		}
		if c.events >= limit {
			c.overflow = true
			continue
		}
		c.events++
		c.push(queued{data: e.data, delType: e.delType, patch: e.patch, multicast: true})
	}
	if c.overflow {
		select {
		case c.wake <- struct{}{}:
		default:
		}
	}
}

// lostEvents arms ENOBUFS on a conn that listens to any group.
func (c *Conn) lostEvents() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed || c.groups == 0 {
		return
	}
	c.overflow = true
	select {
	case c.wake <- struct{}{}:
	default:
	}
}
