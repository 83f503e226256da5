package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/nstest"
)

// This file is the differential test of the change commands: each line
// of a table is applied by ip to one namespace and by ipinfo to its twin;
// both must answer alike (exit status and message) and leave the two
// namespaces equal, as `ip -j` dumps them.

// twinBase is the state both namespaces start from. Fixed MAC addresses
// make the two identical, link-local addresses included.
var twinBase = []string{
	"link add v0 address 02:00:00:00:00:01 type veth peer name v1 address 02:00:00:00:00:02",
	"link add v2 address 02:00:00:00:00:03 type veth peer name v3 address 02:00:00:00:00:04",
	"link add br0 address 02:00:00:00:00:05 type bridge",
	"link set lo up",
	"link set v0 up",
	"link set v1 up",
	"link set v2 up",
	"link set v3 up",
	"addr add 10.1.0.1/24 dev v0",
	"addr add 2001:db8:1::1/64 dev v0 nodad",
	"addr add 10.2.0.1/24 dev v2",
}

// twinSteps are the command lines both tools apply, in order: changes
// that work, abbreviations, and refusals whose message and exit status
// must be ip's.
var twinSteps = []string{
	// link set
	"link set v2 down",
	"link set v2 up",
	"link set dev v2 mtu 1400",
	"l s v2 mtu 1300",
	"link set v3 down",
	"link set v3 name v3x",
	"link set v3x alias uplink",
	"link set v3x alias uplink2 up",
	"link set v0 mtu 10",
	"link set v0 mtu abc",
	"link set nope0 up",
	"link set v0 bogus",
	"link set",
	"link set v2 address 02:00:00:00:00:13",
	"link set v2 address zz",
	"link set v2 txqlen 500",
	"link set v2 txqueuelen 600 qlen 700",
	"link set v2 promisc on allmulticast on",
	"link set v2 arp off",
	"link set v2 promisc off allmulticast off arp on",
	"link set v2 promisc maybe",
	"link set v2 group 5",
	"link set v2 group default",
	"link set v2 group nosuchgroup",
	"link set v1 master br0",
	"link set v1 nomaster",
	"link set v1 master nope0",
	"link set v2 mtu 1250 master nope0",
	"link set v2 mtu 1250 down master br0",
	"link set v2 nomaster up",
	"link set v0 master v2",
	"link set nope0 master br0",
	"link set v2 netns nosuchns0",
	// link add|del (fixed addresses: the kernel's random ones differ)
	"link add d0 address 02:00:00:00:00:20 type dummy",
	"link add d0 address 02:00:00:00:00:20 type dummy",
	"link add name i0 address 02:00:00:00:00:21 up type ifb",
	"l a v8 address 02:00:00:00:00:22 mtu 1400 type veth peer name v9 address 02:00:00:00:00:23",
	"link add br1 address 02:00:00:00:00:24 type bridge",
	"link add v6 address 02:00:00:00:00:25 master br1 txqlen 100 group 3 type veth peer v7 address 02:00:00:00:00:26",
	"link add x0 type nosuchkind",
	"link add x1 master nope0 type dummy",
	"link add x2 link nope0 type dummy",
	"link add x3",
	"link del d0",
	"link delete dev i0",
	"link del d0",
	"link del v9",
	"link del nope0",
	"link del v7",
	"link del br1 type bridge",
	// addr add|replace|del|flush
	"addr add 10.1.0.2/24 dev v0",
	"addr add 10.1.0.2/24 dev v0",
	"a a 10.1.0.3/24 dev v0",
	"addr add 10.3.0.1/24 brd + dev v2 label v2:one",
	"addr add 10.3.1.1/24 broadcast - dev v2",
	"addr add 10.4.0.1 peer 10.4.0.2/32 dev v2",
	"addr add 2001:db8:2::1/64 dev v2 nodad valid_lft 1000 preferred_lft 500",
	"addr replace 2001:db8:2::1/64 dev v2 nodad valid_lft forever preferred_lft forever",
	"addr add 10.5.0.1/24 dev v2 scope link noprefixroute",
	"addr add 10.6.0.1/24 dev nope0",
	"addr add 10.6.0.1/33 dev v0",
	"addr del 10.1.0.2/24 dev v0",
	"addr del 10.1.0.99/24 dev v0",
	"addr add 10.1.0.9/24 dev v0 bogus",
	"addr add 10.7.0.1/24 dev v2 metric 12",
	"addr add 10.7.1.1 peer 10.7.1.9/32 dev v2 pri 5",
	"addr replace 10.7.0.1/24 dev v2 metric 30",
	"addr add 2001:db8:7::1/64 dev v2 nodad preference 40",
	"addr add 10.7.2.1/24 dev v2 metric bogus",
	"addr add 10.7.2.1/24 dev v2 metric",
	// route add|change|replace|append|del|flush
	"route add 10.10.0.0/16 via 10.1.0.254",
	"route add 10.10.0.0/16 via 10.1.0.254",
	"route replace 10.10.0.0/16 via 10.1.0.253 proto static",
	"route change 10.10.0.0/16 via 10.2.0.254 dev v2 proto static",
	"route change 10.99.0.0/16 via 10.2.0.254",
	"route add blackhole 10.11.0.0/16 table 100",
	"route add unreachable 10.12.0.0/16 metric 7",
	"route add prohibit 10.15.0.0/16 table 100",
	"route add 10.13.0.0/16 dev v0 scope link src 10.1.0.1 table 200",
	"route add 10.14.0.0/16 nexthop via 10.1.0.254 dev v0 weight 2 nexthop via 10.2.0.254 dev v2 weight 3",
	"r a 10.30.0.0/16 via 10.1.0.254 t 5 pro static m 9",
	"route add 10.31.0.0/16 via 10.99.0.1 dev v0 onlink",
	"route add 2001:db8:10::/48 via 2001:db8:1::fe dev v0 metric 100 pref high",
	"route append 2001:db8:10::/48 via 2001:db8:1::fd dev v0 metric 100",
	"route add 2001:db8:11::/48 from 2001:db8:1::/64 via 2001:db8:1::fe dev v0",
	"route add default via 10.1.0.254",
	"route add default via 2001:db8:1::fe dev v0",
	"route del 10.12.0.0/16",
	"route del 10.99.0.0/16",
	"route add 10.20.0.1/16 dev v0",
	"route add 10.21.0.0/16 via 10.1.0.254 dev nope0",
	"route add 10.22.0.0/16 via 10.1.0.254 bogus",
	"route add 10.23.0.0/16 via 10.1.0.254 metric x",
	"route get 10.99.99.99",
	"route get 10.11.1.1",
	"route get 10.20.0.1 iif v0 from 10.99.0.1",
	"route get 10.1.0.7 oif nope0",
	"route get",
	"route flush table 100",
	"route flush table 77",
	"route flush",
	// neigh add|replace|del|flush
	"neigh add 10.1.0.50 lladdr 02:00:00:00:10:50 dev v0",
	"neigh add 10.1.0.50 lladdr 02:00:00:00:10:50 dev v0",
	"neigh replace 10.1.0.50 lladdr 02:00:00:00:10:51 dev v0 nud stale",
	"n a 10.1.0.51 lladdr 02:00:00:00:10:52 dev v0 nud reachable",
	"neigh add 2001:db8:1::50 lladdr 02:00:00:00:10:53 dev v0 router nud noarp",
	"neigh add proxy 10.1.0.77 dev v0",
	"neigh add 10.1.0.52 lladdr 02:00:00:00:10:54 dev nope0",
	"neigh del 10.1.0.50 dev v0",
	"neigh del 10.1.0.50 dev v0",
	"neigh add 10.1.0.53 lladdr 02:00:00:00:10:55 dev v0 nud stale",
	"neigh flush dev v0",
	"neigh flush",
	// nexthop add|replace|del
	"nexthop add id 1 via 10.1.0.254 dev v0",
	"nexthop add id 1 via 10.1.0.254 dev v0",
	"nex add id 2 dev v2",
	"nexthop add id 3 group 1/2,3",
	"-6 nexthop add id 5 via 2001:db8:1::fe dev v0",
	"nexthop replace id 2 via 10.2.0.254 dev v2",
	"nexthop add id 7 via 10.1.0.254 dev nope0",
	"nexthop del id 3",
	"nexthop del id 99",
	// rule add|del
	"rule add from 10.0.0.0/8 to 192.168.0.0/16 table 100 pref 100",
	"rule add from 10.0.0.0/8 to 192.168.0.0/16 table 100 pref 100",
	"rule add not fwmark 0x10/0xff iif v0 lookup 200 pref 200",
	"rule add tos 0x10 prohibit pref 300",
	"rule add uidrange 100-200 ipproto tcp dport 80-90 sport 22 table 5 pref 400",
	"rule add from all goto 400 pref 50",
	"rule add suppress_prefixlength 0 table main pref 500",
	"rule add oif v1 blackhole",
	"-6 ru a from 2001:db8::/32 table 7 pref 600",
	"rule add fwmark 7 unreachable pref 700",
	"rule add pref 800 bogus",
	"rule del pref 300",
	"rule del from 10.0.0.0/8 to 192.168.0.0/16 table 100",
	"rule del pref 12345",
	// flushes last: they undo much of the above
	"addr flush dev v2",
	"addr flush",
	"route flush dev v0",
	// last: the namespace dumps then show a peer in another namespace
	"link set v1 netns @away",
}

