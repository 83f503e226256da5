package conformance

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/rtnlx/rtnlx/netinfo"
)

// A state is one dump of every kind.
type state struct {
	links  []netinfo.Link
	addrs  []netinfo.Addr
	routes []netinfo.Route
	neighs []netinfo.Neighbor
}

// dumpState dumps the kinds in kinds (all four for WatchAll).
func dumpState(ctx context.Context, h *netinfo.Handle, kinds netinfo.WatchKind) (*state, error) {
	var s state
	var err error
	if kinds&netinfo.WatchLinks != 0 {
		if s.links, err = h.Links(ctx); err != nil {
			return nil, fmt.Errorf("links: %w", err)
		}
	}
	if kinds&netinfo.WatchAddrs != 0 {
		if s.addrs, err = h.Addrs(ctx, netinfo.AddrFilter{}); err != nil {
			return nil, fmt.Errorf("addrs: %w", err)
		}
	}
	if kinds&netinfo.WatchRoutes != 0 {
		if s.routes, err = h.Routes(ctx, netinfo.RouteFilter{}); err != nil {
			return nil, fmt.Errorf("routes: %w", err)
		}
	}
	if kinds&netinfo.WatchNeighbors != 0 {
		if s.neighs, err = h.Neighbors(ctx, netinfo.NeighFilter{}); err != nil {
			return nil, fmt.Errorf("neighbors: %w", err)
		}
	}
	return &s, nil
}

// The canonical forms below print a record without what changes by
// itself between two reads of an unchanged system (link counters,
// address lifetimes, the time left before a route expires), so that two
// views of the same state print the same.

func linkForm(l netinfo.Link) string {
	l.Stats, l.CarrierChanges = nil, 0 // counters
	return fmt.Sprintf("%+v", l)
}

func addrForm(a netinfo.Addr) string {
	a.ValidLifetime, a.PreferredLifetime = 0, 0
	return fmt.Sprintf("%+v", a)
}

func routeForm(r netinfo.Route) string {
	r.Expires = 0
	return fmt.Sprintf("%+v", r)
}

func neighForm(n netinfo.Neighbor) string { return fmt.Sprintf("%+v", n) }

// Keys: the kernel's identity of each kind, which a watcher's view is
// indexed by.

func linkKey(l *netinfo.Link) string { return fmt.Sprint(l.Index) }

func addrKey(a *netinfo.Addr) string { return fmt.Sprint(a.Index, " ", a.Prefix, " ", a.Peer) }

// routeKey is IPv4's key (fib_table_insert: table, destination, TOS,
// priority) with the next hop (output link and gateway): the kernel
// keeps one fe80::/64 or ff00::/8 route per link with the same metric,
// IPv4 one local route per link for an address that two links hold, and
// they come and go separately.
func routeKey(r *netinfo.Route) string {
	return fmt.Sprint(r.Family, " ", r.Table, " ", r.Dst, " ", r.Src, " ", r.TOS, " ", r.Priority, " dev ", r.OutIndex, " via ", r.Gateway)
}

func neighKey(n *netinfo.Neighbor) string { return fmt.Sprint(n.Index, " ", n.IP) }

// forms prints every record of a slice in canonical form, sorted, so
// that two slices compare as multisets.
func forms[T any](xs []T, form func(T) string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = form(x)
	}
	slices.Sort(out)
	return out
}

// diffForms describes how two sorted form lists differ, or "" when they
// are equal.
func diffForms(want, got []string) string {
	var missing, extra []string
	i, j := 0, 0
	for i < len(want) || j < len(got) {
		switch {
		case j == len(got) || (i < len(want) && want[i] < got[j]):
			missing = append(missing, want[i])
			i++
		case i == len(want) || got[j] < want[i]:
			extra = append(extra, got[j])
			j++
		default:
			i++
			j++
		}
	}
	if len(missing) == 0 && len(extra) == 0 {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d missing, %d unexpected", len(missing), len(extra))
	for _, m := range first(missing, 5) {
		fmt.Fprintf(&b, "\n  missing:    %s", m)
	}
	for _, e := range first(extra, 5) {
		fmt.Fprintf(&b, "\n  unexpected: %s", e)
	}
	return b.String()
}

// first keeps at most n elements of xs.
func first[T any](xs []T, n int) []T {
	if len(xs) > n {
		return xs[:n]
	}
	return xs
}

// A view is what a consumer of events knows: the objects it was told of
// and not told were deleted, by kernel key, in canonical form.
type view struct {
	links, addrs, routes, neighs map[string]string
	// neighStates holds each neighbour's state, by the same key, for
	// leaving out the silent ones.
	neighStates map[string]netinfo.NeighState
}

func newView() *view {
	return &view{
		links: map[string]string{}, addrs: map[string]string{}, routes: map[string]string{}, neighs: map[string]string{},
		neighStates: map[string]netinfo.NeighState{},
	}
}

// apply records one event and reports the previous form of its object
// ("" when unknown).
func (v *view) apply(ev netinfo.Event) (previous string) {
	set := func(m map[string]string, key, form string) string {
		old := m[key]
		if ev.Type == netinfo.EventDel {
			delete(m, key)
		} else {
			m[key] = form
		}
		return old
	}
	switch {
	case ev.Link != nil:
		return set(v.links, linkKey(ev.Link), linkForm(*ev.Link))
	case ev.Addr != nil:
		return set(v.addrs, addrKey(ev.Addr), addrForm(*ev.Addr))
	case ev.Route != nil:
		return set(v.routes, routeKey(ev.Route), routeForm(*ev.Route))
	case ev.Neighbor != nil:
		key := neighKey(ev.Neighbor)
		if ev.Type == netinfo.EventDel {
			delete(v.neighStates, key)
		} else {
			v.neighStates[key] = ev.Neighbor.State
		}
		return set(v.neighs, key, neighForm(*ev.Neighbor))
	}
	return ""
}

// diffState describes how the view differs from a dump of the kinds
// watched, or returns "" when it matches.
func (v *view) diffState(s *state, kinds netinfo.WatchKind, silent netinfo.NeighState) string {
	var parts []string
	cmp := func(kind netinfo.WatchKind, name string, m map[string]string, want []string) {
		if kinds&kind == 0 {
			return
		}
		var got []string
		for _, f := range m {
			got = append(got, f)
		}
		slices.Sort(got)
		if d := diffForms(want, got); d != "" {
			parts = append(parts, name+": "+d)
		}
	}
	cmp(netinfo.WatchLinks, "links", v.links, forms(s.links, linkForm))
	cmp(netinfo.WatchAddrs, "addrs", v.addrs, forms(s.addrs, addrForm))
	cmp(netinfo.WatchRoutes, "routes", v.routes, forms(s.routes, routeForm))
	// Neighbours in a silent state are left out of both sides: the
	// system makes them without telling its watchers.
	neighs := s.neighs
	vneighs := v.neighs
	if silent != 0 {
		neighs = slices.DeleteFunc(slices.Clone(neighs), func(n netinfo.Neighbor) bool { return n.State&silent != 0 })
		vneighs = map[string]string{}
		for k, f := range v.neighs {
			if v.neighStates[k]&silent == 0 {
				vneighs[k] = f
			}
		}
	}
	cmp(netinfo.WatchNeighbors, "neighbors", vneighs, forms(neighs, neighForm))
	return strings.Join(parts, "\n")
}
