package main

import (
	"fmt"
	"net"
	"net/netip"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/nstest"
)

// This file compares `ipinfo route show|flush SELECTOR` with ip's, in
// namespaces holding routes of every kind the selectors tell apart.

// routeSelectFixture is the namespace the selectors run against: nested
// IPv4 prefixes, two default routes per family, several tables,
// protocols, scopes and types, gateways of both families, preferred
// sources, metrics, TOS and DS field values, realms, multipath routes, a
// source-specific IPv6 route and an IPv6 local route in main.
var routeSelectFixture = []string{
	"link add v0 address 02:00:00:00:00:01 type veth peer name v1 address 02:00:00:00:00:02",
	"link add v2 address 02:00:00:00:00:03 type veth peer name v3 address 02:00:00:00:00:04",
	"link set v0 up",
	"link set v1 up",
	"link set v2 up",
	"link set v3 up",
	"addr add 10.1.0.1/24 dev v0",
	"addr add 10.2.0.1/24 dev v2",
	"addr add 2001:db8:1::1/64 dev v0 nodad",
	"addr add 2001:db8:2::1/64 dev v2 nodad",
	"route add 10.0.0.0/8 via 10.1.0.254",
	"route add 10.10.0.0/16 via 10.1.0.254 proto static metric 10",
	"route add 10.10.1.0/24 via 10.2.0.254 dev v2 proto bird",
	"route add 10.10.1.128/25 dev v2 scope link",
	"route add 10.10.1.7 via 10.1.0.254",
	"route add 10.20.0.0/16 dev v0 src 10.1.0.1 metric 100",
	"route add 10.20.0.0/16 dev v2 metric 200",
	"route add default via 10.1.0.254 metric 50",
	"route add default via 10.2.0.254 metric 100",
	"route add 10.30.0.0/16 tos 0x10 via 10.1.0.254",
	"route add 10.30.0.0/16 via 10.2.0.254",
	"route add 10.31.0.0/16 tos 0x20 via 10.1.0.254",
	"route add blackhole 10.40.0.0/16",
	"route add unreachable 10.41.0.0/16",
	"route add prohibit 10.42.0.0/16 proto static",
	"route add throw 10.43.0.0/16",
	"route add 10.50.0.0/16 via inet6 2001:db8:1::fe dev v0",
	"route add 10.60.0.0/16 nexthop via 10.1.0.254 dev v0 nexthop via 10.2.0.254 dev v2",
	"route add 10.80.0.0/16 via 10.1.0.254 realm 5",
	"route add 10.81.0.0/16 via 10.1.0.254 realms 3/4",
	"route add 10.82.0.0/16 via 10.1.0.254 realms 3/0",
	"route add 10.90.0.0/16 dev v0 scope host",
	"route add 10.91.0.0/16 via 10.1.0.254 mtu 1400 advmss 1300",
	"route add 198.51.100.0/24 via 10.1.0.254 table 100",
	"route add default via 10.2.0.254 table 100",
	"route add local 10.99.0.1 dev v0 table 100",
	"route add broadcast 10.99.0.255 dev v0 table 100 proto kernel scope link src 10.1.0.1",
	"route add 10.70.0.0/16 dev v0 proto kernel scope link src 10.1.0.1 table 200",
	"route add 2001:db8:100::/48 via 2001:db8:1::fe",
	"route add 2001:db8:100:1::/64 via 2001:db8:2::fe dev v2 metric 5 proto static",
	"route add 2001:db8:200::/48 from 2001:db8:1::/64 via 2001:db8:1::fe",
	"route add default via 2001:db8:1::fe metric 1024",
	"route add default via 2001:db8:2::fe metric 2048",
	"route add unreachable 2001:db8:300::/48",
	"route add blackhole 2001:db8:301::/48",
	"route add prohibit 2001:db8:302::/48 metric 7",
	"route add 2001:db8:400::/48 dev v0 table 100",
	"route add 2001:db8:500::/48 dev v0 src 2001:db8:1::1",
	"route add 2001:db8:600::/48 nexthop via 2001:db8:1::fe dev v0 nexthop via 2001:db8:2::fe dev v2",
	"route add local 2001:db8:1::99 dev v0 table main",
}

