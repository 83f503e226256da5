package main

import (
	"bytes"
	"net/netip"
	"strconv"
	"strings"

	"github.com/rtnlx/rtnlx/netinfo"
)

// This file renders records as ip's text output: `ip -br link`,
// `ip -br addr`, `ip route` and `ip neigh` lines. Trailing spaces that ip
// leaves are dropped. Each function appends one line, newline included.

// appendPadded appends s and pads it with spaces to width, always
// leaving at least one space after it, like printf's "%-*s ".
func appendPadded(b []byte, s string, width int) []byte {
	b = append(b, s...)
	for n := len(s); n < width; n++ {
		b = append(b, ' ')
	}
	return append(b, ' ')
}

// briefName is the name column of ip -br: "name@parent" for a link with
// a parent or peer.
func briefName(l *netinfo.Link, names linkNames) string {
	if l.ParentIndex != 0 && l.ParentIndex != l.Index {
		return l.Name + "@" + names.name(l.ParentIndex)
	}
	return l.Name
}

// appendLinkBrief appends an `ip -br link` line: name, state, MAC, flags.
func appendLinkBrief(b []byte, l *netinfo.Link, names linkNames, x linkExtra) []byte {
	b = appendPadded(b, linkDisplayName(l, names, x), 16)
	b = appendPadded(b, l.OperState.String(), 14)
	if len(l.HardwareAddr) > 0 {
		b = append(b, l.HardwareAddr.String()...)
		b = append(b, ' ')
	}
	b = append(b, '<')
	b = append(b, strings.Join(linkFlagWords(l.Flags, x), ",")...)
	b = append(b, '>', '\n')
	return b
}

// addrBrief is one address as ip -br prints it: "10.0.0.1/24", or
// "10.0.0.1 peer 10.0.0.2/32".
func addrBrief(a *netinfo.Addr) string {
	if a.Peer.IsValid() {
		return a.Prefix.Addr().String() + " peer " + a.Peer.String() + "/" + strconv.Itoa(a.Prefix.Bits())
	}
	return a.Prefix.String()
}

// appendAddrMetric appends an address's metric as ip prints it after
// the prefix length: " metric 9"; nothing for none.
func appendAddrMetric(b []byte, a *netinfo.Addr) []byte {
	if a.Metric == 0 {
		return b
	}
	b = append(b, " metric "...)
	return strconv.AppendUint(b, uint64(a.Metric), 10)
}

// appendAddrBrief appends an `ip -br addr` line: name, state, addresses.
// A nil l prints the addresses alone, as ip does under a label selector.
func appendAddrBrief(b []byte, l *netinfo.Link, addrs []*netinfo.Addr, names linkNames, x linkExtra) []byte {
	if l != nil {
		b = appendPadded(b, linkDisplayName(l, names, x), 16)
		b = appendPadded(b, l.OperState.String(), 14)
	}
	for _, a := range addrs {
		if a == nil {
			continue
		}
		b = append(b, addrBrief(a)...)
		b = appendAddrMetric(b, a)
		b = append(b, ' ')
	}
	for len(b) > 0 && b[len(b)-1] == ' ' {
		b = b[:len(b)-1]
	}
	return append(b, '\n')
}

// appendAddrLine appends an address as ip's monitor prints one:
// "ipv0 inet 10.0.0.1/24 brd 10.0.0.255 scope global secondary ipv0:1".
func appendAddrLine(b []byte, a *netinfo.Addr, names linkNames) []byte {
	b = append(b, names.name(a.Index)...)
	b = append(b, ' ')
	b = append(b, a.Family.String()...)
	b = append(b, ' ')
	b = append(b, addrBrief(a)...)
	if a.Broadcast.IsValid() {
		b = append(b, " brd "...)
		b = a.Broadcast.AppendTo(b)
	}
	b = append(b, " scope "...)
	b = append(b, a.Scope.String()...)
	words, unknown := addrFlagList(a.Family, a.Flags)
	for _, w := range words {
		b = append(b, ' ')
		b = append(b, w...)
	}
	if unknown != 0 {
		b = append(b, " flags "...)
		b = append(b, hex2(uint64(unknown))...)
	}
	if a.Label != "" {
		b = append(b, ' ')
		b = append(b, a.Label...)
	}
	if a.ValidLifetime != netinfo.Forever || a.PreferredLifetime != netinfo.Forever {
		b = append(b, " valid_lft "...)
		b = append(b, lifetimeText(a.ValidLifetime)...)
		b = append(b, " preferred_lft "...)
		b = append(b, lifetimeText(a.PreferredLifetime)...)
	}
	return append(b, '\n')
}

