package rtnlremote

import (
	"fmt"
	"net"
	"slices"
	"syscall"
)

// A Peer is what the operating system tells of the process at the other
// end of a client's connection.
type Peer struct {
	PID      int      // process id, 0 when the OS does not say
	UID      uint32   // effective user id
	GID      uint32   // effective group id
	Groups   []uint32 // supplementary groups, when the OS says
	NetAdmin bool     // holds CAP_NET_ADMIN (Linux)
}

// Privileged reports a peer the kernel would let change network state:
// root, or (Linux) a process holding CAP_NET_ADMIN.
func (p Peer) Privileged() bool { return p.UID == 0 || p.NetAdmin }

// InGroup reports whether gid is the peer's group or one of its
// supplementary groups.
func (p Peer) InGroup(gid uint32) bool { return p.GID == gid || slices.Contains(p.Groups, gid) }

// String names the peer for logs.
func (p Peer) String() string {
	return fmt.Sprintf("pid=%d uid=%d gid=%d", p.PID, p.UID, p.GID)
}

// rawConn gives the socket of a stream connection, for reading its
// peer's credentials.
func rawConn(nc net.Conn) (syscall.RawConn, error) {
	sc, ok := nc.(syscall.Conn)
	if !ok {
		return nil, fmt.Errorf("peer credentials: %T has no socket", nc)
	}
	return sc.SyscallConn()
}

// control runs fn on the connection's file descriptor and returns its
// error or the RawConn's.
func control(nc net.Conn, fn func(fd uintptr) error) error {
	rc, err := rawConn(nc)
	if err != nil {
		return err
	}
	var ferr error
	if err := rc.Control(func(fd uintptr) { ferr = fn(fd) }); err != nil {
		return err
	}
	return ferr
}
