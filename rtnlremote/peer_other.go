//go:build !linux && !darwin && !freebsd && !dragonfly && !netbsd && !openbsd

package rtnlremote

import (
	"fmt"
	"net"
	"runtime"
)

// peerOf: Windows tells an AF_UNIX server nothing of its peer's user
// (no SO_PEERCRED; who may connect is the socket file's ACL), nor do the
// other systems this package builds for. The server then serves reads
// only.
func peerOf(nc net.Conn) (Peer, error) {
	return Peer{}, fmt.Errorf("peer credentials: not available on %s", runtime.GOOS)
}
