//go:build linux

package conformance_test

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rtnlx/rtnlx/conformance"
	"github.com/rtnlx/rtnlx/internal/nstest"
	"github.com/rtnlx/rtnlx/internal/winetest"
)

// windowsBinEnv names a prebuilt Windows test binary of this package
// (bin/conformance/conformance-windows-amd64.test.exe), used instead of
// building one from the source.
const windowsBinEnv = "RTNLX_CONFORMANCE_WINDOWS_BIN"

// wineRunLimit bounds the Windows suite under Wine: a poll-driven
// backend takes a few seconds per event.
const wineRunLimit = 15 * time.Minute

// TestWindowsUnderWine runs this package's tests, cross-compiled for
// Windows, under Wine inside a namespace filled by nstest.Populate: the
// binary's TestPlatformDefault checks the Windows backend with the Wine
// 8 profile, and asks this process, through a shared directory, to make
// its changes in the namespace with ip.
func TestWindowsUnderWine(t *testing.T) {
	nstest.RequireIP(t) // before the slow build: the namespace needs root
	env := winetest.Setup(t)
	exe := os.Getenv(windowsBinEnv)
	if exe == "" {
		if _, err := os.Stat("run.go"); err != nil {
			conformance.SkipMissing(t, "the package source is not in the working directory to build its Windows test binary; set %s to a prebuilt one", windowsBinEnv)
		}
		exe = env.BuildTest(t, ".")
	}

	ns := nstest.New(t, "rtcw")
	nstest.Populate(t, ns)
	dir := t.TempDir()
	server := &conformance.IPMutator{Run: ipIn(ns)}
	var ops []string
	for _, op := range conformance.AllOps {
		if server.Supports(op) {
			ops = append(ops, string(op))
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- conformance.ServeMutations(ctx, dir, server) }()
	defer func() {
		cancel()
		if err := <-served; err != nil {
			t.Errorf("mutation server: %v", err)
		}
	}()

	// Wine passes the Unix environment to the Windows program; its Z:
	// drive is the Unix root.
	t.Setenv(targetEnv, "default")
	t.Setenv(profileEnv, conformance.Wine8Profile().Name)
	t.Setenv(mutatorDirEnv, `Z:`+strings.ReplaceAll(dir, "/", `\`))
	t.Setenv(mutatorOpsEnv, strings.Join(ops, ","))
	stdout, stderr, err := env.Exec(t, wineRunLimit, ns.Name, exe,
		"-test.run", "^TestPlatformDefault$", "-test.v", "-test.count=1", "-test.timeout", wineRunLimit.String())
	t.Logf("Windows suite under Wine:\n%s", indent(stdout))
	if err != nil {
		t.Fatalf("the Windows suite failed under Wine: %v\nstderr:\n%s", err, indent(lastLines(stderr, 40)))
	}
	// Never pass by skipping: the Windows binary must have run the suite.
	if !regexp.MustCompile(`(?m)^--- PASS: TestPlatformDefault `).MatchString(stdout) {
		t.Fatalf("the Windows binary did not run the suite to a pass (skipped or never started)")
	}
}

func indent(s string) string {
	return "    " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n    ")
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
