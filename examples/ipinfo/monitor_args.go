package main

import (
	"runtime"

	"github.com/rtnlx/rtnlx/netinfo"
)

// This file parses `monitor`'s arguments as ip 6.1's do_ipmonitor.

// monitorWords are the objects `monitor` takes, in ip's order of
// matching (the first a word abbreviates wins; "label" comes before
// "link", so "l" is label). extra names the objects netinfo has no kind
// for, which monitor prints from their messages.
var monitorWords = []struct {
	word  string
	kind  netinfo.WatchKind
	extra string
}{
	{"link", netinfo.WatchLinks, ""},
	{"address", netinfo.WatchAddrs, ""},
	{"route", netinfo.WatchRoutes, ""},
	{"prefix", 0, "prefix"},
	{"neigh", netinfo.WatchNeighbors, ""},
	{"netconf", 0, "netconf"},
	{"rule", netinfo.WatchRules, ""},
	{"nsid", 0, "nsid"},
	{"nexthop", netinfo.WatchNexthops, ""},
}

// monitorUnsupported are the words ip takes that ipinfo does not.
var monitorUnsupported = []string{"file", "mroute", "all-nsid"}

// parseMonitor parses `monitor [all | OBJECTS] [label] [dev DEV]`. With no object
// (or only all and label) it watches everything: on Linux that is what
// ip's monitor shows (rules, nexthops, netconf, nsid and prefix too); elsewhere, what
// the OS has (links, addresses, routes, neighbours).
func (c *command) parseMonitor(args []string) error {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if isPrefix(a, "label") {
			c.label = true
			continue
		}
		found := false
		for _, w := range monitorWords {
			if isPrefix(a, w.word) {
				switch w.extra {
				case "netconf":
					c.netconf = true
				case "nsid":
					c.nsid = true
				case "prefix":
					c.prefix = true
				}
				c.watch |= w.kind
				found = true
				break
			}
		}
		if found {
			continue
		}
		switch {
		case a == "all":
			c.label = true
			continue
		case a == "stats":
			return usagef("monitor: %s is not supported by ipinfo", a)
		case a == "dev":
			if i+1 >= len(args) {
				return ipUsagef("Command line is not complete. Try option \"help\"")
			}
			i++
			c.dev = args[i]
			continue
		case isPrefix(a, "help"):
			return errHelp
		}
		for _, w := range monitorUnsupported {
			if isPrefix(a, w) {
				return usagef("monitor: %s is not supported by ipinfo", w)
			}
		}
		return ipUsagef("Argument %q is unknown, try \"ip monitor help\".", a)
	}
	if c.watch == 0 && !c.netconf && !c.nsid && !c.prefix {
		c.watch = netinfo.WatchAll
		if c.linuxLocal() {
			c.watch |= netinfo.WatchRules | netinfo.WatchNexthops
			c.netconf, c.nsid, c.prefix = true, true, true
		}
	}
	return nil
}

// linuxLocal reports whether the command runs on this Linux host's
// kernel (not through rtnlxd), where ip's Linux-only objects exist.
func (c *command) linuxLocal() bool { return runtime.GOOS == "linux" && c.remote == "" }
