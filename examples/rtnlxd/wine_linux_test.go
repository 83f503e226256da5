package main

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/nstest"
	"github.com/rtnlx/rtnlx/internal/winetest"
)

// TestWindowsBuildUnderWine runs the daemon's Windows build under Wine.
// Wine 8's ws2_32 has no AF_UNIX: the daemon starts and its listen
// fails at socket() with WSAEAFNOSUPPORT (10047), so it cannot serve a
// client there (README.md, "Windows"). The test
// holds that exact failure: if a Wine version listens, it fails, and it
// should then become a test that serves a client.
func TestWindowsBuildUnderWine(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the Wine run with -short")
	}
	ns := nstest.New(t, "rtnlxdw") // first: it skips without root
	env := winetest.Setup(t)
	exe := env.Build(t, "github.com/rtnlx/rtnlx/examples/rtnlxd")
	_, stderr, err := env.Exec(t, 2*time.Minute, ns.Name, exe, "-listen", `unix:C:\rtnlxd.sock`)
	require.Error(t, err, "rtnlxd.exe listened on AF_UNIX under this Wine: turn this test into one that serves a client\n%s", stderr)
	require.Contains(t, err.Error(), "exit status 1")
	require.Contains(t, stderr, "rtnlxd: listen")
	// WSAEAFNOSUPPORT (10047), which Wine has no message text for: the
	// socket() call is refused.
	require.Contains(t, stderr, "socket: winapi error #10047", "stderr:\n%s", stderr)
}
