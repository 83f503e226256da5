package netinfo

import "time"

// This file is the receive loop's interrupt coalescing, as a network
// driver's NAPI does it. Linux sends each event as a datagram of its
// own, and a watcher waiting in the runtime's poller wakes for each one.
// Where a wake-up costs more than the read, the watcher coalesces them:
// Watch, whose every wake-up also wakes its consumer's goroutine (often
// on a second thread), and WatchFunc with WithIdle, whose every wake-up
// ends in a flush. While events come faster than one per coalesceDelay,
// the watcher sleeps coalesceDelay after emptying the queue and reads
// what gathered in one go: a wake-up per batch, not per event. When a
// sleep gathers fewer than coalesceMin datagrams, it goes back to
// waiting, so a lone event is read as soon as it comes. WatchFunc's
// other forms do not: there the sleep cost more than it saved
// (bench/RESULTS.md, watch-scale).

// coalesceDelay bounds the latency coalescing adds to an event: only an
// event that follows another by less than coalesceDelay can wait, and at
// most coalesceDelay (plus scheduling). 2 ms saved more CPU than 1 ms,
// and less than 1 ms gathers too few events at the storm rates measured
// (bench/RESULTS.md). Meanwhile the socket queues the events of 2 ms,
// each 832 bytes of its buffer (a /32 route's, measured): 170 KB at
// 100,000 events a second, against the watchers' 64 MiB (an overflow
// still ends in ENOBUFS and a resync).
const coalesceDelay = 2 * time.Millisecond

// coalesceMin is the fewest datagrams a sleep must gather for the next
// sleep to follow; fewer means the burst is over.
const coalesceMin = 2

// A coalescer decides, whenever a watcher's receive queue is found
// empty, between waiting for the next datagram (woken by each) and
// sleeping to read several at once.
type coalescer struct {
	delay   time.Duration // 0: never sleep
	polling bool          // sleeping between reads
	n       int           // datagrams read since the queue was last found empty
	last    time.Time     // when the queue was last found empty
	sleeps  int           // sleeps so far, for the tests
}

// pause is called when the queue is found empty; it tells whether to
// sleep before the next read. Being woken less than c.delay after the
// queue was last found empty starts a burst, and a sleep that gathers
// fewer than coalesceMin datagrams ends it.
func (c *coalescer) pause(now time.Time) bool {
	if c.delay <= 0 {
		return false
	}
	n := c.n
	c.n = 0
	if c.polling {
		c.polling = n >= coalesceMin
	} else {
		c.polling = n > 0 && now.Sub(c.last) < c.delay
	}
	c.last = now
	if c.polling {
		c.sleeps++
	}
	return c.polling
}

// pauseNow is pause as ReceiveEachPaced asks: how long to sleep.
func (c *coalescer) pauseNow() time.Duration {
	if c.pause(time.Now()) {
		return c.delay
	}
	return 0
}
