package backend_bsd

import (
	"syscall"
	_ "unsafe" // for go:linkname
)

// sysctl is the syscall package's raw sysctl(3), which takes a MIB of
// any length. OpenBSD's rtable is the seventh element of the routing
// sysctl's MIB; route.FetchRIB stops at six, and x/sys/unix resolves
// names only through a table that has no net.route. x/net/route links
// to the same function, and the syscall package keeps it linkable for
// that reason.
//
//go:linkname sysctl syscall.sysctl
func sysctl(mib []int32, old *byte, oldlen *uintptr, new *byte, newlen uintptr) error

// fetchTable reads a routing sysctl of one rtable.
func fetchTable(af, op, arg, rtable int32) ([]byte, error) {
	mib := []int32{ctlNet, syscall.AF_ROUTE, 0, af, op, arg, rtable}
	var n uintptr
	if err := sysctl(mib, nil, &n, nil, 0); err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, nil
	}
	n += n / 8 // room for growth
	b := make([]byte, n)
	if err := sysctl(mib, &b[0], &n, nil, 0); err != nil {
		return nil, err
	}
	return b[:n], nil
}
