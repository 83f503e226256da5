package conformance

import (
	"context"
	"fmt"
	"iter"
	"net/netip"
	"slices"
	"testing"

	"github.com/rtnlx/rtnlx/netinfo"
)

// views checks that the different ways of reading the same state agree.
func (s *suite) views(t *testing.T) {
	t.Run("lookups", s.lookups)
	t.Run("addr-filters", s.addrFilters)
	t.Run("route-filters", s.routeFilters)
	t.Run("neighbor-filters", s.neighFilters)
	t.Run("iterators", s.iterators)
}

// lookups: LinkByIndex and LinkByName give what the dump lists.
func (s *suite) lookups(t *testing.T) {
	h := s.open(t)
	ctx := checkContext(t)
	relaxed := s.profile.limit(CheckLinkLookup)
	stable(t, func() string {
		links, err := h.Links(ctx)
		if err != nil {
			return fmt.Sprintf("links: %v", err)
		}
		for _, l := range links {
			byIndex, err := h.LinkByIndex(ctx, l.Index)
			if err != nil {
				return fmt.Sprintf("LinkByIndex(%d) (%s): %v", l.Index, l.Name, err)
			}
			byName, err := h.LinkByName(ctx, l.Name)
			if err != nil {
				return fmt.Sprintf("LinkByName(%q): %v", l.Name, err)
			}
			for how, got := range map[string]netinfo.Link{"LinkByIndex": byIndex, "LinkByName": byName} {
				if got.Index != l.Index || got.Name != l.Name {
					return fmt.Sprintf("%s for link %d %q gave link %d %q", how, l.Index, l.Name, got.Index, got.Name)
				}
				if relaxed == "" && linkForm(got) != linkForm(l) {
					return fmt.Sprintf("%s differs from the dump:\n  dump:   %s\n  lookup: %s", how, linkForm(l), linkForm(got))
				}
			}
		}
		return ""
	})
}

// filterCase is one filtered dump and the independent predicate it must
// equal on the unfiltered dump.
type filterCase[F, T any] struct {
	name   string
	filter F
	match  func(*T) bool
}

// checkFilters compares each filtered dump with the matching part of the
// unfiltered one.
func checkFilters[F, T any](t *testing.T, cases []filterCase[F, T], dump func(F) ([]T, error), all F, form func(T) string) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			stable(t, func() string {
				full, err := dump(all)
				if err != nil {
					return fmt.Sprintf("unfiltered dump: %v", err)
				}
				got, err := dump(c.filter)
				if err != nil {
					return fmt.Sprintf("filtered dump: %v", err)
				}
				var want []T
				for i := range full {
					if c.match(&full[i]) {
						want = append(want, full[i])
					}
				}
				if d := diffForms(forms(want, form), forms(got, form)); d != "" {
					return fmt.Sprintf("filter %+v is not the matching part of the unfiltered dump: %s", c.filter, d)
				}
				return ""
			})
		})
	}
}

