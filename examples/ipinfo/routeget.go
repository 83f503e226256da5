package main

import (
	"context"
	"errors"
	"io"
	"net/netip"
	"strconv"

	"github.com/rtnlx/rtnlx/netinfo"
)

// This file holds `route get` (ip/iproute.c iproute_get).

// A routeGet is `route get [to] ADDR [from ADDR] [iif DEV] [oif DEV]
// [mark N] [uid N] [tos T] [ipproto P] [sport N] [dport N] [fibmatch]`.
type routeGet struct {
	q        netinfo.RouteQuery
	iif, oif string
}

// parseRouteGet parses what follows `route get`.
func parseRouteGet(args []string, family netinfo.Family) (*routeGet, error) {
	rg := &routeGet{}
	q := &rg.q
	fam := argFamily{family}
	for i := 0; i < len(args); i++ {
		w := args[i]
		next := func() (string, error) { return nextArg(args, &i) }
		var v string
		var err error
		switch {
		case w == "fibmatch":
			q.FIBMatch = true
			continue
		case w == "connected":
			return nil, ipUsagef("ipinfo: route get connected: not supported by this build")
		case w == "tos", matches(w, "dsfield"), matches(w, "from"), w == "iif", w == "oif", w == "mark",
			matches(w, "vrf"), w == "uid", w == "ipproto", w == "sport", w == "dport":
			if v, err = next(); err != nil {
				return nil, err
			}
		}
		switch {
		case w == "tos", matches(w, "dsfield"):
			t, ok := lookupDSField(v, loadDSFieldNames().lookup) // rtnl_dsfield_a2n: a name, or hex with or without 0x
			if !ok {
				return nil, invalidArg("TOS value is invalid\n", v)
			}
			q.TOS = t
		case matches(w, "from"):
			if err := fam.take(v, "prefix"); err != nil {
				return nil, err
			}
			ip, _, ok := parsePrefixArg(v)
			if !ok {
				return nil, badPrefix("any valid prefix", v)
			}
			q.Src = ip
		case w == "iif":
			rg.iif = v
		case w == "oif":
			rg.oif = v
		case w == "mark":
			n, err := strconv.ParseUint(v, 0, 32)
			if err != nil {
				return nil, invalidArg("invalid mark value\n", v)
			}
			q.Mark = uint32(n)
		case matches(w, "vrf"):
			return nil, ipUsagef("ipinfo: route get vrf: not supported by this build")
		case w == "uid":
			n, err := strconv.ParseUint(v, 0, 32)
			if err != nil {
				return nil, invalidArg("invalid UID\n", v)
			}
			u := uint32(n)
			q.UID = &u
		case w == "ipproto":
			p, ok := ipProtoNumbers[v]
			if !ok {
				n, err := strconv.ParseUint(v, 0, 8)
				if err != nil {
					return nil, invalidArg("Invalid \"ipproto\" value\n", v)
				}
				p = uint8(n)
			}
			q.IPProto = p
		case w == "sport", w == "dport":
			n, err := strconv.ParseUint(v, 0, 16)
			if err != nil {
				return nil, invalidArg("invalid "+w+"\n", v)
			}
			if w == "sport" {
				q.SPort = uint16(n)
			} else {
				q.DPort = uint16(n)
			}
		default:
			if w == "to" {
				if w, err = next(); err != nil {
					return nil, err
				}
			}
			if matches(w, "help") {
				return nil, errHelp
			}
			if err := fam.take(w, "prefix"); err != nil {
				return nil, err
			}
			ip, _, ok := parsePrefixArg(w)
			if !ok {
				return nil, badPrefix("any valid prefix", w)
			}
			if q.Dst.IsValid() {
				return nil, garbage("to", w)
			}
			q.Dst = ip
		}
	}
	if !q.Dst.IsValid() {
		return nil, &ipError{code: exitFailure, msg: "need at least a destination address"}
	}
	if family == netinfo.FamilyInet && !q.Dst.Is4() || family == netinfo.FamilyInet6 && q.Dst.Is4() {
		return nil, badPrefix("any valid prefix", q.Dst.String())
	}
	return rg, nil
}

