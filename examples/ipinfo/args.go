package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/rtnlx/rtnlx/netinfo"
)

// object is what the command line asks to show.
type object int

// Objects, in the order ip's help lists them.
const (
	objectOverview object = iota // no OBJECT: links, addresses and routes together
	objectLink
	objectAddr
	objectRoute
	objectNeigh
	objectMonitor
	objectRule
	objectNexthop
	objectNetns
)

// String names the object as the usage text does.
func (o object) String() string {
	switch o {
	case objectLink:
		return "link"
	case objectAddr:
		return "addr"
	case objectRoute:
		return "route"
	case objectNeigh:
		return "neigh"
	case objectMonitor:
		return "monitor"
	case objectRule:
		return "rule"
	case objectNexthop:
		return "nexthop"
	case objectNetns:
		return "netns"
	}
	return "overview"
}

// command is a parsed command line.
type command struct {
	help      bool              // -h or "help": print the usage and exit 0
	json      bool              // -j
	brief     bool              // -br: ip's brief text form
	oneline   bool              // -o: each record on one line
	stats     int               // -s, counted: -s -s prints more
	details   bool              // -d
	family    netinfo.Family    // -4, -6, -0 or -f; FamilyAll when not given, familyPacket for link
	netns     string            // -n: the namespace file path, "" for the current one
	remote    string            // -remote: an rtnlxd socket to speak RTNL through
	nsName    string            // -n as given, for error messages
	object    object            // OBJECT; objectOverview when none is given
	dev       string            // "dev NAME" (or a bare NAME for link and addr)
	nud       nudFilter         // neigh: the states to list
	table     netinfo.Table     // route table; 0 means every table
	selectors *routeSelector    // route show: ip's selectors (table, prefixes, proto, ...)
	ifaSel    *ifaSelector      // link and addr show: ip's selectors (up, type, master, scope, ...)
	neighSel  *neighSelector    // neigh show: ip's selectors (nud, proxy, master, prefix, ...)
	ruleSel   *ruleSelector     // rule show: ip's selectors (pref, table, from, to, iif, ...)
	nhSel     *nexthopSelector  // nexthop show: ip's selectors (id, dev, groups, master, ...)
	tables    tableNames        // names of tables from rt_tables, loaded by run
	dsfields  rtNames           // names of TOS values from rt_dsfield, loaded when needed
	realms    rtNames           // names of realms from rt_realms, loaded when needed
	groups    groupNames        // names of device groups, loaded by run
	watch     netinfo.WatchKind // monitor: what to print
	label     bool              // monitor: "[ROUTE]" and the like before each line (label, all)
	netconf   bool              // monitor: print netconf messages (netconf, or everything on Linux)
	nsid      bool              // monitor: print nsid messages (nsid, or everything on Linux)
	prefix    bool              // monitor: print IPv6 prefix messages (prefix, or everything on Linux)
	mroute    bool              // monitor: print multicast routes (mroute, or everything on Linux)
	statsMon  bool              // monitor: print statistics messages (stats, or everything on Linux)
	monFile   string            // monitor file FILE: print the messages rtmon saved there
	allNSID   bool              // monitor all-nsid: every namespace's messages, each led by its id
	timestamp int               // -t: 1, a "Timestamp:" line before each event; -ts: 2, a short one leading it
	batch     string            // -batch FILE ("-" for stdin): run its lines
	inBatch   bool              // a line of a batch file
	force     bool              // -force: a batch goes on past failing lines
	act       action            // a change (link set, addr add, route flush, ...); nil for a listing
}

// An action is a command that changes state rather than listing it.
type action interface {
	apply(ctx context.Context, h *netinfo.Handle, c *command, w io.Writer) error
}

// netnsDir is where `ip netns add` puts named namespaces.
const netnsDir = "/var/run/netns"

// A usageError is a command line ipinfo does not understand: it is
// reported with a hint to -h and exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