func (s *suite) addrFilters(t *testing.T) {
	h := s.open(t)
	ctx := checkContext(t)
	all, err := h.Addrs(ctx, netinfo.AddrFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var cases []filterCase[netinfo.AddrFilter, netinfo.Addr]
	for _, fam := range []netinfo.Family{netinfo.FamilyInet, netinfo.FamilyInet6} {
		cases = append(cases, filterCase[netinfo.AddrFilter, netinfo.Addr]{
			name: "family=" + fam.String(), filter: netinfo.AddrFilter{Family: fam},
			match: func(a *netinfo.Addr) bool { return a.Family == fam },
		})
	}
	for _, index := range distinct(all, func(a netinfo.Addr) int { return a.Index }) {
		cases = append(cases, filterCase[netinfo.AddrFilter, netinfo.Addr]{
			name: fmt.Sprintf("index=%d", index), filter: netinfo.AddrFilter{Index: index},
			match: func(a *netinfo.Addr) bool { return a.Index == index },
		})
	}
	for _, scope := range distinct(all, func(a netinfo.Addr) netinfo.Scope { return a.Scope }) {
		cases = append(cases, filterCase[netinfo.AddrFilter, netinfo.Addr]{
			name: "scope=" + scope.String(), filter: netinfo.AddrFilter{Scope: &scope},
			match: func(a *netinfo.Addr) bool { return a.Scope == scope },
		})
	}
	if len(all) > 0 {
		a := all[0]
		cases = append(cases, filterCase[netinfo.AddrFilter, netinfo.Addr]{
			name: "family+index", filter: netinfo.AddrFilter{Family: a.Family, Index: a.Index},
			match: func(b *netinfo.Addr) bool { return b.Family == a.Family && b.Index == a.Index },
		})
	}
	checkFilters(t, cases, func(f netinfo.AddrFilter) ([]netinfo.Addr, error) { return h.Addrs(ctx, f) }, netinfo.AddrFilter{}, addrForm)
}

func (s *suite) routeFilters(t *testing.T) {
	h := s.open(t)
	ctx := checkContext(t)
	all, err := h.Routes(ctx, netinfo.RouteFilter{})
	if err != nil {
		t.Fatal(err)
	}
	type rcase = filterCase[netinfo.RouteFilter, netinfo.Route]
	var cases []rcase
	for _, fam := range []netinfo.Family{netinfo.FamilyInet, netinfo.FamilyInet6} {
		cases = append(cases, rcase{
			name: "family=" + fam.String(), filter: netinfo.RouteFilter{Family: fam},
			match: func(r *netinfo.Route) bool { return r.Family == fam },
		})
	}
	for _, table := range distinct(all, func(r netinfo.Route) netinfo.Table { return r.Table }) {
		cases = append(cases, rcase{
			name: "table=" + table.String(), filter: netinfo.RouteFilter{Table: table},
			match: func(r *netinfo.Route) bool { return r.Table == table },
		})
	}
	// The kernel's output-link filter keeps a multipath route when any
	// of its next hops leaves through the link.
	outs := distinct(all, func(r netinfo.Route) int { return r.OutIndex })
	for _, r := range all {
		for _, nh := range r.NextHops {
			if !slices.Contains(outs, nh.OutIndex) {
				outs = append(outs, nh.OutIndex)
			}
		}
	}
	for _, out := range outs {
		if out == 0 {
			continue
		}
		cases = append(cases, rcase{
			name: fmt.Sprintf("oif=%d", out), filter: netinfo.RouteFilter{OutIndex: out},
			match: func(r *netinfo.Route) bool {
				return r.OutIndex == out || slices.ContainsFunc(r.NextHops, func(nh netinfo.NextHop) bool { return nh.OutIndex == out })
			},
		})
	}
	for _, proto := range distinct(all, func(r netinfo.Route) netinfo.RouteProtocol { return r.Protocol }) {
		if proto == netinfo.ProtoUnspec {
			continue // 0 means "any" in a filter
		}
		cases = append(cases, rcase{
			name: "protocol=" + proto.String(), filter: netinfo.RouteFilter{Protocol: proto},
			match: func(r *netinfo.Route) bool { return r.Protocol == proto },
		})
	}
	for _, typ := range distinct(all, func(r netinfo.Route) netinfo.RouteType { return r.Type }) {
		if typ == netinfo.RouteUnspec {
			continue
		}
		cases = append(cases, rcase{
			name: "type=" + typ.String(), filter: netinfo.RouteFilter{Type: typ},
			match: func(r *netinfo.Route) bool { return r.Type == typ },
		})
	}
	// Each destination costs a dump: twenty show the point.
	for _, dst := range first(distinct(all, func(r netinfo.Route) netip.Prefix { return r.Dst }), 20) {
		cases = append(cases, rcase{
			name: "dst=" + dst.String(), filter: netinfo.RouteFilter{Dst: &dst},
			match: func(r *netinfo.Route) bool { return r.Dst == dst },
		})
	}
	cases = append(cases, rcase{
		name: "family=inet+table=main", filter: netinfo.RouteFilter{Family: netinfo.FamilyInet, Table: netinfo.TableMain},
		match: func(r *netinfo.Route) bool { return r.Family == netinfo.FamilyInet && r.Table == netinfo.TableMain },
	})
	checkFilters(t, cases, func(f netinfo.RouteFilter) ([]netinfo.Route, error) { return h.Routes(ctx, f) }, netinfo.RouteFilter{}, routeForm)
}

func (s *suite) neighFilters(t *testing.T) {
	h := s.open(t)
	ctx := checkContext(t)
	all, err := h.Neighbors(ctx, netinfo.NeighFilter{})
	if err != nil {
		t.Fatal(err)
	}
	type ncase = filterCase[netinfo.NeighFilter, netinfo.Neighbor]
	var cases []ncase
	for _, fam := range []netinfo.Family{netinfo.FamilyInet, netinfo.FamilyInet6} {
		cases = append(cases, ncase{
			name: "family=" + fam.String(), filter: netinfo.NeighFilter{Family: fam},
			match: func(n *netinfo.Neighbor) bool { return n.Family == fam },
		})
	}
	for _, index := range distinct(all, func(n netinfo.Neighbor) int { return n.Index }) {
		cases = append(cases, ncase{
			name: fmt.Sprintf("index=%d", index), filter: netinfo.NeighFilter{Index: index},
			match: func(n *netinfo.Neighbor) bool { return n.Index == index },
		})
	}
	for _, st := range distinct(all, func(n netinfo.Neighbor) netinfo.NeighState { return n.State }) {
		if st == netinfo.NeighNone {
			continue
		}
		cases = append(cases, ncase{
			name: "state=" + st.String(), filter: netinfo.NeighFilter{State: st},
			match: func(n *netinfo.Neighbor) bool { return n.State&st != 0 },
		})
	}
	checkFilters(t, cases, func(f netinfo.NeighFilter) ([]netinfo.Neighbor, error) { return h.Neighbors(ctx, f) }, netinfo.NeighFilter{}, neighForm)
}

// iterators: the Seq forms yield what the slice forms return, and
// stopping one early leaves the handle usable.
func (s *suite) iterators(t *testing.T) {
	h := s.open(t)
	ctx := checkContext(t)
	t.Run("links", func(t *testing.T) {
		compareSeq(t, ctx, func() ([]netinfo.Link, error) { return h.Links(ctx) }, func() iter.Seq2[netinfo.Link, error] { return h.LinksSeq(ctx) }, linkForm)
	})
	t.Run("addrs", func(t *testing.T) {
		compareSeq(t, ctx, func() ([]netinfo.Addr, error) { return h.Addrs(ctx, netinfo.AddrFilter{}) }, func() iter.Seq2[netinfo.Addr, error] { return h.AddrsSeq(ctx, netinfo.AddrFilter{}) }, addrForm)
	})
	t.Run("routes", func(t *testing.T) {
		compareSeq(t, ctx, func() ([]netinfo.Route, error) { return h.Routes(ctx, netinfo.RouteFilter{}) }, func() iter.Seq2[netinfo.Route, error] { return h.RoutesSeq(ctx, netinfo.RouteFilter{}) }, routeForm)
	})
	t.Run("routes-filtered", func(t *testing.T) {
		f := netinfo.RouteFilter{Table: netinfo.TableMain}
		compareSeq(t, ctx, func() ([]netinfo.Route, error) { return h.Routes(ctx, f) }, func() iter.Seq2[netinfo.Route, error] { return h.RoutesSeq(ctx, f) }, routeForm)
	})
	t.Run("neighbors", func(t *testing.T) {
		compareSeq(t, ctx, func() ([]netinfo.Neighbor, error) { return h.Neighbors(ctx, netinfo.NeighFilter{}) }, func() iter.Seq2[netinfo.Neighbor, error] { return h.NeighborsSeq(ctx, netinfo.NeighFilter{}) }, neighForm)
	})
}

func compareSeq[T any](t *testing.T, ctx context.Context, slice func() ([]T, error), seq func() iter.Seq2[T, error], form func(T) string) {
	t.Helper()
	stable(t, func() string {
		want, err := slice()
		if err != nil {
			return fmt.Sprintf("slice form: %v", err)
		}
		var got []T
		for v, err := range seq() {
			if err != nil {
				return fmt.Sprintf("iterator: %v", err)
			}
			got = append(got, v)
		}
		if d := diffForms(forms(want, form), forms(got, form)); d != "" {
			return "iterator and slice forms differ: " + d
		}
		// Stop after the first record: the handle must stay usable.
		for _, err := range seq() {
			if err != nil {
				return fmt.Sprintf("iterator: %v", err)
			}
			break
		}
		again, err := slice()
		if err != nil {
			return fmt.Sprintf("dump after an iterator stopped early: %v", err)
		}
		if len(again) != len(want) {
			return fmt.Sprintf("dump after an iterator stopped early has %d records, want %d", len(again), len(want))
		}
		return ""
	})
}

// distinct lists the distinct keys of xs in first-seen order.
func distinct[T any, K comparable](xs []T, key func(T) K) []K {
	var out []K
	seen := map[K]bool{}
	for _, x := range xs {
		k := key(x)
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}
