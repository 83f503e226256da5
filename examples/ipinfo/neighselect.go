package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/rtnlx/rtnlx/netinfo"
)

// This file holds the selectors `neigh show` and `neigh flush` take, as
// iproute2's do_show_or_flush reads them and print_neigh applies them,
// and neigh flush itself.

// A neighSelector is ip's neighbour filter.
type neighSelector struct {
	flush  bool
	family netinfo.Family // -4/-6, or the family of the prefix
	state  nudFilter
	to     inetPrefix
	proxy  bool                  // the proxy (pneigh) table instead of the cache
	proto  netinfo.RouteProtocol // 0: any
	unused bool                  // only entries nothing references (NDA_CACHEINFO's refcnt 0)

	dev string
	masterFilter

	// resolve fills these in.
	index int
}

// lookupNUD is nud_state_a2n: a state word (permanent, reachable and
// failed abbreviated too) or a number that is 0 or a single bit below
// 0x100.
func lookupNUD(s string) (nudFilter, bool) {
	switch {
	case matches(s, "permanent"):
		return nudFilter(netinfo.NeighPermanent), true
	case matches(s, "reachable"):
		return nudFilter(netinfo.NeighReachable), true
	case s == "noarp":
		return nudFilter(netinfo.NeighNoARP), true
	case s == "none":
		return 0, true
	case s == "stale":
		return nudFilter(netinfo.NeighStale), true
	case s == "incomplete":
		return nudFilter(netinfo.NeighIncomplete), true
	case s == "delay":
		return nudFilter(netinfo.NeighDelay), true
	case s == "probe":
		return nudFilter(netinfo.NeighProbe), true
	case matches(s, "failed"):
		return nudFilter(netinfo.NeighFailed), true
	}
	n, rest, ok := parseCUint(s)
	if !ok || rest != "" || n >= 0x100 || n&(n-1) != 0 {
		return 0, false
	}
	return nudFilter(n), true
}

// parseNeighSelector reads the selectors of neigh show (flush false)
// and neigh flush, with ip's errors.
func parseNeighSelector(args []string, flush bool, family netinfo.Family) (*neighSelector, error) {
	s := &neighSelector{flush: flush, family: family, state: nudDefault}
	if flush {
		if len(args) == 0 {
			return nil, &ipError{code: exitFailure, msg: "Flush requires arguments."}
		}
		s.state = ^nudFilter(netinfo.NeighPermanent | netinfo.NeighNoARP)
	}
	stateGiven := false
	for i := 0; i < len(args); i++ {
		w := args[i]
		var v string
		var err error
		next := func() (string, error) { return nextArg(args, &i) }
		switch {
		case w == "dev":
			if v, err = next(); err != nil {
				return nil, err
			}
			if s.dev != "" {
				return nil, ipUsagef("Error: duplicate \"dev\": %q is the second value.", v)
			}
			s.dev = v
		case w == "master", w == "vrf":
			if v, err = next(); err != nil {
				return nil, err
			}
			s.setMaster(v, w == "vrf")
		case w == "nomaster":
			s.setNoMaster()
		case w == "unused":
			s.unused = true
		case w == "nud":
			if v, err = next(); err != nil {
				return nil, err
			}
			if !stateGiven {
				stateGiven, s.state = true, 0
			}
			st, ok := lookupNUD(v)
			if !ok {
				if v != "all" {
					return nil, invalidArg("nud state is bad", v)
				}
				st = nudAll
				if flush {
					st &^= nudFilter(netinfo.NeighNoARP)
				}
			}
			if st == 0 {
				st = nudNone
			}
			s.state |= st
		case w == "proxy":
			s.proxy = true
		case matches(w, "protocol"):
			if v, err = next(); err != nil {
				return nil, err
			}
			p, ok := lookupProtocol(v)
			if !ok {
				if v != "all" {
					return nil, invalidArg("invalid \"protocol\"\n", v)
				}
				p = 0
			}
			s.proto = p
		default:
			if w == "to" {
				if w, err = next(); err != nil {
					return nil, err
				}
			}
			if isPrefix(w, "help") {
				return nil, errHelp
			}
			if s.to, err = getPrefix(w, s.family); err != nil {
				return nil, err
			}
			if s.family == netinfo.FamilyAll {
				s.family = s.to.family
			}
		}
	}
	return s, nil
}

// resolve looks up the devices the selector names, failing as ip does.
func (s *neighSelector) resolve(ds []netinfo.LinkDetails) error {
	if err := s.resolveMaster(ds); err != nil {
		return err
	}
	if s.dev != "" {
		if s.index, _ = findLink(ds, s.dev); s.index == 0 {
			return noDevice(s.dev)
		}
	}
	return nil
}

