package main

import (
	"context"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/rtnlx/rtnlx/bench/internal/contender"
)

// cell holds every run of one contender on one object.
type cell struct {
	records       []int
	times         []time.Duration
	allocsPerRec  []float64 // Go contenders only
	bytesPerRec   []float64 // Go contenders only
	peakRSSKiB    int64     // 0 when not measured
	peakRSSSource string    // how peakRSSKiB was measured, for the notes
	err           error     // the first failure; no more runs after it
}

// results maps each object to one cell per contender, in contender
// order.
type results map[contender.Object][]*cell

// measure runs every contender on every object cfg.runs times. Runs are
// alternated: each round dumps each object with every contender, starting
// one contender further each round, so that a slow phase of the shared
// machine spreads over all of them rather than hitting one. A warm-up
// dump of each in-process contender comes first and is not counted.
func measure(ctx context.Context, cfg *config, objects []contender.Object, contenders []opened) (results, error) {
	res := make(results)
	for _, o := range objects {
		res[o] = make([]*cell, len(contenders))
		for i, c := range contenders {
			res[o][i] = &cell{err: c.err}
		}
	}
	for _, o := range objects {
		for i, c := range contenders {
			if c.c == nil || !c.c.InProcess() {
				continue
			}
			if _, err := c.c.Dump(ctx, o); err != nil {
				if ctx.Err() != nil {
					return nil, ctx.Err()
				}
				logf("%s %s: warm-up failed: %v", c.entry.Key, o, err)
				res[o][i].err = err
			}
		}
	}
	n := len(contenders)
	for round := range cfg.runs {
		logf("round %d of %d", round+1, cfg.runs)
		for _, o := range objects {
			for k := range n {
				i := (k + round) % n
				c, cl := contenders[i], res[o][i]
				if c.c == nil || cl.err != nil {
					continue
				}
				if err := runOnce(ctx, c.c, o, cl, cfg.cold); err != nil {
					if ctx.Err() != nil {
						return nil, ctx.Err()
					}
					logf("%s %s: %v", c.entry.Key, o, err)
					cl.err = err
				}
			}
		}
	}
	return res, nil
}

// runOnce dumps o once with c and records the run in cl. An in-process
// contender is timed around the call, with a garbage collection first so
// that no run pays for garbage an earlier one left; its allocations are
// the process's MemStats deltas. With cold, the collection also returns
// every free page to the system, so each run's memory is newly faulted
// in: the worst case for a contender that allocates its result.
func runOnce(ctx context.Context, c contender.Contender, o contender.Object, cl *cell, cold bool) error {
	if !c.InProcess() {
		start := time.Now()
		s, err := c.Dump(ctx, o)
		if err != nil {
			return err
		}
		elapsed := s.Elapsed
		if elapsed == 0 {
			elapsed = time.Since(start)
		}
		cl.records = append(cl.records, s.Records)
		cl.times = append(cl.times, elapsed)
		if s.PeakRSSKiB > cl.peakRSSKiB {
			cl.peakRSSKiB = s.PeakRSSKiB
			cl.peakRSSSource = "own VmHWM"
		}
		return nil
	}
	var before, after runtime.MemStats
	if cold {
		debug.FreeOSMemory()
	} else {
		runtime.GC()
	}
	runtime.ReadMemStats(&before)
	start := time.Now()
	s, err := c.Dump(ctx, o)
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	if err != nil {
		return err
	}
	cl.records = append(cl.records, s.Records)
	cl.times = append(cl.times, elapsed)
	if s.Records > 0 {
		cl.allocsPerRec = append(cl.allocsPerRec, float64(after.Mallocs-before.Mallocs)/float64(s.Records))
		cl.bytesPerRec = append(cl.bytesPerRec, float64(after.TotalAlloc-before.TotalAlloc)/float64(s.Records))
	}
	return nil
}
