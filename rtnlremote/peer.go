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

	// On Windows (a named pipe's client) the peer is its process token:
	// SID is its user's SID, and the UID and GID fields mean nothing.
	SID       string   // the token's user SID, "" elsewhere
	GroupSIDs []string // the groups the token enables (not deny-only ones)
}

// AdministratorsSID is the SID of the Administrators group (BUILTIN).
const AdministratorsSID = "S-1-5-32-544"

// Privileged reports a peer the system would let change network state:
// root, or (Linux) a process holding CAP_NET_ADMIN; on Windows, a token
// in which Administrators is enabled (an elevated one, under UAC).
func (p Peer) Privileged() bool {
	if p.SID != "" {
		return p.InGroupSID(AdministratorsSID)
	}
	return p.UID == 0 || p.NetAdmin
}

// InGroupSID reports whether the peer's token (Windows) enables the
// group sid.
func (p Peer) InGroupSID(sid string) bool { return slices.Contains(p.GroupSIDs, sid) }

// InGroup reports whether gid is the peer's group or one of its
// supplementary groups. It is false for a Windows peer, whose groups
// are SIDs (InGroupSID).
func (p Peer) InGroup(gid uint32) bool {
	return p.SID == "" && (p.GID == gid || slices.Contains(p.Groups, gid))
}

// String names the peer for logs.
func (p Peer) String() string {
	if p.SID != "" {
		return fmt.Sprintf("pid=%d sid=%s", p.PID, p.SID)
	}
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
