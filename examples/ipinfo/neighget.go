package main

import (
	"context"
	"errors"
	"io"
	"net/netip"

	"github.com/rtnlx/rtnlx/netinfo"
)

// A neighGet is `neigh get [proxy] ADDR dev DEV` (ip/ipneigh.c
// ipneigh_get): the kernel's one entry, printed as neigh show prints it,
// in text even with -j (ip opens no JSON context there).
type neighGet struct {
	n   netinfo.Neighbor
	dev string
}

// parseNeighGet parses what follows `neigh get`, with ip's errors.
func parseNeighGet(args []string, family netinfo.Family) (*neighGet, error) {
	g := &neighGet{n: netinfo.Neighbor{Family: family}}
	dstGiven, devGiven := false, false
	for i := 0; i < len(args); i++ {
		w := args[i]
		var err error
		switch {
		case w == "dev":
			if g.dev, err = nextArg(args, &i); err != nil {
				return nil, err
			}
			devGiven = true
			continue
		case matches(w, "proxy"):
			if w, err = nextArg(args, &i); err != nil {
				return nil, err
			}
			if matches(w, "help") {
				return nil, errHelp
			}
			if dstGiven {
				return nil, ipUsagef("Error: duplicate \"address\": %q is the second value.", w)
			}
			g.n.Flags |= netinfo.NeighProxy
			devGiven = true // as in ip, which then fails on the missing device
		default:
			if w == "to" {
				if w, err = nextArg(args, &i); err != nil {
					return nil, err
				}
			}
			if matches(w, "help") {
				return nil, errHelp
			}
			if dstGiven {
				return nil, garbage("to", w)
			}
		}
		ip, err := netip.ParseAddr(w)
		if err != nil || (family != netinfo.FamilyAll && familyOf(ip) != family) {
			return nil, badPrefix(familyName(family)+" address", w)
		}
		g.n.IP, dstGiven = ip, true
	}
	if !devGiven || !dstGiven {
		return nil, &ipError{code: exitFailure, msg: "Device and address are required arguments."}
	}
	return g, nil
}

// apply asks for the entry and prints it.
func (g *neighGet) apply(ctx context.Context, h *netinfo.Handle, c *command, w io.Writer) error {
	n := g.n
	if g.dev != "" {
		l, err := h.LinkByName(ctx, g.dev)
		if errors.Is(err, netinfo.ErrNotFound) {
			return noDevice(g.dev)
		}
		if err != nil {
			return err
		}
		n.Index = l.Index
	}
	got, err := h.GetNeighbor(ctx, n)
	if err != nil {
		return kernelError(err)
	}
	names := linkNames{}
	if got.Index != 0 {
		l, err := h.LinkByIndex(ctx, got.Index)
		if err != nil {
			return err
		}
		names[got.Index] = l.Name
	}
	_, err = w.Write(appendNeighText(nil, &got, names, neighForm{stats: c.stats > 0, brief: c.brief}))
	return err
}
