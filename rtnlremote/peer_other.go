//go:build !linux && !darwin && !freebsd && !dragonfly && !netbsd && !openbsd && !windows

package rtnlremote

import (
	"fmt"
	"net"
	"runtime"
)

// peerOf: the other systems this package builds for tell a server
// nothing of its peer. The server then serves reads only.
func peerOf(nc net.Conn) (Peer, error) {
	return Peer{}, fmt.Errorf("peer credentials: not available on %s", runtime.GOOS)
}
