//go:build !windows

package rtnlremote_test

import (
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/rtnlremote"
)

// listenTest listens where the tests' servers serve: a socket in the
// test's directory.
func listenTest(t testing.TB) (net.Listener, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "s")
	l, err := net.Listen("unix", path)
	require.NoError(t, err)
	return l, "unix:" + path
}

// dialTest connects to a listenTest address by hand.
func dialTest(addr string) (net.Conn, error) {
	return net.Dial("unix", strings.TrimPrefix(addr, "unix:"))
}

// requireSelf checks that p is this process, as SO_PEERCRED and its
// kin say.
func requireSelf(t *testing.T, p rtnlremote.Peer) {
	t.Helper()
	require.EqualValues(t, os.Geteuid(), p.UID)
	require.EqualValues(t, os.Getegid(), p.GID)
	require.Empty(t, p.SID)
	require.Equal(t, os.Geteuid() == 0, p.Privileged())
	if runtime.GOOS == "linux" {
		require.Equal(t, os.Getpid(), p.PID)
	}
}
