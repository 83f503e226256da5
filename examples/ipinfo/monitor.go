package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"syscall"

	"github.com/rtnlx/rtnlx/netinfo"
)

// This file is `monitor`: events as they come, one line each.

// eventPrinter turns events into lines. It keeps the link names current
// from link events, so routes and addresses on new links print their
// device's name.
type eventPrinter struct {
	show   netinfo.WatchKind // what the user asked for
	json   bool
	label  bool // print each text line's kind first ("[ROUTE]"), as ip with label or all
	names  linkNames
	tables tableNames
	groups groupNames
	b      []byte // reused line buffer
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
	}
	p.b = b
	return b
}

// formatObject renders a new/del event for the object it carries.
func (p *eventPrinter) formatObject(b []byte, ev *netinfo.Event, deleted bool) []byte {
	switch {
	case ev.Link != nil:
		l := ev.Link
		if !deleted {
			p.names[l.Index] = l.Name
		}
		if p.show&netinfo.WatchLinks != 0 {
			b = p.prefix(b, "[LINK]", deleted)
			if p.json {
				b = appendLinkJSON(b, l, p.names, p.groups, deleted)
				b = append(b, '\n')
			} else {
				b = appendLinkBrief(b, l, p.names, linkExtra{})
			}
		}
		if deleted {
			delete(p.names, l.Index)
		}
	case ev.Addr != nil && p.show&netinfo.WatchAddrs != 0:
		b = p.prefix(b, "[ADDR]", deleted)
		if p.json {
			b = appendAddrEventJSON(b, ev.Addr, p.names, deleted)
			b = append(b, '\n')
		} else {
			b = appendAddrLine(b, ev.Addr, p.names)
		}
	case ev.Route != nil && p.show&netinfo.WatchRoutes != 0:
		// Events span every table, so the table is named as with
		// `ip route show table all`.
		style := routeStyle{showTable: true, tables: p.tables}
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
		b = appendRuleLine(b, ev.Rule, p.tables, false)
	case ev.Nexthop != nil && p.show&netinfo.WatchNexthops != 0:
		b = p.textPrefix(b, "[NEXTHOP]", deleted)
		b = appendNexthopLine(b, ev.Nexthop, p.names, false)
		if n := len(b); n > 0 && b[n-1] == '\n' {
			b = append(b[:n-1], " \n"...) // ip's monitor line ends with a space
		}
	case ev.Neighbor != nil && p.show&netinfo.WatchNeighbors != 0:
		b = p.prefix(b, "[NEIGH]", deleted)
		if p.json {
			b = appendNeighJSON(b, ev.Neighbor, p.names, false, deleted)
			b = append(b, '\n')
		} else {
			b = appendNeighLine(b, ev.Neighbor, p.names, false)
		}
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
	var opts []netinfo.WatchOption
	if c.family != netinfo.FamilyAll {
		opts = append(opts, netinfo.WithWatchFamily(c.family))
	}
	_, names, err := loadLinks(ctx, h)
	if err != nil {
		return err
	}
	p := &eventPrinter{show: c.watch, json: c.json, label: c.label, names: names, tables: c.tables, groups: c.groups}
	out := bufio.NewWriter(w) // one event's line or lines, flushed each time
	// Links are always watched: their events keep the names right.
	err = h.WatchFunc(ctx, c.watch|netinfo.WatchLinks, func(ev *netinfo.Event) error {
		if ev.Type == netinfo.EventResyncStart {
			fmt.Fprintf(errW, "netlink receive error %s (%d)\n", syscall.ENOBUFS, int(syscall.ENOBUFS))
		}
		p.nameLink(ctx, h, ev)
		if _, err := out.Write(p.format(ev)); err != nil {
			return err
		}
		// ip flushes each event: a watching operator sees it at once.
		return out.Flush()
	}, opts...)
	if ferr := out.Flush(); err == nil {
		err = ferr
	}
	return err
}

// nameLink learns the name of a link that an event refers to and that
// came after the names were read, as ip does, by asking for it.
func (p *eventPrinter) nameLink(ctx context.Context, h *netinfo.Handle, ev *netinfo.Event) {
	var idx int
	switch {
	case ev.Route != nil:
		idx = ev.Route.OutIndex
	case ev.Addr != nil:
		idx = ev.Addr.Index
	case ev.Neighbor != nil:
		idx = ev.Neighbor.Index
	}
	if _, ok := p.names[idx]; idx == 0 || ok {
		return
	}
	if l, err := h.LinkByIndex(ctx, idx); err == nil {
		p.names[idx] = l.Name
	}
}
