package rtnlremote_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/windows"

	"github.com/rtnlx/rtnlx/rtnlremote"
)

var pipeSeq atomic.Uint64

// listenTest listens where the tests' servers serve on Windows: a named
// pipe of this process's own, so that the whole suite runs over pipes.
func listenTest(t testing.TB) (net.Listener, string) {
	t.Helper()
	name := fmt.Sprintf(`\\.\pipe\rtnlremote-test-%d-%d`, os.Getpid(), pipeSeq.Add(1))
	l, err := rtnlremote.ListenPipe(name, "")
	require.NoError(t, err)
	return l, rtnlremote.PipePrefix + name
}

// dialTest connects to a listenTest address by hand.
func dialTest(addr string) (net.Conn, error) {
	return rtnlremote.DialPipe(context.Background(), strings.TrimPrefix(addr, rtnlremote.PipePrefix))
}

// requireSelf checks that p is this process and its token, as the
// named pipe and the token tell, and prints what it found (the Wine
// run shows it).
func requireSelf(t *testing.T, p rtnlremote.Peer) {
	t.Helper()
	tok := windows.GetCurrentProcessToken()
	user, err := tok.GetTokenUser()
	require.NoError(t, err)
	require.Equal(t, os.Getpid(), p.PID)
	require.Equal(t, user.User.Sid.String(), p.SID)
	groups, err := tok.GetTokenGroups()
	require.NoError(t, err)
	admin := false
	for _, g := range groups.AllGroups() {
		if g.Sid.String() == rtnlremote.AdministratorsSID {
			admin = g.Attributes&windows.SE_GROUP_ENABLED != 0 && g.Attributes&windows.SE_GROUP_USE_FOR_DENY_ONLY == 0
		}
	}
	require.Equal(t, admin, p.Privileged())
	t.Logf("RTNLX-PIPE-PEER %s privileged=%v elevated=%v groups=%v", p, p.Privileged(), tok.IsElevated(), p.GroupSIDs)
}
