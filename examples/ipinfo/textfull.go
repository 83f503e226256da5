package main

import (
	"strconv"
	"strings"

	"github.com/rtnlx/rtnlx/netinfo"
)

// This file renders ip's full (default) text form of `link` and `addr`,
// and its one-line form (-o), where the lines of a record are joined by
// a backslash. Trailing spaces ip leaves are dropped, as elsewhere.

// textStyle says which form of the full text to print.
type textStyle struct {
	oneline bool       // -o
	stats   int        // -s given this many times
	details bool       // -d
	groups  groupNames // device group names
	// noCarrier is set for a link record without IFLA_CARRIER_CHANGES
	// (ip -6 addr's AF_INET6 dump): -s -s prints no transns column.
	noCarrier bool
}

// newline ends a line of a record: "\n", or with -o the backslash that
// joins the record's lines.
func (s textStyle) newline(b []byte) []byte {
	if s.oneline {
		return append(b, '\\') // mid-line, ip's spaces stay
	}
	return append(trimSpaces(b), '\n')
}

// endRecord ends a record's last line.
func endRecord(b []byte) []byte { return append(trimSpaces(b), '\n') }

// trimSpaces drops the spaces at the end of b.
func trimSpaces(b []byte) []byte {
	for len(b) > 0 && b[len(b)-1] == ' ' {
		b = b[:len(b)-1]
	}
	return b
}

// appendLinkHeader appends ip's first line of a link:
// "2: eth0@if3: <FLAGS> mtu 1500 qdisc noqueue master br0 state UP mode
// DEFAULT group default qlen 1000". withMode is true for `link`, which
// prints the link mode; `addr` does not. inet6 is true for `ip -6 addr`,
// whose link dump (of family AF_INET6) has no qdisc, master or group.
func appendLinkHeader(b []byte, l *netinfo.Link, names linkNames, s textStyle, withMode, inet6 bool, x linkExtra) []byte {
	b = strconv.AppendInt(b, int64(l.Index), 10)
	b = append(b, ": "...)
	b = append(b, linkDisplayName(l, names, x)...)
	b = append(b, ": <"...)
	b = append(b, strings.Join(linkFlagWords(l.Flags, x), ",")...)
	b = append(b, "> mtu "...)
	b = strconv.AppendUint(b, uint64(l.MTU), 10)
	b = append(b, ' ')
	if l.Qdisc != "" && !inet6 {
		b = append(b, "qdisc "...)
		b = append(b, l.Qdisc...)
		b = append(b, ' ')
	}
	if l.MasterIndex != 0 && !inet6 {
		b = append(b, "master "...)
		b = append(b, names.name(l.MasterIndex)...)
		b = append(b, ' ')
	}
	b = append(b, "state "...)
	b = append(b, l.OperState.String()...)
	b = append(b, ' ')
	if withMode {
		b = append(b, "mode "...)
		b = append(b, l.Mode.String()...)
		b = append(b, ' ')
	}
	if !inet6 {
		b = append(b, "group "...)
		b = append(b, s.groups.word(l.Group)...)
		b = append(b, ' ')
	}
	if l.TxQueueLen != 0 {
		b = append(b, "qlen "...)
		b = strconv.AppendUint(b, uint64(l.TxQueueLen), 10)
	}
	return b
}

// appendLinkAddrLine appends the "    link/ether MAC brd BRD" line and,
// with -d, the details that follow it (ip continues them on that line,
// but for the kind's lines).
func appendLinkAddrLine(b []byte, l *netinfo.Link, names linkNames, s textStyle, x linkExtra) []byte {
	b = appendLinkAddrs(b, l)
	b = appendLinkAddrExtras(b, l, x)
	if !x.details || x.d == nil {
		return b
	}
	t := &textDetails{b: b}
	detailsLimits(t, x.d)
	detailsLinkInfo(t, l, x.d, names, func() { t.b = s.newline(t.b) })
	detailsTail(t, x.d, x.linkCmd)
	return t.b
}

// appendLinkAddrs appends "    link/ether MAC brd BRD".
func appendLinkAddrs(b []byte, l *netinfo.Link) []byte {
	b = append(b, "    link/"...)
	b = append(b, l.Type.String()...)
	b = append(b, ' ')
	if len(l.HardwareAddr) > 0 {
		b = append(b, l.HardwareAddr.String()...)
	}
	if len(l.Broadcast) > 0 {
		if l.Flags&netinfo.LinkPointToPoint != 0 {
			b = append(b, " peer "...)
		} else {
			b = append(b, " brd "...)
		}
		b = append(b, l.Broadcast.String()...)
	}
	return b
}

