package main

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/nstest"
)

// TestNetnsMatchesIP runs `netns` lines with ip and with ipinfo, each on a
// name of its own ("@" in a line): same exit status, same message (with
// the name put back as "@"), the namespace file made and removed alike,
// and the list naming the namespace as ip does.
func TestNetnsMatchesIP(t *testing.T) {
	nstest.RequireIP(t)
	var b [4]byte
	_, err := rand.Read(b[:])
	require.NoError(t, err)
	ipName, ourName := "i17ip"+hex.EncodeToString(b[:]), "i17ou"+hex.EncodeToString(b[:])
	t.Cleanup(func() {
		for _, n := range []string{ipName, ourName} {
			if _, err := os.Stat(netnsDir + "/" + n); err == nil {
				_ = exec.Command("ip", "netns", "del", n).Run()
			}
		}
	})
	lines := []string{
		"netns add @",
		"netns add @",
		"netns list",
		"netns",
		"net show",
		"netns del @",
		"netns delete @",
		"netns add a/b",
		"netns add ..",
		"netns add",
		"netns bogus",
		"netns a @",
		"netns d @",
	}
	for _, line := range lines {
		ipArgs := strings.Fields(strings.ReplaceAll(line, "@", ipName))
		ourArgs := strings.Fields(strings.ReplaceAll(line, "@", ourName))
		cmd := exec.CommandContext(t.Context(), "ip", ipArgs...)
		var ipOut, ipErr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &ipOut, &ipErr
		wantCode := 0
		if err := cmd.Run(); err != nil {
			ee, ok := err.(*exec.ExitError)
			require.True(t, ok, "%v", err)
			wantCode = ee.ExitCode()
		}
		var out, errOut bytes.Buffer
		gotCode := run(t.Context(), ourArgs, &out, &errOut)
		require.Equal(t, wantCode, gotCode, "exit status of %q; ip said %q, ipinfo %q", line, ipErr.String(), errOut.String())
		require.Equal(t, strings.ReplaceAll(ipErr.String(), ipName, "@"), strings.ReplaceAll(errOut.String(), ourName, "@"), "message of %q", line)
		_, ipHas := os.Stat(netnsDir + "/" + ipName)
		_, ourHas := os.Stat(netnsDir + "/" + ourName)
		require.Equal(t, ipHas == nil, ourHas == nil, "namespace file after %q", line)
		if ipArgs[len(ipArgs)-1] != ipName && !strings.Contains(line, "add") && !strings.Contains(line, "bogus") {
			// A list: each tool's line for its own name, as the other
			// engineers' namespaces come and go.
			pick := func(s, name string) string {
				for _, l := range strings.Split(s, "\n") {
					if strings.Fields(l + " x")[0] == name {
						return strings.Replace(l, name, "@", 1)
					}
				}
				return ""
			}
			want := pick(ipOut.String(), ipName)
			require.Equal(t, want, pick(out.String(), ourName), "the list's line, after %q", line)
			require.Equal(t, ipHas == nil, want != "", "ip lists what exists")
		}
	}
}
