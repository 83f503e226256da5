package main

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/nstest"
)

// helperArgsEnv makes TestHelperRunIPInfo act as ipinfo: the variable
// holds the arguments, separated by newlines.
const helperArgsEnv = "IPINFO_TEST_HELPER_ARGS"

// TestHelperRunIPInfo is not a test: run as a child process with
// helperArgsEnv set, it runs ipinfo with those arguments and exits with
// its status, so a test can run ipinfo under another user id.
func TestHelperRunIPInfo(t *testing.T) {
	args, ok := os.LookupEnv(helperArgsEnv)
	if !ok {
		return
	}
	os.Exit(run(t.Context(), strings.Split(args, "\n"), os.Stdout, os.Stderr))
}

// runAsNobody runs ipinfo with args as user nobody (65534) in a child
// process and returns its exit status, stdout and stderr.
func runAsNobody(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	bin := nstest.ExposedTestBinary(t)
	cmd := exec.CommandContext(t.Context(), bin, "-test.run=^TestHelperRunIPInfo$")
	cmd.Env = append(os.Environ(), helperArgsEnv+"="+strings.Join(args, "\n"))
	nstest.RunAsNobody(cmd)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else {
		require.NoError(t, err)
	}
	return code, stdout.String(), stderr.String()
}

// TestUnprivileged checks that an unprivileged user can list its own
// namespace, and gets a clear one-line error for entering another.
func TestUnprivileged(t *testing.T) {
	ns := nstest.New(t, "ipix")

	code, stdout, stderr := runAsNobody(t, "-j", "link")
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stdout, `"ifname":"lo"`)

	code, stdout, stderr = runAsNobody(t, "-n", ns.Name, "link")
	require.Equal(t, 1, code)
	require.Empty(t, stdout)
	require.Equal(t, "ipinfo: netns \""+ns.Name+"\": permission denied: entering a namespace needs root (CAP_SYS_ADMIN)\n", stderr)
}