// newRouteSelectNS makes a namespace holding routeSelectFixture.
func newRouteSelectNS(t *testing.T, prefix string) *nstest.NS {
	ns := nstest.New(t, prefix)
	// Link-local addresses (and their local routes) at once, not after
	// duplicate address detection, at a moment of its own in each.
	ns.Exec(t, "sh", "-c", "echo 0 > /proc/sys/net/ipv6/conf/default/accept_dad && echo 0 > /proc/sys/net/ipv6/conf/all/accept_dad")
	ns.Batch(t, routeSelectFixture)
	mac := func(s string) net.HardwareAddr { m, _ := net.ParseMAC(s); return m }
	ip := netip.MustParseAddr
	v0, v1 := mac("02:00:00:00:00:01"), mac("02:00:00:00:00:02")
	notes := []pmtuNote{
		{dev: "v1", to: v0, fromMAC: v1, from: ip("10.1.0.254"), local: ip("10.1.0.1"), dst: ip("10.0.0.9"), mtu: 1300},
		{dev: "v1", to: v0, fromMAC: v1, from: ip("10.1.0.254"), local: ip("10.1.0.1"), dst: ip("10.20.5.5"), mtu: 1400},
		{dev: "v1", to: v0, fromMAC: v1, from: ip("2001:db8:1::fe"), local: ip("2001:db8:1::1"), dst: ip("2001:db8:100::5"), mtu: 1400},
		{dev: "v1", to: v0, fromMAC: v1, from: ip("2001:db8:1::fe"), local: ip("2001:db8:1::1"), dst: ip("2001:db8:500::9"), mtu: 1350},
	}
	// The kernel handles the notes as they arrive, and may let the
	// first IPv4 one pass (the route is not cached yet): send them
	// until the cache holds them all.
	for range 20 {
		sendPMTU(t, ns, notes...)
		time.Sleep(20 * time.Millisecond)
		v4, v6 := ns.IP(t, "route", "show", "cache"), ns.IP(t, "-6", "route", "show", "cache")
		if strings.Contains(v4, "10.0.0.9") && strings.Contains(v4, "10.20.5.5") && strings.Contains(v6, "2001:db8:100::5") && strings.Contains(v6, "2001:db8:500::9") {
			return ns
		}
	}
	t.Fatalf("the route cache of %s holds no path MTU from the notes sent:\n%s%s", ns.Name, ns.IP(t, "route", "show", "cache"), ns.IP(t, "-6", "route", "show", "cache"))
	return ns
}

