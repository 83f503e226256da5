package conformance

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/rtnlx/rtnlx/netinfo"
)

// A recorder reads a watcher's events in its own goroutine and keeps
// them, so that a check can wait for one while the watcher never blocks
// on the check.
type recorder struct {
	w    *netinfo.Watcher
	done chan struct{}
	// gate is held while the recorder is paused: it reads no further
	// event, so the watcher blocks and its transport's queue fills.
	gate sync.Mutex

	mu     sync.Mutex
	events []netinfo.Event
	wake   chan struct{} // closed and replaced on every new event
	closed bool
}

func newRecorder(w *netinfo.Watcher) *recorder {
	r := &recorder{w: w, done: make(chan struct{}), wake: make(chan struct{})}
	go r.run()
	return r
}

func (r *recorder) run() {
	defer close(r.done)
	for {
		r.gate.Lock() // wait while paused
		r.gate.Unlock()
		ev, ok := <-r.w.Events()
		if !ok {
			break
		}
		r.mu.Lock()
		r.events = append(r.events, ev)
		close(r.wake)
		r.wake = make(chan struct{})
		r.mu.Unlock()
	}
	r.mu.Lock()
	r.closed = true
	close(r.wake)
	r.mu.Unlock()
}

// stop closes the watcher and waits for the recorder to end.
func (r *recorder) stop() {
	r.w.Close()
	<-r.done
}

// pause makes the recorder stop reading after at most one more event;
// resume lets it go on.
func (r *recorder) pause()  { r.gate.Lock() }
func (r *recorder) resume() { r.gate.Unlock() }

// snapshot returns the events so far.
func (r *recorder) snapshot() []netinfo.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]netinfo.Event(nil), r.events...)
}

// waitFor waits until an event at position from or later satisfies
// match, and returns its position. It fails after deadline or when the
// watcher stops.
func (r *recorder) waitFor(from int, deadline time.Duration, match func(netinfo.Event) bool) (int, error) {
	timer := time.NewTimer(deadline)
	defer timer.Stop()
	for {
		r.mu.Lock()
		for i := from; i < len(r.events); i++ {
			if match(r.events[i]) {
				r.mu.Unlock()
				return i, nil
			}
		}
		from = max(from, len(r.events))
		wake, closed := r.wake, r.closed
		r.mu.Unlock()
		if closed {
			return -1, fmt.Errorf("the watcher stopped (Err: %v)", r.w.Err())
		}
		select {
		case <-wake:
		case <-timer.C:
			return -1, fmt.Errorf("no matching event within %v", deadline)
		}
	}
}

// describe prints an event for failure messages.
func describe(ev netinfo.Event) string {
	switch {
	case ev.Link != nil:
		return fmt.Sprintf("%s link %s", ev.Type, linkForm(*ev.Link))
	case ev.Addr != nil:
		return fmt.Sprintf("%s addr %s", ev.Type, addrForm(*ev.Addr))
	case ev.Route != nil:
		return fmt.Sprintf("%s route %s", ev.Type, routeForm(*ev.Route))
	case ev.Neighbor != nil:
		return fmt.Sprintf("%s neigh %s", ev.Type, neighForm(*ev.Neighbor))
	}
	return ev.Type.String()
}

// duplicates lists events that repeat, for the same object, exactly what
// the previous event for it said.
func duplicates(events []netinfo.Event) []string {
	type told struct {
		typ  netinfo.EventType
		form string
	}
	last := map[string]told{}
	var out []string
	for i, ev := range events {
		var key, form string
		switch {
		case ev.Link != nil:
			key, form = "link "+linkKey(ev.Link), linkForm(*ev.Link)
		case ev.Addr != nil:
			key, form = "addr "+addrKey(ev.Addr), addrForm(*ev.Addr)
		case ev.Route != nil:
			key, form = "route "+routeKey(ev.Route), routeForm(*ev.Route)
		case ev.Neighbor != nil:
			key, form = "neigh "+neighKey(ev.Neighbor), neighForm(*ev.Neighbor)
		default:
			continue
		}
		if ev.Type == netinfo.EventDel {
			form = "" // a deletion says nothing more than its key
		}
		now := told{ev.Type, form}
		if prev, ok := last[key]; ok && prev == now {
			out = append(out, fmt.Sprintf("event %d repeats %s", i, describe(ev)))
		}
		last[key] = now
	}
	return out
}

// summarize prints an event sequence compactly, runs of one kind of
// event folded: "new route x19, resync-start, del route x3, ...".
func summarize(events []netinfo.Event) string {
	var out []string
	prev, n := "", 0
	flush := func() {
		if n > 0 {
			out = append(out, fmt.Sprintf("%s x%d", prev, n))
		}
	}
	for _, ev := range events {
		w := ev.Type.String()
		switch {
		case ev.Link != nil:
			w += " link"
		case ev.Addr != nil:
			w += " addr"
		case ev.Route != nil:
			w += " route"
		case ev.Neighbor != nil:
			w += " neigh"
		}
		if w != prev {
			flush()
			prev, n = w, 0
		}
		n++
	}
	flush()
	return strings.Join(out, ", ")
}
