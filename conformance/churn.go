package conformance

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/rtnlx/rtnlx/netinfo"
)

// A ChurnSystem is one fresh network that the churn tester changes and
// watches: a namespace, a Memory, ...
type ChurnSystem interface {
	// Handle reads and watches the system.
	Handle() *netinfo.Handle
	// Apply makes the operations of one burst, in order, and returns one
	// error per operation (nil when it took effect). An operation the
	// system refuses is part of the churn, not a failure of the test.
	Apply(ctx context.Context, ops []ChurnOp) []error
	// Close removes the system.
	Close() error
}

// A Churn is a differential churn test: from a seed, random bursts of
// operations on a fresh system, while a watcher of every kind runs; at
// every checkpoint and at the end, the state built only from the
// watcher's events must equal a fresh dump in every field the records
// carry (but link counters, address lifetimes and route expiry, which
// move by themselves).
type Churn struct {
	// New makes a fresh system.
	New func(ctx context.Context) (ChurnSystem, error)
	// Seed picks the operations.
	Seed uint64
	// Ops is how many operations to make.
	Ops int
	// CheckEvery is how many operations run between checkpoints
	// (default 100).
	CheckEvery int
	// MaxBurst is the most operations one burst holds (default 16); a
	// burst is one `ip -batch` on Linux.
	MaxBurst int
	// Skip leaves out operations the system cannot make.
	Skip func(ChurnOp) bool
	// Silent are neighbour states the system makes without telling.
	Silent netinfo.NeighState
	// Settle is how long a checkpoint waits for the view to match
	// (default 30s: on a loaded machine, or while other namespaces hold
	// the kernel's RTNL, a watcher's reads can wait seconds; a view that
	// matches ends the wait at once).
	Settle time.Duration
	// ShrinkTime bounds the time a divergence's shrink takes (default
	// 90s, so that a failing CI run ends as a failure, not a package
	// timeout; a replay that diverges waits Settle).
	ShrinkTime time.Duration
	// Logf, when set, reports progress.
	Logf func(format string, args ...any)
	// Verbose also logs every refused operation.
	Verbose bool
	// InPlace watches with WatchFunc and WithView instead of Watch: the
	// same view, its events delivered in the watcher's own goroutine.
	InPlace bool
}

// A ChurnResult says what a churn run did.
type ChurnResult struct {
	Ops, Failed, Checks int
	Elapsed             time.Duration
}

// A ChurnDivergence is a checkpoint where the watcher's state differed
// from the system's: the seed, the operations that led there (shrunk to
// the shortest sequence found that still diverges) and the difference.
type ChurnDivergence struct {
	Seed   uint64
	At     int // operations made before the checkpoint
	Steps  [][]ChurnOp
	Diff   string
	Shrunk bool
}

func (d *ChurnDivergence) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "churn: seed %d: the watcher's state differs from a dump after %d operations", d.Seed, d.At)
	if d.Shrunk {
		b.WriteString("; shortest reproducing sequence found")
	}
	b.WriteString(" (one ip -batch per burst):\n")
	for i, step := range d.Steps {
		fmt.Fprintf(&b, "  burst %d:\n", i+1)
		for _, op := range step {
			fmt.Fprintf(&b, "    %s\n", op)
		}
	}
	b.WriteString(d.Diff)
	return b.String()
}

func (c *Churn) defaults() {
	if c.CheckEvery <= 0 {
		c.CheckEvery = 100
	}
	if c.MaxBurst <= 0 {
		c.MaxBurst = 16
	}
	if c.Settle <= 0 {
		c.Settle = 30 * time.Second
	}
	if c.ShrinkTime <= 0 {
		c.ShrinkTime = 90 * time.Second
	}
}

