// Package workflowcheck holds the tests of the repository's CI
// workflows (.github/workflows): that actionlint, shellcheck included,
// finds nothing, that they run on every OS and architecture of the
// Makefile's CROSS_TARGETS the binaries `make conformance-bins` builds,
// with actions pinned by commit, that conformance/README.md gives the
// same command lines, and that the Unix runner script passes on Linux. It lives in the bench module, whose go.mod
// pins actionlint, so that the library's own dependencies stay clean.
package workflowcheck
