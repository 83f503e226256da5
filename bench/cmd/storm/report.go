package main

import (
	"fmt"
	"io"
	"runtime"
	"strings"
	"time"

	"github.com/rtnlx/rtnlx/bench/internal/runinfo"
	"github.com/rtnlx/rtnlx/bench/internal/table"
)

// writeReport prints the storm's figures and the consumers' table.
func writeReport(w io.Writer, cfg *config, consumers []*started, t stormTimes, expected int64, load0, load1 string) {
	rate := func(d time.Duration) string {
		if d <= 0 {
			return table.NA
		}
		return table.Count(int(float64(cfg.routes)/d.Seconds())) + "/s"
	}
	fmt.Fprintf(w, "Route storm, %s: Linux %s, %s, %d CPUs shared with other work (1-minute load average %s before, %s after).\n",
		time.Now().UTC().Format("2006-01-02 15:04 MST"), runinfo.KernelRelease(), runtime.Version(), runtime.NumCPU(), load0, load1)
	fmt.Fprintf(w, "`ip -batch` added %s routes in %.1f s (%s) and deleted them in %.1f s (%s); every consumer should receive %s route events (the storm's, and the deletion of the marker route that showed each consumer was listening, if it was left in place). Command: `%s`.\n\n",
		table.Count(cfg.routes), t.add.Seconds(), rate(t.add), t.del.Seconds(), rate(t.del), table.Count(int(expected)), runinfo.CommandLine())

	header := []string{"consumer", "", "events received", "delivered", "ENOBUFS", "resyncs", "resync events", "last event vs. storm end", "state − fresh dump"}
	var rows [][]string
	var notes []string
	for _, s := range consumers {
		name := s.key
		if s.c != nil {
			name = s.c.Name()
		}
		if s.err != nil {
			rows = append(rows, []string{s.key, name, table.NA, table.NA, table.NA, table.NA, table.NA, table.NA, table.NA})
			notes = append(notes, fmt.Sprintf("- %s: %v", s.key, s.err))
			continue
		}
		r := s.res
		lag := table.NA
		if !r.LastEvent.IsZero() {
			lag = fmt.Sprintf("%+.1f s", r.LastEvent.Sub(t.end).Seconds())
		}
		rows = append(rows, []string{
			s.key,
			name,
			table.Count(int(r.Events)),
			fmt.Sprintf("%.2f%%", 100*float64(r.Events)/float64(expected)),
			table.Count(int(r.Overflows)),
			optional(r.Resyncs),
			optional(r.ResyncEvents),
			lag,
			optional(int64(r.StateDiff)),
		})
		if r.StateDiff > 0 {
			when := func(t2 time.Time) string {
				if t2.IsZero() {
					return "never"
				}
				return fmt.Sprintf("%+.2f s", t2.Sub(t.end).Seconds())
			}
			notes = append(notes, fmt.Sprintf("- %s: last event of any kind %s, last ResyncDone %s, relative to the storm's end",
				s.key, when(later(r.LastActivity, r.LastEvent)), when(r.LastResyncDone)))
		}
		for _, d := range r.DiffSamples {
			notes = append(notes, fmt.Sprintf("- %s state difference: %s", s.key, oneLine(d)))
		}
		if r.Stopped != "" {
			notes = append(notes, fmt.Sprintf("- %s stopped receiving: %s", s.key, oneLine(r.Stopped)))
		}
	}
	table.Write(w, header, rows)
	fmt.Fprintf(w, "\nEvents received: route new/del events as they happened (rtnlx: after its initial state, outside resyncs). "+
		"ENOBUFS: receive-buffer overflows the consumer was told of (rtnlx answers each with a resync). "+
		"Resync events: the differences rtnlx emitted between ResyncStart and ResyncDone. "+
		"Last event vs. storm end: when the consumer's last event arrived, in seconds after the last `ip` command of the storm exited (negative: before it exited; far negative: the consumer stopped receiving). "+
		"State − fresh dump: routes that differ between the state rtnlx built from its events and a dump taken after the storm (0 = converged). "+
		"Every consumer runs with its library's default options; the storm waits until each has received everything or none received anything for %v.\n", cfg.idle)
	if len(notes) > 0 {
		fmt.Fprintf(w, "\n%s\n", strings.Join(notes, "\n"))
	}
}

// optional prints n, or n/a for -1.
func optional(n int64) string {
	if n < 0 {
		return table.NA
	}
	return table.Count(int(n))
}

// oneLine shortens an error to one line.
func oneLine(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if len(s) > 200 {
		s = s[:200] + "..."
	}
	return s
}

// later returns the later of two times.
func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
