//go:build darwin || dragonfly || freebsd || netbsd || openbsd

package backend_bsd

import (
	"errors"
	"os"
	"syscall"
	_ "unsafe" // for go:linkname
)

// sysctl is the syscall package's raw sysctl(3), which takes a MIB of
// any length. x/sys/unix only resolves names, and OpenBSD's name table
// has no net.route; golang.org/x/net/route links to the same function
// and the syscall package keeps it linkable for that reason.
//
//go:linkname sysctl syscall.sysctl
func sysctl(mib []int32, old *byte, oldlen *uintptr, new *byte, newlen uintptr) error

// fetchRIB reads a routing sysctl: {CTL_NET, PF_ROUTE, 0, af, op, arg}
// and, when withTable, the FIB (FreeBSD) or rtable (OpenBSD) as a
// seventh element. It retries when the table grows between sizing and
// reading.
func fetchRIB(af, op, arg int32, table int32, withTable bool) ([]byte, error) {
	mib := []int32{ctlNet, int32(syscall.AF_ROUTE), 0, af, op, arg}
	if withTable {
		mib = append(mib, table)
	}
	for try := 0; ; try++ {
		var n uintptr
		if err := sysctl(mib, nil, &n, nil, 0); err != nil {
			return nil, os.NewSyscallError("sysctl", err)
		}
		if n == 0 {
			return nil, nil
		}
		n += n / 8 // room for growth
		b := make([]byte, n)
		err := sysctl(mib, &b[0], &n, nil, 0)
		if errors.Is(err, syscall.ENOMEM) && try < 5 {
			continue
		}
		if err != nil {
			return nil, os.NewSyscallError("sysctl", err)
		}
		return b[:n], nil
	}
}
