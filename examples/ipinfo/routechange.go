package main

import (
	"context"
	"errors"
	"io"
	"net/netip"
	"strconv"
	"time"

	"github.com/rtnlx/rtnlx/netinfo"
)

// A routeChange is `route add|change|replace|append|prepend|test|del
// ROUTE`, with ip's words for a route (ip/iproute.c iproute_modify).
type routeChange struct {
	op    string // "add", "change", "replace", "append", "del"
	route netinfo.Route
	dev   string
	hops  []hopChange // "nexthop" groups, with their device names
}

// A hopChange is one `nexthop via ADDR dev NAME weight N onlink`.
type hopChange struct {
	hop netinfo.NextHop
	dev string
}

// routeChangeOp maps ip's route verbs, in its matches() order, to
// changes. ok is false for a verb that is not a change.
func routeChangeOp(verb string) (op string, ok bool) {
	switch {
	case matches(verb, "add"):
		return "add", true
	case matches(verb, "change"), verb == "chg":
		return "change", true
	case matches(verb, "replace"):
		return "replace", true
	case matches(verb, "append"):
		return "append", true
	case matches(verb, "delete"):
		return "del", true
	}
	return "", false
}

// parseRouteChange parses what follows the verb.
func parseRouteChange(op string, args []string, family netinfo.Family) (*routeChange, error) {
	rc := &routeChange{op: op, route: netinfo.Route{Family: family}}
	fam := argFamily{family} // the family ip reads addresses in
	r := &rc.route
	dstGiven := false
	for i := 0; i < len(args); i++ {
		w := args[i]
		next := func() (string, error) { return nextArg(args, &i) }
		var v string
		var err error
		switch {
		case w == "src":
			if v, err = next(); err != nil {
				return nil, err
			}
			if err := fam.take(v, "address"); err != nil {
				return nil, err
			}
			if r.PrefSrc, err = netip.ParseAddr(v); err != nil {
				return nil, badPrefix("inet address", v)
			}
		case w == "via":
			if v, err = next(); err != nil {
				return nil, err
			}
			via := fam // get_addr in the family named, else the route's
			if f, ok := readFamily(v); ok && (f == netinfo.FamilyInet || f == netinfo.FamilyInet6) {
				if v, err = next(); err != nil {
					return nil, err
				}
				via.f = f
			}
			if err := via.check(v, "address"); err != nil {
				return nil, err
			}
			if fam.f == netinfo.FamilyAll {
				_ = fam.take(v, "address") // no family yet: nothing to refuse
			}
			if r.Gateway, err = netip.ParseAddr(v); err != nil {
				return nil, badPrefix("inet address", v)
			}
		case w == "from":
			if v, err = next(); err != nil {
				return nil, err
			}
			if err := fam.take(v, "prefix"); err != nil {
				return nil, err
			}
			ip, bits, ok := parsePrefixArg(v)
			if !ok {
				return nil, badPrefix("any valid prefix", v)
			}
			if bits < 0 {
				bits = ip.BitLen()
			}
			r.Src = netip.PrefixFrom(ip, bits)
		case w == "tos", matches(w, "dsfield"):
			if v, err = next(); err != nil {
				return nil, err
			}
			t, ok := lookupDSField(v, loadDSFieldNames().lookup) // rtnl_dsfield_a2n: a name, or hex with or without 0x
			if !ok {
				return nil, invalidArg("\"tos\" value is invalid\n", v)
			}
			r.TOS = t
		case w == "expires":
			if v, err = next(); err != nil {
				return nil, err
			}
			n, err := strconv.ParseUint(v, 0, 32)
			if err != nil {
				return nil, invalidArg("\"expires\" value is invalid\n", v)
			}
			r.Expires = time.Duration(n) * time.Second
		case matches(w, "metric"), matches(w, "priority"), w == "preference":
			if v, err = next(); err != nil {
				return nil, err
			}
			n, err := strconv.ParseUint(v, 0, 32)
			if err != nil {
				return nil, invalidArg("\"metric\" value is invalid\n", v)
			}
			r.Priority = uint32(n)
		case w == "scope":
			if v, err = next(); err != nil {
				return nil, err
			}
			s, ok := parseScope(v)
			if !ok {
				return nil, invalidArg("invalid \"scope\" value\n", v)
			}
			r.Scope = s
		case routeMetricWord(w) != "":
			if err := parseRouteMetric(r, routeMetricWord(w), next); err != nil {
				return nil, err
			}
		case w == "onlink":
			r.Flags |= netinfo.RouteOnLink
		case w == "nexthop":
			hops, n, err := parseNextHops(args[i+1:])
			if err != nil {
				return nil, err
			}
			rc.hops = hops
			i += n
		case matches(w, "protocol"):
			if v, err = next(); err != nil {
				return nil, err
			}
			p, ok := parseProtocol(v)
			if !ok {
				return nil, invalidArg("\"protocol\" value is invalid\n", v)
			}
			r.Protocol = p
		case matches(w, "table"):
			if v, err = next(); err != nil {
				return nil, err
			}
			t, ok := parseTable(v)
			if !ok || t == 0 {
				return nil, invalidArg("\"table\" value is invalid\n", v)
			}
			r.Table = t
		case w == "dev", w == "oif":
			if rc.dev, err = next(); err != nil {
				return nil, err
			}
		case matches(w, "pref"):
			if v, err = next(); err != nil {
				return nil, err
			}
			switch v {
			case "low":
				r.Pref = netinfo.RoutePrefLow
			case "medium":
				r.Pref = netinfo.RoutePrefMedium
			case "high":
				r.Pref = netinfo.RoutePrefHigh
			default:
				return nil, invalidArg("\"pref\" value is invalid\n", v)
			}
		case routeMetricLate(w) != "":
			if err := parseRouteMetric(r, routeMetricLate(w), next); err != nil {
				return nil, err
			}
		default:
			if w == "to" {
				if w, err = next(); err != nil {
					return nil, err
				}
			}
			if w != "" && (w[0] < '0' || w[0] > '9') && i+1 < len(args) {
				if t, ok := parseRouteType(w); ok {
					r.Type = t
					i++
					w = args[i]
				}
			}
			// After "to" and the type, as ip reads it: "route add to help".
			if matches(w, "help") {
				return nil, errHelp
			}
			if dstGiven {
				return nil, garbage("to", w)
			}
			if err := rc.setDst(w, &fam); err != nil {
				return nil, err
			}
			dstGiven = true
		}
	}
	if !dstGiven {
		return nil, ipUsagef("Not enough information: \"to\" argument is required.")
	}
	if r.Family == netinfo.FamilyAll && r.Dst.Bits() == 0 {
		// "default" takes its family from the gateway, as in ip.
		gw := r.Gateway
		if !gw.IsValid() && len(rc.hops) > 0 {
			gw = rc.hops[0].hop.Gateway
		}
		if gw.Is6() {
			r.Dst = netip.PrefixFrom(netip.IPv6Unspecified(), 0)
		}
	}
	return rc, nil
}

