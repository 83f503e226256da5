package conformance_test

import (
	"fmt"
	"net"
	"os"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/rtnlremote"
)

var remotePipes atomic.Uint64

// listenRemote listens for serveRemote on Windows: a named pipe, the
// transport rtnlxd serves there, so that the remote runners check it.
func listenRemote(t testing.TB) (net.Listener, string) {
	t.Helper()
	name := fmt.Sprintf(`\\.\pipe\rtnlx-conformance-%d-%d`, os.Getpid(), remotePipes.Add(1))
	l, err := rtnlremote.ListenPipe(name, "")
	require.NoError(t, err)
	return l, rtnlremote.PipePrefix + name
}
