package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"

	"github.com/rtnlx/rtnlx/netinfo"
)

// usage is printed by -h.
const usage = `usage: ipinfo [OPTIONS] [OBJECT [ARGS]]
       ipinfo [OPTIONS] [-force] -batch FILE|-

Shows and changes the network state the way ip(8) does, on every OS, with
ip's syntax and abbreviations, its messages and its exit statuses (1: a
failure, 2: the kernel refused, 255: a command line ip would refuse).

OBJECT (abbreviations as in ip; "OBJECT help" prints its lines here on
stderr with ip's status, 255):
  (none)                        links with their addresses, then the main routes
  link    [show] [[dev] NAME] [SELECTOR]
                                links, as ip link (-br: its brief form)
  link    set|change DEV [up|down] [mtu N] [name NAME] [alias TEXT]
          [address LLADDR] [master DEV|nomaster] [netns NAME|PID] [txqlen N]
          [promisc|allmulticast|arp on|off] [group G]
  link    add [link DEV] NAME type KIND [KIND ARGS], del DEV|group G
                                KIND: veth, bridge, bond, vlan, macvlan, macvtap,
                                ipvlan, vxlan, vrf, gre, gretap, ipip, sit, tun,
                                tap, dummy, ... (what the OS can create)
  addr    [show] [[dev] NAME] [SELECTOR]
                                addresses, as ip addr (-br: its brief form)
  addr    add|replace|del IFADDR [peer P] [brd B|+|-] [label L] [scope S] [metric M]
          [valid_lft N|forever] [preferred_lft N|forever] [noprefixroute]
          [nodad] [home] [mngtmpaddr] [autojoin] dev DEV
  addr    flush [dev DEV] [SELECTOR]
  route   [show|list] [SELECTOR]
                                routes, as ip route (IPv4 unless -6 or table all);
          SELECTOR: [to] [root|match|exact] PREFIX|default|all
          [from [root|match|exact] PREFIX] [table T|all] [proto P|all]
          [scope S|all] [type T] [tos T] [dev|oif NAME] [iif NAME] [mark N]
          [metric N] [via [FAMILY] PREFIX] [src PREFIX] [realms R] [vrf NAME]
  route   add|change|replace|append|del [TYPE] PREFIX|default [via ADDR]
          [dev NAME] [table T] [metric N] [proto P] [scope S] [src ADDR]
          [from PREFIX] [tos T] [onlink] [pref low|medium|high] [expires N]
          [mtu N] [advmss N] [...metrics] [nexthop via ADDR dev NAME weight N]...
  route   flush SELECTOR        the routes route show SELECTOR lists
  route   get [to] ADDR [from ADDR] [iif DEV] [oif DEV] [mark N] [uid N]
          [tos T] [ipproto P] [sport N] [dport N] [fibmatch]
  rule    [show]                rules, as ip rule (IPv4 unless -6; Linux)
  rule    add|del [not] [from P] [to P] [pref N] [tos T] [fwmark M[/MASK]]
          [iif DEV] [oif DEV] [uidrange A-B] [ipproto P] [sport N[-M]]
          [dport N[-M]] [protocol P] [tun_id N] [table T] [suppress_prefixlength N]
          [suppress_ifgroup G] [l3mdev] [goto N|nop|blackhole|unreachable|prohibit]
  rule    flush [SELECTOR]      the rules rule show SELECTOR lists, but rule 0
  nexthop [show] [dev NAME]     nexthop objects, as ip nexthop (Linux)
  nexthop add|replace|del id N [via ADDR] [dev NAME] [blackhole] [onlink]
          [group ID[,WEIGHT]/...] [type mpath|resilient] [protocol P] [fdb]
  neigh   [show] [dev NAME] [nud STATE|all]... [unused] [SELECTOR]
                                neighbours (ARP and NDP), as ip neigh (-s: ages)
  neigh   add|change|replace|del ADDR [lladdr LL|null] [nud STATE|none] [router]
          [use] [managed] [extern_learn] dev DEV, or proxy ADDR dev DEV
  neigh   flush [dev DEV] [nud STATE]... [proxy] [unused] [PREFIX]
  neigh   get ADDR dev DEV, or proxy ADDR [dev DEV]
  netns   list|add NAME|del NAME
                                named network namespaces, as ip netns (Linux)
  monitor [all | link|address|route|prefix|neigh|rule|nexthop|netconf|nsid...]
          [label] [dev DEV]     changes as they happen, printed as ip monitor
                                prints them; with no object everything (on
                                Linux also rules, nexthops, netconf, nsid and
                                IPv6 prefixes);
                                label or all: each led by [LINK], [ROUTE], ...

Options:
  -j        print JSON with ip -j's field names and words. The overview prints
            {"links": [ip -j addr objects], "routes": [ip -j route objects]};
            monitor (where ip 6.1 prints text) prints links, addresses,
            routes and neighbours as one object per line, with "deleted":
            true for a deletion, and {"resync": "start"} ... {"resync":
            "done"} around the catch-up after the kernel dropped events;
            rules, nexthops and netconf stay text, as ip prints them
  -br       ip's brief form of link and addr (the default is ip's full form)
  -o        one line per record, as ip -o
  -s        counters (twice: detailed error counters), as ip -s
  -d        details, as ip -d (link kinds and limits, route and rule details;
            monitor: in each link)
  -t, -ts   monitor: a "Timestamp:" line before each event, or a short
            stamp leading it, as ip -t and ip -ts
  -4, -6    only IPv4, only IPv6 (also -f inet|inet6)
  -0        the link family, as ip -0 (also -f link): addr show lists links only
  -n NETNS  use the network namespace /var/run/netns/NETNS (or a path), as
            ip -n (Linux)
  -remote ADDR
            speak RTNL through the rtnlxd daemon listening at ADDR, with the
            daemon's namespace and permissions: an AF_UNIX socket, PATH or
            unix:PATH, or on Windows a named pipe, pipe:\\.\pipe\NAME
  -batch FILE
            run the commands of FILE (- for stdin), one a line, as ip -batch;
            stop at the first failing one unless -force
  -h        print this help
`

