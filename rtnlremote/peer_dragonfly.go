package rtnlremote

const (
	peerLevel      = 0 // SOL_LOCAL
	peerOption     = 1 // LOCAL_PEERCRED (sys/un.h)
	peerOptionName = "LOCAL_PEERCRED"
)

// peerFromBytes decodes the head of struct xucred {u_int version;
// uid_t uid; short ngroups; gid_t groups[]}: groups[0] is the egid.
func peerFromBytes(b []byte) Peer {
	return Peer{UID: nativeEndian.Uint32(b[4:]), GID: nativeEndian.Uint32(b[12:])}
}
