package main

import (
	"context"
	"errors"
	"io"
	"net/netip"
	"syscall"

	"github.com/rtnlx/rtnlx/netinfo"
)

// This file holds `addr flush` and `route flush`: a dump, then a
// deletion of every record the filters select, as ip does.

// An addrFlush is `addr flush [dev DEV] [scope S] [label L] [to PREFIX]`.
type addrFlush struct {
	dev    string
	scope  *netinfo.Scope
	label  string
	prefix netip.Prefix
}

// parseAddrFlush parses what follows `addr flush`.
func parseAddrFlush(args []string) (*addrFlush, error) {
	if len(args) == 0 {
		return nil, &ipError{code: exitFailure, msg: "Flush requires arguments."}
	}
	af := &addrFlush{}
	for i := 0; i < len(args); i++ {
		w := args[i]
		if (w == "dev" || w == "scope" || w == "label" || w == "to") && i+1 >= len(args) {
			return nil, missingArg(w)
		}
		switch w {
		case "dev":
			i++
			af.dev = args[i]
		case "scope":
			i++
			s, ok := parseScope(args[i])
			if !ok {
				return nil, invalidArg("invalid \"scope\"\n", args[i])
			}
			af.scope = &s
		case "label":
			i++
			af.label = args[i]
		default:
			if w == "to" {
				i++
				w = args[i]
			}
			ip, bits, ok := parsePrefixArg(w)
			if !ok {
				if af.dev != "" {
					return nil, garbage("dev", w)
				}
				af.dev = w // ip addr flush NAME
				continue
			}
			if bits < 0 {
				bits = ip.BitLen()
			}
			af.prefix = netip.PrefixFrom(ip, bits)
		}
	}
	return af, nil
}

// apply deletes the selected addresses.
func (af *addrFlush) apply(ctx context.Context, h *netinfo.Handle, c *command, _ io.Writer) error {
	idx := 0
	if af.dev != "" {
		var err error
		if idx, err = resolveDev(ctx, h, af.dev); err != nil {
			return err
		}
	}
	addrs, err := h.Addrs(ctx, netinfo.AddrFilter{Family: c.family, Index: idx})
	if err != nil {
		return err
	}
	for _, a := range addrs {
		switch {
		case idx != 0 && a.Index != idx,
			c.family != netinfo.FamilyAll && a.Family != c.family,
			af.scope != nil && a.Scope != *af.scope,
			af.label != "" && a.Label != af.label,
			af.prefix.IsValid() && !af.prefix.Contains(a.Prefix.Addr()):
			continue
		}
		// Deleting an IPv4 primary address takes its secondaries with
		// it: those are gone already.
		if err := h.DelAddr(ctx, a); err != nil && !errors.Is(err, netinfo.ErrNotFound) && !isAddrGone(err) {
			return kernelError(err)
		}
	}
	return nil
}

// isAddrGone reports the kernel's answer to deleting an address that a
// previous deletion in the same flush already took away.
func isAddrGone(err error) bool {
	var op *netinfo.OpError
	return errors.As(err, &op) && op.Errno == syscall.EADDRNOTAVAIL
}

// A routeFlush is `route flush [table T] [dev DEV] [proto P] [type T]
// [PREFIX]`.
type routeFlush struct {
	table    netinfo.Table
	dev      string
	protocol *netinfo.RouteProtocol
	typ      netinfo.RouteType
	exact    netip.Prefix
}

// parseRouteFlush parses what follows `route flush`.
func parseRouteFlush(args []string) (*routeFlush, error) {
	if len(args) == 0 {
		return nil, &ipError{code: exitFailure, msg: "\"ip route flush\" requires arguments."}
	}
	rf := &routeFlush{table: netinfo.TableMain}
	for i := 0; i < len(args); i++ {
		w := args[i]
		next := func() (string, error) { return nextArg(args, &i) }
		var v string
		var err error
		switch {
		case matches(w, "table"):
			if v, err = next(); err != nil {
				return nil, err
			}
			t, ok := parseTable(v)
			if !ok {
				return nil, invalidArg("table id value is invalid\n", v)
			}
			rf.table = t
		case w == "dev", w == "oif":
			if rf.dev, err = next(); err != nil {
				return nil, err
			}
		case matches(w, "protocol"):
			if v, err = next(); err != nil {
				return nil, err
			}
			p, ok := parseProtocol(v)
			if !ok {
				return nil, invalidArg("invalid \"protocol\"\n", v)
			}
			rf.protocol = &p
		case w == "type":
			if v, err = next(); err != nil {
				return nil, err
			}
			t, ok := parseRouteType(v)
			if !ok {
				return nil, invalidArg("node type value is invalid\n", v)
			}
			rf.typ = t
		default:
			if w == "to" || w == "exact" {
				if w, err = next(); err != nil {
					return nil, err
				}
			}
			ip, bits, ok := parsePrefixArg(w)
			if w == "default" {
				ip, bits, ok = netip.IPv4Unspecified(), 0, true
			}
			if !ok {
				return nil, badPrefix("any valid prefix", w)
			}
			if bits < 0 {
				bits = ip.BitLen()
			}
			rf.exact = netip.PrefixFrom(ip, bits)
		}
	}
	return rf, nil
}

// apply deletes the selected routes.
func (rf *routeFlush) apply(ctx context.Context, h *netinfo.Handle, c *command, _ io.Writer) error {
	idx := 0
	if rf.dev != "" {
		var err error
		if idx, err = resolveDev(ctx, h, rf.dev); err != nil {
			return err
		}
	}
	family := c.family
	if family == netinfo.FamilyAll && rf.table != 0 {
		family = netinfo.FamilyInet
	}
	routes, err := h.Routes(ctx, netinfo.RouteFilter{Family: family, Table: rf.table, OutIndex: idx})
	if err != nil {
		if rf.table != 0 && errors.Is(err, netinfo.ErrNotFound) {
			if c.inBatch {
				// ip -batch dumps without strict checking: a table that
				// does not exist just has no routes.
				return nil
			}
			return &ipError{code: exitKernel, msg: "Error: ipv4: FIB table does not exist.\nFlush terminated"}
		}
		return kernelError(err)
	}
	for _, r := range routes {
		switch {
		case !routeShown(&r, family, rf.table, idx),
			rf.protocol != nil && r.Protocol != *rf.protocol,
			rf.typ != 0 && r.Type != rf.typ,
			rf.exact.IsValid() && r.Dst != rf.exact:
			continue
		}
		if err := h.DelRoute(ctx, r); err != nil && !errors.Is(err, netinfo.ErrNotFound) {
			return kernelError(err)
		}
	}
	return nil
}
