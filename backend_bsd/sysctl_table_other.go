//go:build darwin || dragonfly || netbsd

package backend_bsd

import "syscall"

// fetchTable is never called: these kernels have one routing table
// (routeTables reports withTable false).
func fetchTable(af, op, arg, table int32) ([]byte, error) {
	return nil, syscall.EOPNOTSUPP
}
