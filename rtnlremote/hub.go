package rtnlremote

import (
	"context"
	"errors"
	"sync"
	"syscall"
	"time"
)

// A hub is the server's one multicast subscription: a backend connection
// joined to the union of the groups clients joined, whose datagrams it
// copies to each client's queue, message by message to the clients of
// the message's group.
type hub struct {
	s *Server

	// mu guards members, every session's groups, conn and its reader.
	mu      sync.Mutex
	members map[uint32]map[*session]struct{}
	conn    Conn
	stopRd  context.CancelFunc
	readers sync.WaitGroup // every reader, including those of closed conns
}

func newHub(s *Server) *hub {
	return &hub{s: s, members: map[uint32]map[*session]struct{}{}}
}

// join adds c to group g, joining the backend to it first if c is its
// first member: events after join returns reach c.
func (h *hub) join(c *session, g uint32) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := c.groups[g]; ok {
		return nil
	}
	if h.conn == nil {
		ctx, cancel := context.WithTimeout(context.Background(), helloTimeout)
		conn, err := h.s.cfg.Dial(ctx)
		cancel()
		if err != nil {
			return err
		}
		rctx, stop := context.WithCancel(context.Background())
		h.conn, h.stopRd = conn, stop
		h.readers.Add(1)
		go func() { defer h.readers.Done(); h.read(rctx, conn) }()
	}
	if len(h.members[g]) == 0 {
		if err := h.conn.JoinGroup(g); err != nil {
			h.releaseIfIdleLocked()
			return err
		}
		h.members[g] = map[*session]struct{}{}
	}
	h.members[g][c] = struct{}{}
	c.groups[g] = struct{}{}
	return nil
}

// leave removes c from group g; the backend leaves g with its last
// member.
func (h *hub) leave(c *session, g uint32) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.leaveLocked(c, g)
}

func (h *hub) leaveLocked(c *session, g uint32) error {
	if _, ok := c.groups[g]; !ok {
		return nil
	}
	delete(c.groups, g)
	delete(h.members[g], c)
	var err error
	if len(h.members[g]) == 0 {
		delete(h.members, g)
		err = h.conn.LeaveGroup(g)
	}
	h.releaseIfIdleLocked()
	return err
}

// leaveAll removes c from every group, as its connection closes.
func (h *hub) leaveAll(c *session) {
	h.mu.Lock()
	for g := range c.groups {
		h.leaveLocked(c, g)
	}
	h.mu.Unlock()
}

// releaseIfIdleLocked closes the backend connection once no group has a
// member, so that an idle server holds nothing but its listeners. Its
// reader ends on its own: it holds no lock while it waits.
func (h *hub) releaseIfIdleLocked() {
	if len(h.members) > 0 || h.conn == nil {
		return
	}
	h.stopRd()
	h.conn.Close()
	h.conn, h.stopRd = nil, nil
}

// stop ends the subscription and waits for its reader.
func (h *hub) stop() {
	h.mu.Lock()
	for g, m := range h.members {
		for c := range m {
			delete(c.groups, g)
		}
		delete(h.members, g)
	}
	h.releaseIfIdleLocked()
	h.mu.Unlock()
	h.readers.Wait()
}

// Once the backend has reported a loss, the reader checks its drop
// counter (when it has one) every dropCheckEvery datagrams and after
// dropCheckIdle without any: Linux reports ENOBUFS once per congestion
// episode, and a socket can keep dropping without another report.
const (
	dropCheckEvery = 256
	dropCheckIdle  = 100 * time.Millisecond
)

// backendQuiet is how long the backend's queue must stay empty for the
// drain after a loss to end. The queue is local (a socket, or an
// emulator in this process), so a short quiet means it is empty.
const backendQuiet = 2 * time.Millisecond

