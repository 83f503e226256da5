// Package winetest runs Windows builds of this module's code under Wine,
// inside Linux network namespaces, for tests on a Linux host.
//
// [Setup] finds wine64 and mingw-w64, builds the bcryptprimitives.dll shim
// Go 1.24+ Windows binaries need and Wine 8 lacks (ProcessPrng over
// RtlGenRandom), and prepares a Wine prefix once per machine in a cache
// directory keyed by the shim and Wine versions. [Env.Build] and
// [Env.BuildTest] cross-compile; [Env.Run] and [Env.Start] run a binary
// under Wine inside a namespace.
//
// Wine answers IP Helper queries from its wineserver's helper processes,
// which live in the network namespace of the Wine process that started
// the server. Runs on one prefix are therefore serialised (a file lock,
// so concurrent test processes agree) and the server is stopped before
// and after each run, so every run sees its own namespace.
//
// Missing prerequisites skip the test with a message, or fail it under
// RTNLX_STRICT=1. The package is Linux-only apart from this comment.
package winetest
