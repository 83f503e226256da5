package main

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/nstest"
)

// This file compares `ipinfo link show|addr show|addr flush SELECTOR`
// with ip's, in namespaces holding links of several kinds, masters and
// groups, and addresses of both families with labels, scopes, finite
// lifetimes, secondaries and the IPv6 states that can be made here.

// ifaSelectFixture is the namespace: veth pairs, a bridge with three
// ports (a veth end, another, a tap), a tun, an ifb and a macvlan; two
// links in group 5; some up, some down; IPv4 primaries and secondaries
// with labels, a link-scope and a host-scope address, a peer address, a
// dynamic address; IPv6 addresses that are nodad, deprecated, dynamic,
// noprefixroute, and one left tentative on a link without carrier.
var ifaSelectFixture = []string{
	"link add v0 address 02:00:00:00:00:01 type veth peer name v1 address 02:00:00:00:00:02",
	"link add v2 address 02:00:00:00:00:03 type veth peer name v3 address 02:00:00:00:00:04",
	"link add br0 address 02:00:00:00:00:10 type bridge",
	"link set v1 master br0",
	"link set v3 master br0",
	"tuntap add tap0 mode tap",
	"tuntap add tun0 mode tun",
	"link set tap0 address 02:00:00:00:00:30 master br0",
	"link add ifb0 address 02:00:00:00:00:40 type ifb",
	"link add mv0 link v0 address 02:00:00:00:00:20 type macvlan mode bridge",
	"link property add dev v0 altname veth-zero",
	"link set v2 group 5",
	"link set mv0 group 5",
	"link set v0 up",
	"link set v1 up",
	"link set br0 up",
	"link set mv0 up",
	"link set tap0 up",
	"addr add 10.1.0.1/24 dev v0",
	"addr add 10.1.0.2/24 dev v0",
	"addr add 10.1.0.3/24 dev v0 label v0:foo",
	"addr add 10.9.0.1/16 dev v0 label v0:bar scope link",
	"addr add 10.1.5.1/24 dev v0 label v0:foo",
	"addr add 192.168.5.1/32 dev br0 scope host",
	"addr add 10.4.0.1/24 dev br0 valid_lft 1000 preferred_lft 500",
	"addr add 2001:db8:1::1/64 dev v0 nodad",
	"addr add 2001:db8:1::2/64 dev v0 nodad preferred_lft 0 valid_lft 3000",
	"addr add 2001:db8:2::1/64 dev tap0",
	"addr add 2001:db8:3::1/64 dev mv0 noprefixroute nodad",
	"addr add 10.5.0.1/24 dev mv0 noprefixroute",
	"addr add 10.6.0.1 peer 10.6.0.2/32 dev tun0",
	"addr add 10.7.0.1/24 dev v2",
	"addr add 10.7.5.1/24 dev v2 metric 12",
	"addr add 2001:db8:7::1/64 dev v2 metric 9",
}

// newIfaSelectNS makes a namespace holding ifaSelectFixture. Duplicate
// address detection is off but on tap0, whose address it leaves
// tentative for good: tap0 has no carrier.
func newIfaSelectNS(t *testing.T, prefix string) *nstest.NS {
	ns := nstest.New(t, prefix)
	ns.Exec(t, "sh", "-c", "echo 0 > /proc/sys/net/ipv6/conf/default/accept_dad && echo 0 > /proc/sys/net/ipv6/conf/all/accept_dad")
	ns.Batch(t, ifaSelectFixture[:8])
	ns.Exec(t, "sh", "-c", "echo 1 > /proc/sys/net/ipv6/conf/tap0/accept_dad")
	ns.Batch(t, ifaSelectFixture[8:])
	return ns
}

// linkShowSelectors are the `link show` lines compared, text and -j.
var linkShowSelectors = []string{
	"link", "link show", "link show up", "link show dev v0", "link show v0", "link show dev v2 up",
	"link show dev v0 up", "link show type bridge", "link show type veth", "link show type tun",
	"link show type ifb", "link show type macvlan", "link show type bogus", "link show type bridge_slave",
	"link show type bogus_slave", "link show master br0", "link show master v0", "link show nomaster",
	"link show master br0 nomaster", "link show nomaster master br0", "link show group 5",
	"link show group default", "link show group 0", "link show group 77", "link show label foo",
	"link show up type veth", "link show up master br0", "link show group 5 up", "link show dev v1 nomaster",
	"link show dev v1 master br0", "link show dev v0 type bridge", "link show dev v2 group 5",
	"link show secondary", "link show scope host", "link show permanent",
	"-br link show up", "-br link show type veth", "-o link show master br0", "-s link show type ifb",
	"-d link show type ifb", "-4 link show up", "-6 link show master br0",
	// errors
	"link show vrf br0", "link show vrf nope", "link show master nope", "link show group bogus",
	"link show v0 v1", "link show dev v0 dev v1", "link show dev nope", "link show nope", "link show type",
	"link show master", "link show group", "link show dev", "link show to 10.0.0.0/8", "link show scope bogus",
	"link show if3", "link show dev if99", "link show veth-zero", "link show dev veth-zero up",
	"-o link show dev veth-zero",
	// the brief, one-line and statistics forms, of all links
	"-br link", "-o link", "-s link show dev ifb0", "-s -s link show dev tun0", "-br -s link show type veth",
	"-br -d link show master br0", "-o -s link show group 5",
}

