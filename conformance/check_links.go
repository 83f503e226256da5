package conformance

import (
	"errors"
	"slices"
	"testing"

	"github.com/rtnlx/rtnlx/netinfo"
)

// Names of the veth pair the links check creates.
const (
	linkCheckName = "rtcf-lk0"
	linkCheckPeer = "rtcf-lk1"
)

// links checks link creation and deletion: on a backend that creates
// links, a veth pair added shows in the next dump as two veths, each the
// other's parent, with the options asked for, and DelLink of one end
// takes both; on any other, AddLink and DelLink answer ErrNotSupported.
func (s *suite) links(t *testing.T) {
	h := s.open(t)
	ctx := checkContext(t)
	probe := netinfo.Link{Name: linkCheckName, TxQueueLen: 321, Group: 7, Info: &netinfo.Veth{PeerName: linkCheckPeer}}
	byName := func() map[string]netinfo.Link {
		links, err := h.Links(ctx)
		if err != nil {
			t.Fatalf("Links: %v", err)
		}
		m := map[string]netinfo.Link{}
		for _, l := range links {
			m[l.Name] = l
		}
		return m
	}
	if !s.profile.LinkCreate {
		before := byName()
		var lo netinfo.Link
		for _, l := range before {
			if l.Flags&netinfo.LinkLoopback != 0 {
				lo = l
			}
		}
		calls := []struct {
			name string
			call func() error
		}{
			{"AddLink(veth)", func() error { return h.AddLink(ctx, probe) }},
			{"DelLink(loopback)", func() error { return h.DelLink(ctx, lo.Index) }},
		}
		for _, c := range calls {
			noPanic(t, c.name, func() {
				if err := c.call(); !errors.Is(err, netinfo.ErrNotSupported) {
					t.Errorf("%s: profile %s creates no links, got %v, want an error matching ErrNotSupported", c.name, s.profile.Name, err)
				}
			})
		}
		if got := byName(); len(got) != len(before) {
			t.Errorf("links changed from %d to %d after refused calls", len(before), len(got))
		}
		return
	}
	if s.target.Mutator == nil {
		// The target allows no changes (an unprivileged run): an add is
		// refused and changes nothing.
		if err := h.AddLink(ctx, probe); err == nil {
			t.Fatalf("AddLink(%s) on a target that allows no changes: no error", probe.Name)
		}
		if _, ok := byName()[linkCheckName]; ok {
			t.Errorf("a refused AddLink(%s) is in the next dump", linkCheckName)
		}
		return
	}
	if err := h.AddLink(ctx, probe); err != nil {
		t.Fatalf("AddLink(%s type veth peer %s): %v", linkCheckName, linkCheckPeer, err)
	}
	deleted := false
	t.Cleanup(func() {
		if !deleted {
			if l, err := h.LinkByName(ctx, linkCheckName); err == nil {
				_ = h.DelLink(ctx, l.Index)
			}
		}
	})
	got := byName()
	a, okA := got[linkCheckName]
	b, okB := got[linkCheckPeer]
	if !okA || !okB {
		t.Fatalf("AddLink: the pair is not in the next dump (%s: %v, %s: %v)", linkCheckName, okA, linkCheckPeer, okB)
	}
	for _, c := range []struct {
		l    netinfo.Link
		peer int
	}{{a, b.Index}, {b, a.Index}} {
		if c.l.Kind != "veth" || c.l.ParentIndex != c.peer {
			t.Errorf("%s: kind %q, parent %d; want veth, parent %d", c.l.Name, c.l.Kind, c.l.ParentIndex, c.peer)
		}
	}
	if a.TxQueueLen != probe.TxQueueLen || a.Group != probe.Group {
		t.Errorf("%s: txqlen %d, group %d; want %d, %d", a.Name, a.TxQueueLen, a.Group, probe.TxQueueLen, probe.Group)
	}
	if err := h.AddLink(ctx, probe); err == nil {
		t.Errorf("AddLink(%s) again: no error, want one matching EEXIST", linkCheckName)
	}
	if err := h.DelLink(ctx, a.Index); err != nil {
		t.Fatalf("DelLink(%s): %v", a.Name, err)
	}
	deleted = true
	got = byName()
	if slices.ContainsFunc([]string{linkCheckName, linkCheckPeer}, func(n string) bool { _, ok := got[n]; return ok }) {
		t.Errorf("DelLink(%s): the pair is still in the next dump", linkCheckName)
	}
	if err := h.DelLink(ctx, a.Index); !errors.Is(err, netinfo.ErrNotFound) {
		t.Errorf("DelLink(deleted): %v, want ErrNotFound", err)
	}
}
