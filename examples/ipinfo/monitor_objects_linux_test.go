package main

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/nstest"
)

// monitorScript changes links, addresses, neighbours, routes, rules and
// nexthops: creation (links: the markers'), change and deletion of each,
// a rename (after which ip 6.1 keeps printing the old name), a bridge
// port and a link going down with addresses on it. The links it starts
// with (monitorSetup) are made before the monitors start: a new link's
// netconf and FDB messages come before the link itself, and ip names the
// link in them only if its lookup wins that race.
var monitorScript = []string{
	"link set v0 up", "link set v1 up",
	"link set v0 mtu 1400", "link set v0 alias hello",
	"link set v1 master br0", "link set v1 nomaster",
	"link set v0 address 02:00:00:00:00:01",
	"addr add 10.1.0.1/24 dev v0",
	"addr add 2001:db8::1/64 dev v0 nodad",
	"addr add 10.1.0.2/24 dev v0 label v0:1",
	"addr add 10.1.0.3 peer 10.1.0.4 dev v0 metric 7",
	"addr change 10.1.0.2/24 dev v0 valid_lft 100 preferred_lft 50",
	"addr del 10.1.0.2/24 dev v0",
	"neigh add 10.1.0.9 lladdr 02:00:00:00:00:09 dev v0",
	"neigh change 10.1.0.9 lladdr 02:00:00:00:00:0a dev v0 nud stale",
	"neigh del 10.1.0.9 dev v0",
	"route add 10.2.0.0/16 via 10.1.0.9 table 100",
	"rule add pref 100 table 100",
	"rule del pref 100",
	"nexthop add id 4 dev v0",
	"nexthop del id 4",
	"link set v0 name vx0",
	"addr add 10.1.0.5/24 dev vx0",
	"link set vx0 down",
	"link del vx0",
	"link del br0",
}

// TestMonitorObjectsMatchIP runs `ip monitor ARGS` and `ipinfo monitor
// ARGS` on one namespace through monitorScript: every line between a
// marker link's creation and its deletion is ip's.
func TestMonitorObjectsMatchIP(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"all"},
		{"-ts", "link", "address", "neigh", "route", "rule", "nexthop", "netconf"},
		{"-t", "label", "link", "address", "neigh"},
		{"-d"},
		{"-o", "-d", "label"},
		{"-4", "link", "address", "neigh", "route"},
		{"-s", "label", "link", "neigh"},
		{"-6"},
	} {
		t.Run(strings.Join(append([]string{"monitor"}, args...), " "), func(t *testing.T) {
			ns := nstest.New(t, "ipmo")
			ns.Batch(t, []string{"link add br0 type bridge", "link add v0 type veth peer name v1"})
			var opts []string
			for len(args) > 0 && strings.HasPrefix(args[0], "-") {
				opts, args = append(opts, args[0]), args[1:]
			}
			ip, ii := compareMonitors(t, ns, opts, args, monitorScript)
			require.Equal(t, ip, ii)
		})
	}
	// ip -br monitor runs lines on: a brief link or address ends in no
	// newline, so the window closes with a rule's line.
	t.Run("monitor -br label", func(t *testing.T) {
		ns := nstest.New(t, "ipmo")
		ns.Batch(t, []string{"link add br0 type bridge", "link add v0 type veth peer name v1"})
		m := vethMarkers
		m.close = append(m.close, "rule add pref 31999 table 31999")
		m.end = func(l string) bool { return strings.Contains(l, "[RULE]31999:") }
		m.start = func(l string) bool { return strings.Contains(l, "mstart@") }
		m.probe = func(name string) ([]string, string) {
			return []string{"link", "add", name, "type", "bridge"}, name + " "
		}
		ip, ii := compareMonitorsWith(t, ns, []string{"-br"}, []string{"label"}, monitorScript, m)
		require.Equal(t, ip, ii)
	})
}

// tsShort and tsLong are ip's -ts and -t stamps.
var (
	tsShort = regexp.MustCompile(`^\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\] `)
	tsLong  = regexp.MustCompile(`^Timestamp: [A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4} \d+ usec$`)
)