// addrShowSelectors are the `addr show` lines compared, text and -j.
var addrShowSelectors = []string{
	"addr", "addr show", "addr show dev v0", "addr show v0", "addr show up", "addr show dev v2 up",
	"addr show secondary", "addr show primary", "addr show -secondary", "addr show -primary",
	"addr show temporary", "addr show permanent", "addr show dynamic", "addr show -dynamic",
	"addr show deprecated", "addr show -deprecated", "addr show tentative", "addr show -tentative",
	"addr show dadfailed", "addr show nodad", "addr show noprefixroute", "addr show mngtmpaddr",
	"addr show optimistic", "addr show home", "addr show autojoin", "addr show stable-privacy",
	"addr show scope link", "addr show scope host", "addr show scope global", "addr show scope all",
	"addr show scope 253", "addr show scope bogus",
	"addr show to 10.1.0.0/24", "addr show to 10.1.0.0/16", "addr show to 10.1.0.2", "addr show to 10/8",
	"addr show to 2001:db8::/32", "addr show to 2001:db8:1::1", "addr show to default", "addr show to all",
	"addr show to 10.0.0.0/33", "addr show to bogus", "-6 addr show to 10.0.0.0/8", "-4 addr show to 2001:db8::/32",
	"addr show label v0:*", "addr show label v0", "addr show label 'v0*'", "addr show label v0:f?o",
	"addr show label v0:[fb]*", "addr show label v0:[!f]*", "addr show label nope", "addr show label mv*",
	"addr show group 5", "addr show group default", "addr show master br0", "addr show nomaster",
	"addr show type veth", "addr show type bridge", "addr show type tun", "addr show type bogus",
	"addr show type bridge_slave", "addr show dev v0 type bridge", "addr show dev v1 master br0",
	// families
	"-4 addr", "-6 addr", "-4 addr show up", "-6 addr show up", "-4 addr show secondary", "-6 addr show deprecated",
	"-6 addr show tentative", "-4 addr show dev v0", "-6 addr show dev v0", "-4 addr show scope link",
	"-6 addr show scope link", "-4 addr show label v0*", "-6 addr show label v0*", "-6 addr show master br0",
	"-4 addr show group 5", "-6 addr show type macvlan", "-4 addr show to 10.1.0.0/16",
	// combinations
	"addr show dev v0 secondary", "addr show dev v0 scope link", "addr show dev v0 label v0:foo",
	"addr show up scope global primary", "addr show to 10.1.0.0/16 secondary", "addr show group 5 scope link",
	"addr show label v0* group 5", "addr show master br0 up", "addr show type veth permanent",
	"addr show dev v0 to 10.1.0.0/24 label v0:foo secondary",
	// forms
	"-o addr show secondary", "-o addr show up", "-o addr show group 5", "-o addr show label v0:*",
	"-br addr show up", "-br addr show secondary", "-br addr show group 5", "-s addr show dev v0 primary",
	"-d addr show to 10.1.0.0/24",
	// errors
	"addr show dev nope", "addr show nope", "addr show v0 v1", "addr show master nope", "addr show vrf br0",
	"addr show group bogus", "addr show to", "addr show scope", "addr show label", "addr show type",
	// an alternative name
	"addr show veth-zero", "addr show dev veth-zero primary", "-o addr show dev veth-zero", "-6 addr show dev veth-zero",
	// the brief, one-line and statistics forms, with and without a family
	// or selectors; the counters of links that pass no traffic
	"-br addr", "-o addr", "-s addr show dev tun0", "-s -s addr show dev ifb0", "-s addr show type tun",
	"-br -4 addr", "-br -6 addr", "-o -4 addr", "-o -6 addr show up", "-br addr show label v0:*",
	"-o addr show label v0:*", "-s addr show label mv*", "-br -s addr show dev v0", "-o -s addr show dev tun0",
	"-br addr show dev tun0", "-o addr show dev v0 secondary", "-s -d addr show dev tun0", "-br -d addr show master br0",
	// -6 reads an AF_INET6 link dump: the IPv6 counters in the link's place
	"-s -6 addr", "-s -s -6 addr show up", "-s -6 addr show dev v0",
}

