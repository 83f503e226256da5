package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/rtnlx/rtnlx/bench/internal/consumer"
	"github.com/rtnlx/rtnlx/bench/internal/nsbuild"
	"github.com/rtnlx/rtnlx/bench/internal/runinfo"
)

// markerRoute is added and deleted in turn before the storm until every
// consumer has received one of its events: `ip monitor` does not say
// when it has subscribed, and a consumer that starts slowly on a busy
// machine could miss a single marker.
const markerRoute = "198.18.0.1/32"

// started is a consumer that started, or the reason it did not.
type started struct {
	key string
	c   consumer.Consumer
	err error
	res consumer.Result
	// baseline is what the consumer had received (marker events) when
	// the storm started; the table counts what came after.
	baseline int64
	// usage0 and usage1 are the consumer's process's CPU time and memory
	// when the storm started and when it had been received (-scale).
	usage0, usage1 *consumer.Usage
	// sysCounter counts the process's system calls during the storm,
	// syscalls is its count (-1: not counted).
	sysCounter *syscallCounter
	syscalls   int64
}

// keyed is a consumer and its key in the table and in -only.
type keyed struct {
	key string
	c   consumer.Consumer
}

// stormTimes records when the storm's phases ran.
type stormTimes struct {
	add, del time.Duration
	end      time.Time // after the marker route was deleted
}

// run builds the namespace, starts the consumers, runs the storm and
// prints the table.
func run(ctx context.Context, cfg *config) error {
	if err := runinfo.SmokePrereqs(); err != nil {
		if cfg.smoke {
			return runinfo.Skip("storm", "the smoke check", err)
		}
		return err
	}
	if removed, err := nsbuild.RemoveStale(nsPrefix); err != nil {
		return fmt.Errorf("removing stale namespaces: %w", err)
	} else if len(removed) > 0 {
		logf("removed namespaces left by killed runs: %s", strings.Join(removed, " "))
	}
	ns, err := nsbuild.Create(ctx, nsPrefix)
	if err != nil {
		return err
	}
	defer func() {
		if err := ns.Delete(); err != nil {
			logf("%v", err)
		}
	}()
	// IPv6 off: its link-local and multicast routes would appear some
	// time after the link comes up, inside the count.
	if err := nsbuild.DisableIPv6(ctx, ns); err != nil {
		return err
	}
	if err := nsbuild.PrepareGateway(ctx, ns); err != nil {
		return err
	}

	all := []keyed{
		{"rtnlx", consumer.NewRtnlx(ns.Path)},
		{"rtnlx-smallbuf", consumer.NewRtnlxSmallBuffer(ns.Path, cfg.smallBuffer)},
		{"vishvananda", consumer.NewVishvananda(ns.Path)},
		{"pyroute2", consumer.NewPyroute2(ns.Name)},
		{"ip", consumer.NewIPMonitor(ns.Name)},
	}
	if cfg.scale {
		if all, err = scaleConsumers(ctx, cfg, ns); err != nil {
			return err
		}
	}
	if err := cfg.checkOnly(func(yield func(string) bool) {
		for _, a := range all {
			if !yield(a.key) {
				return
			}
		}
	}); err != nil {
		return err
	}
	var consumers []*started
	defer func() {
		for _, s := range consumers {
			if s.err == nil && s.c != nil {
				s.c.Stop() // no-op for those already stopped
			}
		}
	}()
	for _, a := range all {
		if !cfg.selected(a.key) {
			continue
		}
		s := &started{key: a.key, c: a.c}
		if s.err = a.c.Start(ctx); s.err != nil && cfg.smoke {
			if err := runinfo.Skip("storm", a.key, s.err); err != nil {
				return err
			}
			continue
		}
		if s.err != nil {
			logf("%s: not measured: %v", a.key, s.err)
		}
		consumers = append(consumers, s)
	}

	markerPresent, err := probeConsumers(ctx, ns, consumers)
	if err != nil {
		return err
	}

	if cfg.scale {
		readUsage(consumers, false)
	}
	load0 := runinfo.LoadAverage()
	var times stormTimes
	logf("adding %d routes", cfg.routes)
	start := time.Now()
	if err := nsbuild.RouteBatch(ctx, ns, "add", 0, cfg.routes); err != nil {
		return err
	}
	times.add = time.Since(start)
	logf("deleting %d routes", cfg.routes)
	start = time.Now()
	if err := nsbuild.RouteBatch(ctx, ns, "del", 0, cfg.routes); err != nil {
		return err
	}
	times.del = time.Since(start)
	expected := int64(2 * cfg.routes)
	if markerPresent {
		// Its deletion is the storm's last event.
		if err := ns.IP(ctx, "route", "del", markerRoute); err != nil {
			return err
		}
		expected++
	}
	times.end = time.Now()

	if err := waitForConsumers(ctx, cfg, consumers, expected); err != nil {
		return err
	}
	if cfg.scale {
		readUsage(consumers, true)
	}
	load1 := runinfo.LoadAverage()
	for _, s := range consumers {
		if s.err != nil {
			continue
		}
		res, err := s.c.Stop()
		res.Events -= s.baseline
		s.res = res
		if err != nil {
			s.err = err
			logf("%s: %v", s.key, err)
		}
	}

	var out bytes.Buffer
	writeReport(&out, cfg, consumers, times, expected, load0, load1)
	if cfg.scale {
		writeScaleReport(&out, cfg, consumers)
	}
	os.Stdout.Write(out.Bytes())
	if cfg.outputPath != "" {
		if err := os.WriteFile(cfg.outputPath, out.Bytes(), 0o644); err != nil {
			return err
		}
	}
	if cfg.check {
		return checkResults(consumers, expected)
	}
	return nil
}

