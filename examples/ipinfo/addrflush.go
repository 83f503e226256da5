package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/rtnlx/rtnlx/netinfo"
)

// An addrFlush is `addr flush SELECTOR`: the selectors of addr show
// (addrselect.go), of which flush applies those print_addrinfo does
// (device, scope, flags, family, label, prefix) and not the link ones.
type addrFlush struct {
	sel *ifaSelector
}

// maxFlushRounds is ip's max_flush_loops.
const maxFlushRounds = 10

// parseAddrFlush parses what follows `addr flush`.
func parseAddrFlush(args []string, family netinfo.Family, groups func(string) (uint32, bool)) (*addrFlush, error) {
	if len(args) == 0 {
		return nil, &ipError{code: exitFailure, msg: "Flush requires arguments."}
	}
	if family == familyPacket {
		return nil, &ipError{code: exitFailure, msg: "Cannot flush link addresses."}
	}
	s, err := parseIfaSelector(args, false, family, groups)
	if err != nil {
		return nil, err
	}
	return &addrFlush{sel: s}, nil
}

// apply deletes the selected addresses round after round until a dump
// finds none, as ipaddr_flush does; with -s it reports the rounds, with
// -s -s each address it deletes.
func (af *addrFlush) apply(ctx context.Context, h *netinfo.Handle, c *command, w io.Writer) error {
	sel := af.sel
	ds, err := h.LinkDetails(ctx)
	if err != nil {
		return err
	}
	if err := sel.resolve(ds); err != nil {
		return err
	}
	_, names, _ := detailsOf(ds)
	for round := 0; round < maxFlushRounds; {
		addrs, err := h.Addrs(ctx, netinfo.AddrFilter{Family: sel.family, Index: sel.ifindex})
		if err != nil {
			return dumpError(err, "Flush terminated")
		}
		var doomed []netinfo.Addr
		for i := range addrs {
			if sel.addrMatch(&addrs[i], names.name(addrs[i].Index)) {
				doomed = append(doomed, addrs[i])
			}
		}
		if len(doomed) == 0 {
			return flushDone(w, c, round)
		}
		if c.stats > 1 {
			var b []byte
			var s textStyle
			for i := range doomed {
				a := &doomed[i]
				b = fmt.Appendf(b, "%d: %s", a.Index, names.name(a.Index))
				b = endRecord(appendAddrInfo(b, a, s))
			}
			if _, err := w.Write(b); err != nil {
				return err
			}
		}
		round++
		for _, a := range doomed {
			// Deleting an IPv4 primary address takes its secondaries
			// with it: those are gone already.
			if err := h.DelAddr(ctx, a); err != nil && !errors.Is(err, netinfo.ErrNotFound) && !isAddrGone(err) {
				return kernelError(err)
			}
		}
		if c.stats > 0 {
			if _, err := fmt.Fprintf(w, "\n*** Round %d, deleting %d addresses ***\n", round, len(doomed)); err != nil {
				return err
			}
		}
		// Flushing primaries takes one round: after it, promoted
		// secondaries are primaries that were not asked for.
		if sel.flagMask&netinfo.AddrSecondary != 0 && sel.flags&netinfo.AddrSecondary == 0 {
			return flushDone(w, c, round)
		}
	}
	return &ipError{code: exitFailure, msg: fmt.Sprintf("*** Flush remains incomplete after %d rounds. ***", maxFlushRounds)}
}

// flushDone is what ip -s prints when a flush is over.
func flushDone(w io.Writer, c *command, round int) error {
	if c.stats == 0 {
		return nil
	}
	var err error
	if round == 0 {
		_, err = io.WriteString(w, "Nothing to flush.\n")
	} else {
		_, err = fmt.Fprintf(w, "*** Flush is complete after %d round%s ***\n", round, plural(round))
	}
	return err
}
