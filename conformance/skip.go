package conformance

import (
	"fmt"
	"os"
	"testing"
)

// StrictEnv names the environment variable that, set to "1", turns a
// skip for a missing prerequisite into a failure (CI sets it).
const StrictEnv = "RTNLX_STRICT"

// Strict reports whether RTNLX_STRICT=1.
func Strict() bool { return os.Getenv(StrictEnv) == "1" }

// SkipMissing skips t because a prerequisite (root, a namespace, Wine) is
// missing, or fails it under RTNLX_STRICT=1.
func SkipMissing(t testing.TB, format string, args ...any) {
	t.Helper()
	reason := fmt.Sprintf(format, args...)
	if Strict() {
		t.Fatalf("missing prerequisite (%s=1 forbids skipping): %s", StrictEnv, reason)
	}
	t.Skipf("skipping: %s", reason)
}

// notApplicable skips a check the target gives no means to run (its
// Mutator cannot make the change, the profile has no such kind). That is
// a property of the target, not a missing prerequisite, so it skips even
// under RTNLX_STRICT=1, with the reason in the log.
func notApplicable(t testing.TB, format string, args ...any) {
	t.Helper()
	t.Skipf("not applicable: %s", fmt.Sprintf(format, args...))
}
