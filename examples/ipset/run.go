package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/netip"
	"strconv"
	"strings"

	"github.com/rtnlx/rtnlx/ipset"
	"github.com/rtnlx/rtnlx/nlsock"
)

// errUsage marks a command line that is wrong, as opposed to a command
// that failed.
var errUsage = errors.New("usage")

// exitError makes run exit with a status and no message.
type exitError int

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// run carries out one command line and returns the exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ipset", flag.ContinueOnError)
	fs.SetOutput(stderr)
	netns := fs.String("n", "", "network namespace: a name under /var/run/netns or a path")
	exist := fs.Bool("exist", false, "ignore errors when the set or entry exists, or does not")
	fs.BoolVar(exist, "!", false, "same as -exist")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	args = fs.Args()
	if len(args) == 0 {
		fmt.Fprintln(stderr, "ipset: a command is needed (create, add, del, test, destroy, flush, rename, swap, list, save, restore)")
		return 2
	}
	c, err := ipset.Dial(&nlsock.Config{NetNS: netnsPath(*netns)})
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	defer c.Close()
	w := bufio.NewWriter(stdout)
	defer w.Flush()
	cmd := &command{ctx: ctx, c: c, exist: *exist, out: w, errOut: stderr}
	if args[0] == "restore" {
		err = cmd.restore(stdin)
	} else {
		err = cmd.do(args)
	}
	var code exitError
	switch {
	case errors.As(err, &code):
		return int(code)
	case errors.Is(err, errUsage):
		fmt.Fprintln(stderr, err)
		return 2
	case err != nil:
		fmt.Fprintln(stderr, err)
		return 1
	}
	return 0
}

// netnsPath turns ip's namespace name into its file; a path stays.
func netnsPath(ns string) string {
	if ns == "" || strings.Contains(ns, "/") {
		return ns
	}
	return "/var/run/netns/" + ns
}

// A command runs ipset commands on one connection.
type command struct {
	ctx    context.Context
	c      *ipset.Conn
	exist  bool
	out    *bufio.Writer
	errOut io.Writer
}

// restore runs the commands of a save (or of hand-written lines) from r,
// one a line; blank lines, comments and COMMIT are skipped.
func (cmd *command) restore(r io.Reader) error {
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") || line == "COMMIT" {
			continue
		}
		words, err := split(line)
		if err == nil {
			err = cmd.do(words)
		}
		if err != nil {
			return fmt.Errorf("ipset: restore line %d: %w", n, err)
		}
	}
	return sc.Err()
}

// split cuts a line into words, keeping a double-quoted one whole.
func split(line string) ([]string, error) {
	var words []string
	for line = strings.TrimSpace(line); line != ""; line = strings.TrimSpace(line) {
		if line[0] == '"' {
			end := strings.IndexByte(line[1:], '"')
			if end < 0 {
				return nil, fmt.Errorf("%w: unterminated quote in %q", errUsage, line)
			}
			words = append(words, line[1:end+1])
			line = line[end+2:]
			continue
		}
		w, rest, _ := strings.Cut(line, " ")
		words = append(words, w)
		line = rest
	}
	return words, nil
}

// aliases maps the ipset tool's short and old command names to the long
// ones.
var aliases = map[string]string{
	"n": "create", "-N": "create", "a": "add", "-A": "add", "d": "del", "-D": "del",
	"t": "test", "-T": "test", "x": "destroy", "-X": "destroy", "f": "flush", "-F": "flush",
	"e": "rename", "-E": "rename", "w": "swap", "-W": "swap", "-L": "list", "-S": "save",
}

