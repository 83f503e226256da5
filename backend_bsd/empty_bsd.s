//go:build darwin || dragonfly || freebsd || netbsd || openbsd

// This file lets sysctl_bsd.go declare a function without a body, which
// go:linkname binds to the syscall package's sysctl.
