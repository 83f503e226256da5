package main

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/nstest"
)

// ruleTunIDSteps are rule add, show and del lines with tun_id (FRA_TUN_ID,
// a be64), applied in turn by ip and ipinfo to twin namespaces: values in
// get_u64's forms (hex, octal, a minus sign), abbreviations ("t" is
// tun_id before table, as in ip), refusals, and the selector of show.
var ruleTunIDSteps = []string{
	"rule add tun_id 5 table 100",
	"rule add pref 50 tun_id 0x1234567890 lookup main",
	"rule add pref 51 t 7 lookup main",
	"rule add pref 52 tun_id -1 lookup 5",
	"rule add pref 53 tun_id 077 from 10.0.0.0/8 fwmark 3 lookup 6",
	"-6 rule add pref 54 tun_id 9 lookup 7",
	"rule add pref 55 tun_id 0 lookup 8",
	"rule add tun_id 5 table 100",
	"rule add tun_id bogus", "rule add tun_id 18446744073709551616 lookup 5", "rule add tun_id 08 lookup 5",
	"rule add tun_id",
	"rule", "-j rule", "-6 rule", "-j -6 rule show tun_id 9", "rule show tun_id 5", "-j rule show tun_id 7",
	"rule show tun_id 0", "-j rule show tun_id 0x1234567890", "rule show t 7", "rule show tun_id 6",
	"rule show tun_id 077 fwmark 3", "rule show tun_id 18446744073709551615", "-d rule show tun_id 5",
	"-j -d rule show tun_id 63", "rule show tun_id bogus", "rule show tun_id",
	"rule del tun_id 5", "rule del tun_id 5", "rule del pref 51 tun_id 8", "rule del t 7",
	"-6 rule del tun_id 9", "rule del pref 52 tun_id 18446744073709551615", "rule del tun_id 0x3f", "rule del tun_id 78187493520", "rule del tun_id 78187493520", "rule",
}

// TestRuleTunIDMatchIP applies ruleTunIDSteps with both tools: the same
// exit status, message and output, and the same namespaces (ip -j
// dumps) after each.
func TestRuleTunIDMatchIP(t *testing.T) {
	ipNS, ourNS := newTwins(t)
	requireFlushesMatchIP(t, ipNS, ourNS, ruleTunIDSteps, "namespace", func(ns *nstest.NS) string { return stateOf(t, ns) })
	require.NotContains(t, ourNS.IP(t, "rule"), "tun_id", "the dels leave no tun_id rule")
}
