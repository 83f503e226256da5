package rtnlremote

import (
	"fmt"
	"net"
	"strings"
)

// PipePrefix marks a Windows named pipe address, "pipe:\\.\pipe\NAME",
// for NewTransport and the daemon's -listen.
const PipePrefix = "pipe:"

// DefaultPipeSDDL is the security descriptor ListenPipe gives a pipe
// when none is named: SYSTEM, Administrators and the pipe's owner (the
// server) have every right; every authenticated user may connect, read
// and write (0x12019b: FILE_GENERIC_READ, FILE_WRITE_DATA, _EA and
// _ATTRIBUTES) but not create instances of the pipe (FILE_APPEND_DATA),
// so no other user can pose as the server to later clients. Who may
// connect may read; changes are decided per client (Peer).
const DefaultPipeSDDL = "D:P(A;;GA;;;SY)(A;;GA;;;BA)(A;;GA;;;OW)(A;;0x12019b;;;AU)"

// pipeNamespace is the local named pipe prefix every pipe name has.
const pipeNamespace = `\\.\pipe\`

// checkPipeName refuses a name outside the local pipe namespace, or one
// naming no pipe.
func checkPipeName(name string) error {
	rest, ok := strings.CutPrefix(name, pipeNamespace)
	if !ok || rest == "" || strings.ContainsAny(rest, "\\") {
		return fmt.Errorf(`rtnlremote: pipe name %q: want \\.\pipe\NAME`, name)
	}
	return nil
}

// ListenPipe listens on the Windows named pipe name (\\.\pipe\NAME) with
// the security descriptor sddl ("" for DefaultPipeSDDL), which decides
// who may connect. The server learns each client's process and token
// from the pipe (Peer.SID, Peer.GroupSIDs). It fails on other systems,
// saying so.
func ListenPipe(name, sddl string) (net.Listener, error) {
	if err := checkPipeName(name); err != nil {
		return nil, err
	}
	if sddl == "" {
		sddl = DefaultPipeSDDL
	}
	return listenPipe(name, sddl)
}

// pipeAddr is a named pipe's address.
type pipeAddr string

func (pipeAddr) Network() string  { return "pipe" }
func (a pipeAddr) String() string { return string(a) }
