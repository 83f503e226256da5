package main

import (
	"context"
	"fmt"
	"io"
	"net/netip"
	"strconv"
	"strings"

	"github.com/rtnlx/rtnlx/netinfo"
)

// This file holds `rule show|add|del` (ip/iprule.c).

// ruleFamily is the family `rule` works on: IPv4 unless -6, as in ip.
func (c *command) ruleFamily() netinfo.Family {
	if c.family == netinfo.FamilyAll {
		return netinfo.FamilyInet
	}
	return c.family
}

// showRules prints `rule show`.
func showRules(ctx context.Context, h *netinfo.Handle, c *command, w io.Writer) error {
	rules, err := h.Rules(ctx, netinfo.RuleFilter{Family: c.ruleFamily()})
	if err != nil {
		return err
	}
	lw := newListWriter(w, c.json)
	for i := range rules {
		if c.ruleSel != nil && !c.ruleSel.match(&rules[i]) {
			continue
		}
		if c.json {
			lw.done(appendRuleJSON(lw.next(), &rules[i], c.tables, c.details))
		} else {
			lw.done(appendRuleLine(lw.next(), &rules[i], c.tables, c.details))
		}
	}
	return lw.close()
}

// appendRuleLine appends an `ip rule` line: netinfo's form, with ip's
// tab after the priority and table names from rt_tables. With details
// (-d) ip names the protocol even when it is unspec or kernel.
func appendRuleLine(b []byte, r *netinfo.Rule, tables tableNames, details bool) []byte {
	s := r.String()
	if i := strings.Index(s, ": "); i >= 0 {
		s = s[:i] + ":\t" + s[i+2:]
	}
	if r.Table != netinfo.TableUnspec && tables != nil {
		if name := tables.word(r.Table); name != r.Table.String() {
			s = strings.Replace(s, " lookup "+r.Table.String(), " lookup "+name, 1)
		}
	}
	b = append(b, s...)
	if details && !ruleProtocolShown(r) {
		b = append(b, " proto "...)
		b = append(b, r.Protocol.String()...)
	}
	return append(b, '\n')
}

// ruleProtocolShown is ip's condition for naming a rule's protocol
// without -d.
func ruleProtocolShown(r *netinfo.Rule) bool {
	return r.Protocol != netinfo.ProtoUnspec && r.Protocol != netinfo.ProtoKernel
}

// rulePrefixJSON adds a rule's source or destination as ip -j does:
// "all", a bare address, or an address with a separate length.
func rulePrefixJSON(o *jsonObject, key string, p netip.Prefix) {
	if !p.IsValid() || p.Bits() == 0 {
		if key == "src" {
			o.str(key, "all")
		}
		return
	}
	o.str(key, p.Addr().String())
	if !p.IsSingleIP() {
		o.uint(key+"len", uint64(p.Bits()))
	}
}

