package main

import (
	"context"
	"fmt"
	"io"
	"iter"

	"github.com/rtnlx/rtnlx/netinfo"
)

// This file holds the listing commands: link, addr, route and neigh.

// flushAt is how much output a listing gathers before writing it, so a
// million routes never sit in memory at once.
const flushAt = 32 << 10

// listWriter writes a listing: one JSON array, or one text line per
// object, in chunks.
type listWriter struct {
	w     io.Writer
	json  bool
	b     []byte
	count int
	err   error
}

func newListWriter(w io.Writer, json bool) *listWriter {
	lw := &listWriter{w: w, json: json, b: make([]byte, 0, flushAt+4096)}
	if json {
		lw.b = append(lw.b, '[')
	}
	return lw
}

// next prepares the buffer for one more object and returns it.
func (lw *listWriter) next() []byte {
	if lw.json && lw.count > 0 {
		lw.b = append(lw.b, ',')
	}
	lw.count++
	return lw.b
}

// done takes the buffer back after an object was appended, writing it
// out when it is large.
func (lw *listWriter) done(b []byte) {
	lw.b = b
	if len(lw.b) >= flushAt && lw.err == nil {
		_, lw.err = lw.w.Write(lw.b)
		lw.b = lw.b[:0]
	}
}

// close ends the listing.
func (lw *listWriter) close() error {
	if lw.json {
		lw.b = append(lw.b, ']', '\n')
	}
	if lw.err == nil && len(lw.b) > 0 {
		_, lw.err = lw.w.Write(lw.b)
	}
	return lw.err
}

// A deviceError reports a `dev NAME` that names no link.
type deviceError struct{ name string }

func (e *deviceError) Error() string { return fmt.Sprintf("device %q does not exist", e.name) }

// loadLinks dumps the links and indexes their names.
func loadLinks(ctx context.Context, h *netinfo.Handle) ([]netinfo.Link, linkNames, error) {
	links, err := h.Links(ctx)
	if err != nil {
		return nil, nil, err
	}
	return links, namesOf(links), nil
}

// textStyle is the full text form the options ask for.
func (c *command) textStyle() textStyle {
	return textStyle{oneline: c.oneline, stats: c.stats, details: c.details, groups: c.groups}
}

// showLinks prints `link`, with ip's link selectors (addrselect.go).
func showLinks(ctx context.Context, h *netinfo.Handle, c *command, w io.Writer) error {
	return showLinkList(ctx, h, c, w, c.ifaSelector(true), true)
}

// showLinkList lists the links sel keeps: `link` (linkCmd), or `addr` in
// the AF_PACKET family (-0, -f link), which ip lists in addr's form
// without addresses (packetfamily.go).
func showLinkList(ctx context.Context, h *netinfo.Handle, c *command, w io.Writer, sel *ifaSelector, linkCmd bool) error {
	ds, err := h.LinkDetails(ctx)
	if err != nil {
		return err
	}
	links, names, flags := detailsOf(ds)
	if err := sel.resolve(ds); err != nil {
		return err
	}
	if sel.byIfN && !sel.hasGroup && linkCmd {
		// ip asks the kernel for the link by the name it was given.
		if c.json {
			_, _ = io.WriteString(w, "[]\n")
		}
		return &ipError{code: exitFailure, msg: "RTNETLINK answers: No such device\nCannot send link get request: No such device"}
	}
	nsName := netnsNamer(ctx, h)
	lw := newListWriter(w, c.json)
	for i := range links {
		l := &links[i]
		if (sel.ifindex != 0 && l.Index != sel.ifindex) || sel.kernelDrops(l, ds) {
			continue
		}
		if sel.linkVerdict(l) <= 0 {
			if c.json {
				lw.done(append(lw.next(), "{}"...))
			}
			continue
		}
		x := extraOf(&ds[i], flags, c.details)
		x.linkCmd, x.nsName, x.stats = linkCmd, nsName, c.stats
		if !linkCmd {
			lw.done(appendPacketAddr(lw.next(), l, names, c, x))
			continue
		}
		switch {
		case c.json && c.brief:
			lw.done(appendLinkBriefJSON(lw.next(), l, names, x))
		case c.json:
			o := beginObject(lw.next())
			linkJSONFields(&o, l, names, c.groups, x)
			lw.done(o.end())
		case c.brief:
			lw.done(appendLinkBrief(lw.next(), l, names, x))
		default:
			lw.done(appendLinkFull(lw.next(), l, names, c.textStyle(), x))
		}
	}
	return lw.close()
}

