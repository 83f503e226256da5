package main

import (
	"context"
	"math"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/rtnlx/rtnlx/bench/internal/contender"
	"github.com/rtnlx/rtnlx/bench/internal/table"
)

// cell holds every run of one contender on one object.
type cell struct {
	records       []int
	times         []time.Duration
	floorTimes    []time.Duration // the floor run just before each run; 0 where there was none
	allocsPerRec  []float64       // Go contenders only
	bytesPerRec   []float64       // Go contenders only
	peakRSSKiB    int64           // 0 when not measured
	peakRSSSource string          // how peakRSSKiB was measured, for the notes
	err           error           // the first failure; no more runs after it
}

// results maps each object to one cell per contender, in contender
// order.
type results map[contender.Object][]*cell

// measure runs every contender on every object cfg.runs times. Runs are
// alternated: each round dumps each object with every contender, starting
// one contender further each round, so that a slow phase of the shared
// machine spreads over all of them rather than hitting one. Every run of
// a contender other than the floor is paired with a floor run made just
// before it, which its ratio to the floor is taken against (pairedRatio):
// a shared machine's slow phases last seconds, longer than a pair but
// often shorter than a round. A warm-up dump of each in-process
// contender comes first and is not counted.
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
				var pair time.Duration
				if i != 0 {
					pair = pairedFloor(ctx, contenders[0], res[o][0], o, cfg.cold)
				}
				if err := runOnce(ctx, c.c, o, cl, cfg.cold); err != nil {
					if ctx.Err() != nil {
						return nil, ctx.Err()
					}
					logf("%s %s: %v", c.entry.Key, o, err)
					cl.err = err
					continue
				}
				cl.floorTimes = append(cl.floorTimes, pair)
			}
		}
	}
	return res, nil
}

// pairedFloor dumps o with the floor once more, timed as runOnce times
// it, and returns how long that took; 0 when the floor cannot run (its
// failure is recorded in its own cell, floorCell).
func pairedFloor(ctx context.Context, floor opened, floorCell *cell, o contender.Object, cold bool) time.Duration {
	if floor.c == nil || floorCell.err != nil {
		return 0
	}
	var pair cell
	if err := runOnce(ctx, floor.c, o, &pair, cold); err != nil {
		if ctx.Err() == nil {
			logf("%s %s (paired run): %v", floor.entry.Key, o, err)
			floorCell.err = err
		}
		return 0
	}
	return pair.times[0]
}

// pairedRatio is the median, over cl's runs, of each run's time divided
// by the floor run paired with it; NaN when no run had one.
func pairedRatio(cl *cell) float64 {
	var ratios []float64
	for i, f := range cl.floorTimes {
		if f > 0 && i < len(cl.times) {
			ratios = append(ratios, float64(cl.times[i])/float64(f))
		}
	}
	if len(ratios) == 0 {
		return math.NaN()
	}
	return table.Median(ratios)
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
