package main

import (
	"strings"
	"testing"

	"github.com/rtnlx/rtnlx/internal/nstest"
)

// This file compares `ipinfo rule show SELECTOR` with ip's in a
// namespace holding rules that each selector tells apart.

// ruleSelectFixture are IPv4 rules of every selector ip rule show
// takes; ruleSelectFixture6 IPv6 ones (ip -6 rule add).
var (
	ruleSelectFixture = []string{
		"rule add from 10.0.0.0/8 to 192.168.0.0/16 table 100 pref 100",
		"rule add not fwmark 0x10/0xff iif v0 lookup 200 pref 200",
		"rule add fwmark 0x20 table 300 pref 210",
		"rule add fwmark 0x20/0xf0 table 300 pref 211",
		"rule add from 10.1.0.0/16 tos 0x10 table 100 pref 220",
		"rule add oif v2 table 100 pref 230",
		"rule add iif v2 oif v0 table 100 pref 240",
		"rule add uidrange 100-200 ipproto tcp dport 80-90 sport 22 table 5 pref 400",
		"rule add ipproto udp dport 53 table 5 pref 410",
		"rule add to 10.2.3.0/24 prohibit pref 420",
		"rule add from all lookup 100 protocol static pref 430",
		"rule add from 10.9.9.9 table 7 pref 500",
		"rule add l3mdev pref 1000",
	}
	ruleSelectFixture6 = [][]string{
		{"-6", "rule", "add", "from", "2001:db8:1::/64", "table", "100", "pref", "100"},
		{"-6", "rule", "add", "to", "2001:db8:2::/48", "iif", "v0", "table", "200", "pref", "150"},
		{"-6", "rule", "add", "not", "from", "2001:db8:3::/48", "table", "300", "pref", "160", "protocol", "bird"},
	}
)

// ruleShowSelectors are the `rule show` lines compared, text and -j.
var ruleShowSelectors = []string{
	"rule", "rule show", "rule list", "ru s", "-6 rule show",
	"rule show pref 100", "rule show preference 220", "rule show order 0", "rule show priority 32766",
	"rule show p 500", "rule show pref 0x64", "rule show pref 7", "rule show pref x", "rule show pref",
	"rule show not", "-6 rule show not",
	"rule show from 10.0.0.0/8", "rule show from 10.1.0.0/16", "rule show from 10.0.0.0/16", "rule show from 10.1.2.0/24",
	"rule show from 10.9.9.9", "rule show from all", "rule show from 0/0", "rule show src 10/8", "rule show f 10.9.9.0/24",
	"rule show from 2001:db8::/32", "-6 rule show from 2001:db8:1::/64", "-6 rule show from 2001:db8::/32",
	"-6 rule show from 2001:db8:3::/48", "rule show from bogus", "rule show from",
	"rule show to 192.168.0.0/16", "rule show to 192.168.1.0/24", "rule show 192.168.0.0/16", "rule show dst 10.2.0.0/16",
	"rule show to 10.2.3.0/24", "rule show d 10.2.3.0/24", "-6 rule show to 2001:db8:2::/48", "rule show to bogus",
	"rule show tos 0x10", "rule show tos 0", "rule show dsfield 0x10", "rule show tos zz",
	"rule show fwmark 0x10", "rule show fwmark 0x20", "rule show fwmark 0x20/0xf0", "rule show fwmark 0x20/0xffffffff",
	"rule show fwmark 0x10/0xff", "rule show fwmark 0", "rule show fwmark x", "rule show fwmark 0x20/x",
	"rule show iif v0", "rule show dev v2", "rule show iif nope", "rule show oif v2", "rule show oif v0",
	"-6 rule show iif v0", "rule show iif a/b", "rule show oif 0123456789abcdefg", "rule show iif",
	"rule show l3mdev", "-6 rule show l3mdev",
	"rule show uidrange 100-200", "rule show uidrange 100-201", "rule show uidrange 100", "rule show uidrange x",
	"rule show ipproto tcp", "rule show ipproto udp", "rule show ipproto 6", "rule show ipproto 17", "rule show ipproto bogus",
	"rule show sport 22", "rule show sport 22-22", "rule show dport 80-90", "rule show dport 53", "rule show dport 80",
	"rule show sport x", "rule show dport x",
	"rule show table 100", "rule show lookup 5", "rule show table main", "rule show table local", "rule show table default",
	"rule show tab 300", "rule show l 7", "rule show table 0", "rule show table bogus", "rule show table all",
	"-6 rule show table 100",
	"rule show protocol static", "rule show pro kernel", "rule show protocol boot", "rule show protocol all",
	"rule show protocol bogus", "-6 rule show protocol bird", "rule show protocol 4",
	"rule show from 10.0.0.0/8 table 100", "rule show table 100 pref 230", "rule show not iif v0 table 200",
	"rule show table 5 ipproto tcp", "rule show fwmark 0x20 table 300", "-d rule show table 100",
}

// TestRuleShowSelectorsMatchIP compares `ipinfo [-j] rule show
// SELECTOR` with ip's.
func TestRuleShowSelectorsMatchIP(t *testing.T) {
	ns := nstest.New(t, "iprl")
	ns.Batch(t, ruleSelectFixture)
	for _, args := range ruleSelectFixture6 {
		ns.IP(t, args...)
	}
	if !strings.Contains(ns.IP(t, "rule"), "l3mdev") {
		t.Fatal("the l3mdev rule is missing from the fixture")
	}
	compareLines(t, ns, ruleShowSelectors)
}
