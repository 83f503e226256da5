package main

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/nstest"
)

// detailState adds to nstest.Populate's namespace (a veth pair with one
// end a bridge port, the bridge, a tun device) the other kinds this
// kernel has, a tap, an ifb, macvlans, a macvtap and VXLANs, and a veth pair
// with one end down, so that its peer shows M-DOWN.
var detailState = []string{
	"tuntap add tap0 mode tap",
	"link add ifb0 type ifb",
	"link add vd0 type veth peer name vd1",
	"link set vd0 up",
	"link set dev veth1 type bridge_slave cost 7 hairpin on",
	"link add mv0 link veth0 type macvlan mode source",
	"link set mv0 type macvlan macaddr add 02:00:00:00:00:aa",
	"link add mv1 link br0 type macvlan mode passthru nopromisc",
	"link add mt0 link veth0 type macvtap mode vepa",
	"link add vx0 type vxlan id 77 remote 192.0.2.9 local 10.1.0.1 dev veth0 dstport 4789 srcport 1000 2000 nolearning ttl 10 tos 0x20 df set maxaddr 50 noudpcsum udp6zerocsumtx l2miss proxy",
	"link add vx1 type vxlan id 78 group 239.1.1.1 dev veth0 dstport 4789 ttl inherit tos inherit",
	"link add vx2 type vxlan id 80 remote 2001:db8::9 dstport 4789 flowlabel 0x55 rsc l3miss df inherit",
	"link add vx3 type vxlan external dstport 4790 gbp",
}

// timerText matches a bridge timer as ip prints it in text: they count
// between ip's read and ipinfo's.
var timerText = regexp.MustCompile(`_timer +[0-9]+\.[0-9]{2}`)

// zeroTimers sets every "*_timer" member of decoded ip -j output to 0,
// at any depth.
func zeroTimers(v any) {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			if strings.HasSuffix(k, "_timer") {
				v[k] = 0.0
				continue
			}
			zeroTimers(e)
		}
	case []any:
		for _, e := range v {
			zeroTimers(e)
		}
	}
}

// TestDetailsMatchIP compares `ipinfo -d` with `ip -d` for link and addr,
// text (full, one-line, per family) and JSON, on every link kind this
// kernel has: loopback, veth, bridge and bridge port, tun, tap, ifb,
// macvlan, macvtap, vxlan.
// The text must be identical but for trailing spaces and the bridge
// timers' values; `-d -j link` must be identical as a whole.
func TestDetailsMatchIP(t *testing.T) {
	ns := nstest.New(t, "ipid")
	nstest.Populate(t, ns)
	ns.Batch(t, detailState)
	// A veth whose peer is in another namespace: "vn0@if2", link-netns.
	away := nstest.New(t, "ipidx")
	ns.IP(t, "link", "add", "vn0", "type", "veth", "peer", "name", "vn1", "netns", away.Name)

	texts := [][]string{
		{"-d", "link"},
		{"-d", "link", "show", "dev", "br0"},
		{"-d", "-o", "link"},
		{"-d", "-s", "link"},
		{"-d", "addr"},
		{"-d", "-4", "addr"},
		{"-d", "-6", "addr"},
		{"-d", "-o", "addr"},
		{"link"},
		{"-j", "link"},
		{"-j", "addr"},
		{"-br", "link"},
		{"-br", "addr"},
	}
	for _, args := range texts {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			var want, got string
			for attempt := range 3 {
				if attempt > 0 {
					time.Sleep(time.Second)
				}
				want = timerText.ReplaceAllString(normalizeIPText(ns.IP(t, args...)), "_timer N")
				var stdout, stderr bytes.Buffer
				code := run(t.Context(), append([]string{"-n", ns.Name}, args...), &stdout, &stderr)
				require.Equal(t, 0, code, stderr.String())
				got = timerText.ReplaceAllString(normalizeIPText(stdout.String()), "_timer N")
				if got == want {
					return
				}
			}
			require.Equal(t, want, got)
		})
	}

	t.Run("netns list", func(t *testing.T) {
		// Only the peer's namespace has an id here; other lines come and
		// go with the other tests' namespaces.
		line := func(out string) string {
			for _, l := range strings.Split(out, "\n") {
				if strings.HasPrefix(l, away.Name+" ") || l == away.Name {
					return l
				}
			}
			return ""
		}
		var stdout, stderr bytes.Buffer
		require.Equal(t, 0, run(t.Context(), []string{"-n", ns.Name, "netns", "list"}, &stdout, &stderr), stderr.String())
		want := line(ns.IP(t, "netns", "list"))
		require.Contains(t, want, "(id: ")
		require.Equal(t, want, line(stdout.String()))
		var entry func(v []any) any
		entry = func(v []any) any {
			for _, e := range v {
				if m, _ := e.(map[string]any); m["name"] == away.Name {
					return m
				}
			}
			return nil
		}
		require.Equal(t, entry(ipJSONAny(t, ns, "netns", "list")), entry(ipinfoJSONAny(t, ns, "netns", "list")))
	})

	t.Run("-d -j link", func(t *testing.T) {
		var want, got []any
		for attempt := range 3 {
			if attempt > 0 {
				time.Sleep(time.Second)
			}
			want = ipJSONAny(t, ns, "-d", "link")
			got = ipinfoJSONAny(t, ns, "-d", "link")
			zeroTimers(want)
			zeroTimers(got)
			if assertEqualJSON(want, got) {
				return
			}
		}
		require.Equal(t, want, got)
	})
	for _, args := range [][]string{{"-d", "addr"}, {"-d", "link", "show", "dev", "veth1"}} {
		t.Run("-j "+strings.Join(args, " "), func(t *testing.T) {
			var diffs []string
			for attempt := range 3 {
				if attempt > 0 {
					time.Sleep(time.Second)
				}
				theirs := ns.IPJSON(t, args...)
				ours := ipinfoJSON(t, ns.Name, args...)
				for _, l := range [][]map[string]any{theirs, ours} {
					for _, o := range l {
						zeroTimers(o)
					}
				}
				if diffs = compareLists(args[len(args)-1], theirs, ours, linkKey); len(diffs) == 0 {
					return
				}
			}
			t.Errorf("ipinfo -j %s differs from ip:\n%s", strings.Join(args, " "), strings.Join(diffs, "\n"))
		})
	}
}

