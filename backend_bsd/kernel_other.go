//go:build darwin || dragonfly || netbsd || openbsd

package backend_bsd

// checkKernelABI has nothing to refuse: NetBSD aligns its routing
// messages to 64 bits on every kernel (route.h's __align64), OpenBSD
// runs no 32-bit programs on 64-bit kernels, and DragonFly and macOS
// are 64-bit only.
func checkKernelABI(layout) error { return nil }