// compareMonitors starts `ip monitor` and ipinfo's on ns, runs script
// between two marker events, and returns both monitors' lines from the
// first marker to the second (trailing spaces dropped, as ipinfo prints
// them).
func compareMonitors(t *testing.T, ns *nstest.NS, opts, args, script []string) (ip, ipinfo []string) {
	t.Helper()
	return compareMonitorsWith(t, ns, opts, args, script, vethMarkers)
}

// monitorMarkers are the changes that open and close the compared
// window, and the lines they print: the first line start matches, and
// the line end matches with the lines that continue it.
type monitorMarkers struct {
	open, close []string
	start, end  func(line string) bool
	// probe is a change named name whose line shows a monitor is
	// subscribed, and a piece of that line.
	probe func(name string) (cmd []string, line string)
	// act, when set, runs after the script, before close.
	act func()
}

// vethMarkers create and delete a veth pair.
var vethMarkers = monitorMarkers{
	open:  []string{"link add mstart type veth peer name mstartp"},
	close: []string{"link del mstart"},
	start: func(l string) bool { return strings.Contains(l, ": mstart@") },
	end: func(l string) bool {
		return strings.HasPrefix(strings.TrimPrefix(l, "[LINK]"), "Deleted ") && strings.Contains(l, ": mstart@")
	},
	probe: func(name string) ([]string, string) {
		return []string{"link", "add", name, "type", "bridge"}, ": " + name + ":"
	},
}

// compareMonitorsWith is compareMonitors with other markers.
func compareMonitorsWith(t *testing.T, ns *nstest.NS, opts, args, script []string, m monitorMarkers) (ip, ipinfo []string) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	cmdArgs := append(append(append([]string{"-n", ns.Name}, opts...), "monitor"), args...)
	ipCmd := exec.CommandContext(ctx, "ip", cmdArgs...)
	ipOut := &lockedBuffer{}
	ipCmd.Stdout = ipOut
	require.NoError(t, ipCmd.Start())
	out := &lockedBuffer{}
	var errOut bytes.Buffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, cmdArgs, out, &errOut) }()

	// Both subscribed: each prints a probe's change.
	probe := func(prefix string) func(int) string {
		return func(i int) string {
			name := fmt.Sprintf("%s%d", prefix, i)
			cmd, line := m.probe(name)
			ns.IP(t, cmd...)
			return line
		}
	}
	waitSubscribed(t, out, probe("pa"))
	waitSubscribed(t, ipOut, probe("pb"))
	ns.Batch(t, append(append([]string(nil), m.open...), script...))
	if m.act != nil {
		m.act()
	}
	ns.Batch(t, m.close)
	cut := func(s string) []string {
		lines := strings.Split(s, "\n")
		start, end := -1, -1
		for i, l := range lines {
			l = tsShort.ReplaceAllString(l, "")
			switch {
			case start < 0 && m.start(l):
				start = i
			case start >= 0 && m.end(l):
				end = i + 1
				for end < len(lines) && strings.HasPrefix(lines[end], " ") {
					end++ // the link's other lines
				}
			}
			if end >= 0 {
				break
			}
		}
		if start < 0 || end < 0 || end == len(lines) {
			return nil
		}
		var got []string
		for _, l := range lines[start:end] {
			// The times differ; their form is checked.
			l = tsShort.ReplaceAllString(l, "[TIME] ")
			l = tsLong.ReplaceAllString(l, "Timestamp: TIME usec")
			got = append(got, strings.TrimRight(l, " "))
		}
		return got
	}
	require.Eventually(t, func() bool {
		return cut(ipOut.String()) != nil && cut(out.String()) != nil
	}, monitorWait, 20*time.Millisecond, "ip:\n%s\nipinfo:\n%s", ipOut.String(), out.String())
	cancel()
	require.Equal(t, 0, <-done, errOut.String())
	_ = ipCmd.Wait()
	return cut(ipOut.String()), cut(out.String())
}

