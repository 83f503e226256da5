package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"syscall"
	"time"

	"github.com/rtnlx/rtnlx/netinfo"
)

// This file holds `route flush`: a dump, then a deletion of every
// record the filters select, as ip does (`addr flush`: addrflush.go).

// isAddrGone reports the kernel's answer to deleting an address that a
// previous deletion in the same flush already took away.
func isAddrGone(err error) bool {
	var op *netinfo.OpError
	return errors.As(err, &op) && op.Errno == syscall.EADDRNOTAVAIL
}

// A routeFlush is `route flush SELECTOR`: the routes `route show
// SELECTOR` lists, deleted round after round until a dump finds none
// (ip/iproute.c iproute_flush).
type routeFlush struct {
	sel *routeSelector
}

// flushTimeout is how long ip goes on flushing routes that keep coming
// back before it gives up.
const flushTimeout = 30 * time.Second

// parseRouteFlush parses what follows `route flush`: the selectors of
// `route show`, at least one.
func (c *command) parseRouteFlush(args []string) (*routeFlush, error) {
	if len(args) == 0 {
		return nil, &ipError{code: exitFailure, msg: "\"ip route flush\" requires arguments."}
	}
	s, err := parseRouteSelector(args, c.family, c.selectorNames())
	if err != nil {
		return nil, err
	}
	return &routeFlush{sel: s}, nil
}

// apply deletes the selected routes. With -s it reports the rounds as
// ip does, and with -s -s it prints each route it deletes.
func (rf *routeFlush) apply(ctx context.Context, h *netinfo.Handle, c *command, w io.Writer) error {
	sel := rf.sel
	links, names, err := loadLinks(ctx, h)
	if err != nil {
		return err
	}
	if err := sel.resolve(links); err != nil {
		return err
	}
	if sel.cloned {
		// The IPv4 cache has no entries to delete: a sysctl flushes
		// it, and for an IPv4 dump that is all ip does.
		fam := sel.dumpFamily()
		if fam != netinfo.FamilyInet6 {
			if err := flushIPv4Cache(c); err != nil {
				return err
			}
			if c.stats > 0 {
				if _, err := io.WriteString(w, "*** IPv4 routing cache is flushed.\n"); err != nil {
					return err
				}
			}
		}
		if fam == netinfo.FamilyInet {
			return nil
		}
	}
	style := sel.style(c)
	start := time.Now()
	for round := 0; ; {
		routes, err := h.Routes(ctx, sel.dumpFilter())
		if err != nil {
			if sel.table != 0 && errors.Is(err, netinfo.ErrNotFound) && c.inBatch {
				// ip -batch dumps without strict checking: a table that
				// does not exist just has no routes.
				return nil
			}
			return dumpError(err, "Flush terminated")
		}
		var doomed []netinfo.Route
		for i := range routes {
			if sel.match(&routes[i], true) {
				doomed = append(doomed, routes[i])
			}
		}
		if len(doomed) == 0 {
			if c.stats > 0 {
				if round == 0 && (!sel.cloned || sel.dumpFamily() == netinfo.FamilyInet6) {
					_, err = io.WriteString(w, "Nothing to flush.\n")
				} else {
					_, err = fmt.Fprintf(w, "*** Flush is complete after %d round%s ***\n", round, plural(round))
				}
			}
			return err
		}
		if c.stats > 1 {
			var b []byte
			for i := range doomed {
				b = appendRouteLine(b, &doomed[i], names, style)
			}
			if _, err := w.Write(b); err != nil {
				return err
			}
		}
		round++
		for _, r := range doomed {
			if err := h.DelRoute(ctx, r); err != nil && !errors.Is(err, netinfo.ErrNotFound) {
				return kernelError(err)
			}
		}
		if time.Since(start) > flushTimeout {
			fmt.Fprintf(w, "\n*** Flush not completed after %d seconds, %d entries remain ***\n", int(time.Since(start)/time.Second), len(doomed))
			return &ipError{code: exitFailure}
		}
		if c.stats > 0 {
			if _, err := fmt.Fprintf(w, "\n*** Round %d, deleting %d entries ***\n", round, len(doomed)); err != nil {
				return err
			}
		}
	}
}

// plural is ip's "s" after a count other than one.
func plural(n int) string {
	if n > 1 {
		return "s"
	}
	return ""
}

// dumpError is ip's report of a dump the kernel refused: its message,
// then what ip gave up ("Dump terminated", "Flush terminated").
func dumpError(err error, then string) error {
	var ipe *ipError
	if errors.As(kernelError(err), &ipe) {
		return &ipError{code: exitKernel, msg: ipe.msg + "\n" + then}
	}
	return err
}
