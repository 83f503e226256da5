package main

import (
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"net/netip"
	"strconv"
	"strings"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
	"github.com/rtnlx/rtnlx/netinfo"
)

// This file prints monitor's link and address events in ip 6.1's text,
// from the message each came in (netinfo.WithMessages): ip prints what
// the message holds, attribute by attribute, and so does this
// (ip/ipaddress.c print_linkinfo and print_addrinfo as ip monitor calls
// them: without the link mode, queue length, statistics or IPv6 details
// that `ip link show` adds, and each address led by its link's index and
// name).

// msgAttrs are a message's attributes by type; nil where absent.
type msgAttrs [][]byte

// parseAttrs indexes the attributes of p (a payload after its fixed
// header) by type, up to max.
func parseAttrs(p []byte, max uint16) msgAttrs {
	a := make(msgAttrs, max+1)
	for len(p) > 0 {
		typ, val, rest, ok := nlmsg.SplitAttr(p)
		if !ok {
			break
		}
		if typ <= max && a[typ] == nil {
			a[typ] = val
		}
		p = rest
	}
	return a
}

func (a msgAttrs) has(typ uint16) bool { return int(typ) < len(a) && a[typ] != nil }

// u32 reads a u32 attribute; ok is false when it is absent or short.
func (a msgAttrs) u32(typ uint16) (uint32, bool) {
	if !a.has(typ) || len(a[typ]) < 4 {
		return 0, false
	}
	return binary.NativeEndian.Uint32(a[typ]), true
}

// linkEventNames are ip's words for IFLA_EVENT (link_events[]).
var linkEventNames = [...]string{
	linux.IFLA_EVENT_NONE:             "NONE",
	linux.IFLA_EVENT_REBOOT:           "REBOOT",
	linux.IFLA_EVENT_FEATURES:         "FEATURE CHANGE",
	linux.IFLA_EVENT_BONDING_FAILOVER: "BONDING FAILOVER",
	linux.IFLA_EVENT_NOTIFY_PEERS:     "NOTIFY PEERS",
	linux.IFLA_EVENT_IGMP_RESEND:      "RESEND IGMP",
	linux.IFLA_EVENT_BONDING_OPTIONS:  "BONDING OPTION",
}

// ifinfoMax bounds the link attributes read; later ones are not printed.
const ifinfoMax = 80

