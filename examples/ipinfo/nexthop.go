package main

import (
	"context"
	"errors"
	"io"
	"net/netip"
	"strconv"
	"strings"

	"github.com/rtnlx/rtnlx/netinfo"
)

// This file holds `nexthop show|add|replace|del` (ip/ipnexthop.c).

// appendNexthopLine appends an `ip nexthop` line.
func appendNexthopLine(b []byte, n *netinfo.Nexthop, names linkNames, details bool) []byte {
	b = append(b, "id "...)
	b = strconv.AppendUint(b, uint64(n.ID), 10)
	if len(n.Group) > 0 {
		b = append(b, " group "...)
		for i, m := range n.Group {
			if i > 0 {
				b = append(b, '/')
			}
			b = strconv.AppendUint(b, uint64(m.ID), 10)
			if m.Weight > 1 {
				b = append(b, ',')
				b = strconv.AppendInt(b, int64(m.Weight), 10)
			}
		}
	}
	if n.Gateway.IsValid() {
		b = append(b, " via "...)
		b = append(b, n.Gateway.String()...)
	}
	if n.OutIndex != 0 {
		b = append(b, " dev "...)
		b = append(b, names.name(n.OutIndex)...)
	}
	if (n.Scope != netinfo.ScopeUniverse && !n.Blackhole && len(n.Group) == 0) || details {
		b = append(b, " scope "...)
		b = append(b, n.Scope.String()...)
	}
	if n.Blackhole {
		b = append(b, " blackhole"...)
	}
	if (n.Protocol != netinfo.ProtoUnspec && n.Protocol != netinfo.ProtoBoot) || details {
		b = append(b, " proto "...)
		b = append(b, n.Protocol.String()...)
	}
	for _, w := range routeFlagList(n.Flags) {
		b = append(b, ' ')
		b = append(b, w...)
	}
	if n.FDB {
		b = append(b, " fdb"...)
	}
	return append(b, '\n')
}

// appendNexthopJSON adds one `ip -j nexthop` object.
func appendNexthopJSON(b []byte, n *netinfo.Nexthop, names linkNames, details bool) []byte {
	o := beginObject(b)
	o.uint("id", uint64(n.ID))
	if len(n.Group) > 0 {
		o.key("group")
		o.b = append(o.b, '[')
		for i, m := range n.Group {
			if i > 0 {
				o.b = append(o.b, ',')
			}
			mo := beginObject(o.b)
			mo.uint("id", uint64(m.ID))
			if m.Weight > 1 {
				mo.int("weight", int64(m.Weight))
			}
			o.b = mo.end()
		}
		o.b = append(o.b, ']')
	}
	if n.Gateway.IsValid() {
		o.str("gateway", n.Gateway.String())
	}
	if n.OutIndex != 0 {
		o.str("dev", names.name(n.OutIndex))
	}
	if (n.Scope != netinfo.ScopeUniverse && !n.Blackhole && len(n.Group) == 0) || details {
		o.str("scope", n.Scope.String())
	}
	if n.Blackhole {
		o.null("blackhole")
	}
	if (n.Protocol != netinfo.ProtoUnspec && n.Protocol != netinfo.ProtoBoot) || details {
		o.str("protocol", n.Protocol.String())
	}
	o.strings("flags", routeFlagList(n.Flags))
	if n.FDB {
		o.null("fdb")
	}
	return o.end()
}

// A nexthopChange is `nexthop add|replace|del id N ...`.
type nexthopChange struct {
	op  string // "add", "replace" or "del"
	nh  netinfo.Nexthop
	dev string
}

// parseNexthopChange parses what follows the verb.
func parseNexthopChange(op string, args []string, family netinfo.Family) (*nexthopChange, error) {
	nc := &nexthopChange{op: op, nh: netinfo.Nexthop{Family: family}}
	n := &nc.nh
	for i := 0; i < len(args); i++ {
		w := args[i]
		next := func() (string, error) { return nextArg(args, &i) }
		var v string
		var err error
		switch w {
		case "id", "via", "dev", "group", "protocol", "type":
			if v, err = next(); err != nil {
				return nil, err
			}
		}
		switch w {
		case "id":
			id, err := strconv.ParseUint(v, 0, 32)
			if err != nil {
				return nil, invalidArg("invalid id value", v)
			}
			n.ID = uint32(id)
		case "via":
			gw, err := netip.ParseAddr(v)
			if err != nil {
				return nil, badPrefix("inet address", v)
			}
			n.Gateway = gw
		case "dev":
			nc.dev = v
		case "blackhole":
			n.Blackhole = true
		case "onlink":
			n.Flags |= netinfo.RouteOnLink
		case "fdb":
			n.FDB = true
		case "group":
			for _, part := range strings.Split(v, "/") {
				idText, weightText, hasWeight := strings.Cut(part, ",")
				id, err := strconv.ParseUint(idText, 0, 32)
				if err != nil {
					return nil, invalidArg("Invalid group", v)
				}
				m := netinfo.NexthopGroupMember{ID: uint32(id), Weight: 1}
				if hasWeight {
					wt, err := strconv.ParseUint(weightText, 0, 16)
					if err != nil || wt == 0 {
						return nil, invalidArg("Invalid weight for nexthop group", v)
					}
					m.Weight = int(wt)
				}
				n.Group = append(n.Group, m)
			}
		case "type":
			switch v {
			case "mpath":
				n.GroupType = netinfo.NexthopGroupMultipath
			case "resilient":
				n.GroupType = netinfo.NexthopGroupResilient
			default:
				return nil, invalidArg("\"type\" value is invalid\n", v)
			}
		case "protocol":
			p, ok := parseProtocol(v)
			if !ok {
				return nil, invalidArg("\"protocol\" value is invalid\n", v)
			}
			n.Protocol = p
		default:
			if matches(w, "help") {
				return nil, errHelp
			}
			return nil, ipUsagef("Error: either %q is duplicate, or %q is a garbage.", "id", w)
		}
	}
	return nc, nil
}

// apply makes the change; like ip it prints nothing on success.
func (nc *nexthopChange) apply(ctx context.Context, h *netinfo.Handle, _ *command, _ io.Writer) error {
	n := nc.nh
	if nc.dev != "" {
		idx, err := resolveDev(ctx, h, nc.dev)
		var ipe *ipError
		if errors.As(err, &ipe) && ipe.code == exitFailure {
			// ip nexthop resolves the device while parsing.
			return invalidArg("Device does not exist\n", nc.dev)
		}
		if err != nil {
			return err
		}
		n.OutIndex = idx
	}
	var err error
	switch nc.op {
	case "add":
		err = h.AddNexthop(ctx, n)
	case "replace":
		err = h.ReplaceNexthop(ctx, n)
	case "del":
		err = h.DelNexthop(ctx, n.ID)
	}
	return kernelError(err)
}