// isPrefix reports whether arg abbreviates word the way ip accepts:
// a non-empty prefix of it.
func isPrefix(arg, word string) bool {
	return arg != "" && strings.HasPrefix(word, arg)
}

// objectWords maps ip's object names to objects; an argument selects the
// first entry it abbreviates (at least minLen letters), as ip's table
// lookup does.
var objectWords = []struct {
	word   string
	minLen int
	obj    object
}{
	{"address", 1, objectAddr},
	{"route", 1, objectRoute},
	{"rule", 1, objectRule},
	{"neighbour", 1, objectNeigh},
	{"neighbor", 1, objectNeigh},
	{"link", 1, objectLink},
	{"netns", 3, objectNetns},     // "n" and "ne" are neighbour
	{"nexthop", 3, objectNexthop}, // "n" and "ne" are neighbour
	{"monitor", 2, objectMonitor}, // "m" is ip's maddress
}

// lookupObject resolves an OBJECT argument and its abbreviations.
func lookupObject(arg string) (object, bool) {
	for _, w := range objectWords {
		if len(arg) >= w.minLen && isPrefix(arg, w.word) {
			return w.obj, true
		}
	}
	return 0, false
}

// parseArgs parses `[-j] [-4|-6] [-n NETNS] [OBJECT [ARGS]]`.
func parseArgs(args []string) (*command, error) {
	c := &command{}
	i := 0
	for ; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			i++
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			break
		}
		// ip accepts both -opt and --opt.
		opt := strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-")
		switch opt {
		case "j", "json":
			c.json = true
		case "4":
			c.family = netinfo.FamilyInet
		case "6":
			c.family = netinfo.FamilyInet6
		case "0": // ip's shorthand for -family link
			c.family = familyPacket
		case "f", "fa", "fam", "fami", "famil", "family": // ip's matches(opt, "-family")
			if i+1 >= len(args) {
				return nil, usagef("%s needs a family (inet, inet6 or link)", a)
			}
			i++
			if args[i] == "help" {
				return nil, helpError(objectOverview)
			}
			f, ok := readFamily(args[i])
			switch {
			case !ok:
				return nil, invalidArg("invalid protocol family", args[i])
			case f != netinfo.FamilyInet && f != netinfo.FamilyInet6 && f != familyPacket:
				return nil, usagef("-family %s is not supported by ipinfo (inet, inet6 or link)", args[i])
			}
			c.family = f
		case "n", "netns":
			if i+1 >= len(args) {
				return nil, usagef("%s needs a namespace name", a)
			}
			i++
			path, err := netnsPath(args[i])
			if err != nil {
				return nil, err
			}
			c.netns, c.nsName = path, args[i]
		case "remote":
			if i+1 >= len(args) {
				return nil, usagef("%s needs an rtnlxd socket path", a)
			}
			i++
			if args[i] == "" {
				return nil, usagef("empty -remote path")
			}
			c.remote = args[i]
		case "b", "batch":
			if i+1 >= len(args) {
				return nil, usagef("%s needs a file name (- for stdin)", a)
			}
			i++
			c.batch = args[i]
		case "force":
			c.force = true
		case "br", "brief":
			c.brief = true
		case "o", "oneline":
			c.oneline = true
		case "s", "stats", "statistics":
			c.stats++
		case "d", "details":
			c.details = true
		case "h", "help":
			c.help = true
			return c, nil
		default:
			// ip's -timestamp and -tshort, as it abbreviates them.
			if isPrefix(opt, "timestamp") {
				c.timestamp = max(c.timestamp, 1)
				continue
			}
			if isPrefix(opt, "tshort") {
				c.timestamp = 2
				continue
			}
			return nil, usagef("unknown option %q", a)
		}
	}
	if c.remote != "" && c.netns != "" {
		return nil, usagef("-remote and -n cannot be combined: the daemon chooses the namespace (rtnlxd -n)")
	}
	if c.batch != "" {
		if i < len(args) {
			return nil, usagef("-batch takes no OBJECT (%q): the file holds the commands", args[i])
		}
		return c, nil
	}
	if err := c.parseObject(args[i:]); err != nil {
		return nil, err
	}
	return c, nil
}