// newTwins makes two namespaces in the same base state.
func newTwins(t *testing.T) (ipNS, ourNS *nstest.NS) {
	ipNS, ourNS = nstest.New(t, "ipia"), nstest.New(t, "ipib")
	for _, ns := range []*nstest.NS{ipNS, ourNS} {
		// No duplicate address detection: addresses would be tentative
		// for a moment, in each namespace at a different moment.
		ns.Exec(t, "sh", "-c", "echo 0 > /proc/sys/net/ipv6/conf/default/accept_dad && echo 0 > /proc/sys/net/ipv6/conf/all/accept_dad")
		ns.Batch(t, twinBase)
	}
	return ipNS, ourNS
}

// runIP runs `ip -n NS args...` and returns its exit status and stderr.
func runIP(t *testing.T, ns *nstest.NS, stdin []byte, args ...string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "ip", append([]string{"-n", ns.Name}, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdin = bytes.NewReader(stdin)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else {
		require.NoError(t, err)
	}
	return code, stdout.String(), stderr.String()
}

// runOurs runs ipinfo in-process against ns.
func runOurs(t *testing.T, ns *nstest.NS, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(t.Context(), append([]string{"-n", ns.Name}, args...), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// twinDumps are the listings compared after each step.
var twinDumps = [][]string{
	{"link"},
	{"addr"},
	{"route", "show", "table", "all"},
	{"neigh", "show", "nud", "all"},
	{"neigh", "show", "proxy"},
	{"rule"},
	{"-6", "rule"},
	{"nexthop"},
}

// stateOf dumps a namespace with ip -j, with what counts down between
// two reads (lifetimes, expiry) reduced to whether it is finite.
func stateOf(t *testing.T, ns *nstest.NS) string {
	t.Helper()
	var b strings.Builder
	for _, args := range twinDumps {
		var lines []string
		for _, o := range ns.IPJSON(t, args...) {
			if dst, _ := o["dst"].(string); strings.Contains(strings.Join(args, " "), "neigh") && (strings.HasPrefix(dst, "ff") || strings.HasPrefix(dst, "224.")) {
				continue // multicast entries the kernel makes as it likes
			}
			normalizeDump(o)
			out, err := json.Marshal(o)
			require.NoError(t, err)
			lines = append(lines, string(out))
		}
		// Order is the kernel's (hash buckets for neighbours): sorted,
		// the two dumps are compared as sets.
		sort.Strings(lines)
		fmt.Fprintf(&b, "== ip -j %s\n%s\n", strings.Join(args, " "), strings.Join(lines, "\n"))
	}
	return b.String()
}

// normalizeDump replaces values that count down by a word.
func normalizeDump(v any) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			switch k {
			case "valid_life_time", "preferred_life_time":
				if f, ok := x.(float64); ok && f != 4294967295 {
					v[k] = "finite"
				}
			case "expires":
				v[k] = "finite"
			default:
				normalizeDump(x)
			}
		}
	case []any:
		for _, x := range v {
			normalizeDump(x)
		}
	}
}

