package contender

import (
	"context"
	"time"
)

// A Sample is what one dump produced.
type Sample struct {
	// Records is how many objects the dump returned.
	Records int
	// Elapsed is set by contenders that time themselves (a Python
	// script times its own dump, leaving interpreter start-up out); the
	// harness times in-process contenders and whole commands itself.
	Elapsed time.Duration
	// PeakRSSKiB is set by contenders that report their own peak
	// resident set (VmHWM).
	PeakRSSKiB int64
}

// A Contender dumps objects one way.
type Contender interface {
	// Name is the row label in the table.
	Name() string
	// InProcess tells whether the dump runs as Go code in this process,
	// where runtime.MemStats can count its allocations.
	InProcess() bool
	// Dump dumps every object of kind o once.
	Dump(ctx context.Context, o Object) (Sample, error)
	// Close releases sockets and handles.
	Close() error
}
