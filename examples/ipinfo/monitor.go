package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"time"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
	"github.com/rtnlx/rtnlx/netinfo"
)

// This file is `monitor`: events as they come, one line each.

// eventPrinter turns events into lines. It keeps the link names current
// from link events, so routes and addresses on new links print their
// device's name.
type eventPrinter struct {
	show      netinfo.WatchKind // what the user asked for
	json      bool
	label     bool // print each text line's kind first ("[ROUTE]"), as ip with label or all
	details   bool // -d: ip -d's details
	oneline   bool // -o: a record's lines joined by backslashes
	brief     bool // -br: ip's brief link, address and neighbour forms
	family    netinfo.Family
	netconf   bool   // print netconf messages (monitor netconf, or everything)
	nsid      bool   // print nsid messages (monitor nsid, or everything)
	prefixes  bool   // print IPv6 prefix messages (monitor prefix, or everything)
	mroute    bool   // print multicast routes (monitor mroute, or everything)
	statsMsgs bool   // print statistics messages (monitor stats, or everything)
	stats     int    // -s: a multicast route's counters and age
	nsidTag   string // monitor all-nsid: where the message came from, "[nsid 5]"
	// dev is monitor dev's link: other links' link, address, route,
	// neighbour and netconf messages print only their headers, as ip's
	// filters drop them after print_headers; 0 for none.
	dev       int
	timestamp int              // -t: 1, -ts: 2
	now       func() time.Time // the clock of the timestamps

	cache            *llCache
	names            linkNames // cache.names
	nsids            *nsidMap  // ip's netns map; nil where there is none
	tables           tableNames
	dsfields, realms rtNames
	groups           groupNames
	nsName           func(id int32) (string, bool) // ip's get_name_from_nsid: nsids.name
	errW             io.Writer                     // where ip's complaints about a message go
	b                []byte                        // reused line buffer
}

// format renders one event into p.b (empty when the event is not shown)
// and updates the names.
func (p *eventPrinter) format(ev *netinfo.Event) []byte {
	b := p.b[:0]
	deleted := ev.Type == netinfo.EventDel
	switch ev.Type {
	case netinfo.EventResyncStart, netinfo.EventResyncDone:
		phase := "start"
		if ev.Type == netinfo.EventResyncDone {
			phase = "done"
		}
		// Text says lost events on stderr, as ip does (monitor).
		if p.json {
			b = appendResyncJSON(b, phase)
			b = append(b, '\n')
		}
	case netinfo.EventNew, netinfo.EventDel:
		b = p.formatObject(b, ev, deleted)
	case netinfo.EventMessage:
		b = p.formatMessage(b, ev.Message)
	}
	p.b = b
	return b
}

// formatObject renders a new/del event for the object it carries.
func (p *eventPrinter) formatObject(b []byte, ev *netinfo.Event, deleted bool) []byte {
	switch {
	case ev.Link != nil:
		l := ev.Link
		// ip updates its cache before it prints the message.
		p.cache.remember(l.Index, l.Name, l.Name != "", l.Flags, deleted)
		if p.show&netinfo.WatchLinks == 0 {
			break
		}
		switch {
		case p.json && p.filtered(l.Index):
		case p.json:
			b = appendLinkJSON(b, l, p.names, p.groups, deleted)
			b = append(b, '\n')
		default:
			b = p.prefix(b, "[LINK]", false)
			if !p.filtered(l.Index) {
				b = p.appendLinkEvent(b, l, ev.Message, deleted, p.errW)
			}
		}
	case ev.Addr != nil && p.show&netinfo.WatchAddrs != 0:
		switch {
		case p.json && p.filtered(ev.Addr.Index):
		case p.json:
			b = appendAddrEventJSON(b, ev.Addr, p.names, deleted)
			b = append(b, '\n')
		default:
			b = p.prefix(b, "[ADDR]", false)
			if !p.filtered(ev.Addr.Index) {
				b = p.appendAddrEvent(b, ev.Addr, ev.Message, deleted)
			}
		}
	case ev.Route != nil && p.show&netinfo.WatchRoutes != 0:
		// Events span every table, so the table is named as with
		// `ip route show table all`.
		style := routeStyle{showTable: true, tables: p.tables, dsfields: p.dsfields, realms: p.realms, details: p.details, oneline: p.oneline, hideDev: p.dev != 0}
		if p.filtered(ev.Route.OutIndex) { // a multipath route has none: filtered too
			b = p.prefix(b, "[ROUTE]", false)
			break
		}
		b = p.prefix(b, "[ROUTE]", deleted)
		if p.json {
			b = appendRouteJSON(b, ev.Route, p.names, style, deleted)
			b = append(b, '\n')
		} else {
			b = appendRouteLine(b, ev.Route, p.names, style)
		}
	case ev.Rule != nil && p.show&netinfo.WatchRules != 0:
		// ip prints rules and nexthops as text under -j too.
		b = p.textPrefix(b, "[RULE]", deleted)
		b = appendRuleLine(b, ev.Rule, p.tables, p.details)
	case ev.Nexthop != nil && p.show&netinfo.WatchNexthops != 0:
		b = p.textPrefix(b, "[NEXTHOP]", deleted)
		b = appendNexthopLine(b, ev.Nexthop, p.names, p.details)
		if n := len(b); n > 0 && b[n-1] == '\n' {
			b = append(b[:n-1], " \n"...) // ip's monitor line ends with a space
		}
	case ev.Neighbor != nil && p.show&netinfo.WatchNeighbors != 0:
		if p.filtered(ev.Neighbor.Index) {
			b = p.prefix(b, "[NEIGH]", false)
			break
		}
		if p.brief && !p.json {
			b = p.appendNeighBrief(p.prefix(b, "[NEIGH]", false), ev.Neighbor, deleted)
			break
		}
		b = p.prefix(b, "[NEIGH]", deleted)
		if p.json {
			b = appendNeighJSON(b, ev.Neighbor, p.names, p.dev != 0, deleted)
			b = append(b, '\n')
		} else {
			b = appendNeighText(b, ev.Neighbor, p.names, neighForm{hideDev: p.dev != 0, stats: p.stats > 0})
		}
	}
	return b
}