// appendLinkEvent appends a link message as ip monitor prints it. The
// cache has already taken the message in, as ip's has.
// With no message (an event made by hand), it prints what a kernel
// message of the Link would hold.
func (p *eventPrinter) appendLinkEvent(b []byte, link *netinfo.Link, msg []byte, deleted bool, errW io.Writer) []byte {
	var d netinfo.LinkDetails
	var tb msgAttrs
	if len(msg) >= linux.SizeofNlMsghdr+linux.SizeofIfInfomsg {
		payload := msg[linux.SizeofNlMsghdr:]
		var err error
		if d, err = netinfo.DecodeLinkDetails(payload); err != nil {
			fmt.Fprintf(errW, "ipinfo: monitor: %v\n", err)
			return b
		}
		tb = parseAttrs(payload[linux.SizeofIfInfomsg:], ifinfoMax)
	} else {
		d.Link = *link
		tb = linkAttrsOf(link)
	}
	l := &d.Link
	name := l.Name
	if !tb.has(linux.IFLA_IFNAME) {
		fmt.Fprintf(errW, "BUG: device with ifindex %d has nil ifname\n", l.Index)
		name = "if" + strconv.Itoa(l.Index)
	}
	if deleted {
		b = append(b, "Deleted "...)
	}
	// print_name_and_link: name@lower, @ifN in another namespace, @NONE.
	mdown := false
	if iflink, ok := tb.u32(linux.IFLA_LINK); ok {
		switch {
		case iflink == 0:
			name += "@NONE"
		case tb.has(linux.IFLA_LINK_NETNSID):
			name += "@if" + strconv.FormatUint(uint64(iflink), 10)
		default:
			name += "@" + p.cache.name(int(iflink))
			mdown = p.cache.down(int(iflink))
		}
	}
	if p.brief {
		// ip -br monitor: name and state, and no newline (ip ends a
		// brief link line only when listing AF_PACKET).
		b = appendPadded(b, name, 16)
		if tb.has(linux.IFLA_OPERSTATE) {
			b = appendPadded(b, l.OperState.String(), 14)
		}
		return b
	}
	b = strconv.AppendInt(b, int64(l.Index), 10)
	b = append(b, ": "...)
	b = append(b, name...)
	b = append(b, ": <"...)
	words := linkFlagList(l.Flags)
	b = append(b, strings.Join(words, ",")...)
	if mdown {
		b = append(b, ",M-DOWN"...)
	}
	b = append(b, "> "...)
	if tb.has(linux.IFLA_MTU) {
		b = append(b, "mtu "...)
		b = strconv.AppendUint(b, uint64(l.MTU), 10)
		b = append(b, ' ')
	}
	if tb.has(linux.IFLA_QDISC) {
		b = append(b, "qdisc "...)
		b = append(b, l.Qdisc...)
		b = append(b, ' ')
	}
	if m, ok := tb.u32(linux.IFLA_MASTER); ok {
		b = append(b, "master "...)
		b = append(b, p.cache.name(int(m))...)
		b = append(b, ' ')
	}
	if tb.has(linux.IFLA_OPERSTATE) {
		b = append(b, "state "...)
		b = append(b, l.OperState.String()...)
		b = append(b, ' ')
	}
	if tb.has(linux.IFLA_GROUP) {
		b = append(b, "group "...)
		b = append(b, p.groups.word(l.Group)...)
		b = append(b, ' ')
	}
	if ev, ok := tb.u32(linux.IFLA_EVENT); ok {
		switch {
		case int(ev) >= len(linkEventNames):
			b = append(b, "event "...)
			b = strconv.AppendUint(b, uint64(ev), 10)
			b = append(b, ' ')
		case ev != 0:
			b = append(b, "event "...)
			b = append(b, linkEventNames[ev]...)
			b = append(b, ' ')
		}
	}
	b = p.nl(b)
	b = append(b, "    link/"...)
	b = append(b, l.Type.String()...)
	b = append(b, ' ')
	if tb.has(linux.IFLA_ADDRESS) {
		b = append(b, net.HardwareAddr(tb[linux.IFLA_ADDRESS]).String()...)
	}
	if tb.has(linux.IFLA_BROADCAST) {
		if l.Flags&netinfo.LinkPointToPoint != 0 {
			b = append(b, " peer "...)
		} else {
			b = append(b, " brd "...)
		}
		b = append(b, net.HardwareAddr(tb[linux.IFLA_BROADCAST]).String()...)
	}
	x := linkExtra{d: &d, details: p.details, nsName: p.nsName}
	b = appendLinkAddrExtras(b, l, x)
	if id, ok := tb.u32(linux.IFLA_NEW_NETNSID); ok {
		if name, known := p.nsNameOf(int32(id)); known {
			b = append(b, " new-netns "...)
			b = append(b, name...)
		} else {
			b = append(b, " new-netnsid "...)
			b = strconv.AppendInt(b, int64(int32(id)), 10)
		}
	}
	if idx, ok := tb.u32(linux.IFLA_NEW_IFINDEX); ok {
		b = append(b, " new-ifindex "...)
		b = strconv.AppendInt(b, int64(int32(idx)), 10)
	}
	if d.ProtoDown {
		b = append(b, " protodown on "...)
	}
	if p.details {
		t := &textDetails{b: b}
		detailsLimits(t, &d)
		detailsLinkInfo(t, l, &d, p.cache.names, func() { t.b = p.nl(t.b) })
		detailsTail(t, &d, false)
		b = t.b
		if l.Alias != "" {
			b = append(p.nl(b), "    alias "...)
			b = append(b, l.Alias...)
		}
	}
	for _, n := range d.AltNames {
		b = append(p.nl(b), "    altname "...)
		b = append(b, n...)
	}
	return append(trimSpaces(b), '\n')
}