// run is the whole program: it parses args, prints to stdout and reports
// failures on stderr as one line. It returns ip's exit status: 0, 1 for a
// failure, 2 for a change the kernel refused, 255 for a command line it
// does not understand.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return runWith(ctx, args, os.Stdin, stdout, stderr)
}

// runWith is run reading `-batch -` from stdin.
func runWith(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	c, err := parseArgs(args)
	if err == nil && !c.help && c.batch == "" {
		err = c.resolveNames()
	}
	if err != nil {
		return reportParse(err, stderr)
	}
	if c.help {
		_, _ = io.WriteString(stdout, usage)
		return 0
	}
	if c.batch != "" {
		return runBatch(ctx, c, stdin, stdout, stderr)
	}
	return report(execute(ctx, c, nil, stdout, stderr), c, stderr)
}

// reportParse prints a command-line error and returns the exit status.
func reportParse(err error, stderr io.Writer) int {
	var ipe *ipError
	if errors.As(err, &ipe) {
		fmt.Fprintln(stderr, ipe.msg)
		return ipe.code
	}
	fmt.Fprintf(stderr, "ipinfo: %v; see ipinfo -h\n", err)
	return exitUsage
}

// report prints a command's failure, if any, and returns the exit status.
func report(err error, c *command, stderr io.Writer) int {
	var ipe *ipError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ipe):
		fmt.Fprintln(stderr, ipe.msg)
		return ipe.code
	}
	fmt.Fprintf(stderr, "ipinfo: %s\n", describe(err, c))
	return exitFailure
}