// addrsByLink dumps the addresses that match c and groups them by link
// in dump order.
func addrsByLink(ctx context.Context, h *netinfo.Handle, family netinfo.Family, index int) (map[int][]*netinfo.Addr, error) {
	f := netinfo.AddrFilter{Family: family, Index: index}
	by := map[int][]*netinfo.Addr{}
	for a, err := range seqOr(h.AddrsSeq(ctx, f), func() ([]netinfo.Addr, error) { return h.Addrs(ctx, f) }) {
		if err != nil {
			return nil, err
		}
		if (family != netinfo.FamilyAll && a.Family != family) || (index != 0 && a.Index != index) {
			continue
		}
		by[a.Index] = append(by[a.Index], &a)
	}
	return by, nil
}

// showAddrs prints `addr`: every link with its addresses, as far as the
// selectors keep them (addrselect.go): with -4 or -6 only the links that
// have an address of that family, as ip does.
func showAddrs(ctx context.Context, h *netinfo.Handle, c *command, w io.Writer) error {
	sel := c.ifaSelector(false)
	if sel.family == familyPacket {
		return showLinkList(ctx, h, c, w, sel, false)
	}
	ds, err := h.LinkDetails(ctx)
	if err != nil {
		return err
	}
	links, names, flags := detailsOf(ds)
	if err := sel.resolve(ds); err != nil {
		return err
	}
	sel.inet6Dump = c.family == netinfo.FamilyInet6 && sel.ifindex == 0
	nsName := netnsNamer(ctx, h)
	by, err := addrsByLink(ctx, h, sel.family, sel.ifindex)
	if err != nil {
		return err
	}
	// The text form leaves the link/ line out when the addresses are of
	// one family; an AF_INET6 link dump (-6) lacks qdisc, master, group.
	textFamily := sel.family
	if textFamily != netinfo.FamilyAll && !sel.inet6Dump {
		textFamily = netinfo.FamilyInet
	}
	lw := newListWriter(w, c.json)
	for i := range links {
		l := &links[i]
		if (sel.ifindex != 0 && l.Index != sel.ifindex) || sel.kernelDrops(l, ds) {
			continue
		}
		all := by[l.Index]
		// ipaddr_filter: a link stays for an address the selectors take,
		// or, when no family is asked for, for having none at all.
		kept := len(all) == 0 && sel.family == netinfo.FamilyAll
		for _, a := range all {
			if sel.addrMatch(a, l.Name) {
				kept = true
				break
			}
		}
		if !kept {
			continue
		}
		verdict := 0 // -o prints no link, only its addresses
		if !c.oneline || c.brief {
			verdict = sel.linkVerdict(l)
		}
		if verdict < 0 {
			if c.json {
				lw.done(append(lw.next(), "{}"...))
			}
			continue
		}
		// print_selected_addrinfo: ip -j prints {} for each address of
		// the family that the selectors leave out.
		var addrs []*netinfo.Addr
		if !sel.up || l.Flags&netinfo.LinkUp != 0 {
			for _, a := range all {
				if sel.addrMatch(a, l.Name) {
					addrs = append(addrs, a)
				} else {
					addrs = append(addrs, nil)
				}
			}
		}
		x := extraOf(&ds[i], flags, c.details)
		x.nsName = nsName
		x.noLinkLine = sel.family != netinfo.FamilyAll && !c.details
		x.inet6 = sel.inet6Dump
		x.addrDev = c.oneline && !c.brief
		if verdict > 0 && !c.brief {
			x.stats = c.stats // -s: stats64 after addr_info
		}
		style := c.textStyle()
		if sel.inet6Dump && c.stats > 0 {
			l, style.noCarrier = inet6StatsLink(l, ds[i].IPv6MIB), true
		}
		shown := l
		if verdict == 0 {
			shown = nil
		}
		switch {
		case c.json && c.brief:
			lw.done(appendAddrBriefJSON(lw.next(), shown, addrs, names, x))
		case c.json:
			lw.done(appendAddrLinkJSON(lw.next(), shown, addrs, names, c.groups, x))
		case c.brief:
			lw.done(appendAddrBrief(lw.next(), shown, addrs, names, x))
		case verdict == 0 && !c.oneline:
			lw.done(appendAddrLines(lw.next(), addrs, style))
		default:
			lw.done(appendAddrFull(lw.next(), l, addrs, names, style, textFamily, x))
		}
	}
	return lw.close()
}