// appendRuleJSON adds one `ip -j rule` object.
func appendRuleJSON(b []byte, r *netinfo.Rule, tables tableNames, details bool) []byte {
	o := beginObject(b)
	o.uint("priority", uint64(r.Priority))
	if r.Flags&netinfo.RuleInvert != 0 {
		o.null("not")
	}
	rulePrefixJSON(&o, "src", r.Src)
	rulePrefixJSON(&o, "dst", r.Dst)
	if r.TOS != 0 {
		o.str("tos", "0x"+hex2(uint64(r.TOS)))
	}
	if r.Mark != 0 || r.Mask != 0 {
		o.str("fwmark", "0x"+strconv.FormatUint(uint64(r.Mark), 16))
		if r.Mask != 0xffffffff {
			o.str("fwmask", "0x"+strconv.FormatUint(uint64(r.Mask), 16))
		}
	}
	if r.IIf != "" {
		o.str("iif", r.IIf)
		if r.Flags&netinfo.RuleIIfDetached != 0 {
			o.null("iif_detached")
		}
	}
	if r.OIf != "" {
		o.str("oif", r.OIf)
		if r.Flags&netinfo.RuleOIfDetached != 0 {
			o.null("oif_detached")
		}
	}
	if r.L3MDev {
		o.null("l3mdev")
	}
	if r.UIDRange != nil {
		o.uint("uid_start", uint64(r.UIDRange.Start))
		o.uint("uid_end", uint64(r.UIDRange.End))
	}
	if r.IPProto != 0 {
		o.str("ipproto", ipProtoName(r.IPProto))
	}
	portsJSON(&o, "sport", r.SPort)
	portsJSON(&o, "dport", r.DPort)
	if r.TunID != 0 {
		o.uint("tun_id", r.TunID)
	}
	if r.Table != netinfo.TableUnspec {
		o.str("table", tables.word(r.Table))
		if r.SuppressPrefixLen != nil && *r.SuppressPrefixLen != -1 {
			o.int("suppress_prefixlen", int64(*r.SuppressPrefixLen))
		}
		if r.SuppressIfGroup != nil && *r.SuppressIfGroup != 0xffffffff {
			o.uint("suppress_ifgroup", uint64(*r.SuppressIfGroup))
		}
	}
	switch r.Action {
	case netinfo.RuleToTable, netinfo.RuleUnspec:
	case netinfo.RuleGoto:
		o.uint("goto", uint64(r.Goto))
	case netinfo.RuleNAT:
		o.str("action", "masquerade")
	default:
		o.str("action", r.Action.String())
	}
	if ruleProtocolShown(r) || details {
		o.str("protocol", r.Protocol.String())
	}
	return o.end()
}

// portsJSON adds a port or a port range as ip -j does.
func portsJSON(o *jsonObject, key string, r netinfo.RulePortRange) {
	if r.IsZero() {
		return
	}
	if r.End == 0 || r.End == r.Start {
		o.uint(key, uint64(r.Start))
		return
	}
	o.uint(key+"_start", uint64(r.Start))
	o.uint(key+"_end", uint64(r.End))
}

// ipProtoName is netinfo's word for an IP protocol, taken from a rule's
// text so both forms agree.
func ipProtoName(p uint8) string {
	s := netinfo.Rule{IPProto: p}.String()
	if i := strings.Index(s, " ipproto "); i >= 0 {
		return strings.Fields(s[i+len(" ipproto "):])[0]
	}
	return strconv.Itoa(int(p))
}

// A ruleChange is `rule add|del SELECTOR ACTION`.
type ruleChange struct {
	op   string // "add" or "del"
	rule netinfo.Rule
}

// ipProtoNumbers are the protocol names `ipproto` takes.
var ipProtoNumbers = map[string]uint8{"icmp": 1, "igmp": 2, "tcp": 6, "udp": 17, "gre": 47, "esp": 50, "ah": 51, "ipv6-icmp": 58, "sctp": 132}

// parsePortRange reads "N" or "N-M".
func parsePortRange(key, v string) (netinfo.RulePortRange, error) {
	lo, hi, isRange := strings.Cut(v, "-")
	a, err := strconv.ParseUint(lo, 10, 16)
	if err != nil {
		return netinfo.RulePortRange{}, invalidArg("invalid \""+key+"\" value\n", v)
	}
	r := netinfo.RulePortRange{Start: uint16(a)}
	if isRange {
		b, err := strconv.ParseUint(hi, 10, 16)
		if err != nil || b < a {
			return netinfo.RulePortRange{}, invalidArg("invalid \""+key+"\" value\n", v)
		}
		r.End = uint16(b)
	}
	return r, nil
}

