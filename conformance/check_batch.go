package conformance

import (
	"errors"
	"net/netip"
	"testing"

	"github.com/rtnlx/rtnlx/netinfo"
)

// batch sends a batch of three harmless requests (deletes of routes that
// are not there) and checks that each failure comes back tied to its
// request: ErrNotSupported on a backend without route setters, another
// error otherwise.
func (s *suite) batch(t *testing.T) {
	h := s.open(t)
	ctx := checkContext(t)
	links, err := h.Links(ctx)
	if err != nil || len(links) == 0 {
		t.Fatalf("links: %v (%d)", err, len(links))
	}
	b := h.NewBatch()
	for i := range 3 {
		r := netinfo.Route{Dst: netip.PrefixFrom(netip.AddrFrom4([4]byte{198, 18, 254, byte(i)}), 32), OutIndex: links[0].Index}
		if err := b.DelRoute(r); err != nil {
			t.Fatalf("queue DelRoute(%v): %v", r, err)
		}
	}
	err = b.Send(ctx)
	var be *netinfo.BatchError
	if !errors.As(err, &be) {
		t.Fatalf("Send: %v, want a *BatchError", err)
	}
	if len(be.Errors) != 3 {
		t.Fatalf("Send: %d errors, want 3: %v", len(be.Errors), err)
	}
	for i, e := range be.Errors {
		unsupported := errors.Is(e, netinfo.ErrNotSupported)
		if e.Index != i || e.Op != "route del" || unsupported == (s.profile.Setters&SetRoutes != 0) {
			t.Errorf("error %d: %+v (profile %s, route setters %v)", i, e, s.profile.Name, s.profile.Setters&SetRoutes != 0)
		}
	}
	if b.Len() != 0 {
		t.Errorf("Len after Send = %d", b.Len())
	}
}
