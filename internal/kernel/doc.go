// Package kernel holds the pieces of Linux behaviour that more than one
// package imitates: what the kernel decides on its own and the emulators
// (rtnlemu, backend_bsd, backend_windows) and netinfo's watcher must
// decide the same way. Each has one definition here and a table test.
package kernel