// match is what the kernel's filtered dump and print_neigh keep: the
// table (proxy or not), the link and its master, the family, the state
// (proxy and externally learned entries pass whatever it is), the
// prefix.
func (s *neighSelector) match(n *netinfo.Neighbor, masters map[int]int) bool {
	if n.Family != netinfo.FamilyInet && n.Family != netinfo.FamilyInet6 {
		return false // bridge entries are `bridge fdb`'s
	}
	proxy := n.Flags&netinfo.NeighProxy != 0
	switch {
	case proxy != s.proxy,
		s.index != 0 && n.Index != s.index,
		s.dropsMaster(masters[n.Index]),
		s.family != netinfo.FamilyAll && n.Family != s.family:
		return false
	}
	if !proxy && !neighShown(n, s.state) {
		return false
	}
	if s.proto != 0 && n.Protocol != s.proto {
		return false
	}
	if s.unused && n.CacheInfo != nil && n.CacheInfo.RefCount != 0 {
		return false // an entry without cache info (a proxy entry) passes, as in ip
	}
	if s.to.family != netinfo.FamilyAll && s.to.bits > 0 && n.IP.IsValid() {
		if n.Family != s.to.family {
			return false
		}
		d := addrData(n.IP)
		if !inetMatch(&d, &s.to.data, s.to.bits) {
			return false
		}
	}
	return true
}

// neighbors dumps the links and the neighbours the selector keeps.
func (s *neighSelector) neighbors(ctx context.Context, h *netinfo.Handle) ([]netinfo.Neighbor, linkNames, error) {
	ds, err := h.LinkDetails(ctx)
	if err != nil {
		return nil, nil, err
	}
	if err := s.resolve(ds); err != nil {
		return nil, nil, err
	}
	links, names, _ := detailsOf(ds)
	masters := make(map[int]int, len(links))
	for i := range links {
		masters[links[i].Index] = links[i].MasterIndex
	}
	f := netinfo.NeighFilter{Family: s.family, Index: s.index, Proxy: s.proxy}
	if s.family == familyPacket {
		f.Family = netinfo.FamilyAll
	}
	var out []netinfo.Neighbor
	for n, err := range seqOr(h.NeighborsSeq(ctx, f), func() ([]netinfo.Neighbor, error) { return h.Neighbors(ctx, f) }) {
		if err != nil {
			return nil, nil, err
		}
		if s.match(&n, masters) {
			out = append(out, n)
		}
	}
	return out, names, nil
}

// parseNeighShow reads the selectors of neigh show.
func (c *command) parseNeighShow(args []string) error {
	s, err := parseNeighSelector(args, false, c.family)
	if err != nil {
		return err
	}
	c.neighSel, c.dev, c.nud = s, s.dev, s.state
	return nil
}

// showNeighs prints `neigh`.
func showNeighs(ctx context.Context, h *netinfo.Handle, c *command, w io.Writer) error {
	s := c.neighSel
	if s == nil {
		s = &neighSelector{family: c.family, state: c.nud, dev: c.dev}
	}
	neighs, names, err := s.neighbors(ctx, h)
	if err != nil {
		return err
	}
	f := neighForm{hideDev: s.index != 0, stats: c.stats > 0, brief: c.brief}
	lw := newListWriter(w, c.json)
	for i := range neighs {
		if c.json {
			lw.done(appendNeighFormJSON(lw.next(), &neighs[i], names, f))
		} else {
			lw.done(appendNeighText(lw.next(), &neighs[i], names, f))
		}
	}
	return lw.close()
}

// A neighFlush is `neigh flush SELECTOR`.
type neighFlush struct {
	sel *neighSelector
}

// maxNeighFlushRounds is ipneigh.c's MAX_ROUNDS.
const maxNeighFlushRounds = 10

// parseNeighFlush parses what follows `neigh flush`.
func parseNeighFlush(args []string, family netinfo.Family) (*neighFlush, error) {
	s, err := parseNeighSelector(args, true, family)
	if err != nil {
		return nil, err
	}
	return &neighFlush{sel: s}, nil
}

// apply deletes the selected neighbours round after round, as ip does:
// failed entries only in the first round. With -s it reports the
// rounds, with -s -s each entry it deletes.
func (nf *neighFlush) apply(ctx context.Context, h *netinfo.Handle, c *command, w io.Writer) error {
	s := *nf.sel
	for round := 0; round < maxNeighFlushRounds; {
		doomed, names, err := s.neighbors(ctx, h)
		if err != nil {
			return err
		}
		if len(doomed) == 0 {
			return flushDone(w, c, round)
		}
		if c.stats > 1 {
			// -s -s: each entry as print_neigh prints it then, with its
			// cache info.
			f := neighForm{hideDev: s.index != 0, stats: true, brief: c.brief}
			var b []byte
			for i := range doomed {
				b = appendNeighText(b, &doomed[i], names, f)
			}
			if _, err := w.Write(b); err != nil {
				return err
			}
		}
		round++
		for _, n := range doomed {
			if err := h.DelNeighbor(ctx, n); err != nil && !errors.Is(err, netinfo.ErrNotFound) {
				return kernelError(err)
			}
		}
		if c.stats > 0 {
			if _, err := fmt.Fprintf(w, "\n*** Round %d, deleting %d entries ***\n", round, len(doomed)); err != nil {
				return err
			}
		}
		s.state &^= nudFilter(netinfo.NeighFailed)
	}
	if _, err := fmt.Fprintf(w, "*** Flush not complete bailing out after %d rounds\n", maxNeighFlushRounds); err != nil {
		return err
	}
	return &ipError{code: exitFailure}
}