// read copies the subscription's datagrams to the members' queues until
// ctx ends.
func (h *hub) read(ctx context.Context, conn Conn) {
	drops, _ := conn.(interface{ Drops() (uint32, error) })
	var dropWatch bool
	var dropsSeen uint32
	lostSilently := func() bool {
		if drops == nil || !dropWatch {
			return false
		}
		n, err := drops.Drops()
		if err != nil || n == dropsSeen {
			return false
		}
		dropsSeen = n
		return true
	}
	buf := make([]byte, backendBufSize)
	for received := 0; ; received++ {
		rctx, cancel := ctx, context.CancelFunc(func() {})
		if dropWatch {
			rctx, cancel = context.WithTimeout(ctx, dropCheckIdle)
		}
		n, err := conn.Receive(rctx, buf)
		cancel()
		idle := errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil
		lost := errors.Is(err, syscall.ENOBUFS) ||
			idle && lostSilently() ||
			err == nil && received%dropCheckEvery == dropCheckEvery-1 && lostSilently()
		switch {
		case lost:
			if !drainBackend(ctx, conn, buf) {
				return
			}
			if drops != nil {
				dropWatch = true
				dropsSeen, _ = drops.Drops()
			}
			h.overflowAll()
			continue
		case idle:
			continue
		case err != nil:
			return // closed by releaseIfIdleLocked or stop
		}
		h.fanOut(append([]byte(nil), buf[:n]...))
	}
}

// drainBackend discards what the backend's queue holds until it stays
// empty for backendQuiet; it reports false once the connection or ctx
// has ended. It runs after a loss, before the clients are told of it.
// What the queue holds then is older than the loss: a client gets the
// overflow, dumps, and must hear nothing older after that, or its view
// keeps what the dump no longer holds (an addition whose removal was
// lost). A client's own drain cannot stop it, as a netlink socket's
// drain does, because the frames cross a transport whose delay, under
// Wine's pipes for one, exceeds the client's quiet interval. The dump
// the client makes after the overflow covers what is discarded here.
func drainBackend(ctx context.Context, conn Conn, buf []byte) bool {
	for {
		dctx, cancel := context.WithTimeout(ctx, backendQuiet)
		_, err := conn.Receive(dctx, buf)
		cancel()
		switch {
		case err == nil, errors.Is(err, syscall.ENOBUFS):
		case errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil:
			return true
		default:
			return false
		}
	}
}

// overflowAll tells every member that events were lost.
func (h *hub) overflowAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	seen := map[*session]struct{}{}
	for _, m := range h.members {
		for c := range m {
			if _, ok := seen[c]; !ok {
				seen[c] = struct{}{}
				c.q.overflow()
			}
		}
	}
}

// fanOut queues datagram d for each member of its messages' groups. A
// datagram of one group (the kernel sends one message per event) is
// shared; one mixing groups is cut into what each member joined.
func (h *hub) fanOut(d []byte) {
	var groups []uint32 // per message
	mixed := false
	if err := eachMessage(d, func(msg []byte) error {
		g := groupOf(msg)
		if len(groups) > 0 && g != groups[0] {
			mixed = true
		}
		groups = append(groups, g)
		return nil
	}); err != nil || len(groups) == 0 {
		return // the backend's own bytes: nothing a client can use
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if !mixed {
		h.deliverLocked(groups[0], d)
		return
	}
	// Per member, the messages of the groups it joined.
	for c := range h.sessionsLocked() {
		var part []byte
		i := 0
		eachMessage(d, func(msg []byte) error {
			if c.wants(groups[i]) {
				part = append(part, msg...)
				for len(part)%4 != 0 {
					part = append(part, 0)
				}
			}
			i++
			return nil
		})
		if len(part) > 0 {
			c.q.pushEvent(newItem(kindMulticast, part))
		}
	}
}

// deliverLocked queues d for the members of g; an event of a group the
// server cannot tell (0) goes to every member of any group.
func (h *hub) deliverLocked(g uint32, d []byte) {
	it := newItem(kindMulticast, d)
	if g != 0 {
		for c := range h.members[g] {
			c.q.pushEvent(it)
		}
		return
	}
	for c := range h.sessionsLocked() {
		c.q.pushEvent(it)
	}
}

// sessionsLocked is the set of members of any group.
func (h *hub) sessionsLocked() map[*session]struct{} {
	all := map[*session]struct{}{}
	for _, m := range h.members {
		for c := range m {
			all[c] = struct{}{}
		}
	}
	return all
}

// wants reports whether c receives messages of group g (0: any).
func (c *session) wants(g uint32) bool {
	if g == 0 {
		return len(c.groups) > 0
	}
	_, ok := c.groups[g]
	return ok
}
