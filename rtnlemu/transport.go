package rtnlemu

import (
	"context"
	"errors"
	"sync"
)

var errNoSource = errors.New("rtnlemu: transport without a Source")

// A Transport serves RTNL from a Source: every connection it dials
// behaves like a NETLINK_ROUTE socket talking to a kernel whose network
// state is the Source's. It satisfies netinfo.Dialer[*Conn], so
// netinfo.WithTransport(rtnlemu.New(src)) makes a netinfo handle over it.
type Transport struct {
	src  Source
	opts options

	// memberMu serialises changes of the set of watched kinds, so that
	// starting and stopping the monitor never interleave.
	memberMu sync.Mutex

	mu       sync.Mutex
	conns    map[uint32]*Conn
	lastPort uint32
	closed   bool
	mon      *monitor
}

// New makes a Transport that serves src.
func New(src Source, opts ...Option) *Transport {
	t := &Transport{src: src, opts: defaultOptions(), conns: make(map[uint32]*Conn)}
	for _, o := range opts {
		o(&t.opts)
	}
	return t
}

// Dial opens a new connection with its own non-zero port id, receive
// queue and multicast memberships.
func (t *Transport) Dial(ctx context.Context) (*Conn, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if t.src == nil {
		return nil, errNoSource
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return nil, errClosed
	}
	// Port ids are unique among the transport's open conns and never
	// zero (zero is the kernel's own address).
	for {
		t.lastPort++
		if t.lastPort == 0 {
			continue
		}
		if _, used := t.conns[t.lastPort]; !used {
			break
		}
	}
	c := newConn(t, t.lastPort)
	t.conns[c.port] = c
	return c, nil
}

// Close closes every connection of the transport and stops the
// monitoring of the source, waiting for its goroutines to end.
func (t *Transport) Close() error {
	// Not under memberMu: a JoinGroup busy reading its baseline from a
	// slow source must not hold Close up; cancelling the monitor ends
	// that read.
	t.mu.Lock()
	if t.closed {
		t.mu.Unlock()
		return nil
	}
	t.closed = true
	conns := make([]*Conn, 0, len(t.conns))
	for _, c := range t.conns {
		conns = append(conns, c)
	}
	mon := t.mon
	t.mon = nil
	t.mu.Unlock()

	for _, c := range conns {
		c.shut()
	}
	if mon != nil {
		mon.stop()
	}
	return nil
}

// forget removes a closed conn and re-evaluates what to monitor.
func (t *Transport) forget(c *Conn) {
	t.mu.Lock()
	delete(t.conns, c.port)
	t.mu.Unlock()
	t.membershipChanged()
}

// watchedKinds is the union of the kinds behind every conn's groups.
func (t *Transport) watchedKinds() Kind {
	var k Kind
	t.mu.Lock()
	for _, c := range t.conns {
		k |= c.watchedKinds()
	}
	t.mu.Unlock()
	return k
}

// membershipChanged starts, adjusts or stops the monitor after a conn
// joined or left a group or closed. Joining the first group takes the
// baseline snapshot before returning, so that a change made after
// JoinGroup returns is always reported.
func (t *Transport) membershipChanged() {
	t.memberMu.Lock()
	defer t.memberMu.Unlock()
	kinds := t.watchedKinds()

	t.mu.Lock()
	if t.closed {
		t.mu.Unlock()
		return
	}
	mon := t.mon
	if kinds == 0 {
		t.mon = nil
		t.mu.Unlock()
		if mon != nil {
			mon.stop()
		}
		return
	}
	if mon == nil {
		mon = newMonitor(t)
		t.mon = mon
		t.mu.Unlock()
		mon.track(kinds)
		mon.start()
		return
	}
	t.mu.Unlock()
	mon.track(kinds)
}

// eachConn calls fn for every open conn; fn runs without t.mu held.
func (t *Transport) eachConn(fn func(*Conn)) {
	t.mu.Lock()
	conns := make([]*Conn, 0, len(t.conns))
	for _, c := range t.conns {
		conns = append(conns, c)
	}
	t.mu.Unlock()
	for _, c := range conns {
		fn(c)
	}
}
