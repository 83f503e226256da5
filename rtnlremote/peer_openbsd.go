package rtnlremote

import "golang.org/x/sys/unix"

const (
	peerLevel      = unix.SOL_SOCKET
	peerOption     = unix.SO_PEERCRED
	peerOptionName = "SO_PEERCRED"
)

// peerFromBytes decodes struct sockpeercred {uid, gid, pid}.
func peerFromBytes(b []byte) Peer {
	return Peer{UID: nativeEndian.Uint32(b[0:]), GID: nativeEndian.Uint32(b[4:]), PID: int(int32(nativeEndian.Uint32(b[8:])))}
}