// appendRouteLine appends an `ip route` line, with one more tab-indented
// "nexthop" line per path of a multipath route.
func appendRouteLine(b []byte, r *netinfo.Route, names linkNames, style routeStyle) []byte {
	if style.typeShown(r) {
		b = append(b, r.Type.String()...)
		b = append(b, ' ')
	}
	b = appendPrefixText(b, r.Dst)
	if r.Src.IsValid() && r.Src.Bits() > 0 {
		b = append(b, " from "...)
		b = appendPrefixText(b, r.Src)
	}
	if r.TOS != 0 && !style.fixed.tos {
		b = append(b, " tos "...)
		b = append(b, style.dsfields.dsfieldWord(r.TOS)...)
	}
	if style.fixed.showsGateway(r) {
		b = appendGatewayText(b, r.Family, r.Gateway)
	}
	if r.OutIndex != 0 && !style.hideDev {
		b = append(b, " dev "...)
		b = append(b, names.name(r.OutIndex)...)
	}
	if style.tableShown(r) {
		b = append(b, " table "...)
		b = append(b, style.tables.word(r.Table)...)
	}
	if style.protocolShown(r) {
		b = append(b, " proto "...)
		b = append(b, r.Protocol.String()...)
	}
	if style.scopeShown(r) {
		b = append(b, " scope "...)
		b = append(b, r.Scope.String()...)
	}
	if r.PrefSrc.IsValid() && style.fixed.showsPrefSrc(r) {
		b = append(b, " src "...)
		b = r.PrefSrc.AppendTo(b)
	}
	if metricShown(r) && !style.fixed.metric {
		b = append(b, " metric "...)
		b = strconv.AppendUint(b, uint64(r.Priority), 10)
	}
	for _, w := range routeFlagList(r.Flags) {
		b = append(b, ' ')
		b = append(b, w...)
	}
	if r.Realms != 0 && !style.fixed.realms {
		b = appendRealmsText(b, r.Realms, style.realms)
	}
	if style.lookup != nil {
		b = appendLookupText(b, style.lookup, r.Family)
	} else if r.Family == netinfo.FamilyInet && r.Flags&netinfo.RouteCloned != 0 {
		// A listing of the cache (route show cache): the same cache
		// line as a lookup's.
		line := appendLookupText(nil, &netinfo.RouteLookup{Route: *r}, r.Family)
		if style.oneline {
			line = bytes.Replace(line, []byte("\n"), []byte(" \\"), 1)
		}
		b = append(b, line...)
	}
	if r.Expires != 0 {
		b = append(b, " expires "...)
		b = strconv.AppendInt(b, expiresSeconds(r), 10)
		b = append(b, "sec"...)
	}
	if r.Metrics != nil {
		b = appendRouteMetricsText(b, r.Metrics)
	}
	if style.lookup != nil && style.lookup.InIndex != 0 {
		b = append(b, " iif "...)
		b = append(b, names.name(style.lookup.InIndex)...)
	}
	if r.Pref != netinfo.RoutePrefNone {
		b = append(b, " pref "...)
		b = append(b, r.Pref.String()...)
	}
	// Each next hop goes on a line of its own; with -o, ip's line
	// separator is a backslash, after the space its fields end with
	// (all but pref).
	for i := range r.NextHops {
		nh := &r.NextHops[i]
		switch {
		case !style.oneline:
			b = append(b, "\n\tnexthop"...)
		case i == 0 && r.Pref != netinfo.RoutePrefNone:
			b = append(b, "\\\tnexthop"...)
		default:
			b = append(b, " \\\tnexthop"...)
		}
		b = appendGatewayText(b, r.Family, nh.Gateway)
		if nh.OutIndex != 0 {
			b = append(b, " dev "...)
			b = append(b, names.name(nh.OutIndex)...)
		}
		b = append(b, " weight "...)
		b = strconv.AppendInt(b, int64(nh.Weight), 10)
		for _, w := range routeFlagList(nh.Flags) {
			b = append(b, ' ')
			b = append(b, w...)
		}
	}
	return append(b, '\n')
}

// appendGatewayText appends " via GW", naming the family when the
// gateway's differs from the route's (RTA_VIA), as ip does.
func appendGatewayText(b []byte, family netinfo.Family, gw netip.Addr) []byte {
	if !gw.IsValid() {
		return b
	}
	b = append(b, " via "...)
	if gwf := familyOf(gw); gwf != family && (family == netinfo.FamilyInet || family == netinfo.FamilyInet6) {
		b = append(b, gwf.String()...)
		b = append(b, ' ')
	}
	return gw.AppendTo(b)
}

// appendNeighLine appends an `ip neigh` line:
// "10.0.0.2 dev eth0 lladdr 02:00:00:00:00:01 router REACHABLE".
func appendNeighLine(b []byte, n *netinfo.Neighbor, names linkNames, hideDev bool) []byte {
	return appendNeighText(b, n, names, neighForm{hideDev: hideDev})
}
