//go:build darwin || dragonfly || netbsd

package backend_bsd

import "syscall"

// routeTables lists the one routing table of kernels without FIBs.
func routeTables() (tables []int32, withTable bool) { return []int32{0}, false }

// setSocketFIB refuses any table but the main one.
func setSocketFIB(_ int, fib uint32) error {
	if fib != 0 {
		return syscall.EOPNOTSUPP
	}
	return nil
}
