package main

import (
	"context"
	"fmt"
	"os"
	"runtime/pprof"

	"github.com/rtnlx/rtnlx/bench/internal/contender"
	"github.com/rtnlx/rtnlx/bench/internal/nsbuild"
)

// runProfile is the -cpuprofile mode: one contender dumps one object
// -profile-runs times in the namespace given with -ns while a CPU profile
// is written, for `go tool pprof`.
func runProfile(ctx context.Context, cfg *config) error {
	if cfg.reuseNS == "" {
		return fmt.Errorf("-cpuprofile needs -ns NAME (build one with -keep)")
	}
	e, err := contender.Lookup(cfg.profileKey)
	if err != nil {
		return err
	}
	o, err := contender.ParseObject(cfg.profileObj)
	if err != nil {
		return err
	}
	ns := nsbuild.Existing(cfg.reuseNS)
	c, err := e.Open(ns.Name, ns.Path)
	if err != nil {
		return err
	}
	defer c.Close()
	f, err := os.Create(cfg.cpuProfile)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := pprof.StartCPUProfile(f); err != nil {
		return err
	}
	defer pprof.StopCPUProfile()
	for range cfg.profileRuns {
		if _, err := c.Dump(ctx, o); err != nil {
			return err
		}
	}
	logf("wrote %s: %d dumps of %s with %s", cfg.cpuProfile, cfg.profileRuns, o, e.Key)
	return nil
}
