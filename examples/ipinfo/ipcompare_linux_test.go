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

// extraState adds to nstest.Populate's namespace what the comparison
// also needs to see: finite and deprecated lifetimes, noprefixroute, a
// static route with a metric, an onlink route, a source-specific IPv6
// route, IPv6 multipath, an IPv6 unreachable route, a route with a
// preferred source in another table, a link in a device group and in
// dormant mode, an IPv6 route with a preference and an expiry, a router
// neighbour, and a NOARP neighbour that both tools must hide.
var extraState = []string{
	"rule add from 10.0.0.0/8 to 192.168.0.0/16 table 100 pref 100",
	"rule add not fwmark 0x10/0xff iif veth0 lookup 200 pref 200",
	"rule add uidrange 100-200 ipproto tcp dport 80-90 sport 22 table 5 pref 400",
	"addr add 10.3.0.1/24 dev veth0 valid_lft 1000 preferred_lft 500 noprefixroute",
	"addr add 2001:db8:3::1/64 dev veth0 valid_lft 2000 preferred_lft 0 nodad",
	"link set br0 txqlen 500",
	"link set br0 group 7 mode dormant",
	"route add 10.7.0.0/16 via 10.1.0.254 dev veth0 proto static metric 10",
	"route add 10.8.0.0/16 via 10.99.0.1 dev veth0 onlink",
	"route add 2001:db8:300::/48 from 2001:db8:1::/64 via 2001:db8:1::fe dev veth0",
	"route add 2001:db8:400::/48 nexthop via 2001:db8:1::fe dev veth0 weight 1 nexthop via 2001:db8:2::fe dev br0 weight 2",
	"route add unreachable 2001:db8:500::/48",
	"route add 2001:db8:600::/48 via 2001:db8:1::fe dev veth0 expires 600 pref high",
	"route add 10.10.0.0/16 dev veth0 table 200 src 10.1.0.1 scope link",
	"neigh add 10.1.0.13 lladdr 02:00:5e:10:01:0d dev veth0 nud noarp",
	"neigh add 2001:db8:1::13 lladdr 02:00:5e:10:01:13 dev veth0 router nud stale",
}

// TestJSONMatchesIP runs `ipinfo -j -n NS X` in-process and `ip -n NS -j X`
// for every listing and compares them on every field ip prints (see
// compareLists for the few it may skip and the lifetime slack).
func TestJSONMatchesIP(t *testing.T) {
	ns := nstest.New(t, "ipix")
	nstest.Populate(t, ns)
	ns.Batch(t, extraState)

	tests := []struct {
		args []string
		key  jsonKey
	}{
		{[]string{"link"}, linkKey},
		{[]string{"link", "show", "dev", "veth1"}, linkKey},
		{[]string{"-s", "link"}, linkKey},
		{[]string{"-s", "-s", "link", "show", "dev", "veth1"}, linkKey},
		{[]string{"addr"}, linkKey},
		{[]string{"-4", "addr"}, linkKey},
		{[]string{"-6", "addr"}, linkKey},
		{[]string{"addr", "show", "dev", "veth0"}, linkKey},
		{[]string{"route"}, routeKey},
		{[]string{"-4", "route"}, routeKey},
		{[]string{"-6", "route"}, routeKey},
		{[]string{"route", "show", "table", "all"}, routeKey},
		{[]string{"-4", "route", "show", "table", "all"}, routeKey},
		{[]string{"-6", "route", "show", "table", "all"}, routeKey},
		{[]string{"route", "show", "table", "100"}, routeKey},
		{[]string{"route", "show", "table", "local"}, routeKey},
		{[]string{"route", "show", "dev", "veth0"}, routeKey},
		{[]string{"neigh"}, neighKey},
		{[]string{"-4", "neigh"}, neighKey},
		{[]string{"-6", "neigh"}, neighKey},
		{[]string{"neigh", "show", "dev", "veth0"}, neighKey},
		{[]string{"neigh", "show", "nud", "all"}, neighKey},
		{[]string{"-6", "neigh", "show", "nud", "noarp", "nud", "permanent"}, neighKey},
		{[]string{"rule"}, ruleKey},
		{[]string{"route", "get", "192.0.2.7"}, routeKey},
		{[]string{"route", "get", "10.1.0.1", "oif", "veth0"}, routeKey},
		{[]string{"route", "get", "fibmatch", "203.0.113.130"}, routeKey},
		{[]string{"-6", "route", "get", "2001:db8:100::1"}, routeKey},
		{[]string{"-6", "rule", "show"}, ruleKey},
	}
	for _, tt := range tests {
		name := strings.Join(tt.args, " ")
		t.Run(name, func(t *testing.T) {
			// Operational states and neighbour states can still be moving
			// right after setup; a difference must persist over three
			// reads to count.
			var diffs []string
			for attempt := range 3 {
				if attempt > 0 {
					time.Sleep(time.Second)
				}
				ours := ipinfoJSON(t, ns.Name, tt.args...)
				theirs := ns.IPJSON(t, tt.args...)
				require.NotEmpty(t, theirs, "ip printed nothing for %q: the fixture is missing", name)
				diffs = compareLists(tt.args[len(tt.args)-1], theirs, ours, tt.key)
				if len(diffs) == 0 {
					return
				}
				t.Logf("attempt %d: %d differences", attempt+1, len(diffs))
			}
			t.Errorf("ipinfo -j %s differs from ip -j %s:\n%s", name, name, strings.Join(diffs, "\n"))
		})
	}
}