// resolveNames loads the names a command prints or takes: route tables
// and device groups.
func (c *command) resolveNames() error {
	if c.object == objectRoute || c.object == objectMonitor || c.object == objectRule {
		c.tables = loadTableNames()
	}
	if c.object != objectRoute && c.object != objectNeigh && c.object != objectRule && c.groups == nil { // the listings that print links
		c.groups = loadGroupNames()
	}
	if c.object == objectRoute || c.object == objectMonitor {
		if c.dsfields == nil {
			c.dsfields = loadDSFieldNames()
		}
		if c.realms == nil {
			c.realms = loadRealmNames()
		}
	}
	return nil
}

// execute runs the command on h, or on a handle it opens when h is nil.
func execute(ctx context.Context, c *command, h *netinfo.Handle, stdout, stderr io.Writer) error {
	if h == nil {
		var err error
		if h, err = open(c); err != nil {
			return err
		}
		defer h.Close()
	}
	if c.object == objectMonitor && c.act == nil {
		// monitor buffers and flushes on its own, as events come.
		return monitor(ctx, h, c, stdout, stderr)
	}
	out := bufio.NewWriterSize(stdout, 64<<10)
	err := executeOn(ctx, h, c, out)
	if ferr := out.Flush(); err == nil {
		err = ferr
	}
	return err
}

// executeOn runs the command on an open handle.
func executeOn(ctx context.Context, h *netinfo.Handle, c *command, w io.Writer) error {
	if c.act != nil {
		return c.act.apply(ctx, h, c, w)
	}
	switch c.object {
	case objectLink:
		return showLinks(ctx, h, c, w)
	case objectAddr:
		return showAddrs(ctx, h, c, w)
	case objectRoute:
		return showRoutes(ctx, h, c, w)
	case objectNeigh:
		return showNeighs(ctx, h, c, w)
	case objectRule:
		return showRules(ctx, h, c, w)
	case objectNexthop:
		return showNexthops(ctx, h, c, w)
	}
	return showOverview(ctx, h, c, w)
}

// errNoNetNS reports a -n name with no namespace behind it.
var errNoNetNS = errors.New("no such namespace")

// open opens the handle, in the namespace -n names if any.
func open(c *command) (*netinfo.Handle, error) {
	var opts []netinfo.Option
	if c.netns != "" {
		// Checked first so that the message says what is wrong rather
		// than what the backend tripped over; elsewhere than Linux the
		// backend's "not supported" is the better answer.
		if runtime.GOOS == "linux" {
			if _, err := os.Stat(c.netns); errors.Is(err, fs.ErrNotExist) {
				return nil, errNoNetNS
			}
		}
		opts = append(opts, netinfo.WithNetNS(c.netns))
	}
	if c.remote != "" {
		opts = append(opts, netinfo.WithRemote(c.remote))
	}
	return netinfo.Open(opts...)
}

// describe turns an error into ipinfo's one-line message (without the
// "ipinfo: " prefix), naming the namespace when one was asked for.
func describe(err error, c *command) string {
	ns := ""
	if c.netns != "" {
		ns = fmt.Sprintf("netns %q: ", c.nsName)
	}
	switch {
	case errors.Is(err, errNoNetNS):
		return ns + "no such namespace"
	case c.netns != "" && runtime.GOOS != "linux" && errors.Is(err, netinfo.ErrNotSupported):
		return fmt.Sprintf("-n %s: network namespaces are not supported on this OS (%s)", c.nsName, runtime.GOOS)
	case errors.Is(err, netinfo.ErrNotSupported):
		return fmt.Sprintf("%v (on %s)", err, runtime.GOOS)
	case errors.Is(err, fs.ErrPermission):
		if c.netns != "" && os.Geteuid() != 0 {
			return ns + "permission denied: entering a namespace needs root (CAP_SYS_ADMIN)"
		}
		return ns + fmt.Sprintf("permission denied: %v", err)
	case c.object == objectRoute && c.table != 0 && errors.Is(err, netinfo.ErrNotFound):
		// The kernel's answer to a dump of a table that was never made.
		return ns + fmt.Sprintf("route table %s does not exist", c.table)
	}
	var de *deviceError
	if errors.As(err, &de) {
		return ns + de.Error()
	}
	return ns + err.Error()
}
