package conformance

import (
	"errors"
	"slices"
	"testing"

	"github.com/rtnlx/rtnlx/netinfo"
)

// nexthops checks nexthop objects: on a backend that serves them, one
// added shows in the dump and by id and goes with DelNexthop; on any
// other, each call answers ErrNotSupported.
func (s *suite) nexthops(t *testing.T) {
	h := s.open(t)
	ctx := checkContext(t)
	probe := netinfo.Nexthop{ID: 31001, Blackhole: true}
	if !s.profile.Nexthops {
		calls := []struct {
			name string
			call func() error
		}{
			{"Nexthops", func() error { _, err := h.Nexthops(ctx, netinfo.NexthopFilter{}); return err }},
			{"NexthopByID", func() error { _, err := h.NexthopByID(ctx, probe.ID); return err }},
			{"AddNexthop", func() error { return h.AddNexthop(ctx, probe) }},
			{"DelNexthop", func() error { return h.DelNexthop(ctx, probe.ID) }},
		}
		for _, c := range calls {
			noPanic(t, c.name, func() {
				if err := c.call(); !errors.Is(err, netinfo.ErrNotSupported) {
					t.Errorf("%s: profile %s has no nexthops, got %v, want an error matching ErrNotSupported", c.name, s.profile.Name, err)
				}
			})
		}
		return
	}
	listed := func() bool {
		all, err := h.Nexthops(ctx, netinfo.NexthopFilter{})
		if err != nil {
			t.Fatalf("Nexthops: %v", err)
		}
		return slices.ContainsFunc(all, func(n netinfo.Nexthop) bool { return n.ID == probe.ID && n.Blackhole })
	}
	if s.target.Mutator == nil {
		// The target allows no changes (an unprivileged run): the list
		// is read, and an add is refused and changes nothing.
		if err := h.AddNexthop(ctx, probe); err == nil {
			t.Fatalf("AddNexthop(%v) on a target that allows no changes: no error", probe)
		}
		if listed() {
			t.Errorf("a refused AddNexthop(%v) is in the next dump", probe)
		}
		return
	}
	if err := h.AddNexthop(ctx, probe); err != nil {
		t.Fatalf("AddNexthop(%v): %v", probe, err)
	}
	if !listed() {
		t.Errorf("AddNexthop(%v): not in the next dump", probe)
	}
	if got, err := h.NexthopByID(ctx, probe.ID); err != nil || !got.Blackhole {
		t.Errorf("NexthopByID(%d) = %v, %v", probe.ID, got, err)
	}
	if err := h.DelNexthop(ctx, probe.ID); err != nil {
		t.Fatalf("DelNexthop(%d): %v", probe.ID, err)
	}
	if listed() {
		t.Errorf("DelNexthop(%d): still in the next dump", probe.ID)
	}
	if _, err := h.NexthopByID(ctx, probe.ID); !errors.Is(err, netinfo.ErrNotFound) {
		t.Errorf("NexthopByID(deleted): %v, want ErrNotFound", err)
	}
}
