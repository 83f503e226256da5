//go:build darwin || dragonfly || freebsd || netbsd || openbsd

package backend_bsd

import (
	"errors"
	"os"
	"syscall"

	"golang.org/x/net/route"
)

// fetchRIB reads a routing sysctl {CTL_NET, PF_ROUTE, 0, af, op, arg}
// with x/net/route. When withTable, the FIB (FreeBSD) or rtable
// (OpenBSD) is a seventh element, which route.FetchRIB cannot add
// (without it the kernel answers for the process's own FIB or rtable):
// see fetchTable.
func fetchRIB(af, op, arg int32, table int32, withTable bool) ([]byte, error) {
	if withTable {
		return retryGrown(func() ([]byte, error) { return fetchTable(af, op, arg, table) })
	}
	return route.FetchRIB(int(af), route.RIBType(op), int(arg))
}

// retryGrown retries a read that fails with ENOMEM because the table
// grew between sizing the buffer and filling it.
func retryGrown(read func() ([]byte, error)) ([]byte, error) {
	for try := 0; ; try++ {
		b, err := read()
		if errors.Is(err, syscall.ENOMEM) && try < 5 {
			continue
		}
		if err != nil {
			return nil, os.NewSyscallError("sysctl", err)
		}
		return b, nil
	}
}
