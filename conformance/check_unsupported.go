package conformance

import (
	"errors"
	"net/netip"
	"testing"

	"github.com/rtnlx/rtnlx/netinfo"
)

// unsupported checks that what the profile says the backend lacks is
// answered with ErrNotSupported. Each probe is harmless if the backend
// does support it after all (it changes nothing or targets an object
// that does not exist), and then fails as a wrong profile.
func (s *suite) unsupported(t *testing.T) {
	h := s.open(t)
	ctx := checkContext(t)
	links, err := h.Links(ctx)
	if err != nil || len(links) == 0 {
		t.Fatalf("links: %v (%d)", err, len(links))
	}
	lo := links[0]
	for _, l := range links {
		if l.Flags&netinfo.LinkLoopback != 0 {
			lo = l
			break
		}
	}
	probes := []struct {
		setter Setters
		name   string
		call   func() error
	}{
		{SetLinkUpDown, "SetLinkUp(loopback, already up)", func() error { return h.SetLinkUp(ctx, lo.Index) }},
		{SetLinkMTU, "SetLinkMTU(loopback, same MTU)", func() error { return h.SetLinkMTU(ctx, lo.Index, lo.MTU) }},
		{SetLinkName, "SetLinkName(loopback, same name)", func() error { return h.SetLinkName(ctx, lo.Index, lo.Name) }},
		{SetLinkAlias, "SetLinkAlias(loopback, same alias)", func() error { return h.SetLinkAlias(ctx, lo.Index, lo.Alias) }},
		{SetAddrs, "DelAddr(absent)", func() error {
			return h.DelAddr(ctx, netinfo.Addr{Index: lo.Index, Prefix: netip.MustParsePrefix("198.18.255.1/32")})
		}},
		{SetRoutes, "DelRoute(absent)", func() error {
			// With a link: a backend that needs one to find the route
			// must still get as far as its capability.
			return h.DelRoute(ctx, netinfo.Route{Dst: netip.MustParsePrefix("198.18.255.0/24"), OutIndex: lo.Index})
		}},
		{SetNeighbors, "DelNeighbor(absent)", func() error {
			return h.DelNeighbor(ctx, netinfo.Neighbor{Index: lo.Index, IP: netip.MustParseAddr("198.18.255.9")})
		}},
	}
	ran := false
	for _, p := range probes {
		if s.profile.Setters&p.setter != 0 {
			continue
		}
		ran = true
		noPanic(t, p.name, func() {
			err := p.call()
			if !errors.Is(err, netinfo.ErrNotSupported) {
				t.Errorf("%s: profile %s says unsupported, got %v, want an error matching ErrNotSupported", p.name, s.profile.Name, err)
			}
		})
	}
	if s.target.PlatformDefault {
		ran = true
		_, err := netinfo.Open(netinfo.WithNetNS("/nonexistent/rtcf-netns"))
		switch {
		case !s.profile.NetNS && !errors.Is(err, netinfo.ErrNotSupported):
			t.Errorf("Open(WithNetNS) on a platform without namespaces: %v, want ErrNotSupported", err)
		case s.profile.NetNS && err == nil:
			t.Errorf("Open(WithNetNS(missing path)) succeeded")
		case s.profile.NetNS && errors.Is(err, netinfo.ErrNotSupported):
			t.Errorf("Open(WithNetNS(missing path)): %v, want a missing-namespace error, not ErrNotSupported", err)
		}
	}
	if !ran {
		notApplicable(t, "profile %s supports every setter", s.profile.Name)
	}
}
