package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"syscall"

	"github.com/rtnlx/rtnlx/netinfo"
)

// A netnsCmd is `netns [list] | add NAME | delete NAME`: named
// namespaces under /var/run/netns, as ip makes them.
type netnsCmd struct {
	verb string // "list", "add" or "del"
	name string
}

// parseNetns parses what follows `netns`, with ip's verb order.
func parseNetns(args []string) (*netnsCmd, error) {
	if len(args) == 0 {
		return &netnsCmd{verb: "list"}, nil
	}
	verb, rest := args[0], args[1:]
	switch {
	case matches(verb, "list"), matches(verb, "show"), matches(verb, "lst"):
		return &netnsCmd{verb: "list"}, nil
	case matches(verb, "add"), matches(verb, "delete"):
		if len(rest) < 1 {
			return nil, &ipError{code: exitFailure, msg: "No netns name specified"}
		}
		v := "add"
		if !matches(verb, "add") {
			v = "del"
		}
		name := rest[0]
		if name == "" || len(name) > 255 || name == "." || name == ".." || strings.Contains(name, "/") {
			return nil, ipUsagef("Invalid netns name %q", name)
		}
		return &netnsCmd{verb: v, name: name}, nil
	}
	return nil, ipUsagef("Command %q is unknown, try \"ip netns help\".", verb)
}

// apply lists, adds or deletes.
func (n *netnsCmd) apply(ctx context.Context, h *netinfo.Handle, c *command, w io.Writer) error {
	// ip's messages name the directory it was built with.
	path := "/run/netns/" + n.name
	switch n.verb {
	case "add":
		_, err := netinfo.AddNetNS(n.name)
		if errors.Is(err, syscall.EEXIST) {
			return &ipError{code: exitFailure, msg: fmt.Sprintf("Cannot create namespace file %q: File exists", path)}
		}
		return err
	case "del":
		err := netinfo.DelNetNS(n.name)
		if errors.Is(err, netinfo.ErrNotFound) {
			return &ipError{code: exitFailure, msg: fmt.Sprintf("Cannot remove namespace file %q: No such file or directory", path)}
		}
		return err
	}
	names, err := netinfo.ListNetNS()
	if err != nil {
		return err
	}
	// ip lists them in the directory's order, not sorted.
	if f, err := os.Open(netnsDir); err == nil {
		if inDirOrder, err := f.Readdirnames(-1); err == nil {
			names = inDirOrder
		}
		f.Close()
	}
	lw := newListWriter(w, c.json)
	for _, name := range names {
		// ip names the id the namespace has in this one, if any; a
		// namespace it cannot ask about (deleted meanwhile) gets none.
		id, err := h.NetNSID(ctx, netinfo.NetNSPath(netnsDir+"/"+name))
		if err != nil {
			id = -1
		}
		if c.json {
			o := beginObject(lw.next())
			o.str("name", name)
			if id >= 0 {
				o.int("id", int64(id))
			}
			lw.done(o.end())
			continue
		}
		b := append(lw.next(), name...)
		if id >= 0 {
			b = append(b, " (id: "...)
			b = strconv.AppendInt(b, int64(id), 10)
			b = append(b, ')')
		}
		lw.done(append(b, '\n'))
	}
	return lw.close()
}

// netnsNamer returns ip's get_name_from_nsid: the name under
// /var/run/netns of the namespace the handle's namespace knows by id,
// looked up on first use.
func netnsNamer(ctx context.Context, h *netinfo.Handle) func(id int32) (string, bool) {
	var byID map[int32]string
	return func(id int32) (string, bool) {
		if byID == nil {
			byID = map[int32]string{}
			names, _ := netinfo.ListNetNS()
			for _, name := range names {
				if n, err := h.NetNSID(ctx, netinfo.NetNSPath(netnsDir+"/"+name)); err == nil && n >= 0 {
					if _, dup := byID[int32(n)]; !dup {
						byID[int32(n)] = name
					}
				}
			}
		}
		name, ok := byID[id]
		return name, ok
	}
}