// routeShowSelectors are the command lines compared, each in text and
// with -j: every selector keyword, their abbreviations, the families a
// prefix implies or -4/-6 forces, combinations, and the values ip
// refuses (message and exit status).
var routeShowSelectors = []string{
	// verbs
	"route", "route show", "route list", "route lst", "r s", "ro l", "route sh", "route bogus",
	// tables
	"route show table all", "route show table main", "route show table local", "route show table 100",
	"route show tab 200", "route show t 0", "route show table unspec", "route show table 0x64",
	"route show table 77", "route show table default", "route show table bogus", "route show table",
	"-4 route show table all", "-6 route show table all", "-6 route show", "-6 route show table main",
	"-6 route show table local", "-6 route show table 100", "-6 route show table 77",
	// destinations: exact (bare, to, exact), root, match
	"route show 10.10.0.0/16", "route show to 10.10.0.0/16", "route show exact 10.10.0.0/16",
	"route show to exact 10.10.0.0/16", "route show e 10.10.1.128/25", "route show 10.10.1.7",
	"route show 10.10.1.7/32", "route show 10/8", "route show 10.0.0.0/255.0.0.0", "route show 012.0.0.0/8",
	"route show 0x0a.10.0.0/0x10", "route show 10.10.0.0/16 10.0.0.0/8",
	"route show root 10.10.0.0/16", "route show to root 10.10.0.0/16", "route show ro 10/8",
	"route show root 10.10.1.0/24", "route show root 0/0",
	"route show match 10.10.1.7", "route show to match 10.10.1.0/24", "route show ma 10.10.1.200",
	"route show match 10.99.0.1", "route show match 10.10.0.0/15",
	"route show default", "route show to default", "route show root default", "route show match default",
	"route show all", "route show any", "route show root all", "-4 route show all", "-4 route show any",
	"-4 route show default", "route show table all default", "route show table all all",
	"route show 2001:db8:100::/48", "route show table all 2001:db8:100::/48",
	"route show table all root 2001:db8::/32", "-6 route show 2001:db8:100::/48",
	"-6 route show root 2001:db8:100::/48", "-6 route show match 2001:db8:100:1::5",
	"-6 route show default", "-6 route show root ::/0", "-6 route show 2001:db8:1::99",
	"route show default/0", "route show 10.0.0.0/33", "route show 10.0.0.256", "route show 10.", "route show bogus",
	"route show help", "route show 1.2.3.4.5", "-6 route show 10.0.0.0/8", "-4 route show 2001:db8::/32",
	"route show fe80::1%v0", "route show to", "route show root", "route show to match",
	// sources
	"-6 route show from 2001:db8:1::/64", "-6 route show from root 2001:db8::/32",
	"-6 route show from match 2001:db8:1::5", "-6 route show from exact 2001:db8:1::/64",
	"-6 route show from 2001:db8:1::/48", "-6 route show from all", "-6 route show f ro 2001:db8:1::/64",
	"-6 route show from default", "route show from 10.0.0.0/8", "route show table all from root 2001:db8::/16",
	"route show from", "route show from root",
	// protocol
	"route show protocol static", "route show proto boot", "route show pro kernel", "route show pr bird",
	"route show protocol all", "route show proto 4", "route show proto 0x4", "route show proto 256",
	"route show protocol xx", "-6 route show proto kernel", "route show table all proto kernel",
	"route show proto",
	// scope
	"route show scope link", "route show scope host", "route show scope global", "route show scope all",
	"route show scope 253", "route show sc link", "route show scope nowhere", "route show scope bogus",
	"route show table all scope host", "-j route show table all scope link", "route show scope universe",
	// type
	"route show type unreachable", "route show type blackhole", "route show type prohibit",
	"route show type throw", "route show table all type local", "route show table 100 type broadcast",
	"route show ty unicast", "route show type u", "route show type b", "route show type brd",
	"route show type 7", "route show type bogus", "-6 route show type unreachable",
	"-6 route show table all type multicast", "-6 route show table all type local",
	"route show table all type local", "route show type 300",
	// tos
	"route show tos 0x10", "route show tos 10", "route show tos CS1", "route show dsfield 0x20",
	"route show ds 0", "route show tos 0", "route show tos default", "route show tos zz", "route show tos 0x100",
	// devices
	"route show dev v2", "route show dev v0", "route show oif v2", "route show dev v0 dev v2",
	"route show dev nope", "route show iif v0", "route show iif nope", "-6 route show dev lo",
	"route show table all dev lo", "route show dev",
	// mark, metric
	"route show mark 0", "route show mark 1", "route show mark 0x0", "route show mark x",
	"route show metric 100", "route show metric 0", "route show priority 10", "route show preference 50",
	"route show m 50", "route show pri 10", "route show metric x", "-6 route show metric 1024",
	"-6 route show metric 256",
	// via
	"route show via 10.1.0.254", "route show via 10.1.0.0/24", "route show via 10.2.0.254",
	"route show via inet 10.1.0.254", "route show via inet6 2001:db8:1::fe",
	"route show via inet6 2001:db8:1::/64", "route show via 2001:db8:1::fe", "-6 route show via 2001:db8:1::fe",
	"-6 route show via 2001:db8:2::/64", "route show via default", "-4 route show via default",
	"-4 route show via 0/0", "route show via 0.0.0.0/1", "route show via link 00:11",
	"route show via bogus", "route show via inet 2001:db8:1::fe", "route show via", "route show via inet6",
	"route show table all via 10.2.0.254",
	// src
	"route show src 10.1.0.1", "route show src 10.1.0.0/24", "route show src 10.2.0.1",
	"-6 route show src 2001:db8:1::1", "route show table all src 127.0.0.1", "route show src bogus",
	"route show src default", "-4 route show src 0/0",
	// realms
	"route show realms 5", "route show realms 3/", "route show realms 3/4", "route show realms 4",
	"route show realms 0x30004", "route show realms 0/4", "route show realms cosmos/4",
	"route show realms 3/cosmos", "route show realm 5", "route show realms /4", "route show realms x",
	// vrf
	"route show vrf default", "route show vrf nope", "route show vrf v0", "route show vrf default table all",
	"route show table all vrf default",
	// combinations
	"route show root 10.0.0.0/8 proto static", "route show match 10.10.1.7 dev v0",
	"route show table all proto kernel scope host", "route show table 100 dev v0",
	"route show dev v0 table all", "route show root 10/8 via 10.1.0.254 metric 10",
	"route show proto static scope global type unicast", "-6 route show root 2001:db8::/32 proto static",
	"route show table all root 10.99.0.0/24 type local", "route show 10.30.0.0/16 tos 0x10",
	"route show match 10.20.1.1 dev v2 metric 200", "route show table all scope link src 10.1.0.1",
	"-4 route show table all scope link proto kernel dev v0",
	// the cache
	"route show cache", "route show cached", "route show cloned", "route show table cache", "-6 route show cache",
	"route show table all cache", "route show cache 10.0.0.9", "route show cache root 10.20.0.0/16",
	"-6 route show cache match 2001:db8:100::5", "-6 route show c root 2001:db8::/32 dev v0", "route show cache via 10.1.0.254",
	"-d route show cache", "-d -6 route show cache",
	// details: what -d adds, less what the selectors fix
	"-d route show proto static", "-d route show table all type local", "-d route show scope link",
	"-d route show table 100", "-d -6 route show via 2001:db8:1::fe",
	// one line per route: next hops too
	"-o route show", "-o -6 route show", "-o route show cache",
	// the abbreviations that resolve to another keyword first
	"route show t all", "route show pr all", "route show s link", "route show d 0x10", "route show r 5",
	"route show ty local", "route show v default",
}