// parseRuleChange parses what follows `rule add|del` (ip/iprule.c
// iprule_modify, its keywords in its order).
func parseRuleChange(op string, args []string, family netinfo.Family) (*ruleChange, error) {
	rc := &ruleChange{op: op}
	r := &rc.rule
	r.Family = family
	tableGiven := false
	for i := 0; i < len(args); i++ {
		w := args[i]
		next := func() (string, error) { return nextArg(args, &i) }
		var v string
		var err error
		switch {
		case w == "not":
			r.Flags |= netinfo.RuleInvert
			continue
		case w == "l3mdev":
			r.L3MDev = true
			tableGiven = true
			continue
		case w == "from", w == "to", matches(w, "preference"), matches(w, "order"), matches(w, "priority"),
			w == "tos", matches(w, "dsfield"), w == "fwmark", matches(w, "realms"), matches(w, "protocol"),
			matches(w, "tun_id"), matches(w, "table"), w == "lookup", matches(w, "suppress_prefixlength"), w == "sup_pl",
			matches(w, "suppress_ifgroup"), w == "sup_group", w == "dev", w == "iif", w == "oif",
			w == "uidrange", w == "ipproto", w == "sport", w == "dport":
			if v, err = next(); err != nil {
				return nil, err
			}
		}
		switch {
		case w == "from", w == "to":
			if err := (&argFamily{family}).check(v, "prefix"); err != nil { // ip sets no family from them
				return nil, err
			}
			p, err := parseRulePrefix(v)
			if err != nil {
				return nil, err
			}
			if w == "from" {
				r.Src = p
			} else {
				r.Dst = p
			}
		case matches(w, "preference"), matches(w, "order"), matches(w, "priority"):
			n, err := strconv.ParseUint(v, 0, 32)
			if err != nil {
				return nil, invalidArg("preference value is invalid\n", v)
			}
			r.Priority = uint32(n)
		case w == "tos", matches(w, "dsfield"):
			t, ok := lookupDSField(v, loadDSFieldNames().lookup) // rtnl_dsfield_a2n: a name, or hex with or without 0x
			if !ok {
				return nil, invalidArg("TOS value is invalid\n", v)
			}
			r.TOS = t
		case w == "fwmark":
			mark, mask, hasMask := strings.Cut(v, "/")
			n, err := strconv.ParseUint(mark, 0, 32)
			if err != nil {
				return nil, invalidArg("fwmark value is invalid\n", mark)
			}
			r.Mark = uint32(n)
			if hasMask {
				m, err := strconv.ParseUint(mask, 0, 32)
				if err != nil {
					return nil, invalidArg("fwmask value is invalid\n", mask)
				}
				r.Mask = uint32(m)
			}
		case matches(w, "realms"):
			n, err := strconv.ParseUint(v, 0, 32)
			if err != nil {
				return nil, invalidArg("invalid realms\n", v)
			}
			r.Realms = uint32(n)
		case matches(w, "protocol"):
			p, ok := parseProtocol(v)
			if !ok {
				return nil, invalidArg("\"protocol\" value is invalid\n", v)
			}
			r.Protocol = p
		case matches(w, "tun_id"): // before table, as in ip: "t" is tun_id
			n, ok := getU64(v)
			if !ok {
				return nil, invalidArg("\"tun_id\" value is invalid\n", v)
			}
			r.TunID = n
		case matches(w, "table"), w == "lookup":
			t, ok := parseTable(v)
			if !ok || t == 0 {
				return nil, invalidArg("invalid table ID\n", v)
			}
			r.Table, tableGiven = t, true
		case matches(w, "suppress_prefixlength"), w == "sup_pl":
			n, err := strconv.Atoi(v)
			if err != nil {
				return nil, invalidArg("suppress_prefixlength value is invalid\n", v)
			}
			r.SuppressPrefixLen = &n
		case matches(w, "suppress_ifgroup"), w == "sup_group":
			n, err := strconv.ParseUint(v, 0, 32)
			if err != nil {
				return nil, invalidArg("Invalid \"suppress_ifgroup\" value\n", v)
			}
			g := uint32(n)
			r.SuppressIfGroup = &g
		case w == "dev", w == "iif":
			r.IIf = v
		case w == "oif":
			r.OIf = v
		case w == "uidrange":
			lo, hi, ok := strings.Cut(v, "-")
			a, err1 := strconv.ParseUint(lo, 10, 32)
			b, err2 := strconv.ParseUint(hi, 10, 32)
			if !ok || err1 != nil || err2 != nil {
				return nil, invalidArg("invalid UID range\n", v)
			}
			r.UIDRange = &netinfo.RuleUIDRange{Start: uint32(a), End: uint32(b)}
		case w == "ipproto":
			p, ok := ipProtoNumbers[v]
			if !ok {
				n, err := strconv.ParseUint(v, 0, 8)
				if err != nil {
					return nil, invalidArg("Invalid \"ipproto\" value\n", v)
				}
				p = uint8(n)
			}
			r.IPProto = p
		case w == "sport", w == "dport":
			pr, err := parsePortRange(w, v)
			if err != nil {
				return nil, err
			}
			if w == "sport" {
				r.SPort = pr
			} else {
				r.DPort = pr
			}
		default:
			if w == "type" {
				if w, err = next(); err != nil {
					return nil, err
				}
			}
			switch {
			case matches(w, "help"):
				return nil, errHelp
			case matches(w, "goto"):
				if v, err = next(); err != nil {
					return nil, err
				}
				n, err := strconv.ParseUint(v, 0, 32)
				if err != nil {
					return nil, invalidArg("invalid target\n", v)
				}
				r.Action, r.Goto = netinfo.RuleGoto, uint32(n)
			case matches(w, "nop"):
				r.Action = netinfo.RuleNop
			default:
				t, ok := parseRouteType(w)
				if !ok {
					return nil, invalidArg("Failed to parse rule type", w)
				}
				r.Action = ruleActionOf(t)
			}
			tableGiven = true
		}
	}
	if r.Family == netinfo.FamilyAll {
		// ip's default, even for an IPv6 prefix: the kernel refuses it.
		r.Family = netinfo.FamilyInet
	}
	if !tableGiven && op == "add" {
		r.Table = netinfo.TableMain
	}
	if op == "add" && r.Action == netinfo.RuleUnspec {
		r.Action = netinfo.RuleToTable // ip's default for a new rule
	}
	return rc, nil
}

