//go:build freebsd

package backend_bsd

import "golang.org/x/sys/unix"

// routeTables lists the FIBs to dump: 0 to net.fibs-1.
func routeTables() (tables []int32, withTable bool) {
	n, err := unix.SysctlUint32("net.fibs")
	if err != nil || n == 0 {
		n = 1
	}
	for i := int32(0); i < int32(n); i++ {
		tables = append(tables, i)
	}
	return tables, true
}

// setSocketFIB puts a routing socket in FIB fib: its requests go there
// and it hears that FIB's changes. FIB 0 is set too, since a process
// started with setfib(1) has another default.
func setSocketFIB(fd int, fib uint32) error {
	return unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_SETFIB, int(fib))
}