// checkResults is -check: every consumer ran; rtnlx with default options
// got every event with no resync; every rtnlx consumer converged.
func checkResults(consumers []*started, expected int64) error {
	var problems []string
	for _, s := range consumers {
		r := s.res
		switch {
		case s.err != nil:
			problems = append(problems, fmt.Sprintf("%s: %v", s.key, s.err))
		case s.key == "rtnlx" && (r.Events != expected || r.Resyncs != 0):
			problems = append(problems, fmt.Sprintf("rtnlx: %d of %d events, %d resyncs", r.Events, expected, r.Resyncs))
		case strings.HasPrefix(s.key, "rtnlx") && r.StateDiff != 0:
			problems = append(problems, fmt.Sprintf("%s: state differs from a fresh dump in %d routes", s.key, r.StateDiff))
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("check failed:\n  %s", strings.Join(problems, "\n  "))
	}
	logf("check passed")
	return nil
}

// probeConsumers adds and deletes the marker route in turn until every
// running consumer has received at least one event, then waits until
// their counts settle and records them as baselines. It reports whether
// the marker is left in place.
func probeConsumers(ctx context.Context, ns *nsbuild.Namespace, consumers []*started) (markerPresent bool, err error) {
	toggle := func() error {
		if markerPresent {
			err = ns.IP(ctx, "route", "del", markerRoute)
		} else {
			err = ns.IP(ctx, "route", "add", markerRoute, "via", nsbuild.Gateway)
		}
		if err == nil {
			markerPresent = !markerPresent
		}
		return err
	}
	deadline := time.Now().Add(time.Minute)
	for {
		var waiting []string
		for _, s := range consumers {
			if s.err == nil && s.c.Progress() < 1 {
				waiting = append(waiting, s.key)
			}
		}
		if len(waiting) == 0 {
			break
		}
		if time.Now().After(deadline) {
			return markerPresent, fmt.Errorf("no event reached %s in a minute of marker changes", strings.Join(waiting, ", "))
		}
		if err := toggle(); err != nil {
			return markerPresent, err
		}
		select {
		case <-ctx.Done():
			return markerPresent, ctx.Err()
		case <-time.After(500 * time.Millisecond):
		}
	}
	// Settle: pyroute2 reports its count twice a second.
	last := progressText(consumers)
	for stable := 0; stable < 3; {
		select {
		case <-ctx.Done():
			return markerPresent, ctx.Err()
		case <-time.After(500 * time.Millisecond):
		}
		if now := progressText(consumers); now == last {
			stable++
		} else {
			last, stable = now, 0
		}
	}
	for _, s := range consumers {
		if s.err == nil {
			s.baseline = s.c.Progress()
		}
	}
	return markerPresent, nil
}

// waitForConsumers waits until every consumer has received the expected
// number of events and settled, or none has received anything for
// cfg.idle while all are settled, or cfg.maxWait has passed.
func waitForConsumers(ctx context.Context, cfg *config, consumers []*started, expected int64) error {
	start := time.Now()
	lastChange := start
	var lastTotal int64 = -1
	for {
		var total int64
		all, settled := true, true
		for _, s := range consumers {
			if s.err != nil {
				continue
			}
			total += s.c.Activity()
			if s.c.Progress()-s.baseline < expected {
				all = false
			}
			if !s.c.Settled() {
				settled = false
			}
		}
		now := time.Now()
		if total != lastTotal {
			lastTotal, lastChange = total, now
		}
		switch {
		case all && settled:
			return nil
		case settled && now.Sub(lastChange) >= cfg.idle:
			logf("no more events for %v; stopping the consumers (%s)", cfg.idle, progressText(consumers))
			return nil
		case now.Sub(start) >= cfg.maxWait:
			logf("still receiving after %v; stopping the consumers (%s)", cfg.maxWait, progressText(consumers))
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// progressText lists the events each running consumer has received.
func progressText(consumers []*started) string {
	var parts []string
	for _, s := range consumers {
		if s.err == nil {
			parts = append(parts, fmt.Sprintf("%s %d", s.key, s.c.Progress()))
		}
	}
	return strings.Join(parts, ", ")
}