// formatMessage renders a message netinfo decodes into no object, as ip
// prints it: a link notification of another family (a bridge port's
// AF_BRIDGE state), which ip prints as a link.
func (p *eventPrinter) formatMessage(b []byte, msg []byte) []byte {
	mh, payload, _, ok := nlmsg.Next(msg)
	if !ok || len(payload) < linux.SizeofNetconfmsg {
		return b
	}
	switch mh.Type {
	case linux.RTM_NEWROUTE, linux.RTM_DELROUTE:
		b = p.formatMroute(b, mh, payload)
	case linux.RTM_NEWSTATS:
		if p.statsMsgs { // text under -j too, as ip prints it
			b = p.appendStats(p.textPrefix(b, "[STATS]", false), payload)
		}
	case linux.RTM_NEWLINK, linux.RTM_DELLINK:
		if len(payload) < linux.SizeofIfInfomsg {
			break
		}
		deleted := mh.Type == linux.RTM_DELLINK
		idx := int(int32(binary.NativeEndian.Uint32(payload[4:])))
		flags := netinfo.LinkFlags(binary.NativeEndian.Uint32(payload[8:]))
		name, hasName := "", false
		if v := parseAttrs(payload[linux.SizeofIfInfomsg:], linux.IFLA_IFNAME).get(linux.IFLA_IFNAME); v != nil {
			name, hasName = string(bytes.TrimRight(v, "\x00")), true
		}
		p.cache.remember(idx, name, hasName, flags, deleted)
		if p.show&netinfo.WatchLinks == 0 {
			break
		}
		if p.json {
			if l, err := netinfo.DecodeLink(payload); err == nil && !p.filtered(idx) {
				b = appendLinkJSON(b, &l, p.names, p.groups, deleted)
				b = append(b, '\n')
			}
			break
		}
		b = p.prefix(b, "[LINK]", false)
		if !p.filtered(idx) {
			b = p.appendLinkEvent(b, nil, msg, deleted, p.errW)
		}
	case linux.RTM_NEWNEIGH, linux.RTM_DELNEIGH:
		// A bridge's FDB entry (AF_BRIDGE): ip prints it as a
		// neighbour with no address; -4 and -6 leave it out.
		if p.show&netinfo.WatchNeighbors == 0 || p.family != netinfo.FamilyAll || payload[0] != linux.AF_BRIDGE {
			break
		}
		n, err := netinfo.DecodeNeighbor(payload)
		if err != nil {
			fmt.Fprintf(p.errW, "ipinfo: monitor: %v\n", err)
			break
		}
		p.cache.learn(n.Index)
		if p.filtered(n.Index) {
			b = p.prefix(b, "[NEIGH]", false)
			break
		}
		if p.json {
			b = appendNeighJSON(b, &n, p.names, p.dev != 0, mh.Type == linux.RTM_DELNEIGH)
			b = append(b, '\n')
			break
		}
		if p.brief {
			b = p.appendNeighBrief(p.prefix(b, "[NEIGH]", false), &n, mh.Type == linux.RTM_DELNEIGH)
			break
		}
		b = p.prefix(b, "[NEIGH]", mh.Type == linux.RTM_DELNEIGH)
		line := appendNeighText(nil, &n, p.names, neighForm{hideDev: p.dev != 0, stats: p.stats > 0, noProbes: true})
		b = append(b, bytes.TrimPrefix(line, []byte(" "))...)
	case linux.RTM_NEWNETCONF, linux.RTM_DELNETCONF:
		if !p.netconf { // text under -j too, as ip prints it
			break
		}
		b = p.textPrefix(b, "[NETCONF]", false)
		ifindex, _ := parseAttrs(payload[linux.SizeofNetconfmsg:], linux.NETCONFA_IFINDEX).u32(linux.NETCONFA_IFINDEX)
		if !p.filtered(int(int32(ifindex))) {
			b = p.appendNetconf(b, mh.Type == linux.RTM_DELNETCONF, payload)
		}
	case linux.RTM_NEWPREFIX:
		if !p.prefixes { // text under -j too, as ip prints it
			break
		}
		b = p.textPrefix(b, "[PREFIX]", false)
		b = p.appendPrefix(b, payload)
	case linux.RTM_NEWNSID, linux.RTM_DELNSID:
		if !p.nsid { // text under -j too, as ip prints it
			break
		}
		b = p.textPrefix(b, "[NSID]", false)
		b = p.appendNSID(b, mh.Type == linux.RTM_DELNSID, payload)
	}
	return b
}