// parseObject parses `[OBJECT [ARGS]]`, from the command line or from a
// line of a batch file.
func (c *command) parseObject(args []string) error {
	if len(args) == 0 {
		return nil
	}
	if isPrefix(args[0], "help") {
		return helpError(objectOverview)
	}
	obj, ok := lookupObject(args[0])
	if !ok {
		return usagef("unknown object %q (want link, addr, route, rule, neigh, nexthop or monitor)", args[0])
	}
	c.object = obj
	err := c.parseVerb(args[1:])
	if errors.Is(err, errHelp) {
		return helpError(c.object)
	}
	if err == nil && c.details && !c.detailsPrinted() {
		// Rather than print the plain form where ip -d prints more.
		return usagef("-d (details) is not supported for %s by this build of ipinfo", c.object)
	}
	return err
}

// detailsPrinted reports whether the command prints what ip -d prints:
// it does for link, addr, route, neigh, rule, nexthop and monitor, and
// for the commands that print nothing.
func (c *command) detailsPrinted() bool {
	return true
}

// parseVerb parses an object's arguments: a change verb, in ip's
// matches() order, or a listing.
func (c *command) parseVerb(rest []string) error {
	if c.object == objectMonitor {
		return c.parseMonitor(rest)
	}
	if c.object == objectNetns {
		if len(rest) > 0 && isPrefix(rest[0], "help") {
			return errHelp
		}
		var err error
		c.act, err = parseNetns(rest)
		return err
	}
	if len(rest) == 0 {
		return c.parseShow(rest)
	}
	verb, args := rest[0], rest[1:]
	var err error
	switch c.object {
	case objectLink:
		if matches(verb, "add") {
			c.act, err = parseLinkAdd(args, c.groupLookup)
			return err
		}
		if matches(verb, "delete") {
			c.act, err = parseLinkDel(args, c.groupLookup)
			return err
		}
		if matches(verb, "set") || matches(verb, "change") {
			c.act, err = parseLinkSet(args, c.groupLookup)
			return err
		}
	case objectAddr:
		if op, ok := addrChangeOp(verb); ok {
			c.act, err = parseAddrChange(op, args, c.family)
			return err
		}
		if matches(verb, "flush") {
			c.act, err = parseAddrFlush(args, c.family, c.groupLookup)
			return err
		}
	case objectRoute:
		if op, ok := routeChangeOp(verb); ok {
			c.act, err = parseRouteChange(op, args, c.family)
			return err
		}
		if matches(verb, "get") {
			c.act, err = parseRouteGet(args, c.family)
			return err
		}
		if matches(verb, "flush") {
			c.act, err = c.parseRouteFlush(args)
			return err
		}
		if matches(verb, "list") || matches(verb, "show") || matches(verb, "lst") {
			return c.parseRouteShow(args)
		}
		if matches(verb, "help") {
			return errHelp
		}
		return ipUsagef("Command %q is unknown, try \"ip route help\".", verb)
	case objectRule:
		switch {
		case matches(verb, "list"), matches(verb, "lst"), matches(verb, "show"):
			return c.parseRuleShow(args)
		case matches(verb, "add"):
			c.act, err = parseRuleChange("add", args, c.family)
			return err
		case matches(verb, "delete"):
			c.act, err = parseRuleChange("del", args, c.family)
			return err
		case matches(verb, "flush"):
			c.act, err = parseRuleFlush(args, c)
			return err
		}
	case objectNexthop:
		switch {
		case matches(verb, "list"), matches(verb, "lst"), matches(verb, "show"):
			return c.parseNexthopShow(args)
		case matches(verb, "add"):
			c.act, err = parseNexthopChange("add", args, c.family)
			return err
		case matches(verb, "replace"):
			c.act, err = parseNexthopChange("replace", args, c.family)
			return err
		case matches(verb, "delete"):
			c.act, err = parseNexthopChange("del", args, c.family)
			return err
		}
	case objectNeigh:
		if op, ok := neighChangeOp(verb); ok {
			c.act, err = parseNeighChange(op, args, c.family)
			return err
		}
		if matches(verb, "get") { // after the changes, before show, as ip tests them
			c.act, err = parseNeighGet(args, c.family)
			return err
		}
		if matches(verb, "flush") {
			c.act, err = parseNeighFlush(args, c.family)
			return err
		}
	}
	return c.parseShow(rest)
}