// ipinfoJSON runs ipinfo in-process and decodes its JSON array.
func ipinfoJSON(t *testing.T, netns string, args ...string) []map[string]any {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(t.Context(), append([]string{"-j", "-n", netns}, args...), &stdout, &stderr)
	require.Equal(t, 0, code, "ipinfo %v failed: %s", args, stderr.String())
	require.Empty(t, stderr.String())
	var objs []map[string]any
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &objs), "ipinfo -j %v printed invalid JSON:\n%s", args, stdout.String())
	return objs
}

// TestTextMatchesIP checks the text forms against ip's own: the full
// form of link and addr, with -o, -s and -s -s, the brief form (-br),
// `ip route` and `ip neigh` (ip's trailing spaces aside, and the seconds
// left before a route expires, which count down between the two reads).
func TestTextMatchesIP(t *testing.T) {
	ns := nstest.New(t, "ipix")
	nstest.Populate(t, ns)
	ns.Batch(t, extraState)
	tests := []struct {
		ours, theirs []string
	}{
		{[]string{"link"}, []string{"link"}},
		{[]string{"link", "show", "dev", "veth0"}, []string{"link", "show", "dev", "veth0"}},
		{[]string{"-o", "link"}, []string{"-o", "link"}},
		{[]string{"-s", "link"}, []string{"-s", "link"}},
		{[]string{"-s", "-s", "link"}, []string{"-s", "-s", "link"}},
		{[]string{"-br", "link"}, []string{"-br", "link"}},
		{[]string{"addr"}, []string{"addr"}},
		{[]string{"a", "s", "veth0"}, []string{"a", "s", "veth0"}},
		{[]string{"-4", "addr"}, []string{"-4", "addr"}},
		{[]string{"-6", "addr"}, []string{"-6", "addr"}},
		{[]string{"-o", "addr"}, []string{"-o", "addr"}},
		{[]string{"-s", "addr"}, []string{"-s", "addr"}},
		{[]string{"-br", "addr"}, []string{"-br", "addr"}},
		{[]string{"route"}, []string{"route"}},
		{[]string{"route", "show", "table", "all"}, []string{"route", "show", "table", "all"}},
		{[]string{"neigh"}, []string{"neigh"}},
		{[]string{"rule"}, []string{"rule"}},
		{[]string{"-6", "rule"}, []string{"-6", "rule"}},
		{[]string{"route", "get", "192.0.2.7"}, []string{"route", "get", "192.0.2.7"}},
		{[]string{"r", "g", "10.1.0.5", "from", "10.1.0.1", "mark", "20"}, []string{"r", "g", "10.1.0.5", "from", "10.1.0.1", "mark", "20"}},
		{[]string{"route", "get", "10.1.0.1"}, []string{"route", "get", "10.1.0.1"}},
		{[]string{"route", "get", "fibmatch", "192.0.2.7"}, []string{"route", "get", "fibmatch", "192.0.2.7"}},
		{[]string{"route", "get", "fibmatch", "203.0.113.130"}, []string{"route", "get", "fibmatch", "203.0.113.130"}},
		{[]string{"route", "get", "2001:db8:100::1"}, []string{"route", "get", "2001:db8:100::1"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.ours, " "), func(t *testing.T) {
			var want, got string
			for attempt := range 3 {
				if attempt > 0 {
					time.Sleep(time.Second)
				}
				want = normalizeIPText(ns.IP(t, tt.theirs...))
				var stdout, stderr bytes.Buffer
				code := run(t.Context(), append([]string{"-n", ns.Name}, tt.ours...), &stdout, &stderr)
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

// expiresText matches a route's time left, which counts down between
// ip's read and ipinfo's.
var expiresText = regexp.MustCompile(` expires -?[0-9]+sec`)

// lifetimeTextRE matches an address's finite lifetimes, which count down
// too.
var lifetimeTextRE = regexp.MustCompile(`(valid|preferred)_lft [0-9]+sec`)

// normalizeIPText drops trailing spaces (ip prints some) and makes the
// seconds left before a route expires the same word in both outputs.
func normalizeIPText(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		l = expiresText.ReplaceAllString(strings.TrimRight(l, " "), " expires Nsec")
		lines[i] = lifetimeTextRE.ReplaceAllString(l, "${1}_lft Nsec")
	}
	return strings.Join(lines, "\n")
}

// TestOverviewInNamespace runs plain `ipinfo` (and -j) against a
// namespace: every link, address and main route must appear.
func TestOverviewInNamespace(t *testing.T) {
	ns := nstest.New(t, "ipix")
	fx := nstest.Populate(t, ns)
	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, run(t.Context(), []string{"-n", ns.Name}, &stdout, &stderr), stderr.String())
	out := stdout.String()
	for _, l := range fx.Links() {
		require.Contains(t, out, l.Name)
	}
	for _, a := range fx.Addrs {
		require.Contains(t, out, a.Prefix.Addr().String())
	}
	require.Contains(t, out, "ROUTES (main table)")
	require.Contains(t, out, "192.0.2.0/24 via 10.1.0.254 dev veth0")
	require.Contains(t, out, "2001:db8:100::/48 via 2001:db8:1::fe dev veth0")
	require.NotContains(t, out, "198.51.100.0/24", "table 100 is not the main table")

	stdout.Reset()
	require.Equal(t, 0, run(t.Context(), []string{"-j", "-n", ns.Name}, &stdout, &stderr), stderr.String())
	var decoded struct {
		Links  []map[string]any `json:"links"`
		Routes []map[string]any `json:"routes"`
	}
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &decoded))
	require.Len(t, decoded.Links, len(fx.Links())+1, "the fixture's links and lo")
	require.NotEmpty(t, decoded.Routes)
}

// TestErrorsInNamespace checks the one-line messages for a dev filter
// naming no link: ip's own, as ip -n prints it.
func TestErrorsInNamespace(t *testing.T) {
	ns := nstest.New(t, "ipix")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"addr", "show", "dev", "nope0"}, `Device "nope0" does not exist.`},
		{[]string{"link", "show", "nope0"}, `Device "nope0" does not exist.`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			require.Equal(t, 1, run(t.Context(), append([]string{"-n", ns.Name}, tt.args...), &stdout, &stderr))
			require.Equal(t, tt.want+"\n", stderr.String())
			require.Empty(t, stdout.String(), "no half-written output")
		})
	}
}
