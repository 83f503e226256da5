//go:build darwin || freebsd

package rtnlremote

import (
	"fmt"
	"net"

	"golang.org/x/sys/unix"
)

// peerOf reads LOCAL_PEERCRED: the peer's effective uid and its groups,
// the first being its effective gid.
func peerOf(nc net.Conn) (Peer, error) {
	var p Peer
	err := control(nc, func(fd uintptr) error {
		xu, err := unix.GetsockoptXucred(int(fd), unix.SOL_LOCAL, unix.LOCAL_PEERCRED)
		if err != nil {
			return fmt.Errorf("LOCAL_PEERCRED: %w", err)
		}
		p.UID = xu.Uid
		n := min(max(int(xu.Ngroups), 0), len(xu.Groups))
		if n > 0 {
			p.GID = xu.Groups[0]
			p.Groups = append([]uint32(nil), xu.Groups[1:n]...)
		}
		return nil
	})
	return p, err
}
