package main

import (
	"testing"

	"github.com/rtnlx/rtnlx/internal/nstest"
)

// packetShows are show forms in the AF_PACKET family (-0, -family link
// and its abbreviations), compared text and -j: link as ever, addr's
// links without addresses, nothing for route, neigh and nexthop, and
// ip's answers to what takes a prefix or a bad family.
var packetShows = []string{
	"-0 link", "-0 link show v0", "-0 -br link", "-0 -o link", "-0 -d link show v0",
	"-0 addr", "-0 addr show dev v0", "-0 -br addr", "-0 -o addr", "-0 -d addr show dev v0",
	"-0 addr show up", "-0 addr show master br0", "-0 addr show dev tap0", "-0 -s addr show dev lo",
	"-0 addr show 10.1.0.1", "-0 addr show to 10.1.0.1",
	"-0 route", "-0 route show table all", "-0 route show 10.1.0.0/24", "-0 route get 10.1.0.5",
	"-0 route get from 10.1.0.1 10.1.0.5",
	"-0 neigh", "-0 neigh show nud all", "-0 neigh show proxy", "-0 nexthop", "-0 netns",
	"-f link link", "-f link addr", "-fam link addr show dev v0", "-family link -br addr",
	"-f link route", "-f link neigh show nud all", "-f bogus link", "-f ipv4 route", "-f inet6 route",
	"-0 -4 route", "-4 -0 route", "-6 -f link addr show dev v0",
}

// packetSteps are changes in the AF_PACKET family applied to twin
// namespaces: link changes as ever, ip's refusals of a prefix, of an
// address flush, and the route and neighbour flushes that find nothing.
var packetSteps = []string{
	"-0 link set v1 mtu 1400",
	"-f link link set v1 down",
	"-0 link add d0 type dummy",
	"-0 addr add 10.1.0.9/24 dev v0",
	"-0 addr add 10.1.0.9/24 peer 10.1.0.10 dev v0",
	"-0 addr del 10.1.0.1/24 dev v0",
	"-0 addr replace 10.1.0.1/24 dev v0",
	"-0 addr flush dev v1",
	"-0 addr flush",
	"-0 route add 10.9.0.0/24 dev v0",
	"-0 route add 10.9.0.0/24 from 10.1.0.1 dev v0",
	"-0 route del 10.1.0.0/24 dev v0",
	"-0 route flush dev v0",
	"-0 route flush table main",
	"-0 neigh flush dev v0",
	"-0 neigh flush nud all",
	"-0 rule add from 10.3.0.0/16 table 7",
	"-f link route add 10.9.0.0/24 dev v0",
	"-f link addr add 10.1.0.9/24 dev v0",
	"-0 -6 addr add 2001:db8:9::1/64 dev v0 nodad",
}

// TestPacketFamilyMatchIP compares ipinfo with ip under -0 and -family
// link: the show forms on one namespace, the changes on twins (the same
// answers, and the same namespaces dumped with ip -j after each).
func TestPacketFamilyMatchIP(t *testing.T) {
	ns := newNeighSelectNS(t, "ippk")
	compareLines(t, ns, packetShows)
	ipNS, ourNS := newNeighSelectNS(t, "ippka"), newNeighSelectNS(t, "ippkb")
	requireFlushesMatchIP(t, ipNS, ourNS, packetSteps, "namespace", func(ns *nstest.NS) string { return stateOf(t, ns) })
}

// familySteps are changes whose addresses are not all of the family ip
// reads them in: -4 or -6, else the family of the first address, which
// ip makes the request's (get_prefix's and get_addr's refusals).
var familySteps = []string{
	"-6 addr add 10.1.0.9/24 dev v0", "-4 addr add 2001:db8:7::1/64 dev v0",
	"-4 addr add 10.1.0.9/24 peer 2001:db8::5 dev v0", "addr add 10.1.0.9/24 peer 2001:db8::5 dev v0",
	"addr add 10.1.0.9/24 brd 2001:db8::ff dev v0", "-6 addr del 10.1.0.1/24 dev v0",
	"-4 route add 2001:db8:9::/64 dev v0", "-6 route add 10.9.0.0/24 dev v0",
	"route add 10.9.0.0/24 via 2001:db8:1::2 dev v0", "route add via 2001:db8:1::2 10.9.0.0/24 dev v0",
	"route add 10.9.0.0/24 src 2001:db8:1::1 dev v0", "route add 2001:db8:9::/64 from 10.0.0.0/8 dev v0",
	"route add 10.9.0.0/24 via inet6 2001:db8:1::2 dev v0", "-4 route add 10.9.1.0/24 via inet6 2001:db8:1::3 dev v0",
	"-4 rule add from 2001:db8::/32 table 7", "-6 rule add from 10.0.0.0/8 table 7", "-6 rule add to 10.0.0.0/8 table 7",
	"-4 route get 2001:db8:1::5", "-6 route get 10.1.0.5", "route get 10.1.0.5 from 2001:db8:1::1",
	"route get from 10.1.0.1 2001:db8:1::5",
}

// TestMixedFamiliesMatchIP applies familySteps with ip and with ipinfo
// to twin namespaces: the same answers and namespaces after each.
func TestMixedFamiliesMatchIP(t *testing.T) {
	ipNS, ourNS := newTwins(t)
	requireFlushesMatchIP(t, ipNS, ourNS, familySteps, "namespace", func(ns *nstest.NS) string { return stateOf(t, ns) })
}
