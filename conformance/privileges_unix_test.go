//go:build !windows

package conformance_test

import "os"

// isPrivileged reports whether the test runs as root.
func isPrivileged() bool { return os.Geteuid() == 0 }

// runningUnderWine is false off Windows.
func runningUnderWine() bool { return false }