// Run runs the churn. A divergence is returned as a *ChurnDivergence,
// already shrunk.
func (c *Churn) Run(ctx context.Context) (ChurnResult, error) {
	c.defaults()
	start := time.Now()
	res, steps, diff, err := c.run(ctx, c.generate)
	res.Elapsed = time.Since(start)
	if err != nil || diff == "" {
		return res, err
	}
	d := &ChurnDivergence{Seed: c.Seed, At: countOps(steps), Steps: steps, Diff: diff}
	c.shrink(ctx, d)
	return res, d
}

// generate yields the bursts of the seed, telling the generator which
// operations took effect.
func (c *Churn) generate(sync func() (*state, error), yield func(step []ChurnOp) []error) {
	g := newChurnGen(c.Seed)
	for made := 0; made < c.Ops; {
		n := 1
		if g.r.IntN(4) == 0 {
			n = 1 + g.r.IntN(c.MaxBurst)
		}
		n = min(n, c.Ops-made)
		step := make([]ChurnOp, 0, n)
		for len(step) < n {
			op := g.next()
			if c.Skip != nil && c.Skip(op) {
				continue
			}
			step = append(step, op)
		}
		made += n
		errs := yield(step)
		if errs == nil {
			return
		}
		lost := false
		for i, op := range step {
			switch {
			case errs[i] == nil:
				g.applied(op)
			case errors.Is(errs[i], ErrChurnUnknown):
				lost = true
			}
		}
		if lost || made/c.CheckEvery != (made-n)/c.CheckEvery {
			if st, err := sync(); err == nil {
				g.sync(st.links, st.addrs)
			}
		}
	}
}

// ErrChurnUnknown is what a ChurnSystem's Apply reports for an operation
// whose fate it cannot tell.
var ErrChurnUnknown = errors.New("churn: outcome unknown")

// replay yields fixed bursts.
func replay(steps [][]ChurnOp) func(func() (*state, error), func([]ChurnOp) []error) {
	return func(_ func() (*state, error), yield func([]ChurnOp) []error) {
		for _, s := range steps {
			if yield(s) == nil {
				return
			}
		}
	}
}

func countOps(steps [][]ChurnOp) int {
	n := 0
	for _, s := range steps {
		n += len(s)
	}
	return n
}

// run applies the bursts of source on a fresh system, checking every
// CheckEvery operations and at the end. It returns the bursts made up to
// the first divergence and its description ("" for none).
func (c *Churn) run(ctx context.Context, source func(sync func() (*state, error), yield func([]ChurnOp) []error)) (res ChurnResult, steps [][]ChurnOp, diff string, err error) {
	sys, err := c.New(ctx)
	if err != nil {
		return res, nil, "", err
	}
	defer sys.Close()
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	h := sys.Handle()
	var w eventSource
	if c.InPlace {
		w = watchInPlace(wctx, h, netinfo.WatchAll, netinfo.WithInitialState())
	} else if w, err = h.Watch(wctx, netinfo.WatchAll, netinfo.WithInitialState()); err != nil {
		return res, nil, "", err
	}
	defer w.Close()
	v := newView()
	for ev := range w.Events() {
		if ev.Type == netinfo.EventInitialDone {
			break
		}
		v.apply(ev)
	}
	if w.Err() != nil {
		return res, nil, "", w.Err()
	}
	check := func() error {
		res.Checks++
		diff, err = c.settle(ctx, h, w, v)
		return err
	}
	sinceCheck := 0
	sync := func() (*state, error) { return dumpState(ctx, h, netinfo.WatchLinks|netinfo.WatchAddrs) }
	source(sync, func(step []ChurnOp) []error {
		if ctx.Err() != nil {
			err = ctx.Err()
			return nil
		}
		errs := sys.Apply(ctx, step)
		steps = append(steps, step)
		for i, e := range errs {
			res.Ops++
			if e != nil {
				res.Failed++
				if c.Verbose && c.Logf != nil {
					c.Logf("refused: %s: %v", step[i], e)
				}
			}
		}
		// Drain what arrived meanwhile, so the channel never backs up
		// into the transport for long.
		drainEvents(w, v)
		sinceCheck += len(step)
		if sinceCheck >= c.CheckEvery {
			sinceCheck = 0
			if check() != nil || diff != "" {
				return nil
			}
			if c.Logf != nil && res.Checks%50 == 0 {
				c.Logf("churn seed %d: %d operations, %d refused, %d checkpoints", c.Seed, res.Ops, res.Failed, res.Checks)
			}
		}
		return errs
	})
	if err != nil || diff != "" {
		return res, steps, diff, err
	}
	if sinceCheck > 0 || res.Checks == 0 {
		if err := check(); err != nil {
			return res, steps, "", err
		}
	}
	if w.Err() != nil {
		return res, steps, "", w.Err()
	}
	return res, steps, diff, nil
}

