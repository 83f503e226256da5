package netinfo

import (
	"fmt"
	"net/netip"
	"reflect"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

// ruleKey is the kernel's rule key: a rule is the same rule when every
// selector and its action match (rule_find compares them all), so the
// key is the whole record but for the flags the kernel sets itself.
type ruleKey struct {
	family            Family
	priority          uint32
	action            RuleAction
	table             Table
	invert            bool
	src, dst          netip.Prefix
	tos               uint8
	mark, mask        uint32
	iif, oif          string
	gotoPrio, realms  uint32
	suppressPrefixLen int64 // -1: none
	suppressIfGroup   int64 // -1: none
	l3mdev            bool
	uidStart, uidEnd  int64 // -1: none
	protocol          RouteProtocol
	ipProto           uint8
	sport, dport      RulePortRange
	tunID             uint64
}

func keyOfRule(r *Rule) ruleKey {
	k := ruleKey{
		family: r.Family, priority: r.Priority, action: r.Action, table: r.Table,
		invert: r.Flags&RuleInvert != 0, src: r.Src, dst: r.Dst, tos: r.TOS,
		mark: r.Mark, mask: r.Mask, iif: r.IIf, oif: r.OIf, gotoPrio: r.Goto, realms: r.Realms,
		suppressPrefixLen: -1, suppressIfGroup: -1, l3mdev: r.L3MDev, uidStart: -1, uidEnd: -1,
		protocol: r.Protocol, ipProto: r.IPProto, sport: r.SPort, dport: r.DPort, tunID: r.TunID,
	}
	if r.SuppressPrefixLen != nil {
		k.suppressPrefixLen = int64(*r.SuppressPrefixLen)
	}
	if r.SuppressIfGroup != nil {
		k.suppressIfGroup = int64(*r.SuppressIfGroup)
	}
	if r.UIDRange != nil {
		k.uidStart, k.uidEnd = int64(r.UIDRange.Start), int64(r.UIDRange.End)
	}
	return k
}

func rulesEqual(a, b *Rule) bool       { return reflect.DeepEqual(a, b) }
func nexthopsEqual(a, b *Nexthop) bool { return reflect.DeepEqual(a, b) }
func keyOfNexthop(n *Nexthop) uint32   { return n.ID }
func setRule(e *Event, r *Rule)        { e.Rule = r }
func setNexthop(e *Event, n *Nexthop)  { e.Nexthop = n }

// watchObjectKinds are the kinds only Linux serves, which WatchAll
// leaves out so that it works on every backend.
const watchObjectKinds = WatchRules | WatchNexthops

// objectGroups are the multicast groups of rules and nexthops.
func objectGroups(kinds WatchKind, f Family) []uint32 {
	var gs []uint32
	if kinds&WatchRules != 0 {
		if f != FamilyInet6 {
			gs = append(gs, linux.RTNLGRP_IPV4_RULE)
		}
		if f != FamilyInet {
			gs = append(gs, linux.RTNLGRP_IPV6_RULE)
		}
	}
	if kinds&WatchNexthops != 0 {
		gs = append(gs, linux.RTNLGRP_NEXTHOP)
	}
	return gs
}

// decodeObjectEvent decodes a rule or nexthop message of a watched kind
// into ev; ok is false for any other message.
func (w *Watcher) decodeObjectEvent(mh nlmsg.Header, p []byte, ev *Event) (ok bool, err error) {
	switch mh.Type {
	case linux.RTM_NEWRULE, linux.RTM_DELRULE:
		if w.kinds&WatchRules == 0 {
			return false, nil
		}
		ev.Rule = new(Rule)
		err = decodeRule(p, ev.Rule)
		if err == nil && !w.familyOK(ev.Rule.Family) {
			return false, nil
		}
	case linux.RTM_NEWNEXTHOP, linux.RTM_DELNEXTHOP:
		if w.kinds&WatchNexthops == 0 {
			return false, nil
		}
		ev.Nexthop = new(Nexthop)
		err = decodeNexthop(p, ev.Nexthop)
	default:
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("netinfo: watch: message type %d: %w", mh.Type, err)
	}
	if mh.Type == linux.RTM_DELRULE || mh.Type == linux.RTM_DELNEXTHOP {
		ev.Type = EventDel
	}
	return true, nil
}