// ipJSONAny is `ip -j args` decoded without a schema.
func ipJSONAny(t *testing.T, ns *nstest.NS, args ...string) []any {
	t.Helper()
	var v []any
	require.NoError(t, json.Unmarshal([]byte(ns.IP(t, append([]string{"-j"}, args...)...)), &v))
	return v
}

// ipinfoJSONAny is `ipinfo -j args` decoded without a schema.
func ipinfoJSONAny(t *testing.T, ns *nstest.NS, args ...string) []any {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(t.Context(), append([]string{"-j", "-n", ns.Name}, args...), &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	var v []any
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &v), stdout.String())
	return v
}

// assertEqualJSON reports whether two decoded JSON values are equal.
func assertEqualJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

// TestDetailsRoutesRulesNexthopsMatchIP compares `ipinfo -d` with
// `ip -d` for route (show, table all, get, fibmatch), rule and nexthop,
// text and JSON, where -d adds the words ip leaves out by default
// (unicast, table main, proto boot, scope global, proto kernel, ...).
func TestDetailsRoutesRulesNexthopsMatchIP(t *testing.T) {
	ns := nstest.New(t, "ipid")
	nstest.Populate(t, ns)
	ns.Batch(t, extraState)
	ns.Batch(t, []string{
		"nexthop add id 1 via 10.1.0.254 dev veth0",
		"nexthop add id 2 blackhole",
		"nexthop add id 3 dev veth0 proto static",
		"nexthop add id 4 via 10.1.0.253 dev veth0",
		"nexthop add id 5 group 1/4,3",
		"nexthop add id 6 via 2001:db8:1::fe dev veth0",
	})
	tests := [][]string{
		{"-d", "route"},
		{"-d", "route", "show", "table", "all"},
		{"-d", "-6", "route", "show", "table", "all"},
		{"-d", "route", "show", "table", "100"},
		{"-d", "route", "get", "192.0.2.7"},
		{"-d", "route", "get", "fibmatch", "192.0.2.7"},
		{"-d", "-6", "route", "get", "2001:db8:100::1"},
		{"-d", "rule"},
		{"-d", "-6", "rule"},
		{"-d", "nexthop"},
		{"-d", "neigh"},
	}
	for _, args := range tests {
		for _, json := range []bool{false, true} {
			full := args
			if json {
				full = append([]string{"-j"}, args...)
			}
			t.Run(strings.Join(full, " "), func(t *testing.T) {
				var want, got string
				for attempt := range 3 {
					if attempt > 0 {
						time.Sleep(time.Second)
					}
					want = normalizeIPText(ns.IP(t, full...))
					var stdout, stderr bytes.Buffer
					code := run(t.Context(), append([]string{"-n", ns.Name}, full...), &stdout, &stderr)
					require.Equal(t, 0, code, stderr.String())
					got = normalizeIPText(stdout.String())
					if got == want {
						return
					}
				}
				require.Equal(t, want, got)
			})
		}
	}
}
