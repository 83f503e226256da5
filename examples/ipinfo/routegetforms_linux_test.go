package main

import (
	"testing"

	"github.com/rtnlx/rtnlx/internal/nstest"
)

// routeGetForms are route get lines with the selectors the issue names
// that other tests leave out or use alone: uid, with from, mark, oif and
// the flow keys, and ip's refusals of a bad uid.
var routeGetForms = []string{
	"route get 192.0.2.7 uid 1000", "route get 10.1.0.5 from 10.1.0.1 uid 7", "route get 10.1.0.5 mark 20 uid 0",
	"route get 10.1.0.5 oif veth0 uid 5", "route get 10.1.0.5 ipproto tcp sport 1000 dport 80",
	"route get 10.1.0.5 ipproto udp dport 53 uid 3", "route get 10.1.0.5 tos 0x10", "-6 route get 2001:db8:100::1 uid 9",
	"route get fibmatch 192.0.2.7 uid 4", "-d route get 192.0.2.7 uid 1000",
	"route get 10.1.0.5 uid bogus", "route get 10.1.0.5 uid", "route get 10.1.0.5 uid -1",
}

// TestRouteGetFormsMatchIP compares `ipinfo [-j] route get ...` with
// ip's on nstest.Populate's namespace.
func TestRouteGetFormsMatchIP(t *testing.T) {
	ns := nstest.New(t, "iprg")
	nstest.Populate(t, ns)
	compareLines(t, ns, routeGetForms)
}

// tosSteps are route and rule changes whose TOS ip reads as
// rtnl_dsfield_a2n does: hex with or without 0x, and its refusals.
var tosSteps = []string{
	"route add 10.9.0.0/24 dev v0 tos 0x10", "route add 10.9.1.0/24 dev v0 tos 10", "route add 10.9.2.0/24 dev v0 tos 0X08",
	"route add 10.9.3.0/24 dev v0 tos zz", "route add 10.9.3.0/24 dev v0 tos 0x100",
	"rule add tos 0x10 table 7", "rule add dsfield 08 table 8", "rule add tos 0x zz table 9",
}

// TestTOSChangesMatchIP applies tosSteps with ip and with ipinfo to twin
// namespaces: the same answers and namespaces after each.
func TestTOSChangesMatchIP(t *testing.T) {
	ipNS, ourNS := newTwins(t)
	requireFlushesMatchIP(t, ipNS, ourNS, tosSteps, "namespace", func(ns *nstest.NS) string { return stateOf(t, ns) })
}