// requireSameState compares the two namespaces, allowing a moment for
// operational states to settle.
func requireSameState(t *testing.T, ipNS, ourNS *nstest.NS, after string) {
	t.Helper()
	var want, got string
	for attempt := range 4 {
		if attempt > 0 {
			time.Sleep(500 * time.Millisecond)
		}
		want, got = stateOf(t, ipNS), stateOf(t, ourNS)
		if want == got {
			return
		}
	}
	require.Equal(t, want, got, "the namespaces differ after %q (left: ip's, right: ipinfo's)", after)
}

// TestChangesMatchIP applies twinSteps with ip and with ipinfo to twin
// namespaces: same exit status, same message, same state after each.
// "@away" in a line is a third namespace of each twin's own.
func TestChangesMatchIP(t *testing.T) {
	ipNS, ourNS := newTwins(t)
	ipAway, ourAway := nstest.New(t, "ipiax"), nstest.New(t, "ipibx")
	requireSameState(t, ipNS, ourNS, "setup")
	for _, line := range twinSteps {
		wantCode, _, wantErr := runIP(t, ipNS, nil, strings.Fields(strings.ReplaceAll(line, "@away", ipAway.Name))...)
		args := strings.Fields(strings.ReplaceAll(line, "@away", ourAway.Name))
		gotCode, gotOut, gotErr := runOurs(t, ourNS, args...)
		require.Equal(t, wantCode, gotCode, "exit status of %q; ip said %q, ipinfo %q", line, wantErr, gotErr)
		if wantCode != 0 {
			require.Equal(t, strings.TrimRight(wantErr, "\n"), strings.TrimRight(gotErr, "\n"), "message of %q", line)
		}
		if args[0] != "route" || args[1] != "get" {
			require.Empty(t, gotOut, "a change prints nothing: %q", line)
		}
		requireSameState(t, ipNS, ourNS, line)
		if strings.HasPrefix(line, "nexthop del id 3") {
			// The show forms of what the steps made, while it is there.
			for _, show := range [][]string{{"nexthop"}, {"-j", "nexthop"}, {"-6", "nexthop"}, {"rule"}, {"-j", "rule"}, {"link"}, {"addr"}, {"-o", "addr"}, {"route", "show", "table", "all"}, {"-j", "route", "show", "table", "all"}, {"neigh"}} {
				_, want, _ := runIP(t, ourNS, nil, show...)
				code, got, errOut := runOurs(t, ourNS, show...)
				require.Equal(t, 0, code, errOut)
				require.Equal(t, normalizeIPText(want), normalizeIPText(got), "ipinfo %v", show)
			}
		}
	}
}

