package main

import (
	"fmt"
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
	{"mroute", 0, "mroute"},
	{"prefix", 0, "prefix"},
	{"neigh", netinfo.WatchNeighbors, ""},
	{"netconf", 0, "netconf"},
	{"rule", netinfo.WatchRules, ""},
	{"nsid", 0, "nsid"},
	{"nexthop", netinfo.WatchNexthops, ""},
}

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
				case "mroute":
					c.mroute = true
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
		case a == "stats": // the whole word, as ip
			c.statsMon = true
			continue
		case isPrefix(a, "all-nsid"):
			c.allNSID = true
			continue
		case isPrefix(a, "file"):
			if i+1 >= len(args) {
				return ipUsagef("Command line is not complete. Try option \"help\"")
			}
			i++
			c.monFile = args[i]
			continue
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
		return ipUsagef("Argument %q is unknown, try \"ip monitor help\".", a)
	}
	if c.watch == 0 && !c.netconf && !c.nsid && !c.prefix && !c.mroute && !c.statsMon {
		c.watch = netinfo.WatchAll
		if c.linuxLocal() {
			c.watch |= netinfo.WatchRules | netinfo.WatchNexthops
			c.netconf, c.nsid, c.prefix, c.mroute, c.statsMon = true, true, true, true, true
		}
	}
	return nil
}

// linuxLocal reports whether the command runs on this Linux host's
// kernel (not through rtnlxd), where ip's Linux-only objects exist.
func (c *command) linuxLocal() bool { return runtime.GOOS == "linux" && c.remote == "" }

// monitorOSCheck refuses what only Linux's kernel sends, multicast
// routes, statistics messages and other namespaces' messages, asked for
// elsewhere (another OS, or through rtnlxd).
func (c *command) monitorOSCheck() error {
	if c.linuxLocal() {
		return nil
	}
	for _, w := range []struct {
		on   bool
		word string
	}{{c.mroute, "mroute"}, {c.statsMon, "stats"}, {c.allNSID, "all-nsid"}} {
		if w.on {
			where := runtime.GOOS
			if c.remote != "" {
				where = "a remote rtnlxd"
			}
			return fmt.Errorf("monitor %s: Linux's netlink only, not available on %s: %w", w.word, where, netinfo.ErrNotSupported)
		}
	}
	return nil
}
