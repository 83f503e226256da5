package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/rtnlx/rtnlx/genl"
	"github.com/rtnlx/rtnlx/nlsock"
)

const usage = `usage: genl [-n NETNS] ctrl list
       genl [-n NETNS] ctrl get name NAME
       genl [-n NETNS] ctrl get id ID`

// run carries out one command line and returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("genl", flag.ContinueOnError)
	fs.SetOutput(stderr)
	netns := fs.String("n", "", "network namespace: a name under /var/run/netns or a path")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	args = fs.Args()
	if len(args) < 2 || args[0] != "ctrl" {
		fmt.Fprintln(stderr, usage)
		return 2
	}
	cfg := &nlsock.Config{NetNS: netnsPath(*netns)}
	c, err := genl.Dial(cfg)
	if err != nil {
		fmt.Fprintln(stderr, "genl:", err)
		return 1
	}
	defer c.Close()
	w := bufio.NewWriter(stdout)
	defer w.Flush()
	switch cmd := args[1]; {
	case cmd == "list" || cmd == "show" || cmd == "lst" || cmd == "ls":
		fams, err := c.Families(ctx)
		if err != nil {
			fmt.Fprintln(stderr, "genl:", err)
			return 1
		}
		for _, f := range fams {
			printFamily(w, f)
		}
	case cmd == "get" && len(args) == 4 && args[2] == "name":
		f, err := c.Family(ctx, args[3])
		if err != nil {
			fmt.Fprintln(stderr, "genl:", err)
			return 1
		}
		printFamily(w, f)
	case cmd == "get" && len(args) == 4 && args[2] == "id":
		id, err := strconv.ParseUint(args[3], 0, 16)
		if err != nil {
			fmt.Fprintf(stderr, "genl: illegal id %q\n", args[3])
			return 2
		}
		fams, err := c.Families(ctx)
		if err != nil {
			fmt.Fprintln(stderr, "genl:", err)
			return 1
		}
		for _, f := range fams {
			if uint64(f.ID) == id {
				printFamily(w, f)
				return 0
			}
		}
		fmt.Fprintf(stderr, "genl: no family with id %#x\n", id)
		return 1
	default:
		fmt.Fprintln(stderr, usage)
		return 2
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

// printFamily prints f as iproute2's genl ctrl list does, spaces and
// blank lines included. Like genl, it prints operation capabilities only
// for a family whose version is 2 or more.
func printFamily(w io.Writer, f genl.Family) {
	fmt.Fprintf(w, "\nName: %s\n", f.Name)
	fmt.Fprintf(w, "\tID: 0x%x ", f.ID)
	fmt.Fprintf(w, " Version: 0x%x ", f.Version)
	fmt.Fprintf(w, " header size: %d ", f.HeaderSize)
	fmt.Fprintf(w, " max attribs: %d ", f.MaxAttr)
	fmt.Fprint(w, "\n")
	if len(f.Ops) > 0 {
		fmt.Fprint(w, "\tcommands supported: \n")
		for i, op := range f.Ops {
			fmt.Fprintf(w, "\t\t#%d: ", i+1)
			fmt.Fprintf(w, " ID-0x%x ", op.ID)
			if f.Version >= 2 {
				printCapabilities(w, op.Flags)
			}
			fmt.Fprint(w, "\n")
		}
		fmt.Fprint(w, "\n")
	}
	if len(f.Groups) > 0 {
		fmt.Fprint(w, "\tmulticast groups:\n")
		for i, g := range f.Groups {
			fmt.Fprintf(w, "\t\t#%d: ", i+1)
			fmt.Fprintf(w, " ID-0x%x ", g.ID)
			fmt.Fprintf(w, " name: %s ", g.Name)
			fmt.Fprint(w, "\n")
		}
		fmt.Fprint(w, "\n")
	}
}

func printCapabilities(w io.Writer, fl uint32) {
	fmt.Fprintf(w, "\n\t\tCapabilities (0x%x):\n ", fl)
	if fl == 0 {
		fmt.Fprint(w, "\n")
		return
	}
	fmt.Fprint(w, "\t\t ")
	for _, c := range []struct {
		flag uint32
		text string
	}{
		{genl.AdminPerm, " requires admin permission;"},
		{genl.CanDo, " can doit;"},
		{genl.CanDump, " can dumpit;"},
		{genl.HasPolicy, " has policy"},
	} {
		if fl&c.flag != 0 {
			fmt.Fprint(w, c.text)
		}
	}
	fmt.Fprint(w, "\n")
}
