package backend_bsd

import "golang.org/x/sys/unix"

// fetchTable reads a routing sysctl of one FIB. FreeBSD resolves
// sysctl names in the kernel, so x/sys/unix can build the MIB from
// "net.route" and the numbers that follow it.
func fetchTable(af, op, arg, fib int32) ([]byte, error) {
	return unix.SysctlRaw("net.route", 0, int(af), int(op), int(arg), int(fib))
}