// TestMonitorNSIDMatchIP moves a veth's ends to another namespace while
// both monitors watch everything: the nsid message, the peer named by
// its namespace (link-netns) and the deletion saying where the link went
// (new-netns, new-ifindex) are ip's lines.
func TestMonitorNSIDMatchIP(t *testing.T) {
	for _, args := range [][]string{{}, {"-d", "label", "link", "nsid"}} {
		t.Run(strings.Join(append([]string{"monitor"}, args...), " "), func(t *testing.T) {
			ns, other := nstest.New(t, "ipmn"), nstest.New(t, "ipmn")
			ns.Batch(t, []string{"link add n0 type veth peer name n1"})
			var opts []string
			if len(args) > 0 && args[0] == "-d" {
				opts, args = args[:1], args[1:]
			}
			ip, ii := compareMonitors(t, ns, opts, args, []string{
				"link set n1 netns " + other.Name, "link set n0 up", "link set n0 netns " + other.Name,
			})
			require.Equal(t, ip, ii)
			require.Contains(t, strings.Join(ip, "\n"), "new-netns "+other.Name)
			require.Contains(t, strings.Join(ip, "\n"), "(iproute2 netns name: "+other.Name+")")
		})
	}
}

// TestMonitorDevMatchIP watches one link (monitor dev): the other links'
// messages leave only their headers, labels and timestamps run on as
// ip's do, neighbours and routes leave out the device.
func TestMonitorDevMatchIP(t *testing.T) {
	aliasMarkers := monitorMarkers{
		open:  []string{"link set v0 alias begin"},
		close: []string{"link set v0 alias end"},
		start: func(l string) bool { return strings.HasSuffix(l, "    alias begin") },
		end:   func(l string) bool { return strings.HasSuffix(l, "    alias end") },
		probe: func(name string) ([]string, string) {
			return []string{"link", "set", "v0", "alias", name}, "    alias " + name
		},
	}
	for _, args := range [][]string{{"-d", "dev", "v0"}, {"-d", "label", "dev", "v0"}} {
		t.Run(strings.Join(append([]string{"monitor"}, args...), " "), func(t *testing.T) {
			ns := nstest.New(t, "ipmd")
			// v0 up: the kernel tells an alias change only of a link that is up.
			ns.Batch(t, []string{"link add br0 type bridge", "link add v0 type veth peer name v1", "link set v0 up"})
			ip, ii := compareMonitorsWith(t, ns, args[:1], args[1:], monitorScript[:len(monitorScript)-5], aliasMarkers)
			require.Equal(t, ip, ii)
		})
	}
}

// sendRA is a router advertisement of 2001:db8:5::/64 (on-link,
// autonomous), sent to all nodes out of the link named by argv[1].
const sendRA = `
import socket, struct, sys
idx = socket.if_nametoindex(sys.argv[1])
s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 255)
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF, idx)
ra = struct.pack("!BBHBBHII", 134, 0, 0, 64, 0, 0, 0, 0)
pi = struct.pack("!BBBBIII", 3, 4, 64, 0xC0, 2592000, 604800, 0) + socket.inet_pton(socket.AF_INET6, "2001:db8:5::")
s.sendto(ra + pi, ("ff02::1", 0, 0, idx))
`

// TestMonitorPrefixMatchIP sends a router advertisement into a veth
// while both monitors watch everything: the prefix messages (printed by
// ip with no space before "dev"), the autoconfigured addresses and their
// routes are ip's lines.
func TestMonitorPrefixMatchIP(t *testing.T) {
	ns := nstest.New(t, "ipmp")
	if _, err := exec.LookPath("python3"); err != nil {
		nstest.Skip(t, "python3 (sends the router advertisement) is not installed")
	}
	ns.Batch(t, []string{"link add v0 type veth peer name v1"})
	ns.Exec(t, "sysctl", "-qw", "net.ipv6.conf.v0.accept_dad=0", "net.ipv6.conf.v1.accept_dad=0")
	ns.Batch(t, []string{"link set v1 up", "link set v0 up"})
	m := vethMarkers
	m.act = func() { ns.Exec(t, "python3", "-c", sendRA, "v1") }
	ip, ii := compareMonitorsWith(t, ns, nil, []string{"label"}, nil, m)
	require.Equal(t, ip, ii)
	require.Contains(t, strings.Join(ip, "\n"), "[PREFIX]prefix 2001:db8:5::/64dev v0 ")
}
