//go:build race

package backend_linux

// raceEnabled reports a -race build, whose instrumentation allocates.
const raceEnabled = true
