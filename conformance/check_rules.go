package conformance

import (
	"errors"
	"net/netip"
	"slices"
	"testing"

	"github.com/rtnlx/rtnlx/netinfo"
)

// rules checks policy rules: on a backend that serves them, the main
// table's rule is listed and a rule added shows in the next dump and
// goes with DelRule; on any other, each call answers ErrNotSupported.
func (s *suite) rules(t *testing.T) {
	h := s.open(t)
	ctx := checkContext(t)
	probe := netinfo.Rule{Priority: 31001, Src: netip.MustParsePrefix("198.18.31.0/24"), Table: 31001}
	if !s.profile.Rules {
		calls := []struct {
			name string
			call func() error
		}{
			{"Rules", func() error { _, err := h.Rules(ctx, netinfo.RuleFilter{}); return err }},
			{"AddRule", func() error { return h.AddRule(ctx, probe) }},
			{"DelRule", func() error { return h.DelRule(ctx, probe) }},
		}
		for _, c := range calls {
			noPanic(t, c.name, func() {
				if err := c.call(); !errors.Is(err, netinfo.ErrNotSupported) {
					t.Errorf("%s: profile %s has no rules, got %v, want an error matching ErrNotSupported", c.name, s.profile.Name, err)
				}
			})
		}
		return
	}
	has := func() (bool, []netinfo.Rule) {
		rules, err := h.Rules(ctx, netinfo.RuleFilter{Family: netinfo.FamilyInet})
		if err != nil {
			t.Fatalf("Rules: %v", err)
		}
		return slices.ContainsFunc(rules, func(r netinfo.Rule) bool {
			return r.Priority == probe.Priority && r.Src == probe.Src && r.Table == probe.Table
		}), rules
	}
	_, rules := has()
	if !slices.ContainsFunc(rules, func(r netinfo.Rule) bool { return r.Table == netinfo.TableMain && r.Action == netinfo.RuleToTable }) {
		t.Errorf("Rules: no rule looks up table main: %v", rules)
	}
	if s.target.Mutator == nil {
		// The target allows no changes (an unprivileged run): the list
		// is read, and an add is refused and changes nothing.
		if err := h.AddRule(ctx, probe); err == nil {
			t.Fatalf("AddRule(%v) on a target that allows no changes: no error", probe)
		}
		if ok, _ := has(); ok {
			t.Errorf("a refused AddRule(%v) is in the next dump", probe)
		}
		return
	}
	if err := h.AddRule(ctx, probe); err != nil {
		t.Fatalf("AddRule(%v): %v", probe, err)
	}
	if ok, rules := has(); !ok {
		t.Errorf("AddRule(%v): not in the next dump %v", probe, rules)
	}
	if err := h.DelRule(ctx, probe); err != nil {
		t.Fatalf("DelRule(%v): %v", probe, err)
	}
	if ok, _ := has(); ok {
		t.Errorf("DelRule(%v): still in the next dump", probe)
	}
}
