//go:build linux

package backend_linux

import (
	"fmt"
	"unsafe"

	"golang.org/x/sys/unix"
)

// skMeminfoDrops is SK_MEMINFO_DROPS, the index of the drop counter in
// the array SO_MEMINFO returns (linux/sock_diag.h).
const (
	skMeminfoDrops = 8
	skMeminfoVars  = 9
)

// Drops returns how many messages the kernel has dropped for this socket
// since it was opened (sk_drops), for any reason. It lets a watcher check
// that nothing was lost where no ENOBUFS told it so.
func (c *Conn) Drops() (uint32, error) {
	var info [skMeminfoVars]uint32
	var serr error
	err := c.raw.Control(func(fd uintptr) {
		size := uint32(unsafe.Sizeof(info))
		_, _, errno := unix.Syscall6(unix.SYS_GETSOCKOPT, fd, unix.SOL_SOCKET, unix.SO_MEMINFO,
			uintptr(unsafe.Pointer(&info[0])), uintptr(unsafe.Pointer(&size)), 0)
		if errno != 0 {
			serr = errno
		} else if size < (skMeminfoDrops+1)*4 {
			serr = fmt.Errorf("SO_MEMINFO returned %d bytes", size)
		}
	})
	if err == nil {
		err = serr
	}
	if err != nil {
		return 0, fmt.Errorf("backend_linux: drops: %w", err)
	}
	return info[skMeminfoDrops], nil
}
