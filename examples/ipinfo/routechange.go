package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"strconv"

	"github.com/rtnlx/rtnlx/netinfo"
)

// A routeChange is `route add|del|replace ROUTE`, with ip's words for
// what it takes: a destination (or default), then via, dev, table,
// metric, proto, scope and src.
type routeChange struct {
	op    string // "add", "del" or "replace"
	route netinfo.Route
	dev   string
}

// routeChangeOps are the verbs of `route` that change a route.
var routeChangeOps = map[string]string{"add": "add", "del": "del", "delete": "del", "replace": "replace"}

// parseRouteChange parses what follows `route add|del|replace`.
func parseRouteChange(op string, args []string, family netinfo.Family) (*routeChange, error) {
	rc := &routeChange{op: op, route: netinfo.Route{Family: family}}
	r := &rc.route
	value := func(i int, what string) (string, error) {
		if i+1 >= len(args) {
			return "", usagef("route %s: %s needs %s", op, args[i], what)
		}
		return args[i+1], nil
	}
	dstGiven := false
	for i := 0; i < len(args); i++ {
		a := args[i]
		var v string
		var err error
		if a == "via" || a == "dev" || a == "table" || a == "metric" || a == "priority" || a == "proto" || a == "protocol" || a == "scope" || a == "src" || a == "to" {
			if v, err = value(i, "a value"); err != nil {
				return nil, err
			}
			i++
		}
		switch a {
		case "to":
			if err := rc.setDst(v, &dstGiven); err != nil {
				return nil, err
			}
		case "via":
			gw, err := netip.ParseAddr(v)
			if err != nil {
				return nil, usagef("route %s: via: %v", op, err)
			}
			r.Gateway = gw
		case "dev":
			rc.dev = v
		case "table":
			t, ok := parseTable(v)
			if !ok || t == 0 {
				return nil, usagef("route %s: table must be main, local, default or a number, not %q", op, v)
			}
			r.Table = t
		case "metric", "priority":
			n, err := strconv.ParseUint(v, 0, 32)
			if err != nil {
				return nil, usagef("route %s: metric %q: not a number", op, v)
			}
			r.Priority = uint32(n)
		case "proto", "protocol":
			p, ok := parseWordOrNumber(v, map[string]uint8{"kernel": 2, "boot": 3, "static": 4, "dhcp": 16})
			if !ok {
				return nil, usagef("route %s: unknown protocol %q", op, v)
			}
			r.Protocol = netinfo.RouteProtocol(p)
		case "scope":
			s, ok := parseWordOrNumber(v, map[string]uint8{"global": 0, "universe": 0, "site": 200, "link": 253, "host": 254})
			if !ok {
				return nil, usagef("route %s: unknown scope %q", op, v)
			}
			r.Scope = netinfo.Scope(s)
		case "src":
			src, err := netip.ParseAddr(v)
			if err != nil {
				return nil, usagef("route %s: src: %v", op, err)
			}
			r.PrefSrc = src
		default:
			if err := rc.setDst(a, &dstGiven); err != nil {
				return nil, err
			}
		}
	}
	if !dstGiven {
		return nil, usagef("route %s: no destination (a prefix or default)", op)
	}
	return rc, nil
}

// setDst reads the destination: a prefix, an address (a host route) or
// default.
func (rc *routeChange) setDst(s string, given *bool) error {
	if *given {
		return usagef("route %s: two destinations (%s after %s)", rc.op, s, rc.route.Dst)
	}
	*given = true
	if s == "default" {
		addr := netip.IPv4Unspecified()
		if rc.route.Family == netinfo.FamilyInet6 {
			addr = netip.IPv6Unspecified()
		}
		rc.route.Dst = netip.PrefixFrom(addr, 0)
		return nil
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		a, aerr := netip.ParseAddr(s)
		if aerr != nil {
			return usagef("route %s: destination %q is neither a prefix nor an address", rc.op, s)
		}
		p = netip.PrefixFrom(a, a.BitLen())
	}
	if p.Masked() != p {
		return usagef("route %s: destination %s has host bits set (did you mean %s?)", rc.op, p, p.Masked())
	}
	rc.route.Dst = p
	return nil
}

// parseWordOrNumber reads one of words or a number from 0 to 255.
func parseWordOrNumber(s string, words map[string]uint8) (uint8, bool) {
	if v, ok := words[s]; ok {
		return v, true
	}
	n, err := strconv.ParseUint(s, 0, 8)
	return uint8(n), err == nil
}

// changeRoute makes the change; like ip it prints nothing on success.
func changeRoute(ctx context.Context, h *netinfo.Handle, rc *routeChange, _ io.Writer) error {
	r := rc.route
	if rc.dev != "" {
		l, err := h.LinkByName(ctx, rc.dev)
		if errors.Is(err, netinfo.ErrNotFound) {
			return &deviceError{name: rc.dev}
		}
		if err != nil {
			return err
		}
		r.OutIndex = l.Index
	}
	var err error
	switch rc.op {
	case "add":
		err = h.AddRoute(ctx, r)
	case "del":
		err = h.DelRoute(ctx, r)
	case "replace":
		err = h.ReplaceRoute(ctx, r)
	default:
		err = fmt.Errorf("route: unknown change %q", rc.op)
	}
	return err
}
