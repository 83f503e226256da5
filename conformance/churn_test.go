package conformance

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"
)

// A churnRun is one seed of a churn test.
type churnRun struct {
	name        string
	seed        uint64
	ops         int
	smallBuffer bool
	inPlace     bool // Churn.InPlace
}

// churnRuns lists the runs of a churn test: the fixed seeds with ops
// operations each, one fixed seed on a small receive buffer, one
// watching with WatchFunc and WithView (Churn.InPlace) and one
// fresh seed (its value is in the run's name and log line, to rerun it
// with CHURN_SEED); or, when CHURN_SEED or CHURN_OPS is set (make
// churn), that one run (CHURN_OPS defaults to 10,000, CHURN_SEED to a
// fresh seed). CHURN_FRESH=0 leaves the fresh seed out of the default
// set, for a run that must repeat exactly; CHURN_WATCHFUNC=1 makes the
// one run watch with WatchFunc and WithView (Churn.InPlace).
func churnRuns(t testing.TB, fixed []uint64, ops int) []churnRun {
	fresh := uint64(time.Now().UnixNano())
	envSeed, envOps := os.Getenv("CHURN_SEED"), os.Getenv("CHURN_OPS")
	if envSeed != "" || envOps != "" {
		run := churnRun{name: "env", seed: fresh, ops: 10000}
		if envSeed != "" {
			s, err := strconv.ParseUint(envSeed, 10, 64)
			if err != nil {
				t.Fatalf("CHURN_SEED=%q: %v", envSeed, err)
			}
			run.seed = s
		}
		if envOps != "" {
			n, err := strconv.Atoi(envOps)
			if err != nil {
				t.Fatalf("CHURN_OPS=%q: %v", envOps, err)
			}
			run.ops = n
		}
		run.smallBuffer = os.Getenv("CHURN_SMALL_BUFFER") != ""
		run.inPlace = os.Getenv("CHURN_WATCHFUNC") != ""
		return []churnRun{run}
	}
	var runs []churnRun
	for _, s := range fixed {
		runs = append(runs, churnRun{name: fmt.Sprintf("seed=%d", s), seed: s, ops: ops})
	}
	runs = append(runs, churnRun{name: "small-buffer-seed=7", seed: 7, ops: ops, smallBuffer: true},
		churnRun{name: "watchfunc-seed=42", seed: 42, ops: ops, inPlace: true})
	if os.Getenv("CHURN_FRESH") != "0" {
		runs = append(runs, churnRun{name: fmt.Sprintf("fresh-seed=%d", fresh), seed: fresh, ops: ops})
	}
	return runs
}

// runChurn runs c and reports the figures, or the divergence.
func runChurn(t *testing.T, c *Churn) {
	t.Helper()
	c.Verbose = os.Getenv("CHURN_VERBOSE") != ""
	if v := os.Getenv("CHURN_SHRINK_TIME"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			t.Fatalf("CHURN_SHRINK_TIME=%q: %v", v, err)
		}
		c.ShrinkTime = d
	}
	ctx, cancel := context.WithTimeout(context.Background(), 24*time.Hour)
	defer cancel()
	t.Logf("churn seed %d: %d operations", c.Seed, c.Ops)
	res, err := c.Run(ctx)
	rate := float64(res.Ops) / res.Elapsed.Seconds()
	t.Logf("churn seed %d: %d operations (%d refused by the system), %d checkpoints, %v, %.0f operations/s, divergences: %d",
		c.Seed, res.Ops, res.Failed, res.Checks, res.Elapsed.Round(time.Millisecond), rate, divergences(err))
	if err != nil {
		t.Fatal(err)
	}
}

func divergences(err error) int {
	var d *ChurnDivergence
	if errors.As(err, &d) {
		return 1
	}
	return 0
}