// appendAddrEvent appends an address message as ip monitor prints it:
// "3: v0    inet 10.0.0.1/24 brd 10.0.0.255 scope global v0" and its
// lifetimes on a second line.
func (p *eventPrinter) appendAddrEvent(b []byte, a *netinfo.Addr, msg []byte, deleted bool) []byte {
	var tb msgAttrs
	if len(msg) >= linux.SizeofNlMsghdr+linux.SizeofIfAddrmsg {
		tb = parseAttrs(msg[linux.SizeofNlMsghdr+linux.SizeofIfAddrmsg:], linux.IFA_RT_PRIORITY)
	}
	if deleted {
		b = append(b, "Deleted "...)
	}
	if !p.brief {
		b = strconv.AppendInt(b, int64(a.Index), 10)
		b = append(b, ": "...)
		b = append(b, p.cache.name(a.Index)...)
		b = append(b, "    "...)
		b = append(b, a.Family.String()...)
		b = append(b, ' ')
	}
	b = append(b, addrBrief(a)...)
	b = append(b, ' ')
	if m, ok := tb.u32(linux.IFA_RT_PRIORITY); ok {
		b = append(b, "metric "...)
		b = strconv.AppendUint(b, uint64(m), 10)
		b = append(b, ' ')
	}
	if p.brief {
		return b // ip -br monitor: the address, and no newline
	}
	if a.Broadcast.IsValid() {
		b = append(b, "brd "...)
		b = append(b, a.Broadcast.String()...)
		b = append(b, ' ')
	}
	if any, ok := netip.AddrFromSlice(tb.get(linux.IFA_ANYCAST)); ok {
		b = append(b, "any "...)
		b = append(b, any.String()...)
		b = append(b, ' ')
	}
	b = appendAddrScopeFlagsLabel(b, a)
	if tb == nil || tb.has(linux.IFA_CACHEINFO) {
		b = append(p.nl(b), "       valid_lft "...)
		b = append(b, lifetimeText(a.ValidLifetime)...)
		b = append(b, " preferred_lft "...)
		b = append(b, lifetimeText(a.PreferredLifetime)...)
	}
	return append(trimSpaces(b), '\n')
}

// get returns an attribute's value; nil when absent.
func (a msgAttrs) get(typ uint16) []byte {
	if !a.has(typ) {
		return nil
	}
	return a[typ]
}

// nsNameOf is ip's get_name_from_nsid; false when unknown.
func (p *eventPrinter) nsNameOf(id int32) (string, bool) {
	if p.nsName == nil {
		return "", false
	}
	return p.nsName(id)
}

// linkAttrsOf lists the attributes a kernel message of l would carry,
// for printing a Link that came without one.
func linkAttrsOf(l *netinfo.Link) msgAttrs {
	tb := make(msgAttrs, ifinfoMax+1)
	u32 := func(v uint32) []byte { return binary.NativeEndian.AppendUint32(nil, v) }
	tb[linux.IFLA_IFNAME] = []byte(l.Name)
	tb[linux.IFLA_MTU] = u32(l.MTU)
	tb[linux.IFLA_OPERSTATE] = []byte{byte(l.OperState)}
	tb[linux.IFLA_GROUP] = u32(l.Group)
	if l.Qdisc != "" {
		tb[linux.IFLA_QDISC] = []byte(l.Qdisc)
	}
	if l.MasterIndex != 0 {
		tb[linux.IFLA_MASTER] = u32(uint32(l.MasterIndex))
	}
	if l.ParentIndex != 0 {
		tb[linux.IFLA_LINK] = u32(uint32(l.ParentIndex))
	}
	if len(l.HardwareAddr) > 0 {
		tb[linux.IFLA_ADDRESS] = l.HardwareAddr
	}
	if len(l.Broadcast) > 0 {
		tb[linux.IFLA_BROADCAST] = l.Broadcast
	}
	return tb
}

// nl ends a line within a record: a newline, or with -o the backslash
// that joins the record's lines (after ip's spaces, which stay).
func (p *eventPrinter) nl(b []byte) []byte {
	if p.oneline {
		return append(b, '\\')
	}
	return append(trimSpaces(b), '\n')
}

// appendNeighBrief appends a neighbour as ip -br monitor prints it
// (print_neigh_brief): address and device in columns, then the link
// address.
func (p *eventPrinter) appendNeighBrief(b []byte, n *netinfo.Neighbor, deleted bool) []byte {
	if deleted {
		b = append(b, "Deleted "...)
	}
	if n.IP.IsValid() {
		b = appendPadded(b, n.IP.String(), 39)
	}
	if p.dev == 0 && n.Index != 0 {
		b = appendPadded(b, p.cache.name(n.Index), 16)
	}
	if len(n.HardwareAddr) > 0 {
		b = append(b, n.HardwareAddr.String()...)
	}
	return append(trimSpaces(b), '\n')
}
