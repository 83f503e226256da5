//go:build !windows

package conformance_test

import (
	"net"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// listenRemote listens for serveRemote: a socket in the test's directory.
func listenRemote(t testing.TB) (net.Listener, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "rtnl.sock")
	l, err := net.Listen("unix", path)
	require.NoError(t, err)
	return l, "unix:" + path
}
