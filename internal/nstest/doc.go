// Package nstest builds throw-away Linux network namespaces for tests.
//
// Tests in any package of the module use it to get a namespace of their own
// ([New]), drive it with iproute2 ([NS.IP], [NS.IPJSON], [NS.Batch],
// [NS.TryIP]), run programs inside it ([NS.Exec], [NS.Command]) and fill
// it with a varied, known state ([Populate]) whose exact values the
// returned [Fixture] records for assertions.
//
// Everything here needs Linux, root and the `ip` command. When one of them is
// missing the test is skipped with a message, unless the environment sets
// RTNLX_STRICT=1 (CI does): then the test fails instead, so CI can never pass
// by skipping. [Skip] and [RequireCommand] apply the same rule to other
// prerequisites (wine64, mingw-w64, python3-pyroute2, ...).
//
// On other operating systems the package holds only [Skip], [RequireCommand]
// and [Strict].
package nstest