// appendLinkFull appends a link as `ip link show` prints it.
func appendLinkFull(b []byte, l *netinfo.Link, names linkNames, s textStyle, x linkExtra) []byte {
	b = appendLinkHeader(b, l, names, s, true, false, x)
	b = s.newline(b)
	b = appendLinkAddrLine(b, l, names, s, x)
	if l.Alias != "" {
		b = s.newline(b)
		b = append(b, "    alias "...)
		b = append(b, l.Alias...)
	}
	if s.stats > 0 && l.Stats != nil {
		b = s.newline(b)
		b = appendLinkStats(b, l, s)
	}
	return endRecord(appendAltNames(b, s, x))
}

// appendAltNames appends ip's "    altname NAME" lines, one a name.
func appendAltNames(b []byte, s textStyle, x linkExtra) []byte {
	if x.d == nil || x.inet6 {
		return b // an AF_INET6 link dump (ip -6 addr) has no IFLA_PROP_LIST
	}
	for _, n := range x.d.AltNames {
		b = s.newline(b)
		b = append(b, "    altname "...)
		b = append(b, n...)
	}
	return b
}

// appendAddrFull appends a link with its addresses as `ip addr show`
// prints them; family, when set, leaves out the link/ line as ip does.
func appendAddrFull(b []byte, l *netinfo.Link, addrs []*netinfo.Addr, names linkNames, s textStyle, family netinfo.Family, x linkExtra) []byte {
	if s.oneline && family != familyPacket {
		// ip -o addr prints only the addresses, each on a line led by
		// the link's index and name.
		for _, a := range addrs {
			if a == nil {
				continue
			}
			b = strconv.AppendInt(b, int64(l.Index), 10)
			b = append(b, ": "...)
			b = append(b, l.Name...)
			b = appendAddrInfo(b, a, s)
			b = endRecord(b)
		}
		return b
	}
	b = appendLinkHeader(b, l, names, s, false, family == netinfo.FamilyInet6, x)
	switch {
	case family == netinfo.FamilyInet6 && s.details:
		// ip -6 reads the links with an AF_INET6 dump, whose records
		// hold the type and address but no broadcast or details.
		b = s.newline(b)
		b = appendLinkAddrs(b, &netinfo.Link{Type: l.Type, HardwareAddr: l.HardwareAddr})
	case family == netinfo.FamilyAll || family == familyPacket || s.details:
		b = s.newline(b)
		b = appendLinkAddrLine(b, l, names, s, x)
	}
	if s.details && l.Alias != "" && family != netinfo.FamilyInet6 {
		b = s.newline(b)
		b = append(b, "    alias "...)
		b = append(b, l.Alias...)
	}
	b = appendAltNames(b, s, x)
	for _, a := range addrs {
		if a == nil {
			continue
		}
		b = s.newline(b)
		b = appendAddrInfo(b, a, s)
	}
	if s.stats > 0 && l.Stats != nil {
		b = s.newline(b)
		b = appendLinkStats(b, l, s)
	}
	return endRecord(b)
}

// appendAddrInfo appends one address of `ip addr show`:
// "    inet 10.0.0.1/24 brd 10.0.0.255 scope global secondary eth0:1" and
// its "       valid_lft forever preferred_lft forever" line.
func appendAddrInfo(b []byte, a *netinfo.Addr, s textStyle) []byte {
	b = append(b, "    "...)
	b = append(b, a.Family.String()...)
	b = append(b, ' ')
	b = appendAddrMetric(append(b, addrBrief(a)...), a)
	if a.Broadcast.IsValid() {
		b = append(b, " brd "...)
		b = append(b, a.Broadcast.String()...)
	}
	b = appendAddrScopeFlagsLabel(append(b, ' '), a)
	b = s.newline(b)
	b = append(b, "       valid_lft "...)
	b = append(b, lifetimeText(a.ValidLifetime)...)
	b = append(b, " preferred_lft "...)
	b = append(b, lifetimeText(a.PreferredLifetime)...)
	return b
}

// appendAddrScopeFlagsLabel appends what ip prints of an address after
// its prefix: "scope S ", each flag as "WORD ", then the label.
func appendAddrScopeFlagsLabel(b []byte, a *netinfo.Addr) []byte {
	b = append(b, "scope "...)
	b = append(b, a.Scope.String()...)
	b = append(b, ' ')
	words, unknown := addrFlagList(a.Family, a.Flags)
	for _, w := range words {
		b = append(b, w...)
		b = append(b, ' ')
	}
	if unknown != 0 {
		b = append(b, "flags "...)
		b = append(b, hex2(uint64(unknown))...)
		b = append(b, ' ')
	}
	return append(b, a.Label...)
}