// appendAddrLines appends addresses without their link, as ip prints
// them under a label selector.
func appendAddrLines(b []byte, addrs []*netinfo.Addr, s textStyle) []byte {
	for _, a := range addrs {
		if a != nil {
			b = endRecord(appendAddrInfo(b, a, s))
		}
	}
	return b
}

// routeShown reports whether `ip route show` with these filters prints r.
// netinfo filters too; checking again keeps the output right whatever a
// backend could not filter.
func routeShown(r *netinfo.Route, family netinfo.Family, table netinfo.Table, index int) bool {
	switch {
	case r.Flags&netinfo.RouteCloned != 0: // the route cache: `ip route show cache`
		return false
	case family != netinfo.FamilyAll && r.Family != family:
		return false
	case table != 0 && r.Table != table:
		return false
	case index != 0 && r.OutIndex != index:
		return false
	}
	return true
}

// showRoutes prints `route`, streaming so that huge tables are cheap.
func showRoutes(ctx context.Context, h *netinfo.Handle, c *command, w io.Writer) error {
	sel := c.selectors
	if sel == nil {
		sel = &routeSelector{family: c.family, table: c.table, oif: c.dev}
	}
	links, names, err := loadLinks(ctx, h)
	if err != nil {
		return err
	}
	if err := sel.resolve(links); err != nil {
		return err
	}
	f := sel.dumpFilter()
	style := sel.style(c)
	lw := newListWriter(w, c.json)
	for r, err := range seqOr(h.RoutesSeq(ctx, f), func() ([]netinfo.Route, error) { return h.Routes(ctx, f) }) {
		if err != nil {
			if err = sel.dumpError(err, c.inBatch); err != nil {
				if c.json && lw.count == 0 {
					// ip 6.1 has opened its array when the kernel
					// refuses the dump, and leaves it so.
					_, _ = io.WriteString(w, "[")
				}
				return err
			}
			break
		}
		if !sel.match(&r, false) {
			continue
		}
		if c.json {
			lw.done(appendRouteJSON(lw.next(), &r, names, style, false))
		} else {
			lw.done(appendRouteLine(lw.next(), &r, names, style))
		}
		if lw.err != nil {
			return lw.err
		}
	}
	return lw.close()
}

// seqOr returns seq, or, when a handle offers no iterator (nil), one
// over the slice that list returns.
func seqOr[T any](seq iter.Seq2[T, error], list func() ([]T, error)) iter.Seq2[T, error] {
	if seq != nil {
		return seq
	}
	return func(yield func(T, error) bool) {
		all, err := list()
		if err != nil {
			var zero T
			yield(zero, err)
			return
		}
		for _, v := range all {
			if !yield(v, nil) {
				return
			}
		}
	}
}
