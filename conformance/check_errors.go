package conformance

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"runtime/debug"
	"strings"
	"syscall"
	"testing"

	"github.com/rtnlx/rtnlx/netinfo"
)

// errors checks the error contract: closed handles, bad arguments and
// cancelled contexts give clear errors, never a panic or a hang.
func (s *suite) errors(t *testing.T) {
	t.Run("closed-handle", s.closedHandle)
	t.Run("bad-arguments", s.badArguments)
	t.Run("cancelled-context", s.cancelledContext)
}

// noPanic runs fn and fails t, instead of crashing the test binary, if
// it panics.
func noPanic(t testing.TB, what string, fn func()) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("%s panicked: %v\n%s", what, r, debug.Stack())
		}
	}()
	fn()
}

// wantErrorIs fails t unless err matches target.
func wantErrorIs(t testing.TB, what string, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Errorf("%s: got error %v, want one matching %v", what, err, target)
	}
}

func (s *suite) closedHandle(t *testing.T) {
	h := s.open(t)
	ctx := checkContext(t)
	links, err := h.Links(ctx)
	if err != nil || len(links) == 0 {
		t.Fatalf("links: %v (%d)", err, len(links))
	}
	w, err := h.Watch(ctx, s.profile.Watch|netinfo.WatchLinks)
	if err != nil {
		t.Fatalf("watch: %v", err)
	}
	if err := h.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if err := h.Close(); err != nil {
		t.Errorf("second Close: %v (want nil)", err)
	}
	// The handle's watchers stop with it.
	for range w.Events() {
	}
	if err := w.Err(); err != nil {
		t.Errorf("watcher of a closed handle: Err() = %v, want nil", err)
	}

	index, name := links[0].Index, links[0].Name
	calls := []struct {
		name string
		call func() error
	}{
		{"Links", func() error { _, err := h.Links(ctx); return err }},
		{"LinksSeq", func() error {
			for _, err := range h.LinksSeq(ctx) {
				if err != nil {
					return err
				}
			}
			return nil
		}},
		{"LinkByIndex", func() error { _, err := h.LinkByIndex(ctx, index); return err }},
		{"LinkByName", func() error { _, err := h.LinkByName(ctx, name); return err }},
		{"Addrs", func() error { _, err := h.Addrs(ctx, netinfo.AddrFilter{}); return err }},
		{"Routes", func() error { _, err := h.Routes(ctx, netinfo.RouteFilter{}); return err }},
		{"Neighbors", func() error { _, err := h.Neighbors(ctx, netinfo.NeighFilter{}); return err }},
		{"Watch", func() error { _, err := h.Watch(ctx, netinfo.WatchLinks); return err }},
		{"SetLinkMTU", func() error { return h.SetLinkMTU(ctx, index, links[0].MTU) }},
		{"DelRoute", func() error { return h.DelRoute(ctx, netinfo.Route{Dst: netip.MustParsePrefix("198.18.255.0/24")}) }},
	}
	for _, c := range calls {
		noPanic(t, c.name, func() { wantErrorIs(t, c.name+" after Close", c.call(), netinfo.ErrClosed) })
	}
}