// apply asks for the route and prints it as ip does.
func (rg *routeGet) apply(ctx context.Context, h *netinfo.Handle, c *command, w io.Writer) error {
	q := rg.q
	links, names, err := loadLinks(ctx, h)
	if err != nil {
		return err
	}
	index := func(name string) (int, error) {
		for i := range links {
			if links[i].Name == name {
				return links[i].Index, nil
			}
		}
		return 0, noDevice(name)
	}
	if rg.iif != "" {
		if q.InIndex, err = index(rg.iif); err != nil {
			return err
		}
	}
	if rg.oif != "" {
		if q.OutIndex, err = index(rg.oif); err != nil {
			return err
		}
	}
	got, err := h.RouteGet(ctx, q)
	if err != nil {
		if errors.Is(err, netinfo.ErrNotSupported) {
			return err
		}
		return kernelError(err)
	}
	style := routeStyle{showTable: true, tables: c.tables, details: c.details}
	lw := newListWriter(w, c.json)
	if c.json {
		lw.done(appendRouteGetJSON(lw.next(), &got, names, style))
	} else {
		lw.done(appendRouteGetLine(lw.next(), &got, names, style))
	}
	return lw.close()
}

// rtcfWords are the RTCF_* cache flags ip prints after "cache", in its
// order (linux/in_route.h).
var rtcfWords = []struct {
	flag netinfo.RouteFlags
	word string
}{
	{0x80000000, "local"}, {0x40000000, "reject"}, {0x20000000, "mc"}, {0x10000000, "brd"},
	{0x08000000, "dst-nat"}, {0x00800000, "src-nat"}, {0x00400000, "masq"}, {0x00020000, "dst-direct"},
	{0x04000000, "src-direct"}, {0x00040000, "redirected"}, {0x01000000, "redirect"},
	{0x00200000, "fastroute"}, {0x00010000, "notify"}, {0x00080000, "proxy"},
}

// cacheWords lists a cached route's RTCF_* flags.
func cacheWords(f netinfo.RouteFlags) []string {
	words := []string{}
	for _, cw := range rtcfWords {
		if f&cw.flag != 0 {
			words = append(words, cw.word)
		}
	}
	return words
}

// lookupRoute is the route ip prints for a lookup: the kernel's answer
// without the flag bits that only the cache line shows.
func lookupRoute(l *netinfo.RouteLookup) netinfo.Route {
	r := l.Route
	if r.Flags&netinfo.RouteCloned != 0 {
		r.Flags &= 0xffff
	}
	if !r.Src.IsValid() && l.Src.IsValid() && r.Flags&netinfo.RouteCloned != 0 && !r.PrefSrc.IsValid() {
		r.Src = netip.PrefixFrom(l.Src, l.Src.BitLen())
	}
	return r
}

// appendRouteGetLine appends `ip route get`'s text.
func appendRouteGetLine(b []byte, l *netinfo.RouteLookup, names linkNames, style routeStyle) []byte {
	r := lookupRoute(l)
	style.lookup = l
	return appendRouteLine(b, &r, names, style)
}

// appendRouteGetJSON adds `ip -j route get`'s object.
func appendRouteGetJSON(b []byte, l *netinfo.RouteLookup, names linkNames, style routeStyle) []byte {
	r := lookupRoute(l)
	style.lookup = l
	return appendRouteJSON(b, &r, names, style, false)
}

// appendLookupText appends what ip prints of a lookup after the route's
// flags: the mark, the uid and an IPv4 cached route's flags.
func appendLookupText(b []byte, l *netinfo.RouteLookup, family netinfo.Family) []byte {
	if l.Mark != 0 {
		if l.Mark >= 16 {
			b = append(b, " mark 0x"...)
			b = strconv.AppendUint(b, uint64(l.Mark), 16)
		} else {
			b = append(b, " mark "...)
			b = strconv.AppendUint(b, uint64(l.Mark), 10)
		}
	}
	if l.UID != nil {
		b = append(b, " uid "...)
		b = strconv.AppendUint(b, uint64(*l.UID), 10)
	}
	if family == netinfo.FamilyInet && l.Route.Flags&netinfo.RouteCloned != 0 {
		b = append(b, "\n    cache"...)
		if words := cacheWords(l.Route.Flags); len(words) > 0 {
			b = append(b, " <"...)
			for i, w := range words {
				if i > 0 {
					b = append(b, ',')
				}
				b = append(b, w...)
			}
			b = append(b, '>')
		}
	}
	return b
}

// lookupJSON is appendLookupText's JSON.
func lookupJSON(o *jsonObject, l *netinfo.RouteLookup, family netinfo.Family) {
	if l.Mark != 0 {
		o.uint("mark", uint64(l.Mark))
	}
	if l.UID != nil {
		o.uint("uid", uint64(*l.UID))
	}
	if family == netinfo.FamilyInet && l.Route.Flags&netinfo.RouteCloned != 0 {
		o.strings("cache", cacheWords(l.Route.Flags))
	}
}