// groupLookup resolves a device group for `link set group`: a number,
// "default", or a name from the group file.
func (c *command) groupLookup(s string) (uint32, bool) {
	if n, err := strconv.ParseUint(s, 0, 32); err == nil {
		return uint32(n), true
	}
	if s == "default" {
		return 0, true
	}
	if c.groups == nil {
		c.groups = loadGroupNames()
	}
	return c.groups.lookup(s)
}

// netnsPath turns -n's argument into a namespace file: a name under
// /var/run/netns as ip takes it, or an absolute path such as
// /proc/PID/ns/net.
func netnsPath(name string) (string, error) {
	switch {
	case name == "":
		return "", usagef("empty namespace name")
	case filepath.IsAbs(name):
		return name, nil
	case name == "." || name == ".." || strings.ContainsRune(name, '/') || strings.ContainsRune(name, 0):
		return "", usagef("invalid namespace name %q", name)
	}
	return netnsDir + "/" + name, nil
}

// parseShow parses the arguments of link, addr, route and neigh:
// an optional show/list/ls, then filters.
func (c *command) parseShow(args []string) error {
	if len(args) > 0 && (isPrefix(args[0], "show") || isPrefix(args[0], "list") || isPrefix(args[0], "lst")) {
		args = args[1:]
	}
	if c.object == objectRoute {
		return c.parseRouteShow(args)
	}
	c.table = netinfo.TableMain // only read for routes
	if c.object == objectLink || c.object == objectAddr {
		return c.parseIfaShow(args)
	}
	if c.object == objectNeigh {
		return c.parseNeighShow(args)
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case isPrefix(a, "help"):
			return errHelp
		case a == "dev":
			if i+1 >= len(args) {
				return usagef("%s: dev needs a device name", c.object)
			}
			i++
			if err := c.setDev(args[i]); err != nil {
				return err
			}
		case c.object == objectNexthop && a != "id":
			if err := c.setDev(a); err != nil {
				return err
			}
		default:
			return usagef("%s: unknown argument %q", c.object, a)
		}
	}
	return nil
}

// setDev records a device filter; naming two devices is an error.
func (c *command) setDev(name string) error {
	if c.dev != "" {
		return usagef("%s: two devices given (%q and %q)", c.object, c.dev, name)
	}
	if name == "" {
		return usagef("%s: empty device name", c.object)
	}
	c.dev = name
	return nil
}

// parseTable reads ip's built-in table names: all (or 0), main, local,
// default, or a number. ok is false for anything else.
func parseTable(s string) (t netinfo.Table, ok bool) {
	switch s {
	case "all":
		return 0, true
	case "main":
		return netinfo.TableMain, true
	case "local":
		return netinfo.TableLocal, true
	case "default":
		return netinfo.TableDefault, true
	}
	n, err := strconv.ParseUint(s, 0, 32)
	if err != nil {
		return 0, false
	}
	return netinfo.Table(n), true
}

// routeFamily is the family `route` lists: ip route shows IPv4 unless
// told otherwise, except with `table all`, which shows both.
func (c *command) routeFamily() netinfo.Family {
	if c.selectors != nil {
		return c.selectors.dumpFamily()
	}
	if c.family == netinfo.FamilyAll && c.table != 0 {
		return netinfo.FamilyInet
	}
	return c.family
}

// isUsage reports whether err is a command-line mistake.
func isUsage(err error) bool {
	var u *usageError
	return errors.As(err, &u)
}