func (s *suite) badArguments(t *testing.T) {
	h := s.open(t)
	ctx := checkContext(t)
	links, err := h.Links(ctx)
	if err != nil || len(links) == 0 {
		t.Fatalf("links: %v (%d)", err, len(links))
	}
	unused := 1
	for _, l := range links {
		unused = max(unused, l.Index+1000)
	}
	lo := links[0]

	notFound := []struct {
		name string
		call func() error
	}{
		{"LinkByIndex(0)", func() error { _, err := h.LinkByIndex(ctx, 0); return err }},
		{"LinkByIndex(-1)", func() error { _, err := h.LinkByIndex(ctx, -1); return err }},
		{fmt.Sprintf("LinkByIndex(%d) (unused)", unused), func() error { _, err := h.LinkByIndex(ctx, unused); return err }},
		{`LinkByName("")`, func() error { _, err := h.LinkByName(ctx, ""); return err }},
		{"LinkByName(too long)", func() error { _, err := h.LinkByName(ctx, "rtcf-name-longer-than-ifnamsiz"); return err }},
		{"LinkByName(absent)", func() error { _, err := h.LinkByName(ctx, "rtcfabsent0"); return err }},
	}
	for _, c := range notFound {
		noPanic(t, c.name, func() { wantErrorIs(t, c.name, c.call(), netinfo.ErrNotFound) })
	}

	// Arguments the API refuses before asking the backend: an error,
	// whatever the backend supports, and nothing changes.
	refused := []struct {
		name string
		call func() error
	}{
		{"Watch(no kinds)", func() error { w, err := h.Watch(ctx, 0); closeIf(w); return err }},
		{"Watch(unknown kind bit)", func() error { w, err := h.Watch(ctx, 0x80); closeIf(w); return err }},
		{"Watch(family bridge)", func() error {
			w, err := h.Watch(ctx, netinfo.WatchRoutes, netinfo.WithWatchFamily(netinfo.FamilyBridge))
			closeIf(w)
			return err
		}},
		{"SetLinkMTU(0)", func() error { return h.SetLinkMTU(ctx, lo.Index, 0) }},
		{`SetLinkName("")`, func() error { return h.SetLinkName(ctx, lo.Index, "") }},
		{"SetLinkUp(index 0)", func() error { return h.SetLinkUp(ctx, 0) }},
		{"AddAddr(no prefix)", func() error { return h.AddAddr(ctx, netinfo.Addr{Index: lo.Index}) }},
		{"AddRoute(no destination)", func() error { return h.AddRoute(ctx, netinfo.Route{OutIndex: lo.Index}) }},
		{"AddNeighbor(no address)", func() error { return h.AddNeighbor(ctx, netinfo.Neighbor{Index: lo.Index}) }},
		{"AddNeighbor(index 0)", func() error {
			return h.AddNeighbor(ctx, netinfo.Neighbor{IP: netip.MustParseAddr("198.18.255.9")})
		}},
	}
	for _, c := range refused {
		noPanic(t, c.name, func() {
			if err := c.call(); err == nil {
				t.Errorf("%s: no error", c.name)
			}
		})
	}

	// Arguments the API refuses as the kernel would (EINVAL), with an
	// error naming the field, before anything is sent: nothing is
	// clamped or rewritten, and nothing changes.
	v4 := netip.MustParseAddr("198.18.250.0")
	hops := func(w int) []netinfo.NextHop {
		return []netinfo.NextHop{{OutIndex: lo.Index, Weight: w}, {OutIndex: lo.Index, Weight: 1}}
	}
	before := routeCount(t, h)
	invalid := []struct {
		name, field string
		call        func() error
	}{
		{"AddRoute(IPv6 family, IPv4 Dst)", "Dst", func() error {
			return h.AddRoute(ctx, netinfo.Route{Family: netinfo.FamilyInet6, Dst: netip.MustParsePrefix("198.18.250.0/24"), OutIndex: lo.Index})
		}},
		{"AddRoute(Dst /40 of IPv4)", "Dst", func() error {
			return h.AddRoute(ctx, netinfo.Route{Dst: netip.PrefixFrom(v4, 40), OutIndex: lo.Index})
		}},
		{"AddRoute(family 99)", "Family", func() error {
			return h.AddRoute(ctx, netinfo.Route{Family: 99, Dst: netip.MustParsePrefix("198.18.250.0/24"), OutIndex: lo.Index})
		}},
		{"AddRoute(weight 0)", "Weight", func() error {
			return h.AddRoute(ctx, netinfo.Route{Dst: netip.MustParsePrefix("198.18.250.0/24"), NextHops: hops(0)})
		}},
		{"AddRoute(weight 1000)", "Weight", func() error {
			return h.AddRoute(ctx, netinfo.Route{Dst: netip.MustParsePrefix("198.18.250.0/24"), NextHops: hops(1000)})
		}},
		{"DelRoute(Dst /40 of IPv4)", "Dst", func() error {
			return h.DelRoute(ctx, netinfo.Route{Dst: netip.PrefixFrom(v4, 40)})
		}},
		{"SetLinkMTU(0)", "MTU", func() error { return h.SetLinkMTU(ctx, lo.Index, 0) }},
		{"SetLinkName(16 bytes)", "Name", func() error { return h.SetLinkName(ctx, lo.Index, "rtcf-sixteen-byt") }},
		{"SetLinkName(40 bytes)", "Name", func() error { return h.SetLinkName(ctx, lo.Index, strings.Repeat("n", 40)) }},
		// Longer than the kernel's policy takes; past 64 KiB a value no
		// longer fits an attribute at all, and must not be left out.
		{"SetLinkAlias(256 bytes)", "Alias", func() error { return h.SetLinkAlias(ctx, lo.Index, strings.Repeat("a", 256)) }},
		{"SetLinkAlias(70000 bytes)", "Alias", func() error { return h.SetLinkAlias(ctx, lo.Index, strings.Repeat("a", 70000)) }},
		{"AddNeighbor(33-byte HardwareAddr)", "HardwareAddr", func() error {
			return h.AddNeighbor(ctx, netinfo.Neighbor{Index: lo.Index, IP: v4, HardwareAddr: make(net.HardwareAddr, 33)})
		}},
		{"AddNeighbor(70000-byte HardwareAddr)", "HardwareAddr", func() error {
			return h.AddNeighbor(ctx, netinfo.Neighbor{Index: lo.Index, IP: v4, HardwareAddr: make(net.HardwareAddr, 70000)})
		}},
		{"AddAddr(IPv6 family, IPv4 prefix)", "Prefix", func() error {
			return h.AddAddr(ctx, netinfo.Addr{Index: lo.Index, Family: netinfo.FamilyInet6, Prefix: netip.MustParsePrefix("198.18.250.1/24")})
		}},
		{"AddAddr(prefix /40 of IPv4)", "Prefix", func() error {
			return h.AddAddr(ctx, netinfo.Addr{Index: lo.Index, Prefix: netip.PrefixFrom(v4, 40)})
		}},
		{"AddNeighbor(IPv6 family, IPv4 IP)", "IP", func() error {
			return h.AddNeighbor(ctx, netinfo.Neighbor{Index: lo.Index, Family: netinfo.FamilyInet6, IP: v4})
		}},
		{"Routes(family 99)", "Family", func() error { _, err := h.Routes(ctx, netinfo.RouteFilter{Family: 99}); return err }},
		{"RoutesSeq(family 99)", "Family", func() error {
			for _, err := range h.RoutesSeq(ctx, netinfo.RouteFilter{Family: 99}) {
				return err
			}
			return nil
		}},
		{"Addrs(family 99)", "Family", func() error { _, err := h.Addrs(ctx, netinfo.AddrFilter{Family: 99}); return err }},
		{"Neighbors(family 99)", "Family", func() error { _, err := h.Neighbors(ctx, netinfo.NeighFilter{Family: 99}); return err }},
		{"Routes(IPv6 family, IPv4 Dst)", "Dst", func() error {
			dst := netip.MustParsePrefix("198.18.250.0/24")
			_, err := h.Routes(ctx, netinfo.RouteFilter{Family: netinfo.FamilyInet6, Dst: &dst})
			return err
		}},
	}
	for _, c := range invalid {
		noPanic(t, c.name, func() {
			err := c.call()
			wantErrorIs(t, c.name, err, syscall.EINVAL)
			if err != nil && !strings.Contains(err.Error(), c.field) {
				t.Errorf("%s: error %q does not name the field %s", c.name, err, c.field)
			}
		})
	}
	if after := routeCount(t, h); after != before {
		t.Errorf("refused route changes changed the routes: %d before, %d after", before, after)
	}

	// Filters that match nothing: an error or an empty answer, never a
	// panic or records that do not match.
	bogusFamily := netinfo.Family(99)
	invalidDst := netip.Prefix{}
	filters := []struct {
		name string
		call func() (int, error)
	}{
		{"Addrs(family 99)", func() (int, error) {
			a, err := h.Addrs(ctx, netinfo.AddrFilter{Family: bogusFamily})
			return len(a), err
		}},
		{"Addrs(index unused)", func() (int, error) { a, err := h.Addrs(ctx, netinfo.AddrFilter{Index: unused}); return len(a), err }},
		{"Routes(family 99)", func() (int, error) {
			r, err := h.Routes(ctx, netinfo.RouteFilter{Family: bogusFamily})
			return len(r), err
		}},
		{"Routes(invalid dst)", func() (int, error) {
			r, err := h.Routes(ctx, netinfo.RouteFilter{Dst: &invalidDst})
			return len(r), err
		}},
		{"Routes(oif unused)", func() (int, error) {
			r, err := h.Routes(ctx, netinfo.RouteFilter{OutIndex: unused})
			return len(r), err
		}},
		{"Routes(table 99999)", func() (int, error) { r, err := h.Routes(ctx, netinfo.RouteFilter{Table: 99999}); return len(r), err }},
		{"Neighbors(family 99)", func() (int, error) {
			n, err := h.Neighbors(ctx, netinfo.NeighFilter{Family: bogusFamily})
			return len(n), err
		}},
		{"Neighbors(index unused)", func() (int, error) {
			n, err := h.Neighbors(ctx, netinfo.NeighFilter{Index: unused})
			return len(n), err
		}},
	}
	for _, f := range filters {
		noPanic(t, f.name, func() {
			n, err := f.call()
			if err == nil && n != 0 {
				t.Errorf("%s: %d records, want none (or an error)", f.name, n)
			}
			if err != nil {
				t.Logf("%s: %v", f.name, err)
			}
		})
	}
	// The handle is still good after all that.
	if _, err := h.Links(ctx); err != nil {
		t.Errorf("links after bad requests: %v", err)
	}
}