// TestDumpNormalization keeps the normalization honest: it only hides
// values that count down.
func TestDumpNormalization(t *testing.T) {
	o := map[string]any{"valid_life_time": 100.0, "preferred_life_time": 4294967295.0, "x": []any{map[string]any{"expires": 5.0}}}
	normalizeDump(o)
	require.True(t, reflect.DeepEqual(map[string]any{"valid_life_time": "finite", "preferred_life_time": 4294967295.0, "x": []any{map[string]any{"expires": "finite"}}}, o))
}

// batchSteps are twinSteps without the lines ip refuses to parse, which
// end a batch at once.
func batchSteps() []string {
	var lines []string
	for _, l := range twinSteps {
		if strings.Contains(l, "bogus") || strings.Contains(l, " abc") || strings.Contains(l, "metric x") || strings.Contains(l, "/33") || l == "link set" || strings.HasPrefix(l, "-") || strings.Contains(l, "@") {
			continue
		}
		lines = append(lines, l)
	}
	return lines
}

// TestBatchMatchesIP feeds the same batch file to `ip -batch` and
// `ipinfo -batch` in twin namespaces: same exit status, same messages
// (with "Command failed FILE:LINE"), same end state; with -force the run
// goes past failures, without it it stops at the first; a line ip cannot
// parse ends the run with 255; "-" reads stdin.
func TestBatchMatchesIP(t *testing.T) {
	steps := batchSteps()
	file := func(t *testing.T, lines []string) string {
		path := t.TempDir() + "/batch"
		text := "# comment line\n\n" + strings.Join(lines, "\n") + "\n"
		require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
		return path
	}
	tests := []struct {
		name  string
		lines []string
		opts  []string
		stdin bool
	}{
		{"force", steps, []string{"-force"}, false},
		{"stops at first failure", steps, nil, false},
		{"stdin", steps[:20], []string{"-force"}, true},
		{"parse error ends the run", []string{"link set v2 mtu 1400", "link set v0 bogus", "link set v2 mtu 1300"}, []string{"-force"}, false},
		{"continuation and quotes", []string{"link set v3 down", `link set v3 alias "two words" \`, "  mtu 1280 # trailing comment", "link set v3 up"}, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ipNS, ourNS := newTwins(t)
			path := file(t, tt.lines)
			name := path
			var stdin []byte
			if tt.stdin {
				name = "-"
				stdin, _ = os.ReadFile(path)
			}
			args := append(append([]string{}, tt.opts...), "-batch", name)
			wantCode, wantOut, wantErr := runIP(t, ipNS, stdin, args...)
			var stdout, stderr bytes.Buffer
			gotCode := runWith(t.Context(), append([]string{"-n", ourNS.Name}, args...), bytes.NewReader(stdin), &stdout, &stderr)
			require.Equal(t, wantCode, gotCode, "exit status; ip said:\n%s\nipinfo said:\n%s", wantErr, stderr.String())
			require.Equal(t, wantErr, stderr.String())
			require.Equal(t, normalizeIPText(wantOut), normalizeIPText(stdout.String()))
			requireSameState(t, ipNS, ourNS, "the batch")
		})
	}
}
