package workflowcheck

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/nstest"
)

// TestRunnerScriptLinux runs conformance/ci/conformance-vm.sh as the
// conformance workflow's linux job does, on binaries built as
// `make conformance-bins` builds them, inside a fresh namespace: the
// script's unprivileged and root passes, its scratch link and its
// ipinfo checks all pass. (Its BSD and macOS branches run only in CI.)
func TestRunnerScriptLinux(t *testing.T) {
	ns := nstest.New(t, "rtwf")
	nstest.RequireCommand(t, "setpriv")
	dir := t.TempDir()
	arch := runtime.GOARCH
	suite, ipinfo := "conformance-linux-"+arch+".test", "ipinfo-linux-"+arch
	gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
	for _, args := range [][]string{
		{"test", "-c", "-vet=off", "-o", filepath.Join(dir, suite), "./conformance"},
		{"build", "-o", filepath.Join(dir, ipinfo), "./examples/ipinfo"},
	} {
		cmd := exec.Command(gobin, args...)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "go %s:\n%s", strings.Join(args, " "), out)
	}
	script, err := os.ReadFile(filepath.Join(root, "conformance/ci/conformance-vm.sh"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "conformance-vm.sh"), script, 0o755))

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "ip", "netns", "exec", ns.Name,
		"sh", "./conformance-vm.sh", "./"+suite, "./"+ipinfo, "out")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	summary, _ := os.ReadFile(filepath.Join(dir, "out", "summary.txt"))
	if err != nil {
		t.Logf("script output:\n%s", out)
	}
	require.NoError(t, err, "summary:\n%s", summary)
	lines := strings.Split(strings.TrimSpace(string(summary)), "\n")
	require.Equal(t, "RESULT PASS", lines[len(lines)-1], "summary:\n%s", summary)
	for _, want := range []string{"PASS suite-unprivileged", "PASS scratch-link", "PASS suite-root", "PASS ipinfo-neigh-json", "PASS ipinfo-monitor"} {
		require.Contains(t, lines, want, "summary:\n%s", summary)
	}
	// The unprivileged pass really was: its suite saw no privileges.
	ro, err := os.ReadFile(filepath.Join(dir, "out", "suite-unprivileged.txt"))
	require.NoError(t, err)
	require.Contains(t, string(ro), "read-only checks: not root")
	t.Logf("summary:\n%s", summary)
}