// ruleActionOf maps ip's route type words to rule actions, as
// rtnl_rtntype_a2n and the kernel's FR_ACT_* numbering share them.
func ruleActionOf(t netinfo.RouteType) netinfo.RuleAction {
	switch t {
	case netinfo.RouteBlackhole:
		return netinfo.RuleBlackhole
	case netinfo.RouteUnreachable:
		return netinfo.RuleUnreachable
	case netinfo.RouteProhibit:
		return netinfo.RuleProhibit
	case netinfo.RouteNAT:
		return netinfo.RuleNAT
	case netinfo.RouteUnicast:
		return netinfo.RuleToTable
	}
	return netinfo.RuleAction(t)
}

// parseRulePrefix reads a rule's from/to: "all", a prefix or an address.
func parseRulePrefix(s string) (netip.Prefix, error) {
	if s == "all" || s == "default" || s == "any" {
		return netip.Prefix{}, nil
	}
	ip, bits, ok := parsePrefixArg(s)
	if !ok {
		return netip.Prefix{}, badPrefix("any valid prefix", s)
	}
	if bits < 0 {
		bits = ip.BitLen()
	}
	return netip.PrefixFrom(ip, bits), nil
}

// apply makes the change; like ip it prints nothing on success.
func (rc *ruleChange) apply(ctx context.Context, h *netinfo.Handle, _ *command, _ io.Writer) error {
	var err error
	switch rc.op {
	case "add":
		err = h.AddRule(ctx, rc.rule)
	case "del":
		err = h.DelRule(ctx, rc.rule)
	default:
		err = fmt.Errorf("rule: unknown change %q", rc.op)
	}
	return kernelError(err)
}
