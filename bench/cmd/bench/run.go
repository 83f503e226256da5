package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/rtnlx/rtnlx/bench/internal/contender"
	"github.com/rtnlx/rtnlx/bench/internal/nsbuild"
	"github.com/rtnlx/rtnlx/bench/internal/runinfo"
)

// opened is a contender that opened, or the reason it did not.
type opened struct {
	entry contender.Entry
	c     contender.Contender // nil when err is set
	err   error
}

// run builds (or reuses) the namespace, measures and prints the table.
func run(ctx context.Context, cfg *config) error {
	if err := runinfo.SmokePrereqs(); err != nil {
		if cfg.smoke {
			return runinfo.Skip("bench", "the smoke check", err)
		}
		return err
	}
	if _, err := os.Stat(contender.TimePath); err != nil && !cfg.skipRSS {
		err = runinfo.Missing("no %s for the peak-RSS column (apt-get install time)", contender.TimePath)
		if !cfg.smoke {
			return err
		}
		if err := runinfo.Skip("bench", "peak RSS", err); err != nil {
			return err
		}
		cfg.skipRSS = true
	}
	objects, err := parseObjects(cfg.objects)
	if err != nil {
		return err
	}
	entries, err := contender.Select(cfg.only)
	if err != nil {
		return err
	}
	if removed, err := nsbuild.RemoveStale(nsPrefix); err != nil {
		return fmt.Errorf("removing stale namespaces: %w", err)
	} else if len(removed) > 0 {
		logf("removed namespaces left by killed runs: %s", strings.Join(removed, " "))
	}

	ns, cleanup, err := prepareNamespace(ctx, cfg)
	if err != nil {
		return err
	}
	defer cleanup()

	var contenders []opened
	for _, e := range entries {
		c, err := e.Open(ns.Name, ns.Path)
		if err != nil && cfg.smoke {
			if err := runinfo.Skip("bench", e.Key, err); err != nil {
				return err
			}
			continue
		}
		if err != nil {
			logf("%s: not measured: %v", e.Key, err)
		}
		contenders = append(contenders, opened{entry: e, c: c, err: err})
	}
	defer func() {
		for _, o := range contenders {
			if o.c != nil {
				o.c.Close()
			}
		}
	}()

	load0 := runinfo.LoadAverage()
	results, err := measure(ctx, cfg, objects, contenders)
	if err != nil {
		return err
	}
	if !cfg.skipRSS {
		if err := measurePeakRSS(ctx, ns, objects, contenders, results); err != nil {
			return err
		}
	}
	load1 := runinfo.LoadAverage()

	var out bytes.Buffer
	writeReport(&out, cfg, objects, contenders, results, load0, load1)
	if _, err := io.Copy(os.Stdout, bytes.NewReader(out.Bytes())); err != nil {
		return err
	}
	if cfg.outputPath != "" {
		if err := os.WriteFile(cfg.outputPath, out.Bytes(), 0o644); err != nil {
			return err
		}
	}
	if cfg.check {
		return checkResults(objects, contenders, results)
	}
	return nil
}

// checkResults is -check: every contender measured every object and
// returned what the floor counted.
func checkResults(objects []contender.Object, contenders []opened, res results) error {
	var problems []string
	for _, o := range objects {
		floor := res[o][0]
		for i, c := range contenders {
			cl := res[o][i]
			switch {
			case cl.err != nil:
				problems = append(problems, fmt.Sprintf("%s %s: %v", c.entry.Key, o, cl.err))
			case len(cl.records) == 0:
				problems = append(problems, fmt.Sprintf("%s %s: not measured", c.entry.Key, o))
			case len(floor.records) > 0 && (slices.Min(cl.records) != slices.Max(floor.records) || slices.Max(cl.records) != slices.Min(floor.records)):
				problems = append(problems, fmt.Sprintf("%s %s: %v records, the floor counted %v", c.entry.Key, o, cl.records, floor.records))
			}
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("check failed:\n  %s", strings.Join(problems, "\n  "))
	}
	logf("check passed: every contender returned what the floor counted")
	return nil
}

// prepareNamespace builds the namespace, or opens the one named by -ns.
// The returned cleanup deletes a namespace this run built unless -keep.
func prepareNamespace(ctx context.Context, cfg *config) (*nsbuild.Namespace, func(), error) {
	if cfg.reuseNS != "" {
		ns := nsbuild.Existing(cfg.reuseNS)
		if _, err := os.Stat(ns.Path); err != nil {
			return nil, nil, fmt.Errorf("-ns %s: %w", cfg.reuseNS, err)
		}
		return ns, func() {}, nil
	}
	prefix := nsPrefix
	if cfg.keepNS {
		// Not PREFIX-PID-...: a later run's RemoveStale must leave it.
		prefix += "-keep"
	}
	ns, err := nsbuild.Create(ctx, prefix)
	if err != nil {
		return nil, nil, err
	}
	cleanup := func() {
		if cfg.keepNS {
			logf("kept namespace %s (delete with: ip netns del %s)", ns.Name, ns.Name)
			return
		}
		if err := ns.Delete(); err != nil {
			logf("%v", err)
		}
	}
	size := nsbuild.Size{Routes: cfg.size.routes, Addrs: cfg.size.addrs, Neighbors: cfg.size.neighs, Links: cfg.size.links, IPv6: cfg.size.ipv6}
	logf("building namespace %s", ns.Name)
	err = nsbuild.Populate(ctx, ns, size, func(step string, took time.Duration) {
		logf("  %s in %.1f s", step, took.Seconds())
	})
	if err != nil {
		cleanup()
		return nil, nil, err
	}
	select {
	case <-time.After(cfg.settle):
	case <-ctx.Done():
		cleanup()
		return nil, nil, ctx.Err()
	}
	return ns, cleanup, nil
}

func parseObjects(list string) ([]contender.Object, error) {
	var out []contender.Object
	for s := range strings.SplitSeq(list, ",") {
		o, err := contender.ParseObject(strings.TrimSpace(s))
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
}
