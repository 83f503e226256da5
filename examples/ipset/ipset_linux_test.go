//go:build linux

package main

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rtnlx/rtnlx/internal/nstest"
	"github.com/stretchr/testify/require"
)

// script makes one set of every type the package handles, in both
// families, with every option and entry kind.
const script = `create ip4 hash:ip family inet hashsize 64 maxelem 1000
add ip4 192.0.2.1
add ip4 192.0.2.2
create ip6 hash:ip family inet6 timeout 300 counters comment
add ip6 2001:db8::1 timeout 0 packets 5 bytes 600 comment "one host"
create net4 hash:net family inet counters
add net4 10.0.0.0/8 packets 1 bytes 2
add net4 10.1.0.0/16 nomatch
add net4 192.0.2.7
create net6 hash:net family inet6 comment
add net6 2001:db8:1::/48 comment "a network"
create ipport4 hash:ip,port family inet
add ipport4 192.0.2.1,tcp:80
add ipport4 192.0.2.1,udp:53
create ipport6 hash:ip,port family inet6 timeout 60
add ipport6 2001:db8::5,udplite:1000 timeout 0
create netport4 hash:net,port family inet comment counters
add netport4 198.51.100.0/24,tcp:443 comment "web" packets 0 bytes 0
create netport6 hash:net,port family inet6
add netport6 2001:db8::/32,sctp:4789
`

func ours(t *testing.T, ns *nstest.NS, stdin string, args ...string) (string, string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var stdout, stderr bytes.Buffer
	code := run(ctx, append([]string{"-n", ns.Name}, args...), strings.NewReader(stdin), &stdout, &stderr)
	return stdout.String(), stderr.String(), code
}

func oursOK(t *testing.T, ns *nstest.NS, stdin string, args ...string) string {
	t.Helper()
	out, errOut, code := ours(t, ns, stdin, args...)
	require.Equal(t, 0, code, "ipset %s: %s", strings.Join(args, " "), errOut)
	return out
}

func tool(t *testing.T, ns *nstest.NS, stdin string, args ...string) string {
	t.Helper()
	cmd := ns.Command(context.Background(), "ipset", args...)
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "ipset %s: %s", strings.Join(args, " "), out)
	return string(out)
}

func TestSaveMatchesTool(t *testing.T) {
	nstest.RequireCommand(t, "ipset")

	// Sets the tool made, saved by both.
	a := nstest.New(t, "ipsx")
	tool(t, a, script, "restore")
	save := tool(t, a, "", "save")
	require.Equal(t, save, oursOK(t, a, "", "save"))
	for _, args := range [][]string{{"list"}, {"list", "-terse"}, {"list", "-name"}, {"list", "net4"}, {"save", "ip6"}} {
		require.Equal(t, tool(t, a, "", args...), oursOK(t, a, "", args...), "ipset %v", args)
	}

	// The tool's save restored by us, saved by both.
	b := nstest.New(t, "ipsx")
	oursOK(t, b, save, "restore")
	require.Equal(t, tool(t, b, "", "save"), oursOK(t, b, "", "save"))
	require.Equal(t, normalized(save), normalized(oursOK(t, b, "", "save")))
}

// normalized drops the random hash seed from a save and sorts its lines:
// the seed orders the entries, so two namespaces' orders differ.
func normalized(s string) []string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i, l := range lines {
		if j := strings.Index(l, " initval "); j >= 0 {
			lines[i] = l[:j]
		}
	}
	slices.Sort(lines)
	return lines
}

func TestCommands(t *testing.T) {
	nstest.RequireCommand(t, "ipset")
	ns := nstest.New(t, "ipsx")
	oursOK(t, ns, "", "create", "a", "hash:ip,port")
	oursOK(t, ns, "", "add", "a", "192.0.2.1,udp:53")
	oursOK(t, ns, "", "add", "a", "192.0.2.1,80")
	_, errOut, code := ours(t, ns, "", "add", "a", "192.0.2.1,80")
	require.Equal(t, 1, code)
	require.Equal(t, "ipset: add a: Element cannot be added to the set: it's already added\n", errOut)
	oursOK(t, ns, "", "-exist", "add", "a", "192.0.2.1,80")
	_, errOut, code = ours(t, ns, "", "test", "a", "192.0.2.1,tcp:80")
	require.Equal(t, 0, code)
	require.Equal(t, "Warning: 192.0.2.1,tcp:80 is in set a.\n", errOut)
	_, errOut, code = ours(t, ns, "", "test", "a", "192.0.2.9,tcp:80")
	require.Equal(t, 1, code)
	require.Equal(t, "192.0.2.9,tcp:80 is NOT in set a.\n", errOut)
	oursOK(t, ns, "", "del", "a", "192.0.2.1,tcp:80")
	require.Equal(t, "add a 192.0.2.1,udp:53\n", tool(t, ns, "", "save", "a")[strings.Index(tool(t, ns, "", "save", "a"), "\n")+1:])
	oursOK(t, ns, "", "rename", "a", "b")
	oursOK(t, ns, "", "create", "c", "hash:ip,port")
	oursOK(t, ns, "", "swap", "b", "c")
	require.Contains(t, tool(t, ns, "", "list", "c"), "192.0.2.1,udp:53")
	oursOK(t, ns, "", "flush", "c")
	require.NotContains(t, tool(t, ns, "", "list", "c"), "192.0.2.1")
	oursOK(t, ns, "", "destroy", "b")
	require.Equal(t, "c\n", tool(t, ns, "", "list", "-name"))
	oursOK(t, ns, "", "destroy")
	require.Empty(t, tool(t, ns, "", "list", "-name"))

	for _, tt := range []struct {
		args []string
		want string
		code int
	}{
		{[]string{}, "a command is needed", 2},
		{[]string{"frob"}, "unknown command", 2},
		{[]string{"create", "x", "foo:bar"}, "typename 'foo:bar' is unknown", 1},
		{[]string{"create", strings.Repeat("x", 32), "hash:ip"}, "is longer than 31 characters", 1},
		{[]string{"create", "x", "hash:ip", "family", "ipx"}, "unknown family", 2},
		{[]string{"add", "missing", "192.0.2.1"}, "The set with the given name does not exist", 1},
		{[]string{"-n", "/nonexistent", "list"}, "network namespace", 1},
	} {
		_, errOut, code := ours(t, ns, "", tt.args...)
		require.Equal(t, tt.code, code, "%v: %s", tt.args, errOut)
		require.Contains(t, errOut, tt.want, "%v", tt.args)
	}
	oursOK(t, ns, "", "create", "h", "hash:ip")
	_, errOut, code = ours(t, ns, "", "add", "h", "2001:db8::1")
	require.Equal(t, 1, code)
	require.Contains(t, errOut, "the set's family is inet")
	_, errOut, code = ours(t, ns, "create x hash:ip\nadd x 10.0.0.1/8\n", "restore")
	require.Equal(t, 1, code)
	require.Contains(t, errOut, "restore line 2")
}
