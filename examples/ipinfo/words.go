package main

import (
	"net/netip"
	"strconv"
	"time"

	"github.com/rtnlx/rtnlx/netinfo"
)

// This file holds the places where ip's printed words differ from the
// plain String/Words of the netinfo records.

// linkFlagList lists a link's flags as ip prints them: "NO-CARRIER" first
// when the link is up but not running, then netinfo's words (which hide
// RUNNING, as ip does). netinfo says NO-CARRIER itself now; this only
// makes sure of it.
func linkFlagList(f netinfo.LinkFlags) []string {
	words := f.Words()
	if f&netinfo.LinkUp != 0 && f&netinfo.LinkRunning == 0 && (len(words) == 0 || words[0] != "NO-CARRIER") {
		words = append([]string{"NO-CARRIER"}, words...)
	}
	return words
}

// Route flags that netinfo does not name (linux/rtnetlink.h).
const (
	rtmFlagOffload       netinfo.RouteFlags = 0x4000     // RTM_F_OFFLOAD
	rtmFlagTrap          netinfo.RouteFlags = 0x8000     // RTM_F_TRAP
	rtmFlagOffloadFailed netinfo.RouteFlags = 0x20000000 // RTM_F_OFFLOAD_FAILED
)

// routeFlagWords is ip's print_rt_flags: its order and words. Flags it
// does not print (cloned, equalize, prefix) are left out, as ip does.
var routeFlagWords = []struct {
	flag netinfo.RouteFlags
	word string
}{
	{netinfo.RouteDead, "dead"},
	{netinfo.RouteOnLink, "onlink"},
	{netinfo.RoutePervasive, "pervasive"},
	{netinfo.RouteOffload, "offload"},
	{netinfo.RouteTrap, "trap"},
	{netinfo.RouteNotify, "notify"},
	{netinfo.RouteLinkDown, "linkdown"},
	{netinfo.RouteUnresolved, "unresolved"},
	{rtmFlagOffload, "rt_offload"},
	{rtmFlagTrap, "rt_trap"},
	{rtmFlagOffloadFailed, "rt_offload_failed"},
}

// routeFlagList lists route or next-hop flags as ip -j's "flags" array.
// It is never nil, because ip always prints the array.
func routeFlagList(f netinfo.RouteFlags) []string {
	words := []string{}
	for _, fw := range routeFlagWords {
		if f&fw.flag != 0 {
			words = append(words, fw.word)
		}
	}
	return words
}

// addrFlagOrder is ip's print_ifa_flags order. IFA_F_PERMANENT is
// special: ip prints its absence, as "dynamic".
var addrFlagOrder = []struct {
	flag netinfo.AddrFlags
	word string
}{
	{netinfo.AddrSecondary, "secondary"},
	{netinfo.AddrNoDAD, "nodad"},
	{netinfo.AddrOptimistic, "optimistic"},
	{netinfo.AddrDADFailed, "dadfailed"},
	{netinfo.AddrHomeAddress, "home"},
	{netinfo.AddrDeprecated, "deprecated"},
	{netinfo.AddrTentative, "tentative"},
	{netinfo.AddrPermanent, "dynamic"},
	{netinfo.AddrManageTempAddr, "mngtmpaddr"},
	{netinfo.AddrNoPrefixRoute, "noprefixroute"},
	{netinfo.AddrMcAutoJoin, "autojoin"},
	{netinfo.AddrStablePrivacy, "stable-privacy"},
}

// addrFlagList returns the flag words ip prints for an address, in its
// order, and the bits it has no word for.
func addrFlagList(family netinfo.Family, f netinfo.AddrFlags) (words []string, unknown netinfo.AddrFlags) {
	rest := f
	for _, fw := range addrFlagOrder {
		rest &^= fw.flag
		switch {
		case fw.flag == netinfo.AddrPermanent:
			if f&fw.flag == 0 {
				words = append(words, fw.word)
			}
		case f&fw.flag == 0:
		case fw.flag == netinfo.AddrSecondary && family == netinfo.FamilyInet6:
			// IPv6 secondary addresses are privacy (temporary) ones.
			words = append(words, "temporary")
		default:
			words = append(words, fw.word)
		}
	}
	return words, rest
}

// lifetimeSeconds converts a lifetime to ip's number: seconds, with
// 4294967295 for forever.
func lifetimeSeconds(d time.Duration) uint64 {
	const forever = 1<<32 - 1
	if d == netinfo.Forever || d >= forever*time.Second {
		return forever
	}
	if d < 0 {
		return 0
	}
	return uint64(d / time.Second)
}

// lifetimeText prints a lifetime as ip's text does: "forever" or "NNNsec".
func lifetimeText(d time.Duration) string {
	s := lifetimeSeconds(d)
	if s == 1<<32-1 {
		return "forever"
	}
	return strconv.FormatUint(s, 10) + "sec"
}

// prefixText prints a route destination or source as ip does: the bare
// address for a host route, "default" for a zero-length one.
func prefixText(p netip.Prefix) string { return string(appendPrefixText(nil, p)) }

// appendPrefixText appends prefixText(p) to b.
func appendPrefixText(b []byte, p netip.Prefix) []byte {
	if !p.IsValid() || p.Bits() == 0 {
		return append(b, "default"...)
	}
	if p.Bits() == p.Addr().BitLen() {
		return p.Addr().AppendTo(b)
	}
	return p.AppendTo(b)
}

// familyOf gives the family of an address.
func familyOf(a netip.Addr) netinfo.Family {
	if a.Is4() {
		return netinfo.FamilyInet
	}
	return netinfo.FamilyInet6
}

// A nudFilter is the set of neighbour states `ip neigh show nud ...`
// lists: NUD_* bits, and nudNone for entries in no state.
type nudFilter uint32

const (
	// nudNone stands for NUD_NONE (0) in a nudFilter, as in ip.
	nudNone nudFilter = 0x100
	// nudDefault is what ip lists without `nud`: every state but NOARP.
	nudDefault = nudFilter(0xff &^ netinfo.NeighNoARP)
	// nudAll is `nud all`.
	nudAll = ^nudFilter(0)
)

// neighShown reports whether `ip neigh show` with the state filter f
// prints a neighbour, following ip's rule: a state in f, no state when f
// has nudNone, or an externally learned entry. Proxy entries and other
// families are never in ip's dump, so they are not shown either.
func neighShown(n *netinfo.Neighbor, f nudFilter) bool {
	if n.Family != netinfo.FamilyInet && n.Family != netinfo.FamilyInet6 {
		return false
	}
	if n.Flags&netinfo.NeighProxy != 0 {
		return false
	}
	return nudFilter(n.State)&f != 0 ||
		(n.State == netinfo.NeighNone && f&nudNone != 0) ||
		n.Flags&netinfo.NeighExtLearned != 0
}

// neighFlagWords are the neighbour flags ip prints, in its order.
var neighFlagWords = []struct {
	flag netinfo.NeighFlags
	word string
}{
	{netinfo.NeighRouter, "router"},
	{netinfo.NeighProxy, "proxy"},
	{netinfo.NeighManaged, "managed"},
	{netinfo.NeighExtLearned, "extern_learn"},
	{netinfo.NeighOffloaded, "offload"},
}