// prefix starts a text line as `ip monitor` does: with label or all,
// the kind ("[ROUTE]"), then "Deleted " for a deletion. JSON lines carry
// "deleted" instead.
func (p *eventPrinter) prefix(b []byte, label string, deleted bool) []byte {
	if p.json {
		return b
	}
	if p.timestamp > 0 {
		b = appendTimestamp(b, p.now(), p.timestamp > 1)
	}
	b = append(b, p.nsidTag...)
	if p.label {
		b = append(b, label...)
	}
	if deleted {
		b = append(b, "Deleted "...)
	}
	return b
}

// textPrefix is prefix for a line printed as text in either mode.
func (p *eventPrinter) textPrefix(b []byte, label string, deleted bool) []byte {
	json := p.json
	p.json = false
	b = p.prefix(b, label, deleted)
	p.json = json
	return b
}

// monitor prints events until ctx ends or the watcher fails.
//
// It prints what the kernel sends, as ip monitor does, so it watches
// without a view (WatchFunc): a view would add the deletions Linux makes
// without a message (a link's IPv4 routes when it goes down, the route a
// replace displaced), which ip does not print. Lost events are said as
// ip says them, on stderr; with -j also as {"resync":...} lines.
func monitor(ctx context.Context, h *netinfo.Handle, c *command, w, errW io.Writer) error {
	groups := netconfGroups(c)
	if c.nsid {
		groups = append(groups, linux.RTNLGRP_NSID)
	}
	if c.prefix && c.family != netinfo.FamilyInet {
		groups = append(groups, linux.RTNLGRP_IPV6_PREFIX)
	}
	groups = append(groups, mrouteStatsGroups(c)...)
	opts := []netinfo.WatchOption{netinfo.WithMessages(groups...)}
	if c.family != netinfo.FamilyAll {
		opts = append(opts, netinfo.WithWatchFamily(c.family))
	}
	if c.monFile != "" {
		return monitorFile(ctx, h, c, w, errW)
	}
	if err := c.monitorOSCheck(); err != nil {
		return err
	}
	links, _, err := loadLinks(ctx, h)
	if err != nil {
		return err
	}
	cache := newLLCache(links, linkGetter(ctx, h))
	dev, err := monitorDev(ctx, h, c)
	if err != nil {
		return err
	}
	var nsids *nsidMap
	if c.linuxLocal() {
		nsids = newNSIDMap(ctx, h)
	}
	p := newEventPrinter(c, cache, nsids, dev, errW)
	if c.allNSID {
		return followAllNSID(ctx, c, p, w)
	}
	// ip flushes each event; this flushes once the kernel's queue is
	// empty (WithIdle), so a watching operator still sees each event at
	// once, and a storm costs a write per burst instead of per event.
	// What goes to stderr waits for what came before it on stdout.
	out := bufio.NewWriter(quietWriter(w))
	p.errW = flushFirst{out, errW}
	opts = append(opts, netinfo.WithIdle(out.Flush))
	// Links are always watched: their events keep the names right.
	err = h.WatchFunc(ctx, c.watch|netinfo.WatchLinks, func(ev *netinfo.Event) error {
		if ev.Type == netinfo.EventResyncStart {
			_, _ = io.WriteString(p.errW, lostEvents)
		}
		p.nameLink(ev)
		_, err := out.Write(p.format(ev))
		return err
	}, opts...)
	if ferr := out.Flush(); err == nil {
		err = ferr
	}
	return err
}

