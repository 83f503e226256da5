package nstest

import (
	"fmt"
	"os"
	"os/exec"
	"testing"
)

// StrictEnv is the environment variable that turns prerequisite skips into
// failures when set to "1".
const StrictEnv = "RTNLX_STRICT"

// Strict reports whether missing test prerequisites must fail the test
// rather than skip it (the environment sets RTNLX_STRICT=1).
func Strict() bool {
	return os.Getenv(StrictEnv) == "1"
}

// Skip skips the test because a prerequisite is missing, with the formatted
// reason; under RTNLX_STRICT=1 it fails the test with the same reason.
func Skip(t testing.TB, format string, args ...any) {
	t.Helper()
	reason := fmt.Sprintf(format, args...)
	if Strict() {
		t.Fatalf("missing test prerequisite (%s=1 forbids skipping): %s", StrictEnv, reason)
	}
	t.Skipf("skipping: %s", reason)
}

// RequireCommand skips the test (or fails it under RTNLX_STRICT=1) unless
// the command name is on PATH (or, with a slash, exists).
func RequireCommand(t testing.TB, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		Skip(t, "the %s command is not installed", name)
	}
}