// do runs one command given as words.
func (cmd *command) do(args []string) error {
	name, args := args[0], args[1:]
	if long, ok := aliases[name]; ok {
		name = long
	}
	ctx, c := cmd.ctx, cmd.c
	switch name {
	case "create":
		if len(args) < 2 {
			return fmt.Errorf("%w: create SETNAME TYPENAME [options]", errUsage)
		}
		s, err := createOptions(ipset.Set{Name: args[0], Type: args[1]}, args[2:])
		if err != nil {
			return err
		}
		return c.Create(ctx, s, cmd.exist)
	case "add", "del", "test":
		if len(args) < 2 {
			return fmt.Errorf("%w: %s SETNAME ENTRY [options]", errUsage, name)
		}
		s, err := cmd.header(args[0])
		if err != nil {
			return err
		}
		e, err := ipset.ParseElement(s, args[1])
		if err != nil {
			return err
		}
		if e, err = entryOptions(e, args[2:]); err != nil {
			return err
		}
		switch name {
		case "add":
			return c.Add(ctx, args[0], e, cmd.exist)
		case "del":
			return c.Del(ctx, args[0], e, cmd.exist)
		}
		in, err := c.Test(ctx, args[0], e)
		if err != nil {
			return err
		}
		if !in {
			fmt.Fprintf(cmd.errOut, "%s is NOT in set %s.\n", args[1], args[0])
			return exitError(1)
		}
		fmt.Fprintf(cmd.errOut, "Warning: %s is in set %s.\n", args[1], args[0])
		return nil
	case "destroy", "flush":
		if len(args) > 1 {
			return fmt.Errorf("%w: %s [SETNAME]", errUsage, name)
		}
		set := ""
		if len(args) == 1 {
			set = args[0]
		}
		if name == "flush" {
			return c.Flush(ctx, set)
		}
		return c.Destroy(ctx, set)
	case "rename", "swap":
		if len(args) != 2 {
			return fmt.Errorf("%w: %s FROM TO", errUsage, name)
		}
		if name == "swap" {
			return c.Swap(ctx, args[0], args[1])
		}
		return c.Rename(ctx, args[0], args[1])
	case "list", "save":
		return cmd.list(name == "save", args)
	}
	return fmt.Errorf("%w: unknown command %q", errUsage, name)
}

// header finds a set's type and family by listing its header.
func (cmd *command) header(name string) (ipset.Set, error) {
	for s, err := range cmd.c.List(cmd.ctx, name) {
		return s, err
	}
	return ipset.Set{}, fmt.Errorf("ipset: %s: The set with the given name does not exist", name)
}

// list prints sets as ipset list (or save) does.
func (cmd *command) list(save bool, args []string) error {
	names, terse, set := false, false, ""
	for _, a := range args {
		switch {
		case a == "-name" || a == "-n":
			names = true
		case a == "-terse" || a == "-t":
			terse = true
		case strings.HasPrefix(a, "-"):
			return fmt.Errorf("%w: unknown list option %q", errUsage, a)
		case set != "":
			return fmt.Errorf("%w: list [-name] [-terse] [SETNAME]", errUsage)
		default:
			set = a
		}
	}
	first := true
	for s, err := range cmd.c.List(cmd.ctx, set) {
		if err != nil {
			return err
		}
		w := cmd.out
		switch {
		case save:
			if err := ipset.Save(w, []ipset.Set{s}); err != nil {
				return err
			}
		case names:
			fmt.Fprintln(w, s.Name)
		default:
			if !first {
				fmt.Fprintln(w)
			}
			fmt.Fprintf(w, "Name: %s\nType: %s\nRevision: %d\nHeader: %s\nSize in memory: %d\nReferences: %d\nNumber of entries: %d\n",
				s.Name, s.Type, s.Revision, s.Header(), s.MemSize, s.References, s.Entries)
			if !terse {
				fmt.Fprintln(w, "Members:")
				for _, e := range s.Members {
					fmt.Fprintln(w, s.Element(e))
				}
			}
		}
		first = false
	}
	return nil
}

// createOptions reads create's options into s.
func createOptions(s ipset.Set, args []string) (ipset.Set, error) {
	for i := 0; i < len(args); i++ {
		opt := args[i]
		switch opt {
		case "counters":
			s.Counters = true
			continue
		case "comment":
			s.Comment = true
			continue
		case "skbinfo":
			s.SkbInfo = true
			continue
		case "forceadd":
			s.ForceAdd = true
			continue
		}
		if i+1 >= len(args) {
			return s, fmt.Errorf("%w: create option %q needs a value", errUsage, opt)
		}
		i++
		v := args[i]
		switch opt {
		case "family":
			switch v {
			case "inet", "ipv4":
				s.Family = ipset.Inet
			case "inet6", "ipv6":
				s.Family = ipset.Inet6
			default:
				return s, fmt.Errorf("%w: unknown family %q", errUsage, v)
			}
		case "hashsize", "maxelem", "timeout", "size", "initval", "markmask", "bucketsize", "netmask":
			n, err := strconv.ParseUint(v, 0, 32)
			if err != nil {
				return s, fmt.Errorf("%w: %s %q: not a number", errUsage, opt, v)
			}
			switch opt {
			case "hashsize":
				s.HashSize = uint32(n)
			case "maxelem":
				s.MaxElem = uint32(n)
			case "size":
				s.Size = uint32(n)
			case "initval":
				s.InitVal = uint32(n)
			case "markmask":
				s.MarkMask = uint32(n)
			case "bucketsize", "netmask":
				if n > 255 {
					return s, fmt.Errorf("%w: %s %q: out of range", errUsage, opt, v)
				}
				if opt == "bucketsize" {
					s.BucketSize = uint8(n)
				} else {
					s.Netmask = uint8(n)
				}
			default:
				t := uint32(n)
				s.Timeout = &t
			}
		case "range":
			if err := parseRange(&s, v); err != nil {
				return s, err
			}
		default:
			return s, fmt.Errorf("%w: unknown create option %q", errUsage, opt)
		}
	}
	return s, nil
}

