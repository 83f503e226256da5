package rtnlemu

import (
	"context"
	"sync"
	"time"
)

// kindOrder is the order in which a batch's events go out: objects
// disappear child first, as the kernel reports a link's removal after
// what depended on it, and appear parent first (links, then addresses,
// routes, neighbours).
var kindOrder = [...]Kind{KindLinks, KindAddrs, KindRoutes, KindNeighbors}

// A monitor watches the source while some conn listens to a group: it
// keeps the last encoded snapshot of each watched kind and turns every
// change into the difference, multicast to the listeners.
type monitor struct {
	t      *Transport
	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{}

	mu      sync.Mutex
	tracked Kind
	// state holds the baseline of each tracked kind; nil when it could
	// not be read (the next successful read becomes the baseline, and
	// listeners were told with ENOBUFS that they lost events).
	state [len(kindOrder)]*encodedSet
	// seen identifies the records each baseline was read from, when the
	// source is a Memory (see sameReading).
	seen [len(kindOrder)]readingID
}

// A readingID identifies the records of one kind in a snapshot: the
// address of the first and their number.
type readingID struct {
	first any
	n     int
}

// readingOf identifies the records of kind in snap, for a Memory source
// only: it hands out the same slices until something changes, so the
// same records mean an unchanged kind, which a read of a watched source
// then need not encode again. Other sources may reuse their buffers.
func (m *monitor) readingOf(kind Kind, snap *Snapshot) readingID {
	if _, ok := m.t.src.(*Memory); !ok {
		return readingID{}
	}
	switch kind {
	case KindLinks:
		return idOf(snap.Links)
	case KindAddrs:
		return idOf(snap.Addrs)
	case KindRoutes:
		return idOf(snap.Routes)
	case KindNeighbors:
		return idOf(snap.Neighbors)
	}
	return readingID{}
}

func idOf[T any](recs []T) readingID {
	if len(recs) == 0 {
		return readingID{}
	}
	return readingID{first: &recs[0], n: len(recs)}
}

func newMonitor(t *Transport) *monitor {
	ctx, cancel := context.WithCancel(context.Background())
	return &monitor{t: t, ctx: ctx, cancel: cancel, done: make(chan struct{})}
}

// track sets the watched kinds, reading the baseline of the new ones now
// so that any later change is reported.
func (m *monitor) track(kinds Kind) {
	m.mu.Lock()
	defer m.mu.Unlock()
	added := kinds &^ m.tracked
	for i, k := range kindOrder {
		if kinds&k == 0 {
			m.state[i] = nil
		}
	}
	m.tracked = kinds
	if added != 0 {
		m.rebaseline(added)
	}
}

// rebaseline reads kinds and keeps them as the baseline, without events.
// m.mu must be held.
func (m *monitor) rebaseline(kinds Kind) {
	snap, err := m.t.src.Snapshot(m.ctx, kinds)
	if err == nil && snap == nil {
		snap = &Snapshot{}
	}
	for i, k := range kindOrder {
		if kinds&k == 0 {
			continue
		}
		if err != nil {
			m.state[i] = nil
			continue
		}
		m.state[i] = encodeKind(k, snap, m.state[i])
		m.seen[i] = m.readingOf(k, snap)
	}
}

func (m *monitor) start() { go m.run() }

// stop cancels the monitoring and waits for its goroutines to end.
func (m *monitor) stop() {
	m.cancel()
	<-m.done
}

func (m *monitor) run() {
	defer close(m.done)
	if n, ok := m.t.src.(Notifier); ok {
		if !m.notified(n) {
			return
		}
		// The source stopped reporting changes on its own: events may
		// have been missed, and from now on only polling can see them.
		m.apply(Change{Overflow: true})
	}
	m.poll()
}

// notified runs the source's Monitor and applies the changes it sends.
// It reports false when the monitoring was stopped, true when Monitor
// returned on its own.
func (m *monitor) notified(n Notifier) bool {
	changes := make(chan Change, 64)
	ended := make(chan struct{})
	go func() {
		defer close(ended)
		_ = n.Monitor(m.ctx, changes)
	}()
	first := true
	for {
		select {
		case ch := <-changes:
			// The first change proves Monitor is watching: re-read every
			// kind then, so that a change made between the baseline and
			// the moment Monitor started watching shows up now, even
			// from a Monitor that does not begin with Change{KindAll}.
			if first {
				ch.Kinds, first = KindAll, false
			}
			// Coalesce what is already pending: one re-read covers it.
		drain:
			for {
				select {
				case more := <-changes:
					ch.Kinds |= more.Kinds
					ch.Overflow = ch.Overflow || more.Overflow
				default:
					break drain
				}
			}
			m.apply(ch)
		case <-ended:
			return m.ctx.Err() == nil
		case <-m.ctx.Done():
			// Monitor must return promptly; keep draining so that a
			// send it is blocked in cannot hold it.
			for {
				select {
				case <-changes:
				case <-ended:
					return false
				}
			}
		}
	}
}

