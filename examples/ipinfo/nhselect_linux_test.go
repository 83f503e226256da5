package main

import (
	"testing"
)

// This file compares `ipinfo nexthop show SELECTOR` with ip's in a
// namespace holding nexthops of both families, on a bridge port and
// its bridge, groups, a blackhole and FDB nexthops.

// nexthopSelectFixture adds nexthops to ifaSelectFixture's links.
var nexthopSelectFixture = []string{
	"nexthop add id 1 via 10.1.0.254 dev v0",
	"nexthop add id 2 via 2001:db8:1::fe dev v0",
	"nexthop add id 3 dev v1",
	"nexthop add id 4 dev br0 proto 99",
	"nexthop add id 5 group 1/3",
	"nexthop add id 6 blackhole",
	"nexthop add id 7 via 10.1.0.253 fdb",
	"nexthop add id 8 group 7 fdb",
	"nexthop add id 10 via 10.1.0.252 dev v0 proto static",
}

// nexthopShowSelectors are the `nexthop show` lines compared, text
// and -j.
var nexthopShowSelectors = []string{
	"nexthop", "nexthop show", "nexthop list", "nex s", "-4 nexthop", "-6 nexthop",
	"nexthop show id 1", "nexthop show id 5", "nexthop show id 0x8", "nexthop show id 99", "nexthop show id x",
	"nexthop show id", "nexthop show id 1 bogus", "-6 nexthop show id 1", "nexthop show protocol 4 id 10",
	"nexthop show protocol 4 id 1",
	"nexthop show dev v0", "nexthop show d v0", "nexthop show dev v1", "nexthop show dev br0", "-4 nexthop show dev v0",
	"-6 nexthop show dev v0", "nexthop show dev nope", "nexthop show dev",
	"nexthop show groups", "nexthop show g", "-4 nexthop show groups", "nexthop show groups dev v0",
	"nexthop show master br0", "nexthop show master v0", "nexthop show master nope", "nexthop show vrf br0",
	"nexthop show vrf nope",
	"nexthop show protocol 4", "nexthop show protocol 99", "nexthop show protocol 0", "nexthop show protocol static",
	"nexthop show fdb", "nexthop show fdb groups", "-4 nexthop show fdb",
	"nexthop show bogus", "nexthop show dev v0 protocol 4", "-d nexthop show groups",
}

// TestNexthopShowSelectorsMatchIP compares `ipinfo [-j] nexthop show
// SELECTOR` with ip's.
func TestNexthopShowSelectorsMatchIP(t *testing.T) {
	ns := newIfaSelectNS(t, "ipnh")
	ns.Batch(t, nexthopSelectFixture)
	compareLines(t, ns, nexthopShowSelectors)
}