// newEventPrinter makes monitor's printer of the messages c asks for,
// with the link names in cache, the namespace ids in nsids (nil for
// none), and dev monitor dev's link (0 for none).
func newEventPrinter(c *command, cache *llCache, nsids *nsidMap, dev int, errW io.Writer) *eventPrinter {
	return &eventPrinter{
		show: c.watch, json: c.json, label: c.label, details: c.details, oneline: c.oneline, brief: c.brief, family: c.family, netconf: c.netconf,
		dsfields: c.dsfields, realms: c.realms,
		cache: cache, names: cache.names, tables: c.tables, groups: c.groups,
		nsid: c.nsid, prefixes: c.prefix, nsids: nsids, nsName: nsids.name, errW: errW,
		mroute: c.mroute, statsMsgs: c.statsMon, stats: c.stats,
		timestamp: c.timestamp, now: time.Now, dev: dev,
	}
}

// monitorDev finds monitor dev's link: its index, 0 for none.
func monitorDev(ctx context.Context, h *netinfo.Handle, c *command) (int, error) {
	if c.dev == "" {
		return 0, nil
	}
	l, err := h.LinkByName(ctx, c.dev)
	if err != nil {
		return 0, ipUsagef("Error: argument %q is wrong: Device does not exist\n", c.dev)
	}
	return l.Index, nil
}

// nameLink learns the name of a link that an event refers to and that
// came after the names were read, as ip does, by asking for it.
func (p *eventPrinter) nameLink(ev *netinfo.Event) {
	switch {
	case ev.Route != nil:
		p.cache.learn(ev.Route.OutIndex)
		for _, nh := range ev.Route.NextHops {
			p.cache.learn(nh.OutIndex)
		}
	case ev.Addr != nil:
		p.cache.learn(ev.Addr.Index)
	case ev.Neighbor != nil:
		p.cache.learn(ev.Neighbor.Index)
	case ev.Nexthop != nil:
		p.cache.learn(ev.Nexthop.OutIndex)
	}
}

// netconfGroups are the groups of netconf messages, for the families
// asked (ip monitor's choice: MPLS only when no family is).
func netconfGroups(c *command) []uint32 {
	if !c.netconf {
		return nil
	}
	var gs []uint32
	if c.family != netinfo.FamilyInet6 {
		gs = append(gs, linux.RTNLGRP_IPV4_NETCONF)
	}
	if c.family != netinfo.FamilyInet {
		gs = append(gs, linux.RTNLGRP_IPV6_NETCONF)
	}
	if c.family == netinfo.FamilyAll {
		gs = append(gs, linux.RTNLGRP_MPLS_NETCONF)
	}
	return gs
}

// appendTimestamp appends ip's -t line ("Timestamp: Sun Dec  6 14:43:34
// 2026 123456 usec") or its -ts prefix ("[2026-12-06T14:43:34.123456] ")
// in local time.
func appendTimestamp(b []byte, t time.Time, short bool) []byte {
	usec := t.Nanosecond() / 1000
	if short {
		return fmt.Appendf(b, "[%s.%06d] ", t.Format("2006-01-02T15:04:05"), usec)
	}
	return fmt.Appendf(b, "Timestamp: %s %d usec\n", t.Format("Mon Jan _2 15:04:05 2006"), usec)
}

// filtered reports whether monitor dev leaves out the message of the
// link with index idx.
func (p *eventPrinter) filtered(idx int) bool { return p.dev != 0 && idx != p.dev }

// flushFirst writes to w after flushing out, keeping the order of two
// streams one of which is buffered.
type flushFirst struct {
	out *bufio.Writer
	w   io.Writer
}

func (f flushFirst) Write(b []byte) (int, error) {
	if err := f.out.Flush(); err != nil {
		return 0, err
	}
	return f.w.Write(b)
}

// lostEvents is ip monitor's line when the kernel dropped events: its
// strerror text and Linux's number for ENOBUFS, whatever the OS (Go's
// error text is in lower case, and other OSes number it otherwise).
const lostEvents = "netlink receive error No buffer space available (105)\n"