// poll re-reads the watched kinds periodically.
func (m *monitor) poll() {
	tick := time.NewTicker(m.t.opts.pollInterval)
	defer tick.Stop()
	for {
		select {
		case <-m.ctx.Done():
			return
		case <-tick.C:
			m.apply(Change{Kinds: KindAll})
		}
	}
}

// apply handles one change: re-read the changed kinds, diff them against
// the baseline and multicast the difference. An overflow, or a failed
// read, tells every listener that events were lost.
func (m *monitor) apply(ch Change) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.ctx.Err() != nil {
		return
	}
	if ch.Overflow {
		m.rebaseline(m.tracked)
		m.t.eachConn(func(c *Conn) { c.lostEvents() })
		return
	}
	kinds := ch.Kinds & m.tracked
	if kinds == 0 {
		return
	}
	snap, err := m.t.src.Snapshot(m.ctx, kinds)
	if err != nil {
		if m.ctx.Err() != nil {
			return
		}
		for i, k := range kindOrder {
			if kinds&k != 0 {
				m.state[i] = nil
			}
		}
		m.t.eachConn(func(c *Conn) { c.lostEvents() })
		return
	}
	m.publish(kinds, orEmpty(snap))
}

// orEmpty reads a nil snapshot as an empty one, as a dump would.
func orEmpty(s *Snapshot) *Snapshot {
	if s == nil {
		return &Snapshot{}
	}
	return s
}

// read serves a request's read of the source for kinds (a dump, a get)
// and publishes the difference from the baseline of the tracked kinds
// among them first, as events: a request must never answer a state that
// the events will not tell. The monitor reads the source after it was
// told of a change, so a record that comes and goes meanwhile (its
// goroutine starved on a loaded machine) is in neither of its reads;
// a listener that read the record in between (a watcher's re-read or
// resync) would keep it forever. The kernel queues every change's
// message as it makes it, and never has that gap. ok is false when the
// monitor has stopped; the caller reads the source itself then.
func (m *monitor) read(ctx context.Context, kinds Kind) (snap *Snapshot, ok bool, err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.ctx.Err() != nil {
		return nil, false, nil
	}
	// The read holds the monitor: stopping it (Close) must end a read
	// that a slow source keeps waiting.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	defer context.AfterFunc(m.ctx, cancel)()
	snap, err = m.t.src.Snapshot(ctx, kinds)
	if err != nil {
		return nil, true, err
	}
	if k := kinds & m.tracked; k != 0 {
		m.publish(k, orEmpty(snap))
	}
	return snap, true, nil
}

// publish diffs snap, a read of kinds, against the baseline and
// multicasts the difference. m.mu must be held.
func (m *monitor) publish(kinds Kind, snap *Snapshot) {
	// A kind without a baseline (its last read failed) takes this read
	// as its baseline, without events; listeners get ENOBUFS once more
	// so that they resynchronise with a dump made after this baseline,
	// and nothing changed meanwhile goes unseen.
	var cur [len(kindOrder)]*encodedSet
	rebased := false
	for i, k := range kindOrder {
		if kinds&k == 0 {
			continue
		}
		id := m.readingOf(k, snap)
		if m.state[i] != nil && id.n > 0 && id == m.seen[i] {
			continue // the very records of the baseline
		}
		cur[i] = encodeKind(k, snap, m.state[i])
		rebased = rebased || m.state[i] == nil
		m.seen[i] = id
	}
	// Deletions go first, children before parents, then what is new or
	// changed, parents first. A record whose key changed (a route
	// replaced by one through another next hop) thus reads as its
	// deletion followed by its successor, which leaves a consumer keyed
	// on fewer fields than the emulator (netinfo's view keys routes
	// without their next hop) with the successor, not without it.
	var evs []event
	for i := len(kindOrder) - 1; i >= 0; i-- {
		if cur[i] != nil && m.state[i] != nil {
			evs = diffDel(evs, kindOrder[i], m.state[i], cur[i])
		}
	}
	for i := range kindOrder {
		if cur[i] != nil && m.state[i] != nil {
			evs = diffNew(evs, m.state[i], cur[i])
		}
	}
	for i := range kindOrder {
		if cur[i] != nil {
			m.state[i] = cur[i]
		}
	}
	limit := m.t.opts.queueLimit
	m.t.eachConn(func(c *Conn) {
		if len(evs) > 0 {
			c.multicast(evs, limit)
		}
		if rebased {
			c.lostEvents()
		}
	})
}

// read reads kinds from the source for a request, through the monitor
// while one runs (see monitor.read).
func (t *Transport) read(ctx context.Context, kinds Kind) (*Snapshot, error) {
	t.mu.Lock()
	mon := t.mon
	t.mu.Unlock()
	if mon != nil {
		if snap, ok, err := mon.read(ctx, kinds); ok {
			return snap, err
		}
	}
	return t.src.Snapshot(ctx, kinds)
}
