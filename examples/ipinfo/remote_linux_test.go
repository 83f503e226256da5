package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/backend_linux"
	"github.com/rtnlx/rtnlx/internal/nstest"
	"github.com/rtnlx/rtnlx/rtnlremote"
)

// serveNamespace serves the kernel in ns over an rtnlremote server, with
// rtnlxd's default policy (changes for root and CAP_NET_ADMIN only), on
// a socket any user may open; it returns the socket's path.
func serveNamespace(t *testing.T, ns *nstest.NS) string {
	t.Helper()
	tr, err := backend_linux.NewTransport(backend_linux.Config{NetNS: ns.Path})
	require.NoError(t, err)
	srv, err := rtnlremote.NewServer(rtnlremote.Config{
		Dial: func(ctx context.Context) (rtnlremote.Conn, error) { return tr.Dial(ctx) },
	})
	require.NoError(t, err)
	dir := t.TempDir()
	require.NoError(t, os.Chmod(filepath.Dir(dir), 0o755))
	require.NoError(t, os.Chmod(dir, 0o755))
	path := filepath.Join(dir, "rtnlxd.sock")
	l, err := net.Listen("unix", path)
	require.NoError(t, err)
	require.NoError(t, os.Chmod(path, 0o666))
	go srv.Serve(l)
	t.Cleanup(func() {
		srv.Close()
		tr.Close()
	})
	return path
}

// TestRemoteAsNobody: through the daemon's transport, user nobody lists
// every routing table exactly as ip -j does, and a route add it asks for
// fails with the kernel's permission error and changes nothing; the same
// command from root succeeds.
func TestRemoteAsNobody(t *testing.T) {
	ns := nstest.New(t, "ipix")
	nstest.Populate(t, ns)
	ns.Batch(t, extraState)
	sock := serveNamespace(t, ns)

	var diffs []string
	for attempt := range 3 { // states can still be settling, as in TestJSONMatchesIP
		code, stdout, stderr := runAsNobody(t, "-remote", sock, "-j", "route", "show", "table", "all")
		require.Equal(t, 0, code, stderr)
		var ours []map[string]any
		require.NoError(t, json.Unmarshal([]byte(stdout), &ours), stdout)
		theirs := ns.IPJSON(t, "route", "show", "table", "all")
		require.NotEmpty(t, theirs)
		if diffs = compareLists("all", theirs, ours, routeKey); len(diffs) == 0 {
			break
		}
		t.Logf("attempt %d: %d differences", attempt+1, len(diffs))
	}
	require.Empty(t, diffs, "ipinfo -remote -j route show table all (as nobody) differs from ip -j:\n%s", strings.Join(diffs, "\n"))

	// Routes that expire count down between the two dumps.
	expires := regexp.MustCompile(`"expires":[0-9]+`)
	routes := func() string {
		return expires.ReplaceAllString(ns.IP(t, "-j", "route", "show", "table", "all"), `"expires":N`)
	}
	before := routes()
	add := []string{"-remote", sock, "route", "add", "100.64.9.0/24", "dev", "veth0"}
	code, stdout, stderr := runAsNobody(t, add...)
	// ip as nobody prints this, with exit status 2.
	require.Equal(t, 2, code, stdout+stderr)
	require.Equal(t, "RTNETLINK answers: Operation not permitted\n", stderr)
	require.Equal(t, before, routes(), "the refused change changed something")

	var out, errOut bytes.Buffer
	require.Equal(t, 0, run(t.Context(), add, &out, &errOut), errOut.String())
	require.Contains(t, ns.IP(t, "route", "show", "100.64.9.0/24"), "100.64.9.0/24 dev veth0")
}
