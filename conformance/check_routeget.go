package conformance

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"testing"

	"github.com/rtnlx/rtnlx/netinfo"
)

// routeGetProbes bounds the destinations routeGet asks for per family.
const routeGetProbes = 8

// routeGet checks route lookups against the dumps: every backend serves
// RouteGet (the OS's own lookup, or rtnlemu's over its tables). For
// destinations inside the unicast routes of table main, the table's
// route that matched (FIBMatch) has the longest prefix of the dumped
// routes covering the destination, and the plain answer leaves through
// an existing link with, as source, one of the host's addresses. A
// loopback address is routed as local; a query without a destination is
// an error, not a panic.
func (s *suite) routeGet(t *testing.T) {
	h := s.open(t)
	ctx := checkContext(t)
	stable(t, func() string {
		links, err := h.Links(ctx)
		if err != nil {
			return fmt.Sprintf("links: %v", err)
		}
		routes, err := h.Routes(ctx, netinfo.RouteFilter{})
		if err != nil {
			return fmt.Sprintf("routes: %v", err)
		}
		addrs, err := h.Addrs(ctx, netinfo.AddrFilter{})
		if err != nil {
			return fmt.Sprintf("addrs: %v", err)
		}
		linkExists := map[int]bool{}
		for _, l := range links {
			linkExists[l.Index] = true
		}
		local := map[netip.Addr]bool{}
		for _, a := range addrs {
			local[a.Prefix.Addr().WithZone("")] = true
		}
		probes := map[netinfo.Family]int{}
		for _, r := range routes {
			if r.Table != netinfo.TableMain || r.Type != netinfo.RouteUnicast || probes[r.Family] >= routeGetProbes ||
				r.Src.IsValid() && r.Src.Bits() > 0 || r.Dst.Addr().IsMulticast() || r.Dst.Addr().IsLinkLocalUnicast() {
				continue
			}
			dst := r.Dst.Addr()
			if r.Dst.Bits() < dst.BitLen() {
				dst = dst.Next()
			}
			probes[r.Family]++
			if msg := checkRouteGet(ctx, h, dst, routes, linkExists, local); msg != "" {
				return msg
			}
		}
		t.Logf("route-get: %d IPv4 and %d IPv6 destinations probed", probes[netinfo.FamilyInet], probes[netinfo.FamilyInet6])
		return ""
	})
	l, err := h.RouteGet(ctx, netinfo.RouteQuery{Dst: netip.MustParseAddr("127.0.0.1")})
	switch {
	case errors.Is(err, netinfo.ErrNotSupported):
		t.Errorf("RouteGet(127.0.0.1): %v: every backend must answer route lookups", err)
	case err != nil:
		t.Errorf("RouteGet(127.0.0.1): %v", err)
	case l.Type != netinfo.RouteLocal:
		t.Errorf("RouteGet(127.0.0.1): type %v, want local", l.Type)
	}
	noPanic(t, "RouteGet without destination", func() {
		if _, err := h.RouteGet(ctx, netinfo.RouteQuery{}); err == nil {
			t.Errorf("RouteGet without destination answered without error")
		}
	})
}

// checkRouteGet asks for one destination, plain and FIBMatch, and
// compares the answers with the dump.
func checkRouteGet(ctx context.Context, h *netinfo.Handle, dst netip.Addr, routes []netinfo.Route, linkExists map[int]bool, local map[netip.Addr]bool) string {
	best := -1
	for _, r := range routes {
		if r.Dst.Contains(dst) && !(r.Src.IsValid() && r.Src.Bits() > 0) && r.Table != netinfo.TableDefault && r.Table <= netinfo.TableLocal {
			best = max(best, r.Dst.Bits())
		}
	}
	fm, err := h.RouteGet(ctx, netinfo.RouteQuery{Dst: dst, FIBMatch: true})
	if err != nil {
		return fmt.Sprintf("RouteGet(%v, FIBMatch): %v", dst, err)
	}
	if fm.Route.Dst.Bits() != best || !fm.Route.Dst.Contains(dst) {
		return fmt.Sprintf("RouteGet(%v, FIBMatch) matched %v; the longest prefix of the dump covering it is /%d", dst, fm.Route.Dst, best)
	}
	l, err := h.RouteGet(ctx, netinfo.RouteQuery{Dst: dst})
	if err != nil {
		return fmt.Sprintf("RouteGet(%v): %v", dst, err)
	}
	if l.NextHop.OutIndex == 0 || !linkExists[l.NextHop.OutIndex] {
		return fmt.Sprintf("RouteGet(%v) leaves through link %d, which the link dump lacks", dst, l.NextHop.OutIndex)
	}
	if l.Src.IsValid() && !local[l.Src.WithZone("")] {
		return fmt.Sprintf("RouteGet(%v) chose source %v, which is none of the host's addresses", dst, l.Src)
	}
	return ""
}