// parseRange reads a bitmap set's range: "FROM-TO" or "NET/LEN" of
// addresses, "FROM-TO" of ports.
func parseRange(s *ipset.Set, v string) error {
	if p, err := netip.ParsePrefix(v); err == nil {
		p = p.Masked()
		s.From, s.To = p.Addr(), lastAddr(p)
		return nil
	}
	from, to, ok := strings.Cut(v, "-")
	if !ok {
		return fmt.Errorf("%w: range %q: want FROM-TO or NET/LEN", errUsage, v)
	}
	if a, err := netip.ParseAddr(from); err == nil {
		b, err := netip.ParseAddr(to)
		if err != nil {
			return fmt.Errorf("%w: range %q: %v", errUsage, v, err)
		}
		s.From, s.To = a, b
		return nil
	}
	a, err1 := strconv.ParseUint(from, 10, 16)
	b, err2 := strconv.ParseUint(to, 10, 16)
	if err1 != nil || err2 != nil {
		return fmt.Errorf("%w: range %q: not addresses or ports", errUsage, v)
	}
	s.PortFrom, s.PortTo = uint16(a), uint16(b)
	return nil
}

// lastAddr is a network's last address.
func lastAddr(p netip.Prefix) netip.Addr {
	b := p.Addr().AsSlice()
	for i := p.Bits(); i < len(b)*8; i++ {
		b[i/8] |= 0x80 >> (i % 8)
	}
	a, _ := netip.AddrFromSlice(b)
	return a
}

// entryOptions reads add's options into e.
func entryOptions(e ipset.Entry, args []string) (ipset.Entry, error) {
	for i := 0; i < len(args); i++ {
		opt := args[i]
		switch opt {
		case "nomatch":
			e.NoMatch = true
			continue
		case "wildcard":
			e.Wildcard = true
			continue
		}
		if i+1 >= len(args) {
			return e, fmt.Errorf("%w: option %q needs a value", errUsage, opt)
		}
		i++
		v := args[i]
		switch opt {
		case "comment":
			e.Comment = v
		case "before", "after":
			e.Ref, e.Before = v, opt == "before"
		case "timeout":
			n, err := strconv.ParseUint(v, 10, 32)
			if err != nil {
				return e, fmt.Errorf("%w: timeout %q: not a number", errUsage, v)
			}
			t := uint32(n)
			e.Timeout = &t
		case "packets", "bytes":
			n, err := strconv.ParseUint(v, 10, 64)
			if err != nil {
				return e, fmt.Errorf("%w: %s %q: not a number", errUsage, opt, v)
			}
			if opt == "packets" {
				e.Packets = &n
			} else {
				e.Bytes = &n
			}
		case "skbmark":
			mark, mask, hasMask := strings.Cut(v, "/")
			m, err := strconv.ParseUint(mark, 0, 32)
			if err != nil {
				return e, fmt.Errorf("%w: skbmark %q: want MARK or MARK/MASK", errUsage, v)
			}
			e.SkbMark, e.SkbMarkMask = uint32(m), 0xffffffff
			if hasMask {
				k, err := strconv.ParseUint(mask, 0, 32)
				if err != nil {
					return e, fmt.Errorf("%w: skbmark %q: want MARK or MARK/MASK", errUsage, v)
				}
				e.SkbMarkMask = uint32(k)
			}
		case "skbprio":
			major, minor, ok := strings.Cut(v, ":")
			a, err1 := strconv.ParseUint(major, 16, 16)
			b, err2 := strconv.ParseUint(minor, 16, 16)
			if !ok || err1 != nil || err2 != nil {
				return e, fmt.Errorf("%w: skbprio %q: want MAJOR:MINOR", errUsage, v)
			}
			e.SkbPrio = uint32(a)<<16 | uint32(b)
		case "skbqueue":
			n, err := strconv.ParseUint(v, 10, 16)
			if err != nil {
				return e, fmt.Errorf("%w: skbqueue %q: not a number", errUsage, v)
			}
			e.SkbQueue = uint16(n)
		default:
			return e, fmt.Errorf("%w: unknown option %q", errUsage, opt)
		}
	}
	return e, nil
}
