package main

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/rtnlx/rtnlx/netinfo"
)

// This file holds the selectors `rule show` takes, as iproute2's
// iprule_list_flush_or_save reads them and filter_nlmsg and print_rule
// apply them.

// A ruleSelector is ip's rule filter. Zero values filter nothing, as in
// ip: `fwmark 0` or `table 0` select every rule.
type ruleSelector struct {
	pref         uint32
	prefGiven    bool
	not          bool
	tos          uint8
	tosGiven     bool
	mark, mask   uint32
	iif, oif     string
	iifGiven     bool
	oifGiven     bool
	l3mdev       bool
	uid          *netinfo.RuleUIDRange
	table        netinfo.Table
	src, dst     inetPrefix
	ipproto      uint8
	sport, dport netinfo.RulePortRange
	tunID        uint64 // 0: any
	proto        netinfo.RouteProtocol
	protoGiven   bool // a protocol other than "all": flush only (flushMatch)
}

// scanUint reads the leading decimal number of s as sscanf's %u does,
// returning the rest; ok is false when s starts with no digit.
func scanUint(s string, bits int) (n uint64, rest string, ok bool) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 {
		return 0, s, false
	}
	n, err := strconv.ParseUint(s[:i], 10, 64)
	if err != nil {
		n = 1<<64 - 1
	}
	return n & (1<<bits - 1), s[i:], true
}

// scanRange is sscanf(s, "%u-%u"): how many numbers it read.
func scanRange(s string, bits int) (a, b uint64, n int) {
	a, rest, ok := scanUint(s, bits)
	if !ok {
		return 0, 0, 0
	}
	if !strings.HasPrefix(rest, "-") {
		return a, 0, 1
	}
	b, _, ok = scanUint(rest[1:], bits)
	if !ok {
		return a, 0, 1
	}
	return a, b, 2
}

// validIfname is check_ifname: what ip takes as a device name.
func validIfname(s string) bool {
	return s != "" && len(s) < 16 && !strings.ContainsAny(s, "/ \t\n\v\f\r")
}

// parseRuleSelector reads the selectors of rule show, with ip's errors.
func parseRuleSelector(args []string, family netinfo.Family, names selectorNames) (*ruleSelector, error) {
	s := &ruleSelector{}
	af := family
	if af == netinfo.FamilyAll {
		af = netinfo.FamilyInet
	}
	for i := 0; i < len(args); i++ {
		w := args[i]
		var v string
		var err error
		if ruleKeyword(w) {
			if v, err = nextArg(args, &i); err != nil {
				return nil, err
			}
		}
		switch {
		case matches(w, "preference"), matches(w, "order"), matches(w, "priority"):
			n, err := strconv.ParseUint(v, 0, 32)
			if err != nil {
				return nil, invalidArg("preference value is invalid\n", v)
			}
			s.pref, s.prefGiven = uint32(n), true
		case w == "not":
			s.not = true
		case w == "tos", w == "dsfield":
			t, ok := lookupDSField(v, names.dsfield)
			if !ok {
				return nil, invalidArg("TOS value is invalid\n", v)
			}
			s.tos, s.tosGiven = t, true
		case w == "fwmark":
			mark, mask, slash := strings.Cut(v, "/")
			n, err := strconv.ParseUint(mark, 0, 32)
			if err != nil {
				return nil, invalidArg("fwmark value is invalid\n", mark)
			}
			s.mark = uint32(n)
			if slash {
				m, err := strconv.ParseUint(mask, 0, 32)
				if err != nil {
					return nil, invalidArg("fwmask value is invalid\n", mask)
				}
				s.mask = uint32(m)
			}
		case w == "dev", w == "iif":
			if !validIfname(v) {
				return nil, invalidArg(`"iif"/"dev" not a valid ifname`, v)
			}
			s.iif, s.iifGiven = v, true
		case w == "oif":
			if !validIfname(v) {
				return nil, invalidArg(`"oif" not a valid ifname`, v)
			}
			s.oif, s.oifGiven = v, true
		case w == "l3mdev":
			s.l3mdev = true
		case w == "uidrange":
			a, b, n := scanRange(v, 32)
			if n != 2 {
				return nil, invalidArg("invalid UID range\n", v)
			}
			s.uid = &netinfo.RuleUIDRange{Start: uint32(a), End: uint32(b)}
		case matches(w, "tun_id"):
			n, ok := getU64(v)
			if !ok {
				return nil, invalidArg("\"tun_id\" value is invalid\n", v)
			}
			s.tunID = n
		case matches(w, "lookup"), matches(w, "table"):
			id, ok := lookupTable(v, names.table)
			if !ok {
				return nil, invalidArg("table id value is invalid\n", v)
			}
			s.table = netinfo.Table(id)
		case matches(w, "from"), matches(w, "src"):
			if s.src, err = getPrefix(v, af); err != nil {
				return nil, err
			}
		case matches(w, "protocol"):
			p, ok := lookupProtocol(v)
			if !ok && v != "all" {
				return nil, invalidArg("invalid \"protocol\"\n", v)
			}
			s.proto, s.protoGiven = p, ok
		case w == "ipproto":
			p, ok := ipProtoNumbers[v]
			if n, err := strconv.ParseUint(v, 10, 8); err == nil {
				p, ok = uint8(n), true
			}
			if !ok {
				return nil, invalidArg("Invalid \"ipproto\" value\n", v)
			}
			s.ipproto = p
		case w == "sport", w == "dport":
			a, b, n := scanRange(v, 16)
			switch n {
			case 1:
				b = a
			case 0:
				if w == "sport" {
					return nil, invalidArg("invalid port range\n", v)
				}
				return nil, invalidArg("invalid dport range\n", v)
			}
			r := netinfo.RulePortRange{Start: uint16(a), End: uint16(b)}
			if w == "sport" {
				s.sport = r
			} else {
				s.dport = r
			}
		default:
			// dst, to, or the prefix itself
			if !matches(w, "dst") && !matches(w, "to") {
				v = w
			}
			if s.dst, err = getPrefix(v, af); err != nil {
				return nil, err
			}
		}
	}
	return s, nil
}

