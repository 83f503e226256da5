// This file lets sysctl_table_openbsd.go declare a function without a
// body, which go:linkname binds to the syscall package's sysctl.
