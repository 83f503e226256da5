package rtnlremote

import (
	"errors"
	"fmt"
	"net"

	"golang.org/x/sys/windows"
)

// peerOf reads a named pipe client's identity: its process id from the
// pipe (GetNamedPipeClientProcessId), then that process's token. Windows
// tells an AF_UNIX server nothing of its peer, so such a client is
// served reads only.
func peerOf(nc net.Conn) (Peer, error) {
	pc, ok := nc.(*pipeConn)
	if !ok {
		return Peer{}, errors.New("peer credentials: Windows tells an AF_UNIX server nothing of its peer (serve a named pipe)")
	}
	var pid uint32
	if err := windows.GetNamedPipeClientProcessId(pc.h, &pid); err != nil {
		return Peer{}, fmt.Errorf("peer credentials: GetNamedPipeClientProcessId: %w", err)
	}
	ph, err := windows.OpenProcess(windows.PROCESS_QUERY_LIMITED_INFORMATION, false, pid)
	if err != nil {
		return Peer{PID: int(pid)}, fmt.Errorf("peer credentials: OpenProcess %d: %w", pid, err)
	}
	defer windows.CloseHandle(ph)
	var tok windows.Token
	if err := windows.OpenProcessToken(ph, windows.TOKEN_QUERY, &tok); err != nil {
		return Peer{PID: int(pid)}, fmt.Errorf("peer credentials: OpenProcessToken %d: %w", pid, err)
	}
	defer tok.Close()
	user, err := tok.GetTokenUser()
	if err != nil {
		return Peer{PID: int(pid)}, fmt.Errorf("peer credentials: token user of %d: %w", pid, err)
	}
	tg, err := tok.GetTokenGroups()
	if err != nil {
		return Peer{PID: int(pid)}, fmt.Errorf("peer credentials: token groups of %d: %w", pid, err)
	}
	var groups []tokenGroup
	for _, g := range tg.AllGroups() {
		groups = append(groups, tokenGroup{sid: g.Sid.String(), attrs: g.Attributes})
	}
	return tokenPeer(int(pid), user.User.Sid.String(), groups), nil
}
