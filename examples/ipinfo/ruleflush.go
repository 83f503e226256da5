package main

import (
	"context"
	"io"

	"github.com/rtnlx/rtnlx/netinfo"
)

// This file holds `rule flush [SELECTOR]` (ip/iprule.c flush_rule).

// A ruleFlush is `rule flush SELECTOR`: it deletes the rules of the
// family (IPv4 unless -6) that the selectors of rule show keep and that
// have a priority (the kernel sends none for priority 0, the local
// table's rule, which flush leaves), with the protocol selector, which
// show ignores.
type ruleFlush struct {
	sel *ruleSelector
}

// parseRuleFlush parses what follows `rule flush`.
func parseRuleFlush(args []string, c *command) (*ruleFlush, error) {
	s, err := parseRuleSelector(args, c.family, c.selectorNames())
	if err != nil {
		return nil, err
	}
	return &ruleFlush{sel: s}, nil
}

// flushMatch is flush_rule's test: filter_nlmsg's, then the protocol.
func (s *ruleSelector) flushMatch(r *netinfo.Rule) bool {
	return s.match(r) && (!s.protoGiven || r.Protocol == s.proto) && r.Priority != 0
}

// apply deletes the rules. Like ip it prints nothing but, with -j, an
// empty list; a refused delete ends the flush as ip's dump ends.
func (rf *ruleFlush) apply(ctx context.Context, h *netinfo.Handle, c *command, w io.Writer) error {
	rules, err := h.Rules(ctx, netinfo.RuleFilter{Family: c.ruleFamily()})
	if err != nil {
		return err
	}
	for i := range rules {
		if !rf.sel.flushMatch(&rules[i]) {
			continue
		}
		if err := h.DelRule(ctx, rules[i]); err != nil {
			if ipe, ok := kernelError(err).(*ipError); ok {
				return &ipError{code: exitFailure, msg: ipe.msg + "\nDump terminated"}
			}
			return err
		}
	}
	if c.json {
		_, err = io.WriteString(w, "[]\n")
	}
	return err
}
