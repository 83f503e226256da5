package main

import (
	"context"
	"errors"
	"io"
	"net"
	"net/netip"
	"strconv"

	"github.com/rtnlx/rtnlx/netinfo"
)

// A neighChange is `neigh add|replace|del ADDR [lladdr LL] [nud STATE]
// [proxy ADDR] [router] [extern_learn] dev DEV` (ip/ipneigh.c
// ipneigh_modify).
type neighChange struct {
	op  string // "add", "replace" or "del"
	n   netinfo.Neighbor
	dev string
}

// neighChangeOp maps ip's neighbour verbs, in its matches() order.
func neighChangeOp(verb string) (string, bool) {
	switch {
	case matches(verb, "add"):
		return "add", true
	case matches(verb, "replace"):
		return "replace", true
	case matches(verb, "delete"):
		return "del", true
	}
	return "", false
}

// neighStateWords are the states `nud` takes in a change.
var neighStateWords = map[string]netinfo.NeighState{
	"permanent":  netinfo.NeighPermanent,
	"reachable":  netinfo.NeighReachable,
	"stale":      netinfo.NeighStale,
	"delay":      netinfo.NeighDelay,
	"probe":      netinfo.NeighProbe,
	"failed":     netinfo.NeighFailed,
	"incomplete": netinfo.NeighIncomplete,
	"noarp":      netinfo.NeighNoARP,
}

// parseNeighChange parses what follows the verb.
func parseNeighChange(op string, args []string, family netinfo.Family) (*neighChange, error) {
	nc := &neighChange{op: op, n: netinfo.Neighbor{Family: family}}
	n := &nc.n
	dstGiven := false
	setDst := func(s string) error {
		if dstGiven {
			return garbage("to", s)
		}
		ip, err := netip.ParseAddr(s)
		if err != nil {
			return badPrefix("inet address", s)
		}
		n.IP, dstGiven = ip, true
		return nil
	}
	for i := 0; i < len(args); i++ {
		w := args[i]
		next := func() (string, error) { return nextArg(args, &i) }
		var v string
		var err error
		switch {
		case matches(w, "lladdr"):
			if v, err = next(); err != nil {
				return nil, err
			}
			hw, err := net.ParseMAC(v)
			if err != nil {
				return nil, &ipError{code: exitFailure, msg: strconv.Quote(v) + " is invalid lladdr."}
			}
			n.HardwareAddr = hw
		case w == "nud":
			if v, err = next(); err != nil {
				return nil, err
			}
			s, ok := neighStateWords[v]
			if !ok {
				return nil, invalidArg("nud state is bad", v)
			}
			n.State = s
		case matches(w, "proxy"):
			if v, err = next(); err != nil {
				return nil, err
			}
			if err := setDst(v); err != nil {
				return nil, err
			}
			n.Flags |= netinfo.NeighProxy
		case w == "router":
			n.Flags |= netinfo.NeighRouter
		case matches(w, "extern_learn"):
			n.Flags |= netinfo.NeighExtLearned
		case w == "dev":
			if nc.dev, err = next(); err != nil {
				return nil, err
			}
		default:
			if w == "to" {
				if w, err = next(); err != nil {
					return nil, err
				}
			}
			if matches(w, "help") {
				return nil, errHelp
			}
			if err := setDst(w); err != nil {
				return nil, err
			}
		}
	}
	if nc.dev == "" || !dstGiven {
		return nil, &ipError{code: exitFailure, msg: "Device and destination are required arguments."}
	}
	return nc, nil
}

// apply makes the change; like ip it prints nothing on success.
func (nc *neighChange) apply(ctx context.Context, h *netinfo.Handle, _ *command, _ io.Writer) error {
	idx, err := resolveDev(ctx, h, nc.dev)
	if err != nil {
		return err
	}
	n := nc.n
	n.Index = idx
	switch nc.op {
	case "add":
		err = h.AddNeighbor(ctx, n)
	case "replace":
		err = h.ReplaceNeighbor(ctx, n)
	case "del":
		err = h.DelNeighbor(ctx, n)
	}
	err = kernelError(err)
	var ipe *ipError
	if errors.As(err, &ipe) && ipe.code == exitKernel {
		ipe.exits = true // ip neigh exits at once on the kernel's refusal
	}
	return err
}

// A neighFlush is `neigh flush [dev DEV] [nud STATE]... [to PREFIX]`.
type neighFlush struct {
	dev   string
	nud   nudFilter
	pfx   netip.Prefix
	proxy bool
}

// parseNeighFlush parses what follows `neigh flush`.
func parseNeighFlush(args []string) (*neighFlush, error) {
	if len(args) == 0 {
		return nil, &ipError{code: exitFailure, msg: "Flush requires arguments."}
	}
	nf := &neighFlush{nud: nudFilter(^uint32(netinfo.NeighPermanent | netinfo.NeighNoARP))}
	nudGiven := false
	for i := 0; i < len(args); i++ {
		w := args[i]
		if (w == "dev" || w == "nud" || w == "to") && i+1 >= len(args) {
			return nil, missingArg(w)
		}
		switch w {
		case "dev":
			i++
			nf.dev = args[i]
		case "nud":
			i++
			f, ok := nudWords[args[i]]
			if !ok {
				return nil, invalidArg("nud state is bad", args[i])
			}
			if f == nudAll {
				f &^= nudFilter(netinfo.NeighNoARP)
			}
			if !nudGiven {
				nf.nud, nudGiven = 0, true
			}
			nf.nud |= f
		case "proxy":
			nf.proxy = true
		default:
			if w == "to" {
				i++
				w = args[i]
			}
			ip, bits, ok := parsePrefixArg(w)
			if !ok {
				return nil, invalidArg("to value is invalid\n", w)
			}
			if bits < 0 {
				bits = ip.BitLen()
			}
			nf.pfx = netip.PrefixFrom(ip, bits)
		}
	}
	return nf, nil
}

// apply deletes every neighbour the filters select.
func (nf *neighFlush) apply(ctx context.Context, h *netinfo.Handle, c *command, _ io.Writer) error {
	idx := 0
	if nf.dev != "" {
		var err error
		if idx, err = resolveDev(ctx, h, nf.dev); err != nil {
			return err
		}
	}
	neighs, err := h.Neighbors(ctx, netinfo.NeighFilter{Family: c.family, Index: idx})
	if err != nil {
		return err
	}
	for _, n := range neighs {
		if (n.Flags&netinfo.NeighProxy != 0) != nf.proxy || (idx != 0 && n.Index != idx) {
			continue
		}
		if n.Family != netinfo.FamilyInet && n.Family != netinfo.FamilyInet6 {
			continue
		}
		if c.family != netinfo.FamilyAll && n.Family != c.family {
			continue
		}
		if !nf.proxy && !neighShown(&n, nf.nud) {
			continue
		}
		if nf.pfx.IsValid() && !nf.pfx.Contains(n.IP) {
			continue
		}
		if err := h.DelNeighbor(ctx, n); err != nil && !errors.Is(err, netinfo.ErrNotFound) {
			return kernelError(err)
		}
	}
	return nil
}