// ruleKeyword reports whether w, in ip's order of tests, is a rule
// selector that takes a value: all but not, l3mdev and a bare prefix.
func ruleKeyword(w string) bool {
	switch w {
	case "not", "l3mdev":
		return false
	case "tos", "dsfield", "fwmark", "dev", "iif", "oif", "uidrange", "ipproto", "sport", "dport":
		return true
	}
	for _, k := range []string{"preference", "order", "priority", "tun_id", "lookup", "table", "from", "src", "protocol", "dst", "to"} {
		if matches(w, k) {
			return true
		}
	}
	return false
}

// ruleMatchPrefix is filter_nlmsg's test of a source or destination:
// the rule's family, a prefix no shorter than the selector's, and the
// selector's bits.
func ruleMatchPrefix(f *inetPrefix, r *netinfo.Rule, p netip.Prefix) bool {
	if f.family == netinfo.FamilyAll {
		return true
	}
	bits := 0
	if p.IsValid() {
		bits = p.Bits()
	}
	if f.family != r.Family || f.bits > bits {
		return false
	}
	if f.bits <= 0 || !p.IsValid() {
		return true
	}
	d := addrData(p.Addr())
	return inetMatch(&d, &f.data, f.bits)
}

// match is filter_nlmsg. The protocol, which ip reads and checks, it
// applies only in flush_rule: ip rule show lists every protocol.
func (s *ruleSelector) match(r *netinfo.Rule) bool {
	portEnd := func(p netinfo.RulePortRange) uint16 {
		if p.End == 0 {
			return p.Start
		}
		return p.End
	}
	switch {
	case s.prefGiven && r.Priority != s.pref,
		s.not && r.Flags&netinfo.RuleInvert == 0,
		!ruleMatchPrefix(&s.src, r, r.Src),
		!ruleMatchPrefix(&s.dst, r, r.Dst),
		s.tosGiven && r.TOS != s.tos,
		s.mark != 0 && r.Mark != s.mark,
		s.mask != 0 && r.Mask != s.mask,
		s.iifGiven && r.IIf != s.iif,
		s.oifGiven && r.OIf != s.oif,
		s.l3mdev && !r.L3MDev,
		s.uid != nil && (r.UIDRange == nil || *r.UIDRange != *s.uid),
		s.ipproto != 0 && r.IPProto != s.ipproto,
		s.sport.Start != 0 && (r.SPort.Start != s.sport.Start || portEnd(r.SPort) != s.sport.End),
		s.dport.Start != 0 && (r.DPort.Start != s.dport.Start || portEnd(r.DPort) != s.dport.End),
		s.tunID != 0 && r.TunID != s.tunID,
		s.table != 0 && r.Table != s.table:
		return false
	}
	return true
}

// parseRuleShow reads the selectors of rule show.
func (c *command) parseRuleShow(args []string) error {
	s, err := parseRuleSelector(args, c.family, c.selectorNames())
	if err != nil {
		return err
	}
	c.ruleSel = s
	return nil
}