// parseNextHops reads `nexthop` groups up to the end of the line (ip
// takes nothing else after them) and says how many words it used.
func parseNextHops(args []string) ([]hopChange, int, error) {
	hops := []hopChange{{hop: netinfo.NextHop{Weight: 1}}}
	for i := 0; i < len(args); i++ {
		w := args[i]
		h := &hops[len(hops)-1]
		if w == "nexthop" {
			hops = append(hops, hopChange{hop: netinfo.NextHop{Weight: 1}})
			continue
		}
		if w == "onlink" {
			h.hop.Flags |= netinfo.RouteOnLink
			continue
		}
		if i+1 >= len(args) {
			return nil, 0, missingArg(w)
		}
		i++
		v := args[i]
		switch w {
		case "via":
			if v == "inet" || v == "inet6" {
				if i+1 >= len(args) {
					return nil, 0, missingArg(w)
				}
				i++
				v = args[i]
			}
			gw, err := netip.ParseAddr(v)
			if err != nil {
				return nil, 0, badPrefix("inet address", v)
			}
			h.hop.Gateway = gw
		case "dev":
			h.dev = v
		case "weight":
			n, err := strconv.ParseUint(v, 0, 8)
			if err != nil || n == 0 || n > 256 {
				return nil, 0, invalidArg("\"weight\" is invalid\n", v)
			}
			h.hop.Weight = int(n)
		default:
			return nil, 0, garbage("nexthop", w)
		}
	}
	return hops, len(args), nil
}

// setDst reads the destination: a prefix, an address (a host route) or
// default (also "all" and "any", as ip reads them).
func (rc *routeChange) setDst(s string, fam *argFamily) error {
	if s == "default" || s == "all" || s == "any" {
		addr := netip.IPv4Unspecified()
		if rc.route.Family == netinfo.FamilyInet6 || fam.f == netinfo.FamilyInet6 { // -6, or an IPv6 address before it
			addr = netip.IPv6Unspecified()
		}
		rc.route.Dst = netip.PrefixFrom(addr, 0)
		return nil
	}
	if err := fam.take(s, "prefix"); err != nil {
		return err
	}
	ip, bits, ok := parsePrefixArg(s)
	if !ok {
		return badPrefix("any valid prefix", s)
	}
	if bits < 0 {
		bits = ip.BitLen()
	}
	if fam := familyOf(ip); rc.route.Family != netinfo.FamilyAll && rc.route.Family != fam {
		return badPrefix("any valid prefix", s)
	}
	rc.route.Dst = netip.PrefixFrom(ip, bits)
	return nil
}

// parseWordOrNumber reads one of words or a number from 0 to 255.
func parseWordOrNumber(s string, words map[string]uint8) (uint8, bool) {
	if v, ok := words[s]; ok {
		return v, true
	}
	n, err := strconv.ParseUint(s, 0, 8)
	return uint8(n), err == nil
}

// resolveDev turns a device name into its index, with ip's error.
func resolveDev(ctx context.Context, h *netinfo.Handle, name string) (int, error) {
	l, err := h.LinkByName(ctx, name)
	if errors.Is(err, netinfo.ErrNotFound) {
		return 0, noDevice(name)
	}
	if err != nil {
		return 0, err
	}
	return l.Index, nil
}

// apply makes the change; like ip it prints nothing on success.
func (rc *routeChange) apply(ctx context.Context, h *netinfo.Handle, _ *command, _ io.Writer) error {
	r := rc.route
	var err error
	if rc.dev != "" {
		if r.OutIndex, err = resolveDev(ctx, h, rc.dev); err != nil {
			return err
		}
	}
	for _, hc := range rc.hops {
		nh := hc.hop
		if hc.dev != "" {
			if nh.OutIndex, err = resolveDev(ctx, h, hc.dev); err != nil {
				return err
			}
		}
		r.NextHops = append(r.NextHops, nh)
	}
	switch rc.op {
	case "add":
		err = h.AddRoute(ctx, r)
	case "del":
		err = h.DelRoute(ctx, r)
	case "replace":
		err = h.ReplaceRoute(ctx, r)
	case "change":
		err = h.ChangeRoute(ctx, r)
	case "append":
		err = h.AppendRoute(ctx, r)
	}
	return kernelError(err)
}