// runSelectorCase runs one command line with ip and with ipinfo and
// returns both answers as comparable text: exit status, stdout (ip's
// trailing spaces dropped) and stderr.
func runSelectorCase(t *testing.T, ns *nstest.NS, line string) (want, got string) {
	t.Helper()
	args := strings.Fields(line)
	format := func(code int, out, errOut string) string {
		out = expiresJSON.ReplaceAllString(normalizeIPText(out), `"expires":N`)
		return fmt.Sprintf("exit %d\n%s\nstderr:\n%s", code, out, errOut)
	}
	return format(runIP(t, ns, nil, args...)), format(runOurs(t, ns, args...))
}

// expiresJSON matches the seconds a cached route has left, which count
// down between two reads.
var expiresJSON = regexp.MustCompile(`"expires":-?[0-9]+`)

// TestRouteShowSelectorsMatchIP compares `ipinfo [-j] route show
// SELECTOR` with ip's for every line of routeShowSelectors.
func TestRouteShowSelectorsMatchIP(t *testing.T) {
	ns := newRouteSelectNS(t, "iprs")
	for _, sel := range routeShowSelectors {
		for _, line := range []string{sel, "-j " + sel} {
			t.Run(line, func(t *testing.T) {
				var want, got string
				// Routes over links that just came up may still say
				// linkdown: a difference must persist to count.
				for attempt := range 3 {
					if attempt > 0 {
						time.Sleep(300 * time.Millisecond)
					}
					if want, got = runSelectorCase(t, ns, line); want == got {
						return
					}
				}
				require.Equal(t, want, got, "ip (left) and ipinfo (right) differ for %q", line)
			})
		}
	}
}

// routeFlushSteps are the flushes applied in turn to twin namespaces:
// each must answer as ip does and leave the same routes. -s prints the
// rounds, -s -s the routes deleted.
var routeFlushSteps = []string{
	"route flush",
	"route flush bogus",
	"route flush table 77",
	"-6 route flush table 77",
	"route flush dev nope",
	"route flush proto xx",
	"route flush 10.10.1.7",
	"-s route flush root 10.10.0.0/16 proto bird",
	"-s route flush root 10.10.0.0/16 proto bird",
	"route flush type blackhole",
	"route flush table all type prohibit",
	"-s -s route flush via 10.2.0.254",
	"route flush tos 0x10",
	"route flush realms 3/",
	"route flush metric 100",
	"-6 route flush from 2001:db8:1::/64",
	"-6 route flush via 2001:db8:1::fe",
	"-6 route flush table main",
	"route flush table 100 type local",
	"route flush table 200",
	"r f match 10.90.1.1 scope host",
	"-s -s -j route flush via inet6 2001:db8:1::fe",
	"-6 route flush cache match 2001:db8:100::5",
	"-s -6 route flush cache",
	"-s route flush cache",
	"route flush table all scope host",
	"route flush table all",
}

// TestRouteFlushSelectorsMatchIP applies routeFlushSteps with ip and
// with ipinfo to twin namespaces built from routeSelectFixture: the same
// exit status, messages and output, and the same routes left after each.
func TestRouteFlushSelectorsMatchIP(t *testing.T) {
	ipNS, ourNS := newRouteSelectNS(t, "iprfa"), newRouteSelectNS(t, "iprfb")
	routes := func(ns *nstest.NS) string {
		return sortedRecords(ns.IP(t, "-d", "route", "show", "table", "all")+ns.IP(t, "-d", "route", "show", "table", "all", "type", "local")) +
			"\ncache:\n" + normalizeIPText(ns.IP(t, "route", "show", "cache")+ns.IP(t, "-6", "route", "show", "cache"))
	}
	requireFlushesMatchIP(t, ipNS, ourNS, routeFlushSteps, "routes", routes)
	require.Empty(t, strings.TrimSpace(ourNS.IP(t, "-4", "route", "show", "table", "all")), "the last flush leaves no IPv4 route")
}

// sortedRecords sorts ip's route lines, each with the nexthop lines
// under it: the kernel lists routes whose links came up at different
// moments in different orders.
func sortedRecords(s string) string {
	var recs []string
	for _, l := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		if strings.HasPrefix(l, "\t") && len(recs) > 0 {
			recs[len(recs)-1] += "\n" + l
			continue
		}
		recs = append(recs, l)
	}
	sort.Strings(recs)
	return strings.Join(recs, "\n")
}
