// Package runinfo holds what the bench and storm commands share about a
// run: the $ROUTES default, the exit status, and the machine facts their
// reports print.
package runinfo

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Routes is the default route count: $ROUTES if set, else 100000.
func Routes() (int, error) {
	s := os.Getenv("ROUTES")
	if s == "" {
		return 100_000, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("ROUTES=%q: %w", s, err)
	}
	return n, nil
}

// Exit does nothing if err is nil; else it prints err as prog's and
// exits with status 130 when cancelled (an interrupt), else 1.
func Exit(prog string, err error) {
	if err == nil {
		return
	}
	fmt.Fprintf(os.Stderr, "%s: %v\n", prog, err)
	if errors.Is(err, context.Canceled) {
		os.Exit(130)
	}
	os.Exit(1)
}

// LoadAverage reads the one-minute load average, to show how busy the
// shared machine was.
func LoadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return "?"
	}
	return f[0]
}

// KernelRelease is uname -r.
func KernelRelease() string {
	b, err := os.ReadFile("/proc/sys/kernel/osrelease")
	if err != nil {
		return "?"
	}
	return strings.TrimSpace(string(b))
}

// CommandLine is how this run was started, for the report: the program's
// base name, any ROUTES setting, and the flags.
func CommandLine() string {
	parts := []string{filepath.Base(os.Args[0])}
	if r := os.Getenv("ROUTES"); r != "" {
		parts = append([]string{"ROUTES=" + r}, parts...)
	}
	return strings.Join(append(parts, os.Args[1:]...), " ")
}
