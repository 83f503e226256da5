//go:build dragonfly || freebsd

package backend_bsd

import "golang.org/x/sys/unix"

// setReceiveErrors asks the kernel to report a full receive buffer as
// ENOBUFS on the next read (SO_RERROR) instead of dropping messages
// silently, so that the monitor knows to resynchronise.
func setReceiveErrors(fd int) {
	_ = unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_RERROR, 1)
}