// routeCount is the number of routes h lists.
func routeCount(t testing.TB, h *netinfo.Handle) int {
	t.Helper()
	routes, err := h.Routes(checkContext(t), netinfo.RouteFilter{})
	if err != nil {
		t.Fatalf("routes: %v", err)
	}
	return len(routes)
}

func closeIf(w *netinfo.Watcher) {
	if w != nil {
		w.Close()
	}
}

func (s *suite) cancelledContext(t *testing.T) {
	h := s.open(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	calls := []struct {
		name string
		call func() error
	}{
		{"Links", func() error { _, err := h.Links(ctx); return err }},
		{"Routes", func() error { _, err := h.Routes(ctx, netinfo.RouteFilter{}); return err }},
		{"LinkByIndex", func() error { _, err := h.LinkByIndex(ctx, 1); return err }},
		{"Watch", func() error { w, err := h.Watch(ctx, netinfo.WatchLinks); closeIf(w); return err }},
	}
	for _, c := range calls {
		noPanic(t, c.name, func() {
			err := c.call()
			if c.name == "Watch" && err == nil {
				return // a watcher on an ended context may start and stop at once
			}
			wantErrorIs(t, c.name+" with a cancelled context", err, context.Canceled)
		})
	}
	if _, err := h.Links(checkContext(t)); err != nil {
		t.Errorf("links after cancelled calls: %v", err)
	}
}