// drainEvents applies the events waiting in w's channel.
func drainEvents(w eventSource, v *view) {
	for {
		select {
		case ev, ok := <-w.Events():
			if !ok {
				return
			}
			v.apply(ev)
		default:
			return
		}
	}
}

// settle applies w's events to v until v equals a fresh dump, or returns
// the difference once c.Settle has passed.
func (c *Churn) settle(ctx context.Context, h *netinfo.Handle, w eventSource, v *view) (string, error) {
	deadline := time.Now().Add(c.Settle)
	for {
		quiet := time.NewTimer(20 * time.Millisecond)
	drain:
		for {
			select {
			case ev, ok := <-w.Events():
				if !ok {
					quiet.Stop()
					return "", fmt.Errorf("churn: watcher stopped: %v", w.Err())
				}
				v.apply(ev)
			case <-quiet.C:
				break drain
			}
		}
		st, err := dumpState(ctx, h, netinfo.WatchAll)
		if err != nil {
			return "", fmt.Errorf("churn: dump: %w", err)
		}
		diff := v.diffState(st, netinfo.WatchAll, c.Silent)
		if diff == "" || time.Now().After(deadline) {
			return diff, nil
		}
	}
}

// shrinkBudget bounds the replays a shrink makes.
const shrinkBudget = 40

// shrink looks for a shorter sequence of bursts, then of operations in
// them, that still diverges, replaying each candidate on a fresh system
// (delta debugging). A divergence that depends on timing may not
// reproduce; what was found is kept.
func (c *Churn) shrink(ctx context.Context, d *ChurnDivergence) {
	tries := 0
	sctx, cancel := context.WithTimeout(ctx, c.ShrinkTime)
	defer cancel()
	ctx = sctx
	fails := func(steps [][]ChurnOp) (string, bool) {
		if ctx.Err() != nil {
			return "", false
		}
		tries++
		_, _, diff, err := c.run(ctx, replay(steps))
		return diff, err == nil && diff != ""
	}
	// Bursts first, then single operations, in halving chunks.
	for _, split := range []bool{false, true} {
		cur := d.Steps
		if split {
			cur = nil
			for _, s := range d.Steps {
				for _, op := range s {
					cur = append(cur, []ChurnOp{op})
				}
			}
		}
		for chunk := len(cur) / 2; chunk >= 1 && tries < shrinkBudget && ctx.Err() == nil; {
			removed := false
			for i := 0; i+chunk <= len(cur) && tries < shrinkBudget && ctx.Err() == nil; {
				cand := append(append([][]ChurnOp{}, cur[:i]...), cur[i+chunk:]...)
				if diff, ok := fails(cand); ok {
					cur, removed = cand, true
					d.Diff, d.Shrunk = diff, true
					continue
				}
				i += chunk
			}
			if !removed {
				chunk /= 2
			}
		}
		if split && countOps(cur) < countOps(d.Steps) || !split && len(cur) < len(d.Steps) {
			d.Steps = cur
		}
		if ctx.Err() != nil {
			return
		}
	}
}
