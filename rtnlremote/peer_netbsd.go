package rtnlremote

const (
	peerLevel      = 0 // SOL_LOCAL
	peerOption     = 3 // LOCAL_PEEREID (sys/un.h)
	peerOptionName = "LOCAL_PEEREID"
)

// peerFromBytes decodes struct unpcbid {pid, euid, egid}.
func peerFromBytes(b []byte) Peer {
	return Peer{PID: int(int32(nativeEndian.Uint32(b[0:]))), UID: nativeEndian.Uint32(b[4:]), GID: nativeEndian.Uint32(b[8:])}
}
