package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/nstest"
	"github.com/rtnlx/rtnlx/internal/winetest"
)

// winePipe is the named pipe the Windows daemon serves under Wine.
const winePipe = `pipe:\\.\pipe\rtnlxd-wine-test`

// TestWindowsBuildUnderWine runs the daemon's Windows build under Wine
// in a populated namespace, serving a named pipe, and the Windows build
// of ipinfo as its client beside it on the same wineserver (and so in
// the same namespace): what ipinfo reads through the daemon equals what
// it reads from Wine's IP Helper itself. Wine gives every process a
// token in which Administrators is enabled, so the daemon lets the
// client change state: the change reaches the backend and fails there
// with EOPNOTSUPP (Wine 8 has no CreateIpForwardEntry2), not with the
// EPERM of a refusal, and the kernel's routes stay as they were.
func TestWindowsBuildUnderWine(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the Wine run with -short")
	}
	ns := nstest.New(t, "rtnlxdw") // first: it skips without root
	env := winetest.Setup(t)
	daemonExe := env.Build(t, "github.com/rtnlx/rtnlx/examples/rtnlxd")
	ipinfoExe := env.Build(t, "github.com/rtnlx/rtnlx/examples/ipinfo")
	nstest.Populate(t, ns)

	daemon := env.Start(t, ns.Name, daemonExe, "-listen", winePipe)
	ipinfo := func(args ...string) (string, string, error) {
		return daemon.Exec(t, time.Minute, ns.Name, ipinfoExe, args...)
	}
	// The daemon serves once its pipe exists: until then a client finds
	// no pipe (ERROR_FILE_NOT_FOUND) and fails at once.
	deadline := time.Now().Add(time.Minute)
	for {
		_, stderr, err := ipinfo("-remote", winePipe, "link")
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("ipinfo.exe never reached rtnlxd.exe: %v\n%s\ndaemon:\n%s", err, stderr, daemon.Stop())
		}
		time.Sleep(500 * time.Millisecond)
	}

	for _, args := range [][]string{{"link"}, {"addr"}, {"route", "show", "table", "all"}, {"neigh"}} {
		local, stderr, err := ipinfo(append([]string{"-j"}, args...)...)
		require.NoError(t, err, "local ipinfo.exe -j %v: %s", args, stderr)
		remote, stderr, err := ipinfo(append([]string{"-remote", winePipe, "-j"}, args...)...)
		require.NoError(t, err, "ipinfo.exe -remote -j %v: %s", args, stderr)
		require.Equal(t, stable(t, local), stable(t, remote), "ipinfo.exe -j %v: local and through rtnlxd.exe", args)
		if args[0] != "neigh" {
			require.NotEqual(t, "[]", strings.TrimSpace(remote), "ipinfo.exe -remote -j %v printed nothing", args)
		}
	}

	before := ns.IPJSON(t, "route", "show", "table", "all")
	_, stderr, err := ipinfo("-remote", winePipe, "route", "add", "198.18.77.0/24", "dev", "veth0")
	require.Error(t, err, "Wine 8 has no CreateIpForwardEntry2: the route add must fail in the backend")
	require.Contains(t, stderr, "RTNETLINK answers: Operation not supported", "an allowed change fails in the backend, not with EPERM")
	require.Equal(t, before, ns.IPJSON(t, "route", "show", "table", "all"))

	log := daemon.Stop()
	require.Contains(t, log, "rtnlxd: serving")
	require.Contains(t, log, `rtnlxd-wine-test`)
	require.NotContains(t, log, "change refused", "Wine's token has Administrators enabled:\n%s", log)
	require.NotContains(t, log, "reads only", "the daemon must learn its pipe clients' tokens:\n%s", log)
	t.Logf("rtnlxd.exe under Wine:\n%s", log)
}

// stable is ipinfo -j output without the figures that move between two
// reads (interface counters).
func stable(t *testing.T, out string) []map[string]any {
	t.Helper()
	var objs []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &objs), "invalid JSON:\n%s", out)
	for _, o := range objs {
		delete(o, "stats64")
		delete(o, "stats")
	}
	return objs
}
