package main

import (
	"errors"
	"strconv"

	"github.com/rtnlx/rtnlx/netinfo"
)

// This file holds ip's keyword matching and the value words its change
// commands share.

// errHelp is returned by a parser that met "help": run prints the usage.
var errHelp = errors.New("help")

// matches is iproute2's matches(): arg is a non-empty prefix of word, so
// "ro" selects "route". Which word an abbreviation selects depends on
// the order the caller tries them in, which follows ip's.
func matches(arg, word string) bool { return isPrefix(arg, word) }

// parseScope reads a scope: ip's words (rt_scopes) or a number.
func parseScope(s string) (netinfo.Scope, bool) {
	v, ok := parseWordOrNumber(s, map[string]uint8{"global": 0, "universe": 0, "site": 200, "link": 253, "host": 254, "nowhere": 255})
	return netinfo.Scope(v), ok
}

// parseProtocol reads a route protocol: ip's words (rt_protos) or a
// number.
func parseProtocol(s string) (netinfo.RouteProtocol, bool) {
	for p := range 256 {
		if netinfo.RouteProtocol(p).String() == s {
			return netinfo.RouteProtocol(p), true
		}
	}
	n, err := strconv.ParseUint(s, 0, 8)
	return netinfo.RouteProtocol(n), err == nil
}

// parseRouteType reads a route type word (unicast, local, blackhole, ...).
func parseRouteType(s string) (netinfo.RouteType, bool) {
	for t := netinfo.RouteUnicast; t <= netinfo.RouteXResolve; t++ {
		if t.String() == s {
			return t, true
		}
	}
	return 0, false
}