// lifetimeJSON matches a finite lifetime in ip -j, which counts down.
var lifetimeJSON = regexp.MustCompile(`"(valid|preferred)_life_time":([0-9]+)`)

// neighAgesJSON matches a neighbour's ages in ip -j -s, which count up.
var neighAgesJSON = regexp.MustCompile(`"(used|confirmed|updated)":[0-9]+`)

// runIfaCase is runSelectorCase with finite JSON lifetimes and the ages
// of neighbours (-s) made a word: they tick between the two runs, the
// more often the busier the machine (TestNeighShowFormsMatchIP compares
// the ages themselves).
func runIfaCase(t *testing.T, ns *nstest.NS, line string) (want, got string) {
	t.Helper()
	args := strings.Fields(strings.ReplaceAll(line, "'", ""))
	format := func(code int, out, errOut string) string {
		out = lifetimeJSON.ReplaceAllStringFunc(normalizeIPText(out), func(m string) string {
			if strings.HasSuffix(m, ":4294967295") {
				return m
			}
			k, _, _ := strings.Cut(m, ":")
			return k + ":N"
		})
		out = neighAgesJSON.ReplaceAllString(neighAgesText.ReplaceAllString(out, " used N/N/Nprobes"), `"${1}":N`)
		return fmt.Sprintf("exit %d\n%s\nstderr:\n%s", code, out, errOut)
	}
	return format(runIP(t, ns, nil, args...)), format(runOurs(t, ns, args...))
}

// compareLines runs each line, and each with -j, with ip and ipinfo.
func compareLines(t *testing.T, ns *nstest.NS, lines []string) {
	for _, sel := range lines {
		for _, line := range []string{sel, "-j " + sel} {
			t.Run(line, func(t *testing.T) {
				var want, got string
				for attempt := range 3 {
					if attempt > 0 {
						time.Sleep(300 * time.Millisecond)
					}
					if want, got = runIfaCase(t, ns, line); want == got {
						return
					}
				}
				require.Equal(t, want, got, "ip (left) and ipinfo (right) differ for %q", line)
			})
		}
	}
}

// TestLinkAddrShowSelectorsMatchIP compares `ipinfo [-j] link show
// SELECTOR` and `addr show SELECTOR` with ip's.
func TestLinkAddrShowSelectorsMatchIP(t *testing.T) {
	ns := newIfaSelectNS(t, "ipls")
	t.Run("link", func(t *testing.T) { compareLines(t, ns, linkShowSelectors) })
	t.Run("addr", func(t *testing.T) { compareLines(t, ns, addrShowSelectors) })
}

// addrFlushSteps are the flushes applied in turn to twin namespaces:
// each must answer as ip does and leave the same addresses. -s prints
// the rounds, -s -s the addresses deleted.
var addrFlushSteps = []string{
	"addr flush",
	"addr flush dev nope",
	"addr flush scope bogus",
	"addr flush to bogus",
	"addr flush master nope",
	"addr flush v0 v1",
	"addr flush label",
	"-s addr flush label nope",
	"-s addr flush up dev v2 tentative",
	"-s addr flush tentative",
	"-s -s addr flush dev v0 scope link",
	"addr flush deprecated",
	"-s addr flush dev v0 label v0:foo secondary",
	"addr flush group 5 noprefixroute",
	"-s addr flush dev v0 primary",
	"-s -s addr flush to 10.4.0.0/16",
	"-6 addr flush dynamic",
	"addr flush master br0 scope host",
	"-4 addr flush label tun*",
	"-s -s -6 addr flush scope global",
	"addr flush to 10.0.0.0/8",
	"-s addr flush scope all",
}

// TestAddrFlushSelectorsMatchIP applies addrFlushSteps with ip and with
// ipinfo to twin namespaces built from ifaSelectFixture: the same exit
// status, messages and output, and the same addresses left after each.
func TestAddrFlushSelectorsMatchIP(t *testing.T) {
	ipNS, ourNS := newIfaSelectNS(t, "ipafa"), newIfaSelectNS(t, "ipafb")
	addrs := func(ns *nstest.NS) string {
		return lifetimeJSON.ReplaceAllString(ns.IP(t, "-j", "addr"), `"${1}_life_time":N`)
	}
	requireFlushesMatchIP(t, ipNS, ourNS, addrFlushSteps, "addresses", addrs)
	require.NotContains(t, addrs(ourNS), `"local"`, "the last flush leaves no address")
}
