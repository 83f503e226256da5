//go:build dragonfly || netbsd || openbsd

package rtnlremote

import (
	"fmt"
	"net"

	"golang.org/x/sys/unix"
)

// peerOf reads the peer's credentials where x/sys has no typed call for
// them: the getsockopt goes through GetsockoptIPv6Mreq, whose 20-byte
// buffer holds each of these kernels' (shorter or truncated) answer:
//
//	openbsd   SO_PEERCRED     struct sockpeercred {uid, gid, pid}
//	netbsd    LOCAL_PEEREID   struct unpcbid {pid, euid, egid}
//	dragonfly LOCAL_PEERCRED  struct xucred {version, uid, ngroups, groups[0] (egid), ...}
func peerOf(nc net.Conn) (Peer, error) {
	var p Peer
	err := control(nc, func(fd uintptr) error {
		m, err := unix.GetsockoptIPv6Mreq(int(fd), peerLevel, peerOption)
		if err != nil {
			return fmt.Errorf("%s: %w", peerOptionName, err)
		}
		b := m.Multiaddr[:]
		p = peerFromBytes(b)
		return nil
	})
	return p, err
}
