package rtnlremote

import (
	"encoding/binary"
	"sync"
	"sync/atomic"
)

// An item is one frame waiting to be written: its 5-byte header and its
// payload, which multicast datagrams share between clients.
type item struct {
	hdr  [5]byte
	body []byte
}

func newItem(kind byte, body []byte) item {
	var it item
	binary.BigEndian.PutUint32(it.hdr[:4], uint32(len(body)+1))
	it.hdr[4] = kind
	it.body = body
	return it
}

// A sendQueue holds one client's frames until its writer sends them. Its
// bound applies to payload bytes: a reply waits for room, a multicast
// datagram that finds none is dropped and leaves one overflow marker.
type sendQueue struct {
	limit int

	mu     sync.Mutex
	room   sync.Cond // signalled when the writer takes frames or on close
	ready  chan struct{}
	items  []item
	bytes  int
	marked bool // an overflow marker waits in items
	closed bool

	// marks and drops count overflow markers and dropped datagrams,
	// shared with the server's statistics.
	marks, drops *atomic.Uint64
}

func newSendQueue(limit int, marks, drops *atomic.Uint64) *sendQueue {
	q := &sendQueue{limit: limit, ready: make(chan struct{}, 1), marks: marks, drops: drops}
	q.room.L = &q.mu
	return q
}

func (q *sendQueue) signal() {
	select {
	case q.ready <- struct{}{}:
	default:
	}
}

// pushReply queues a frame answering the client, waiting while the queue
// is full. It reports false once the queue is closed.
func (q *sendQueue) pushReply(it item) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	for !q.closed && q.bytes > 0 && q.bytes+len(it.body) > q.limit {
		q.room.Wait()
	}
	if q.closed {
		return false
	}
	q.items = append(q.items, it)
	q.bytes += len(it.body)
	q.signal()
	return true
}

// pushEvent queues a multicast frame, or drops it when the queue is full
// and makes sure an overflow marker is queued. It reports whether the
// frame was queued.
func (q *sendQueue) pushEvent(it item) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return false
	}
	if q.bytes+len(it.body) > q.limit {
		q.drops.Add(1)
		q.overflowLocked()
		return false
	}
	q.items = append(q.items, it)
	q.bytes += len(it.body)
	q.signal()
	return true
}

// overflow queues an overflow marker unless one is waiting already:
// the client reads ENOBUFS once for every loss since its last one.
func (q *sendQueue) overflow() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.overflowLocked()
}

func (q *sendQueue) overflowLocked() {
	if q.closed || q.marked {
		return
	}
	q.marked = true
	q.marks.Add(1)
	q.items = append(q.items, newItem(kindOverflow, nil))
	q.signal()
}

// take waits for frames and returns them all, swapping in spare (whose
// contents it clears) as the queue's next buffer; it returns nil once
// the queue is closed or done ends.
func (q *sendQueue) take(spare []item, done <-chan struct{}) []item {
	clear(spare)
	for {
		q.mu.Lock()
		if q.closed {
			q.mu.Unlock()
			return nil
		}
		if len(q.items) > 0 {
			items := q.items
			q.items = spare[:0]
			q.bytes = 0
			// Losses from now on come after the marker the client is
			// about to read: they need a marker of their own.
			q.marked = false
			q.room.Broadcast()
			q.mu.Unlock()
			return items
		}
		q.mu.Unlock()
		select {
		case <-q.ready:
		case <-done:
			return nil
		}
	}
}

// close drops what is queued and releases waiting producers.
func (q *sendQueue) close() {
	q.mu.Lock()
	q.closed = true
	q.items = nil
	q.bytes = 0
	q.room.Broadcast()
	q.mu.Unlock()
	q.signal()
}
