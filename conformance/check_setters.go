package conformance

import (
	"context"
	"slices"
	"syscall"
	"testing"

	"github.com/rtnlx/rtnlx/netinfo"
)

// setterLinkName is the link the setters check creates when the Mutator
// can, apart from the events check's.
const setterLinkName = "rtcf1"

// setters checks the netinfo setters the profile lists, on a link the
// suite may change: each change shows in the next dump, a second add
// answers EEXIST, a removal of what is gone answers an error. (The
// setters the profile does not list are checked by "unsupported".)
func (s *suite) setters(t *testing.T) {
	if s.profile.Setters == 0 {
		notApplicable(t, "profile %s lists no setters", s.profile.Name)
	}
	m := s.target.Mutator
	if m == nil {
		notApplicable(t, "no Mutator: the target does not allow changes")
	}
	link, created := s.target.ScratchLink, false
	if m.Supports(OpLinkAdd) && m.Supports(OpLinkDel) {
		link, created = setterLinkName, true
	} else if link == "" {
		notApplicable(t, "the Mutator cannot add links and the target names no scratch link")
	}
	ctx := checkContext(t)
	if created {
		if err := m.Mutate(ctx, Mutation{Op: OpLinkAdd, Link: link}); err != nil {
			t.Fatalf("adding link %s: %v", link, err)
		}
		t.Cleanup(func() { _ = m.Mutate(context.Background(), Mutation{Op: OpLinkDel, Link: link}) })
	}
	h := s.open(t)
	l, err := h.LinkByName(ctx, link)
	if err != nil {
		t.Fatalf("link %s: %v", link, err)
	}
	index := l.Index
	linkNow := func(t *testing.T) netinfo.Link {
		t.Helper()
		l, err := h.LinkByIndex(ctx, index)
		if err != nil {
			t.Fatalf("link %d: %v", index, err)
		}
		return l
	}
	has := func(set Setters) bool { return s.profile.Setters&set != 0 }

	t.Run("link-mtu", func(t *testing.T) {
		if !has(SetLinkMTU) {
			notApplicable(t, "no SetLinkMTU")
		}
		old := linkNow(t).MTU
		t.Cleanup(func() { _ = h.SetLinkMTU(context.Background(), index, old) })
		if err := h.SetLinkMTU(ctx, index, testMTU+4); err != nil {
			t.Fatalf("SetLinkMTU: %v", err)
		}
		if got := linkNow(t).MTU; got != testMTU+4 {
			t.Errorf("MTU %d after SetLinkMTU(%d)", got, testMTU+4)
		}
	})
	t.Run("link-alias", func(t *testing.T) {
		if !has(SetLinkAlias) {
			notApplicable(t, "no SetLinkAlias")
		}
		old := linkNow(t).Alias
		t.Cleanup(func() { _ = h.SetLinkAlias(context.Background(), index, old) })
		if err := h.SetLinkAlias(ctx, index, "rtnlx conformance"); err != nil {
			t.Fatalf("SetLinkAlias: %v", err)
		}
		if got := linkNow(t).Alias; got != "rtnlx conformance" {
			t.Errorf("alias %q after SetLinkAlias", got)
		}
	})
	t.Run("link-down-up-rename", func(t *testing.T) {
		if !created || !has(SetLinkUpDown) {
			notApplicable(t, "needs SetLinkUp/Down and a link of the suite's own")
		}
		if err := h.SetLinkDown(ctx, index); err != nil {
			t.Fatalf("SetLinkDown: %v", err)
		}
		if linkNow(t).Flags&netinfo.LinkUp != 0 {
			t.Errorf("link still UP after SetLinkDown")
		}
		if has(SetLinkName) {
			if err := h.SetLinkName(ctx, index, setterLinkName+"r"); err != nil {
				t.Fatalf("SetLinkName: %v", err)
			}
			if got := linkNow(t).Name; got != setterLinkName+"r" {
				t.Errorf("name %q after SetLinkName", got)
			}
			if err := h.SetLinkName(ctx, index, link); err != nil {
				t.Fatalf("SetLinkName back: %v", err)
			}
		}
		if err := h.SetLinkUp(ctx, index); err != nil {
			t.Fatalf("SetLinkUp: %v", err)
		}
		if linkNow(t).Flags&netinfo.LinkUp == 0 {
			t.Errorf("link not UP after SetLinkUp")
		}
	})

	for _, fam := range s.profile.AddrFamilies.List() {
		fp := planFor(fam)
		t.Run("addr-"+fam.String(), func(t *testing.T) {
			if !has(SetAddrs) {
				notApplicable(t, "no address setters")
			}
			a := netinfo.Addr{Index: index, Prefix: fp.addr}
			t.Cleanup(func() { _ = h.DelAddr(context.Background(), a) })
			if err := h.AddAddr(ctx, a); err != nil {
				t.Fatalf("AddAddr(%s): %v", a.Prefix, err)
			}
			present := func() bool {
				addrs, err := h.Addrs(ctx, netinfo.AddrFilter{Index: index, Family: fam})
				if err != nil {
					t.Fatalf("addrs: %v", err)
				}
				return slices.ContainsFunc(addrs, func(b netinfo.Addr) bool { return b.Prefix == a.Prefix })
			}
			if !present() {
				t.Errorf("%s not listed after AddAddr", a.Prefix)
			}
			wantErrorIs(t, "second AddAddr", h.AddAddr(ctx, a), syscall.EEXIST)
			if err := h.ReplaceAddr(ctx, a); err != nil {
				t.Errorf("ReplaceAddr of a present address: %v", err)
			}
			if err := h.DelAddr(ctx, a); err != nil {
				t.Fatalf("DelAddr: %v", err)
			}
			if present() {
				t.Errorf("%s still listed after DelAddr", a.Prefix)
			}
			if err := h.DelAddr(ctx, a); err == nil {
				t.Errorf("DelAddr of an absent address: no error")
			}
		})
	}

	for _, fam := range s.profile.RouteFamilies.List() {
		fp := planFor(fam)
		t.Run("route-"+fam.String(), func(t *testing.T) {
			if !has(SetRoutes) {
				notApplicable(t, "no route setters")
			}
			// A route on the link without a gateway needs no address.
			r := netinfo.Route{Dst: fp.route, OutIndex: index}
			t.Cleanup(func() { _ = h.DelRoute(context.Background(), netinfo.Route{Dst: fp.route}) })
			if err := h.AddRoute(ctx, r); err != nil {
				t.Fatalf("AddRoute(%s): %v", r.Dst, err)
			}
			list := func() []netinfo.Route {
				dst := fp.route
				rs, err := h.Routes(ctx, netinfo.RouteFilter{Dst: &dst, Table: netinfo.TableMain})
				if err != nil {
					t.Fatalf("routes: %v", err)
				}
				return rs
			}
			find := func() *netinfo.Route {
				if rs := list(); len(rs) > 0 {
					return &rs[0]
				}
				return nil
			}
			got := find()
			switch {
			case got == nil:
				t.Fatalf("%s not listed after AddRoute", r.Dst)
			case got.OutIndex != index:
				t.Errorf("route %s on link %d, want %d", r.Dst, got.OutIndex, index)
			}
			wantErrorIs(t, "second AddRoute", h.AddRoute(ctx, r), syscall.EEXIST)
			// A replace of a route with the same key changes that route:
			// the table still holds one, not two.
			if err := h.ReplaceRoute(ctx, r); err != nil {
				t.Errorf("ReplaceRoute: %v", err)
			}
			if rs := list(); len(rs) != 1 {
				t.Errorf("%d routes to %s after ReplaceRoute of the one there, want 1: %v", len(rs), r.Dst, rs)
			}
			if err := h.DelRoute(ctx, netinfo.Route{Dst: fp.route}); err != nil {
				t.Fatalf("DelRoute: %v", err)
			}
			if find() != nil {
				t.Errorf("%s still listed after DelRoute", r.Dst)
			}
			// With no route to replace, a replace adds it.
			if err := h.ReplaceRoute(ctx, r); err != nil {
				t.Errorf("ReplaceRoute of an absent route: %v", err)
			} else if got := find(); got == nil || got.OutIndex != index {
				t.Errorf("ReplaceRoute of an absent route did not add it on link %d: %v", index, got)
			}
			if err := h.DelRoute(ctx, netinfo.Route{Dst: fp.route}); err != nil {
				t.Fatalf("DelRoute after ReplaceRoute: %v", err)
			}
			if err := h.DelRoute(ctx, netinfo.Route{Dst: fp.route}); err == nil {
				t.Errorf("DelRoute of an absent route: no error")
			}
		})
	}

	for _, fam := range s.profile.NeighFamilies.List() {
		fp := planFor(fam)
		t.Run("neigh-"+fam.String(), func(t *testing.T) {
			if !has(SetNeighbors) {
				notApplicable(t, "no neighbour setters")
			}
			n := netinfo.Neighbor{Index: index, IP: fp.neigh, HardwareAddr: mac1}
			t.Cleanup(func() { _ = h.DelNeighbor(context.Background(), n) })
			if err := h.AddNeighbor(ctx, n); err != nil {
				t.Fatalf("AddNeighbor(%s): %v", n.IP, err)
			}
			find := func() *netinfo.Neighbor {
				ns, err := h.Neighbors(ctx, netinfo.NeighFilter{Index: index, Family: fam})
				if err != nil {
					t.Fatalf("neighbours: %v", err)
				}
				i := slices.IndexFunc(ns, func(m netinfo.Neighbor) bool { return m.IP == n.IP })
				if i < 0 {
					return nil
				}
				return &ns[i]
			}
			if got := find(); got == nil {
				t.Fatalf("%s not listed after AddNeighbor", n.IP)
			} else if got.HardwareAddr.String() != mac1.String() || got.State&netinfo.NeighPermanent == 0 {
				t.Errorf("after AddNeighbor: lladdr %s state %s, want %s PERMANENT", got.HardwareAddr, got.State, mac1)
			}
			wantErrorIs(t, "second AddNeighbor", h.AddNeighbor(ctx, n), syscall.EEXIST)
			n.HardwareAddr = mac2
			if err := h.ReplaceNeighbor(ctx, n); err != nil {
				t.Fatalf("ReplaceNeighbor: %v", err)
			}
			if got := find(); got == nil || got.HardwareAddr.String() != mac2.String() {
				t.Errorf("after ReplaceNeighbor: %v, want lladdr %s", got, mac2)
			}
			if err := h.DelNeighbor(ctx, n); err != nil {
				t.Fatalf("DelNeighbor: %v", err)
			}
			if find() != nil {
				t.Errorf("%s still listed after DelNeighbor", n.IP)
			}
			if err := h.DelNeighbor(ctx, n); err == nil {
				t.Errorf("DelNeighbor of an absent neighbour: no error")
			}
		})
	}
}
