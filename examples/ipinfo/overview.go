package main

import (
	"context"
	"io"
	"strconv"
	"text/tabwriter"

	"github.com/rtnlx/rtnlx/netinfo"
)

// This file is what plain `ipinfo` prints: the machine's links with their
// addresses, then its main routing table.

// overview is the state the overview shows.
type overview struct {
	links  []netinfo.Link
	names  linkNames
	groups groupNames
	addrs  map[int][]*netinfo.Addr
	routes []netinfo.Route
}

// loadOverview dumps links, addresses and main-table routes of the
// families c asks for (both by default).
func loadOverview(ctx context.Context, h *netinfo.Handle, c *command) (*overview, error) {
	links, names, err := loadLinks(ctx, h)
	if err != nil {
		return nil, err
	}
	addrs, err := addrsByLink(ctx, h, c.family, 0)
	if err != nil {
		return nil, err
	}
	ov := &overview{links: links, names: names, groups: c.groups, addrs: addrs}
	f := netinfo.RouteFilter{Family: c.family, Table: netinfo.TableMain}
	for r, err := range seqOr(h.RoutesSeq(ctx, f), func() ([]netinfo.Route, error) { return h.Routes(ctx, f) }) {
		if err != nil {
			return nil, err
		}
		if routeShown(&r, c.family, netinfo.TableMain, 0) {
			ov.routes = append(ov.routes, r)
		}
	}
	return ov, nil
}

// showOverview prints the overview as text or, with -j, as
// {"links": [ip -j addr objects], "routes": [ip -j route objects]}.
func showOverview(ctx context.Context, h *netinfo.Handle, c *command, w io.Writer) error {
	ov, err := loadOverview(ctx, h, c)
	if err != nil {
		return err
	}
	if c.json {
		_, err = w.Write(ov.appendJSON(nil))
		return err
	}
	return ov.writeText(w)
}

// appendJSON renders the overview as one JSON object.
func (ov *overview) appendJSON(b []byte) []byte {
	b = append(b, `{"links":[`...)
	for i := range ov.links {
		if i > 0 {
			b = append(b, ',')
		}
		l := &ov.links[i]
		b = appendAddrLinkJSON(b, l, ov.addrs[l.Index], ov.names, ov.groups, linkExtra{})
	}
	b = append(b, `],"routes":[`...)
	for i := range ov.routes {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendRouteJSON(b, &ov.routes[i], ov.names, routeStyle{}, false)
	}
	return append(b, "]}\n"...)
}

// writeText prints a table of links, one row per address, then the main
// table's routes as `ip route` lines:
//
//	INTERFACE  STATE    TYPE      MAC                MTU    ADDRESSES
//	lo         UNKNOWN  loopback  00:00:00:00:00:00  65536  127.0.0.1/8
//	                                                        ::1/128
func (ov *overview) writeText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	_, _ = io.WriteString(tw, "INTERFACE\tSTATE\tTYPE\tMAC\tMTU\tADDRESSES\n")
	for i := range ov.links {
		l := &ov.links[i]
		kind := l.Kind
		if kind == "" {
			kind = l.Type.String()
		}
		if l.MasterIndex != 0 {
			kind += ", port of " + ov.names.name(l.MasterIndex)
		}
		mac := "-"
		if len(l.HardwareAddr) > 0 {
			mac = l.HardwareAddr.String()
		}
		addrs := ov.addrs[l.Index]
		first := "-"
		if len(addrs) > 0 {
			first = overviewAddr(addrs[0], l.Name)
		}
		_, _ = io.WriteString(tw, briefName(l, ov.names)+"\t"+l.OperState.String()+"\t"+kind+"\t"+mac+"\t"+strconv.FormatUint(uint64(l.MTU), 10)+"\t"+first+"\n")
		for _, a := range addrs[min(1, len(addrs)):] {
			_, _ = io.WriteString(tw, "\t\t\t\t\t"+overviewAddr(a, l.Name)+"\n")
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	b := []byte("\nROUTES (main table)\n")
	if len(ov.routes) == 0 {
		b = append(b, "(none)\n"...)
	}
	for i := range ov.routes {
		b = appendRouteLine(b, &ov.routes[i], ov.names, routeStyle{})
	}
	_, err := w.Write(b)
	return err
}

// overviewAddr is an address with the notes worth a glance: its label
// when it differs from the link's name, and non-global scope.
func overviewAddr(a *netinfo.Addr, linkName string) string {
	s := addrBrief(a)
	if a.Label != "" && a.Label != linkName {
		s += " label " + a.Label
	}
	if a.Scope != netinfo.ScopeUniverse {
		s += " (" + a.Scope.String() + ")"
	}
	if a.Flags&netinfo.AddrPermanent == 0 && a.ValidLifetime != netinfo.Forever {
		s += " valid " + lifetimeText(a.ValidLifetime)
	}
	return s
}
