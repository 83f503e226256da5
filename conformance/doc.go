// Package conformance is the suite every rtnlx backend passes.
//
// [Run] takes a [Target]: a way to open a netinfo.Handle on the system
// under test, the [Profile] of what its backend can do, and optionally a
// [Mutator] that changes that system from outside. It then runs the
// checks as subtests: invariants of every dump, consistency between the
// views (lookups, filtered dumps, iterators), events for each change the
// Mutator can make, the resync contract under forced overflow, errors,
// concurrency, and that no goroutine outlives Close.
//
// A capability the profile says the backend lacks is checked, not
// skipped: the suite asks for it and expects netinfo.ErrNotSupported. A
// check the Mutator cannot drive is reported as not applicable. A
// missing prerequisite (root, a namespace, Wine) skips with a message,
// or fails when RTNLX_STRICT=1.
//
// [Churn] is the differential churn tester: seeded random bursts of
// link, address, route and neighbour operations on a fresh
// [ChurnSystem], while a watcher of every kind runs; at checkpoints the
// state built only from its events must equal a dump, and a divergence
// reports the seed and a shrunk reproducing sequence. TestChurnLinux
// (the kernel, through one long `ip -batch`) and TestChurnMemory
// (rtnlemu.Memory, through its API) run fixed seeds and a fresh one,
// whose value they print; `make churn` runs CHURN_OPS operations from
// CHURN_SEED, fresh when it is empty. The Windows backend under Wine has
// no churn run: Wine 8's IP Helper has no call that changes state
// (docs/design.md).
//
// The runners live in this package's tests: the Linux kernel backend in
// a fresh namespace, rtnlemu.Memory, the Windows backend under Wine, and
// the platform's default backend (for CI VMs running the cross-compiled
// test binaries that `make conformance-bins` builds). README.md gives
// the command lines.
package conformance
