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

// A neighChange is `neigh add|change|replace|del ADDR [lladdr LL] [nud STATE]
// [proxy ADDR] [router] [use] [managed] [extern_learn] dev DEV [protocol P]` (ip/ipneigh.c
// ipneigh_modify).
type neighChange struct {
	op  string // "add", "change", "replace" or "del"
	n   netinfo.Neighbor
	dev string
}

// neighChangeOp maps ip's neighbour verbs, in its matches() order.
func neighChangeOp(verb string) (string, bool) {
	switch {
	case matches(verb, "add"):
		return "add", true
	case matches(verb, "change"), verb == "chg":
		return "change", true
	case matches(verb, "replace"):
		return "replace", true
	case matches(verb, "delete"):
		return "del", true
	}
	return "", false
}

// parseNeighChange parses what follows the verb.
func parseNeighChange(op string, args []string, family netinfo.Family) (*neighChange, error) {
	nc := &neighChange{op: op, n: netinfo.Neighbor{Family: family}}
	n := &nc.n
	dstGiven, lladdrGiven, devGiven := false, false, false
	lla := "" // read once the line is known complete, as ip does
	setDst := func(s string) error {
		if dstGiven {
			return garbage("to", s)
		}
		ip, err := netip.ParseAddr(s)
		if err != nil || (family != netinfo.FamilyAll && familyOf(ip) != family) {
			return badPrefix(familyName(family)+" address", s) // get_addr's words
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
			if lladdrGiven {
				return nil, ipUsagef("Error: duplicate \"lladdr\": %q is the second value.", v)
			}
			lla, lladdrGiven = v, true
		case w == "nud":
			if v, err = next(); err != nil {
				return nil, err
			}
			st, ok := lookupNUD(v) // nud_state_a2n: words, abbreviations, numbers
			if !ok {
				return nil, invalidArg("nud state is bad", v)
			}
			n.State = netinfo.NeighState(st)
			if st == 0 { // netinfo reads an unset state as PERMANENT, ip's default
				n.State = netinfo.NeighExplicitNone
			}
		case matches(w, "proxy"):
			if v, err = next(); err != nil {
				return nil, err
			}
			if matches(v, "help") {
				return nil, errHelp
			}
			if err := setDst(v); err != nil {
				return nil, err
			}
			n.Flags |= netinfo.NeighProxy
			devGiven = true // a proxy entry may be on no link
		case w == "router":
			n.Flags |= netinfo.NeighRouter
		case w == "use":
			n.Flags |= netinfo.NeighUse
		case w == "managed": // and no state, as ip sets it
			n.Flags |= netinfo.NeighManaged
			n.State = netinfo.NeighExplicitNone
		case matches(w, "extern_learn"):
			n.Flags |= netinfo.NeighExtLearned
		case w == "dev":
			if nc.dev, err = next(); err != nil {
				return nil, err
			}
			devGiven = true
		case matches(w, "protocol"): // after proxy: "pro" is proxy, as in ip
			if v, err = next(); err != nil {
				return nil, err
			}
			p, ok := lookupProtocol(v)
			if !ok {
				return nil, invalidArg("\"protocol\" value is invalid\n", v)
			}
			n.Protocol = p
		default:
			if w == "to" {
				if w, err = next(); err != nil {
					return nil, err
				}
			}
			// ip skips a help word here (NEXT_ARG): the address is the
			// word after it, and "add help" alone is an incomplete line.
			if matches(w, "help") {
				if w, err = next(); err != nil {
					return nil, err
				}
			}
			if err := setDst(w); err != nil {
				return nil, err
			}
		}
	}
	if !devGiven || !dstGiven {
		return nil, &ipError{code: exitUsage, msg: "Device and destination are required arguments.", exits: true} // exit(-1)
	}
	if lla != "" && lla != "null" { // "null": no address
		hw, err := net.ParseMAC(lla)
		if err != nil {
			return nil, &ipError{code: exitFailure, msg: strconv.Quote(lla) + " is invalid lladdr."}
		}
		n.HardwareAddr = hw
	}
	return nc, nil
}

// apply makes the change; like ip it prints nothing on success.
func (nc *neighChange) apply(ctx context.Context, h *netinfo.Handle, _ *command, _ io.Writer) error {
	n := nc.n
	var err error
	if nc.dev != "" { // none: a proxy entry on no link
		if n.Index, err = resolveDev(ctx, h, nc.dev); err != nil {
			return err
		}
	}
	switch nc.op {
	case "add":
		err = h.AddNeighbor(ctx, n)
	case "change":
		err = h.ChangeNeighbor(ctx, n)
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
