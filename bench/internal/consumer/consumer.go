// Package consumer holds the route-event consumers the storm command
// puts side by side: rtnlx Watch, vishvananda/netlink RouteSubscribe,
// pyroute2 and `ip monitor`.
package consumer

import (
	"context"
	"sync/atomic"
	"time"
)

// A Consumer subscribes to route events in a namespace and counts them.
type Consumer interface {
	// Name is the row label in the table.
	Name() string
	// Start subscribes and returns once events will be seen: every
	// route change made after Start returns is delivered (or counted as
	// lost).
	Start(ctx context.Context) error
	// Progress returns the route events received so far, safe to call
	// while the consumer runs.
	Progress() int64
	// Activity counts everything the consumer received, which for rtnlx
	// includes resync differences and markers; the storm waits until it
	// stops moving.
	Activity() int64
	// Settled reports that the consumer is not in the middle of
	// something that will deliver more (an rtnlx resync).
	Settled() bool
	// Stop ends the subscription and returns what was seen.
	Stop() (Result, error)
}

// A Result is what a consumer saw.
type Result struct {
	// Events is the number of route events (new and del) received as
	// they happened. For rtnlx it leaves out the initial state and the
	// differences emitted during a resync.
	Events int64
	// Overflows counts receive-buffer overflows (ENOBUFS) the consumer
	// was told about.
	Overflows int64
	// Resyncs counts rtnlx EventResyncStart markers; -1 where the
	// consumer has no such notion.
	Resyncs int64
	// ResyncEvents counts the difference events rtnlx emitted between
	// ResyncStart and ResyncDone; -1 elsewhere.
	ResyncEvents int64
	// LastEvent is when the last route event arrived.
	LastEvent time.Time
	// LastActivity is, for rtnlx, when the last event of any kind
	// arrived, if after LastEvent; LastResyncDone when the last resync
	// ended. Zero elsewhere.
	LastActivity, LastResyncDone time.Time
	// StateDiff is, for rtnlx, how many routes differ between the state
	// built by applying the watcher's events and a fresh dump (missing,
	// extra or changed); -1 where not checked.
	StateDiff int
	// DiffSamples describes the first few differences StateDiff counts.
	DiffSamples []string
	// Stopped tells why the consumer stopped receiving before it was
	// asked to, "" if it did not.
	Stopped string
}

// counter counts events and remembers when the last one came.
type counter struct {
	events   atomic.Int64
	lastNano atomic.Int64
}

func (c *counter) add(n int64) {
	c.events.Add(n)
	c.lastNano.Store(time.Now().UnixNano())
}

func (c *counter) last() time.Time {
	n := c.lastNano.Load()
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n)
}

// stopOnce makes Stop idempotent: the first call does the work, later
// calls return its result.
type stopOnce struct {
	done bool
	res  Result
	err  error
}

func (o *stopOnce) do(stop func() (Result, error)) (Result, error) {
	if !o.done {
		o.done = true
		o.res, o.err = stop()
	}
	return o.res, o.err
}
