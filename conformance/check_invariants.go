package conformance

import (
	"fmt"
	"net/netip"
	"strings"
	"testing"

	"github.com/rtnlx/rtnlx/netinfo"
)

// invariants checks what must hold of any one dump.
func (s *suite) invariants(t *testing.T) {
	h := s.open(t)
	ctx := checkContext(t)
	st, err := dumpState(ctx, h, netinfo.WatchAll)
	if err != nil {
		t.Fatalf("dump: %v", err)
	}
	links := map[int]netinfo.Link{}
	for _, l := range st.links {
		links[l.Index] = l
	}
	linkExists := func(index int) bool { _, ok := links[index]; return ok }

	t.Run("links", func(t *testing.T) {
		names := map[string]bool{}
		seen := map[int]bool{}
		for _, l := range st.links {
			if l.Index <= 0 {
				t.Errorf("link %q: index %d is not positive", l.Name, l.Index)
			}
			if seen[l.Index] {
				t.Errorf("link index %d listed twice", l.Index)
			}
			seen[l.Index] = true
			if l.Name == "" {
				t.Errorf("link %d has no name", l.Index)
			}
			if names[l.Name] {
				t.Errorf("link name %q listed twice", l.Name)
			}
			names[l.Name] = true
			if l.MasterIndex != 0 && !linkExists(l.MasterIndex) {
				t.Errorf("link %s: master %d is not a link", l.Name, l.MasterIndex)
			}
			checkWord(t, "link "+l.Name+" type", l.Type.String())
			checkWord(t, "link "+l.Name+" operstate", l.OperState.String())
			if l.Flags != 0 {
				checkWord(t, "link "+l.Name+" flags", l.Flags.String())
			}
		}
		if len(st.links) == 0 {
			t.Error("no links at all")
		}
	})

	t.Run("addrs", func(t *testing.T) {
		for _, a := range st.addrs {
			what := fmt.Sprintf("address %s on %d", a.Prefix, a.Index)
			if !linkExists(a.Index) {
				t.Errorf("%s: link %d is not in the link dump", what, a.Index)
			}
			if !a.Prefix.IsValid() {
				t.Errorf("%s: no prefix", what)
				continue
			}
			checkFamily(t, what, a.Family, a.Prefix.Addr(), s.profile.AddrFamilies)
			checkWord(t, what+" family", a.Family.String())
			checkWord(t, what+" scope", a.Scope.String())
			if a.Flags != 0 {
				checkWord(t, what+" flags", a.Flags.String())
			}
			if a.Peer.IsValid() && a.Peer.Is4() != a.Prefix.Addr().Is4() {
				t.Errorf("%s: peer %s of another family", what, a.Peer)
			}
		}
	})

	t.Run("routes", func(t *testing.T) {
		relaxed := s.profile.limit(CheckRouteLinks)
		for _, r := range st.routes {
			what := fmt.Sprintf("route %s table %s", r.Dst, r.Table)
			if !r.Dst.IsValid() {
				t.Errorf("%s: no destination (a default route is 0.0.0.0/0 or ::/0)", what)
				continue
			}
			// The kernel masks route destinations: 10.1.0.0/24, never
			// 10.1.0.1/24.
			if r.Dst != r.Dst.Masked() {
				t.Errorf("%s: destination not masked (want %s)", what, r.Dst.Masked())
			}
			if r.Src.IsValid() && r.Src != r.Src.Masked() {
				t.Errorf("%s: source %s not masked", what, r.Src)
			}
			checkFamily(t, what, r.Family, r.Dst.Addr(), s.profile.RouteFamilies)
			if r.Gateway.IsValid() && r.Gateway.Is4() != r.Dst.Addr().Is4() && r.Dst.Addr().Is4() {
				// An IPv4 route may go via an IPv6 gateway (RTA_VIA),
				// never the reverse.
				t.Errorf("%s: IPv4 gateway %s for an IPv6 route", what, r.Gateway)
			}
			// Every link a route names exists. (Linux puts local-table
			// routes and IPv6 reject routes on lo, which is a link.)
			outs := []int{r.OutIndex}
			for _, nh := range r.NextHops {
				outs = append(outs, nh.OutIndex)
			}
			for _, out := range outs {
				if out != 0 && !linkExists(out) {
					if relaxed != "" {
						t.Logf("%s: link %d is not in the link dump (known limit: %s)", what, out, relaxed)
						continue
					}
					t.Errorf("%s: link %d is not in the link dump", what, out)
				}
			}
			checkWord(t, what+" type", r.Type.String())
			checkWord(t, what+" protocol", r.Protocol.String())
			checkWord(t, what+" scope", r.Scope.String())
			checkWord(t, what+" family", r.Family.String())
			if r.Flags != 0 {
				checkWord(t, what+" flags", r.Flags.String())
			}
			if r.Table == netinfo.TableUnspec {
				t.Errorf("%s: table 0 (unspec) in a dump", what)
			}
		}
	})

	t.Run("neighbors", func(t *testing.T) {
		for _, n := range st.neighs {
			what := fmt.Sprintf("neighbour %s on %d", n.IP, n.Index)
			if !linkExists(n.Index) {
				t.Errorf("%s: link %d is not in the link dump", what, n.Index)
			}
			checkFamily(t, what, n.Family, n.IP, s.profile.NeighFamilies)
			checkWord(t, what+" state", n.State.String())
			if n.Flags != 0 {
				checkWord(t, what+" flags", n.Flags.String())
			}
			if n.HardwareAddr != nil && len(n.HardwareAddr) == 0 {
				t.Errorf("%s: empty, non-nil hardware address", what)
			}
		}
	})

	t.Run("loopback", func(t *testing.T) {
		relaxed := s.profile.limit(CheckLoopback)
		var lo *netinfo.Link
		for i, l := range st.links {
			if l.Flags&netinfo.LinkLoopback != 0 && (s.profile.LoopbackName == "" || l.Name == s.profile.LoopbackName) {
				lo = &st.links[i]
				break
			}
		}
		if lo == nil {
			if relaxed != "" {
				t.Skipf("no loopback link (known limit: %s)", relaxed)
			}
			t.Fatalf("no loopback link (LOOPBACK flag, name %q) among %d links", s.profile.LoopbackName, len(st.links))
		}
		if lo.Type != netinfo.LinkTypeLoopback {
			t.Errorf("loopback %s has link type %s, want loopback", lo.Name, lo.Type)
		}
		for _, want := range s.profile.loopbackAddrs() {
			found := false
			for _, a := range st.addrs {
				if a.Index == lo.Index && a.Prefix == want {
					found = true
				}
			}
			if !found {
				if relaxed != "" {
					t.Logf("loopback %s lacks %s (known limit: %s)", lo.Name, want, relaxed)
					continue
				}
				t.Errorf("loopback %s lacks address %s", lo.Name, want)
			}
		}
	})
}

// checkFamily checks that a record's family matches its address and is
// one the profile lists.
func checkFamily(t testing.TB, what string, fam netinfo.Family, a netip.Addr, allowed Families) {
	t.Helper()
	want := netinfo.FamilyInet6
	if a.Is4() || a.Is4In6() {
		want = netinfo.FamilyInet
	}
	if a.Is4In6() {
		t.Errorf("%s: IPv4-mapped address %s (want plain IPv4)", what, a)
	}
	if fam != want {
		t.Errorf("%s: family %s does not match its address (%s)", what, fam, want)
	}
	if !allowed.Has(fam) {
		t.Errorf("%s: family %s, which the profile says this backend does not report", what, fam)
	}
}

// checkWord checks that an enum printed a word, not a bare number, a hex
// remainder of unknown bits or a bracketed number.
func checkWord(t testing.TB, what, s string) {
	t.Helper()
	if !isWord(s) {
		t.Errorf("%s prints %q, not a known word", what, s)
	}
}

func isWord(s string) bool {
	if s == "" || strings.Contains(s, "0x") || strings.HasPrefix(s, "[") {
		return false
	}
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' }) {
		if strings.Trim(f, "0123456789") == "" {
			return false
		}
	}
	return true
}
