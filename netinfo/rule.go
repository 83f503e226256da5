package netinfo

import (
	"context"
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// A Rule is a policy routing rule (RTM_NEWRULE, Linux's `ip rule`): which
// packets it selects and what the lookup does with them.
//
// Zero fields select everything: a Rule of only Table: 100 sends every
// packet to table 100. Optional numbers whose zero is a meaningful value
// (SuppressPrefixLen 0, a UID range of root alone) are pointers.
type Rule struct {
	Family   Family
	Priority uint32     // FRA_PRIORITY; 0 in AddRule lets the kernel choose
	Action   RuleAction // fib_rule_hdr.action
	Table    Table      // FRA_TABLE, else the header's table
	Flags    RuleFlags  // RuleInvert ("not"); the kernel adds detached and unresolved
	Src      netip.Prefix
	Dst      netip.Prefix
	// TOS is the header's tos: ip's tos and dsfield keywords.
	TOS uint8
	// Mark and Mask select packets whose fwmark&Mask == Mark. The
	// kernel reports a Mask of 0xffffffff for a mark given without one,
	// which is also what a Mask of 0 with a non-zero Mark asks for.
	Mark, Mask uint32
	IIf, OIf   string // FRA_IIFNAME, FRA_OIFNAME: link names, which need not exist yet
	Goto       uint32 // FRA_GOTO: the priority to go on from (Action RuleGoto)
	// Realms is FRA_FLOW: the source realm in the high 16 bits, the
	// destination realm in the low ones.
	Realms uint32
	// SuppressPrefixLen and SuppressIfGroup reject the table's answer
	// when its prefix is that long or shorter, or its device is in that
	// group.
	SuppressPrefixLen *int
	SuppressIfGroup   *uint32
	L3MDev            bool          // FRA_L3MDEV: look up the table of the packet's VRF
	UIDRange          *RuleUIDRange // FRA_UID_RANGE
	Protocol          RouteProtocol // FRA_PROTOCOL: who installed the rule
	IPProto           uint8         // FRA_IP_PROTO: an IP protocol number, 0 for any
	SPort, DPort      RulePortRange // FRA_SPORT_RANGE, FRA_DPORT_RANGE: zero for any
	TunID             uint64        // FRA_TUN_ID: the tunnel id of packets from a metadata tunnel; 0 for any
}

// RuleUIDRange is an inclusive range of user ids.
type RuleUIDRange struct{ Start, End uint32 }

// RulePortRange is an inclusive range of ports; the zero value is any
// port, a range with End 0 a single port.
type RulePortRange struct{ Start, End uint16 }

// IsZero reports whether the range selects every port.
func (r RulePortRange) IsZero() bool { return r == RulePortRange{} }

// last is the range's end, which a single port leaves 0.
func (r RulePortRange) last() uint16 { return max(r.Start, r.End) }

// RuleAction is what a rule does with the packets it selects.
type RuleAction uint8

// Rule actions (FR_ACT_*; RuleNAT is ip's nat, RTN_NAT).
const (
	RuleUnspec      RuleAction = linux.FR_ACT_UNSPEC
	RuleToTable     RuleAction = linux.FR_ACT_TO_TBL
	RuleGoto        RuleAction = linux.FR_ACT_GOTO
	RuleNop         RuleAction = linux.FR_ACT_NOP
	RuleBlackhole   RuleAction = linux.FR_ACT_BLACKHOLE
	RuleUnreachable RuleAction = linux.FR_ACT_UNREACHABLE
	RuleProhibit    RuleAction = linux.FR_ACT_PROHIBIT
	RuleNAT         RuleAction = linux.RTN_NAT
)

// String prints ip's word: lookup, goto, nop, blackhole, unreachable,
// prohibit, nat, or the number.
func (a RuleAction) String() string {
	switch a {
	case RuleUnspec:
		return "unspec"
	case RuleToTable:
		return "lookup"
	case RuleGoto:
		return "goto"
	case RuleNop:
		return "nop"
	case RuleNAT:
		return "nat"
	case RuleBlackhole, RuleUnreachable, RuleProhibit:
		return RouteType(a).String() // ip prints them as route types
	}
	return itoa(uint64(a))
}

// RuleFlags are fib_rule_hdr's flags.
type RuleFlags uint32

// Rule flags.
const (
	RulePermanent   RuleFlags = linux.FIB_RULE_PERMANENT
	RuleInvert      RuleFlags = linux.FIB_RULE_INVERT // ip's "not"
	RuleUnresolved  RuleFlags = linux.FIB_RULE_UNRESOLVED
	RuleIIfDetached RuleFlags = linux.FIB_RULE_IIF_DETACHED
	RuleOIfDetached RuleFlags = linux.FIB_RULE_OIF_DETACHED
)

var ruleFlagWords = []flagWord{
	{uint64(RulePermanent), "permanent"},
	{uint64(RuleInvert), "not"},
	{uint64(RuleUnresolved), "unresolved"},
	{uint64(RuleIIfDetached), "iif_detached"},
	{uint64(RuleOIfDetached), "oif_detached"},
}

// String prints the flags as space-separated words.
func (f RuleFlags) String() string { return flagWords(uint64(f), ruleFlagWords, " ") }

// String prints the rule as one line of `ip rule show`, with a space
// instead of ip's tab after the priority.
func (r Rule) String() string {
	var b strings.Builder
	b.WriteString(strconv.FormatUint(uint64(r.Priority), 10))
	b.WriteString(": ")
	if r.Flags&RuleInvert != 0 {
		b.WriteString("not ")
	}
	b.WriteString("from ")
	b.WriteString(rulePrefix(r.Src))
	if r.Dst.IsValid() && r.Dst.Bits() > 0 {
		b.WriteString(" to " + rulePrefix(r.Dst))
	}
	if r.TOS != 0 {
		fmt.Fprintf(&b, " tos 0x%02x", r.TOS)
	}
	if r.Mark != 0 || r.Mask != 0 {
		if r.Mask != 0xffffffff {
			fmt.Fprintf(&b, " fwmark %#x/%#x", r.Mark, r.Mask)
		} else {
			fmt.Fprintf(&b, " fwmark %#x", r.Mark)
		}
	}
	if r.IIf != "" {
		b.WriteString(" iif " + r.IIf)
		if r.Flags&RuleIIfDetached != 0 {
			b.WriteString(" [detached]")
		}
	}
	if r.OIf != "" {
		b.WriteString(" oif " + r.OIf)
		if r.Flags&RuleOIfDetached != 0 {
			b.WriteString(" [detached]")
		}
	}
	if r.L3MDev {
		b.WriteString(" lookup [l3mdev-table]")
	}
	if r.UIDRange != nil {
		fmt.Fprintf(&b, " uidrange %d-%d", r.UIDRange.Start, r.UIDRange.End)
	}
	if r.IPProto != 0 {
		b.WriteString(" ipproto " + ipProtoWord(r.IPProto))
	}
	writePorts(&b, "sport", r.SPort)
	writePorts(&b, "dport", r.DPort)
	if r.TunID != 0 {
		b.WriteString(" tun_id " + strconv.FormatUint(r.TunID, 10))
	}
	if r.Table != TableUnspec {
		b.WriteString(" lookup " + r.Table.String())
		if r.SuppressPrefixLen != nil && *r.SuppressPrefixLen != -1 {
			fmt.Fprintf(&b, " suppress_prefixlength %d", *r.SuppressPrefixLen)
		}
		if r.SuppressIfGroup != nil && *r.SuppressIfGroup != 0xffffffff {
			fmt.Fprintf(&b, " suppress_ifgroup %d", *r.SuppressIfGroup)
		}
	}
	if r.Realms != 0 {
		b.WriteString(" realms ")
		if from := r.Realms >> 16; from != 0 {
			fmt.Fprintf(&b, "%d/", from)
		}
		fmt.Fprintf(&b, "%d", r.Realms&0xffff)
	}
	switch r.Action {
	case RuleToTable, RuleUnspec:
	case RuleNAT:
		b.WriteString(" masquerade") // the kernel keeps no address
	case RuleGoto:
		fmt.Fprintf(&b, " goto %d", r.Goto)
		if r.Flags&RuleUnresolved != 0 {
			b.WriteString(" [unresolved]")
		}
	default:
		b.WriteString(" " + r.Action.String())
	}
	if r.Protocol != ProtoUnspec && r.Protocol != ProtoKernel { // as ip, without -d
		b.WriteString(" proto " + r.Protocol.String())
	}
	return b.String()
}

// rulePrefix prints a rule's source or destination as ip does: "all"
// for none, the address alone for a host.
func rulePrefix(p netip.Prefix) string {
	switch {
	case !p.IsValid() || p.Bits() == 0:
		return "all"
	case p.IsSingleIP():
		return p.Addr().String()
	}
	return p.String()
}

func writePorts(b *strings.Builder, word string, r RulePortRange) {
	if r.IsZero() {
		return
	}
	if r.last() == r.Start {
		fmt.Fprintf(b, " %s %d", word, r.Start)
		return
	}
	fmt.Fprintf(b, " %s %d-%d", word, r.Start, r.last())
}

// ipProtoWords are the names ip prints for IP protocol numbers (from
// /etc/protocols, which ip reads; these are the usual ones).
var ipProtoWords = map[uint8]string{1: "icmp", 2: "igmp", 6: "tcp", 17: "udp", 47: "gre", 50: "esp", 51: "ah", 58: "ipv6-icmp", 132: "sctp"}

func ipProtoWord(p uint8) string {
	if w, ok := ipProtoWords[p]; ok {
		return w
	}
	return itoa(uint64(p))
}

// RuleFilter selects rules. Zero fields match everything.
type RuleFilter struct {
	Family Family // FamilyInet, FamilyInet6, or FamilyAll for both
	Table  Table
}

func (f RuleFilter) match(r *Rule) bool {
	return familyMatch(f.Family, r.Family) && (f.Table == TableUnspec || r.Table == f.Table)
}

func ruleDump(f RuleFilter) dumpSpec[Rule] {
	return dumpSpec[Rule]{"rule dump", linux.RTM_GETRULE, linux.RTM_NEWRULE,
		func(b []byte) []byte { return appendRuleDumpRequest(b, f.Family) }, decodeRuleWith, f.match}
}

// Rules lists the policy routing rules that match f (Linux; emulated
// backends answer ErrNotSupported).
func (h *Handle) Rules(ctx context.Context, f RuleFilter) ([]Rule, error) {
	if err := checkFamily("rule dump", "Family", f.Family, FamilyInet, FamilyInet6); err != nil {
		return nil, err
	}
	return dumpSlice(ctx, h, ruleDump(f))
}

// AddRule adds a policy routing rule; the error matches syscall.EEXIST
// if the same rule is there. As with ip rule add, a zero Action is
// RuleGoto when Goto is set and RuleToTable otherwise, a RuleToTable
// rule without a table (and not L3MDev) looks up table main, and a zero
// Family comes from Src or Dst, else is IPv4.
func (h *Handle) AddRule(ctx context.Context, r Rule) error {
	const op = "rule add"
	if err := r.prepare(op); err != nil {
		return err
	}
	if r.Action == RuleUnspec {
		r.Action = RuleToTable
		if r.Goto != 0 {
			r.Action = RuleGoto
		}
	}
	if r.Action == RuleToTable && r.Table == TableUnspec && !r.L3MDev {
		r.Table = TableMain
	}
	return h.change(ctx, op, linux.RTM_NEWRULE, linux.NLM_F_CREATE|linux.NLM_F_EXCL, func(b []byte) []byte { return appendRule(b, &r) })
}

// DelRule deletes the first rule that matches r: fields left zero match
// any value, as with ip rule del (so Rule{Priority: 100} deletes the
// rule of priority 100). The error matches syscall.ENOENT when none does.
func (h *Handle) DelRule(ctx context.Context, r Rule) error {
	const op = "rule del"
	if err := r.prepare(op); err != nil {
		return err
	}
	return h.change(ctx, op, linux.RTM_DELRULE, 0, func(b []byte) []byte { return appendRule(b, &r) })
}

// prepare checks r for a request and fills in its family.
func (r *Rule) prepare(op string) error {
	if err := checkFamily(op, "Family", r.Family, FamilyInet, FamilyInet6); err != nil {
		return err
	}
	if r.Family == FamilyAll {
		switch {
		case r.Src.IsValid():
			r.Family = familyOf(r.Src.Addr().Is4())
		case r.Dst.IsValid():
			r.Family = familyOf(r.Dst.Addr().Is4())
		default:
			r.Family = FamilyInet
		}
	}
	if err := checkPrefix(op, "Src", r.Src, r.Family, false); err != nil {
		return err
	}
	if err := checkPrefix(op, "Dst", r.Dst, r.Family, false); err != nil {
		return err
	}
	for _, n := range []struct{ field, name string }{{"IIf", r.IIf}, {"OIf", r.OIf}} {
		if len(n.name) > ifNameMax || strings.ContainsRune(n.name, 0) {
			return invalid(op, n.field, "%q is not a link name", n.name)
		}
	}
	if r.Goto != 0 && r.Action != RuleUnspec && r.Action != RuleGoto {
		return invalid(op, "Goto", "set on a rule whose action is %s", r.Action)
	}
	if r.Action == RuleGoto && r.Goto == 0 {
		return invalid(op, "Goto", "a goto rule needs the priority to go to")
	}
	if r.L3MDev && r.Table != TableUnspec {
		return invalid(op, "Table", "an l3mdev rule takes its table from the VRF")
	}
	if p := r.SuppressPrefixLen; p != nil && (*p < 0 || *p > 128) {
		return invalid(op, "SuppressPrefixLen", "%d is not a prefix length", *p)
	}
	if u := r.UIDRange; u != nil && u.Start > u.End {
		return invalid(op, "UIDRange", "start %d after end %d", u.Start, u.End)
	}
	for _, p := range []struct {
		field string
		r     RulePortRange
	}{{"SPort", r.SPort}, {"DPort", r.DPort}} {
		if p.r.End != 0 && (p.r.Start == 0 || p.r.Start > p.r.End) {
			return invalid(op, p.field, "%d-%d is not a port range", p.r.Start, p.r.End)
		}
	}
	return nil
}
