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

// scripts make one set of every type of the ipset tool, in each family
// it has, with every create option and entry kind (the ipset package's
// differential test holds the same sets). Entries of sets with a timeout
// carry "timeout 0" so that saves taken a second apart agree.
var scripts = []string{
	`create ip4 hash:ip family inet hashsize 64 maxelem 1000 netmask 24 timeout 600 counters comment skbinfo forceadd bucketsize 4
add ip4 192.0.2.0 timeout 0 packets 1 bytes 2 comment "x y" skbmark 0x10/0xff skbprio 1:2 skbqueue 3
add ip4 198.51.100.0/23 timeout 0
add ip4 203.0.113.0-203.0.113.255 timeout 0 skbmark 0x5
`,
	`create ip6 hash:ip family inet6 hashsize 1024 maxelem 65536 netmask 64
add ip6 2001:db8::1
add ip6 2001:db8:0:1::5
`,
	`create ipport4 hash:ip,port family inet
add ipport4 192.0.2.1,tcp:80
add ipport4 192.0.2.1,tcp:81-82
add ipport4 192.0.2.2-192.0.2.3,udp:53
add ipport4 192.0.2.8/31,sctp:9
add ipport4 192.0.2.4,icmp:echo-request
add ipport4 192.0.2.4,icmp:3/8
add ipport4 192.0.2.5,gre:0
add ipport4 192.0.2.7,udplite:1000
`,
	`create ipport6 hash:ip,port family inet6 timeout 60
add ipport6 2001:db8::6,tcp:443 timeout 0
add ipport6 2001:db8::5,icmpv6:neighbour-solicitation timeout 0
add ipport6 2001:db8::5,ipv6-icmp:1/2 timeout 0
`,
	`create ipportip4 hash:ip,port,ip family inet counters
add ipportip4 192.0.2.1,udp:53,198.51.100.1 packets 7 bytes 700
add ipportip4 192.0.2.1,tcp:1-2,198.51.100.2
`,
	`create ipportip6 hash:ip,port,ip family inet6 skbinfo
add ipportip6 2001:db8::1,udp:53,2001:db8::2 skbmark 0x5 skbqueue 9
`,
	`create ipportnet4 hash:ip,port,net family inet comment
add ipportnet4 192.0.2.1,icmp:echo-reply,10.0.0.0/8
add ipportnet4 192.0.2.1,tcp:80,10.0.0.0/8 nomatch comment "n"
add ipportnet4 192.0.2.2,udp:53,198.51.100.7
`,
	`create ipportnet6 hash:ip,port,net family inet6
add ipportnet6 2001:db8::1,tcp:22,2001:db8:1::/48
`,
	`create ipmark4 hash:ip,mark family inet markmask 0xff00
add ipmark4 192.0.2.1,0x100
`,
	`create net4 hash:net family inet counters
add net4 10.0.0.0/8 packets 1 bytes 2
add net4 10.1.0.0/16 nomatch
add net4 192.0.2.7
add net4 10.0.0.0-10.0.0.5
`,
	`create net6 hash:net family inet6 comment
add net6 2001:db8:1::/48 comment "a network"
`,
	`create netnet4 hash:net,net family inet
add netnet4 10.0.0.0/8,192.0.2.0/24
`,
	`create netport4 hash:net,port family inet
add netport4 198.51.100.0/24,tcp:443
add netport4 198.51.100.0/25,udp:1-2 nomatch
`,
	`create netport6 hash:net,port family inet6
add netport6 2001:db8::/32,sctp:4789
`,
	`create netportnet4 hash:net,port,net family inet
add netportnet4 10.0.0.0/8,tcp:80,192.0.2.0/24
`,
	`create netiface4 hash:net,iface family inet timeout 100 counters comment skbinfo
add netiface4 10.0.0.0/8,eth0 timeout 0
add netiface4 10.0.0.0/9,physdev:eth1 nomatch timeout 0 packets 1 bytes 1 comment "c" skbmark 0x1
add netiface4 10.0.0.0/10,ve+ timeout 0
add netiface4 10.0.0.0/11,physdev:ve+ timeout 0
add netiface4 0.0.0.0/0,lo timeout 0
add netiface4 10.0.0.1,lo timeout 0
`,
	`create netiface6 hash:net,iface family inet6 timeout 30
add netiface6 2001:db8::/32,eth0 timeout 0
`,
	`create mac hash:mac
add mac 00:11:22:33:44:55
`,
	`create ipmac4 hash:ip,mac family inet
add ipmac4 192.0.2.1,00:11:22:33:44:55
`,
	`create bip bitmap:ip range 10.0.0.0-10.0.255.255 netmask 24 timeout 5 counters comment skbinfo
add bip 10.0.1.0 timeout 0 packets 3 bytes 4 comment "c" skbprio 0:7
add bip 10.0.2.0-10.0.3.255 timeout 0
`,
	`create bip2 bitmap:ip range 192.0.2.0-192.0.2.15
add bip2 192.0.2.1
add bip2 192.0.2.4/30
add bip2 192.0.2.10-192.0.2.11
`,
	`create bipmac bitmap:ip,mac range 10.0.0.0-10.0.0.10 timeout 100
add bipmac 10.0.0.1,aa:bb:cc:dd:ee:ff timeout 0
add bipmac 10.0.0.2 timeout 0
`,
	`create bport bitmap:port range 10-20 counters
add bport 12
add bport tcp:13
add bport 15-16
`,
	`create lset list:set size 4 timeout 9 comment
add lset net4 timeout 0
add lset ipport4 before net4 timeout 0 comment "first"
add lset bport after ipport4 timeout 0
`,
}

// supported restores every script the kernel has the type of into ns,
// one by one, and returns what it restored.
func supported(t *testing.T, ns *nstest.NS) string {
	t.Helper()
	var all strings.Builder
	for _, sc := range scripts {
		cmd := ns.Command(context.Background(), "ipset", "restore")
		cmd.Stdin = strings.NewReader(sc)
		out, err := cmd.CombinedOutput()
		if err != nil && strings.Contains(string(out), "set type not supported") {
			t.Logf("this kernel lacks the type of: %s", strings.SplitN(sc, "\n", 2)[0])
			continue
		}
		require.NoError(t, err, "ipset restore: %s\n%s", out, sc)
		all.WriteString(sc)
	}
	return all.String()
}

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
	script := supported(t, a)
	save := tool(t, a, "", "save")
	require.Equal(t, save, oursOK(t, a, "", "save"))
	for _, args := range [][]string{{"list"}, {"list", "-terse"}, {"list", "-name"}, {"list", "net4"}, {"save", "ip6"}, {"list", "lset"}, {"save", "bport"}} {
		require.Equal(t, tool(t, a, "", args...), oursOK(t, a, "", args...), "ipset %v", args)
	}

	// The tool's save restored by us, saved by both: the same text, as
	// the seeds (initval) are restored too.
	b := nstest.New(t, "ipsx")
	oursOK(t, b, save, "restore")
	require.Equal(t, tool(t, b, "", "save"), oursOK(t, b, "", "save"))
	require.Equal(t, save, oursOK(t, b, "", "save"))

	// The scripts (the tool's syntax, ranges and all) restored by us
	// make the sets the tool made of them.
	c := nstest.New(t, "ipsx")
	oursOK(t, c, script, "restore")
	require.Equal(t, tool(t, c, "", "save"), oursOK(t, c, "", "save"))
	require.Equal(t, normalized(save), normalized(oursOK(t, c, "", "save")))
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
