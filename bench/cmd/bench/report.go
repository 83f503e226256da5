package main

import (
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"
	"time"

	"github.com/rtnlx/rtnlx/bench/internal/contender"
	"github.com/rtnlx/rtnlx/bench/internal/table"
)

// writeReport prints the method, the table of medians and any failures.
func writeReport(w io.Writer, cfg *config, objects []contender.Object, contenders []opened, res results, load0, load1 string) {
	fmt.Fprintf(w, "Dump benchmark, %s: Linux %s, %s, %d CPUs shared with other work (1-minute load average %s before, %s after).\n",
		time.Now().UTC().Format("2006-01-02 15:04 MST"), kernelRelease(), runtime.Version(), runtime.NumCPU(), load0, load1)
	if cfg.reuseNS != "" {
		fmt.Fprintf(w, "Namespace %s (reused). ", cfg.reuseNS)
	} else {
		fmt.Fprintf(w, "Namespace: %s bulk routes, %s addresses, %s neighbours, %s veth links. ",
			table.Count(cfg.size.routes), table.Count(cfg.size.addrs), table.Count(cfg.size.neighs), table.Count(cfg.size.links))
	}
	fmt.Fprintf(w, "Medians of %d alternated runs.\n\n", cfg.runs)

	header := []string{"object", "contender", "records", "time", "× floor", "fastest run", "allocs/record", "bytes/record", "peak RSS"}
	var rows [][]string
	var failures []string
	for _, o := range objects {
		floor := medianTime(res[o][0])
		for i, c := range contenders {
			cl := res[o][i]
			if cl.err != nil {
				failures = append(failures, fmt.Sprintf("- %s, %s: %v", c.entry.Key, o, cl.err))
			}
			if len(cl.times) == 0 {
				rows = append(rows, []string{string(o), c.entry.Key, table.NA, table.NA, table.NA, table.NA, table.NA, table.NA, table.NA})
				continue
			}
			t := medianTime(cl)
			ratio := math.NaN()
			if floor > 0 {
				ratio = float64(t) / float64(floor)
			}
			rows = append(rows, []string{
				string(o),
				name(c),
				records(cl.records),
				table.Duration(t),
				table.Ratio(ratio),
				table.Duration(slices.Min(cl.times)),
				table.PerRecord(table.Median(cl.allocsPerRec)),
				table.PerRecord(table.Median(cl.bytesPerRec)),
				table.KiB(cl.peakRSSKiB),
			})
		}
	}
	table.Write(w, header, rows)

	fmt.Fprintf(w, "\nTime: the median run; fastest run: the quickest, which on a busy shared machine says more about the code than about its neighbours. Go contenders are timed around one dump call on a handle opened beforehand, after a GC; "+
		"pyroute2 times its own dump inside Python (interpreter start-up and imports left out); "+
		"`ip -j` is the whole command (start-up, dump, JSON printed to a pipe). "+
		"Allocations and bytes per record: runtime.MemStats deltas (Go only). "+
		"Peak RSS: VmHWM of a child process that opened the contender and dumped once "+
		"(Go runtime included; rtnlx-emu also holds the emulated state), pyroute2's own VmHWM, "+
		"and GNU time's maximum RSS for ip.\n")
	if len(failures) > 0 {
		fmt.Fprintf(w, "\nNot measured:\n")
		for _, f := range failures {
			fmt.Fprintln(w, f)
		}
	}
}

// name is a contender's row label.
func name(c opened) string {
	if c.c != nil {
		return c.c.Name()
	}
	return c.entry.Key
}

func medianTime(cl *cell) time.Duration { return table.MedianDuration(cl.times) }

// records prints the record count, or its range when runs disagreed (the
// namespace changed, or a dump was interrupted).
func records(rs []int) string {
	lo, hi := slices.Min(rs), slices.Max(rs)
	if lo == hi {
		return table.Count(lo)
	}
	return table.Count(lo) + "–" + table.Count(hi)
}
