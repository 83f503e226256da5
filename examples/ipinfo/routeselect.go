package main

import (
	"errors"
	"net/netip"
	"strings"

	"github.com/rtnlx/rtnlx/netinfo"
)

// This file holds the route selectors that `route show|list` and `route
// flush` take, as iproute2's iproute_list_flush_or_save reads them and
// filter_nlmsg applies them, and what print_route then leaves out of
// each route because the selector fixes it.

// A routeSelector is ip's route filter. The masks follow ip's: a
// selector given with a value fixes the field (ip then does not print
// it), "all" gives none.
type routeSelector struct {
	family netinfo.Family // -4, -6 or -f (preferred_family)
	table  netinfo.Table  // filter.tb: main unless `table` says otherwise, 0 for all
	cloned bool           // `cached`, `cloned`, `table cache`: the route cache

	proto      netinfo.RouteProtocol
	protoFixed bool // protocolmask == -1: `protocol P` (not `all`)
	scope      netinfo.Scope
	scopeFixed bool
	typeMask   uint64 // 1<<type of the types listed; 0 for any
	tos        uint8
	tosFixed   bool

	rdst, mdst, rsrc, msrc inetPrefix // root and match prefixes of to and from; exact is both
	via, prefsrc           inetPrefix

	realm, realmMask uint32
	metric           uint32
	metricFixed      bool
	mark             uint32
	markFixed        bool

	iif, oif string // device names, resolved when the command runs
	vrf      string // a VRF device whose table to list, resolved when the command runs
	vrfFirst bool   // a table selector came after vrf, and wins

	iifIndex, oifIndex int // resolved iif and oif; 0 when not given
}

// idLookup resolves a name from one of iproute2's name files.
type idLookup func(name string) (uint32, bool)

// selectorNames are the name files the selectors read (rt_tables,
// rt_dsfield, rt_realms), loaded when a selector first needs them.
type selectorNames struct {
	table, dsfield, realm idLookup
}

// parseRouteSelector reads ip's route selectors (iproute_list_flush_or_save).
// Its errors are ip's, with ip's exit statuses.
func parseRouteSelector(args []string, family netinfo.Family, names selectorNames) (*routeSelector, error) {
	s := &routeSelector{family: family, table: netinfo.TableMain}
	// dump_family while reading: the prefixes are read in -4/-6's
	// family; only after them does a table make the dump IPv4.
	for i := 0; i < len(args); i++ {
		w := args[i]
		next := func() (string, error) { return nextArg(args, &i) }
		var v string
		var err error
		switch {
		case matches(w, "table"):
			if v, err = next(); err != nil {
				return nil, err
			}
			s.vrfFirst = s.vrf != ""
			if id, ok := lookupTable(v, names.table); ok {
				s.table = netinfo.Table(id)
				break
			}
			switch v {
			case "all":
				s.table = 0
			case "cache":
				s.cloned = true
			case "help":
				return nil, errHelp
			default:
				return nil, invalidArg("table id value is invalid\n", v)
			}
		case matches(w, "vrf"):
			if s.vrf, err = next(); err != nil {
				return nil, err
			}
			s.vrfFirst = false
			s.typeMask = ^uint64(1<<netinfo.RouteLocal | 1<<netinfo.RouteBroadcast)
		case matches(w, "cached"), matches(w, "cloned"):
			s.cloned = true
		case w == "tos", matches(w, "dsfield"):
			if v, err = next(); err != nil {
				return nil, err
			}
			t, ok := lookupDSField(v, names.dsfield)
			if !ok {
				return nil, invalidArg("TOS value is invalid\n", v)
			}
			s.tos, s.tosFixed = t, true
		case matches(w, "protocol"):
			if v, err = next(); err != nil {
				return nil, err
			}
			p, ok := lookupProtocol(v)
			switch {
			case ok:
				s.proto, s.protoFixed = p, true
			case v == "all":
				s.proto, s.protoFixed = 0, false
			default:
				return nil, invalidArg("invalid \"protocol\"\n", v)
			}
		case matches(w, "scope"):
			if v, err = next(); err != nil {
				return nil, err
			}
			sc, ok := lookupScope(v)
			switch {
			case ok:
				s.scope, s.scopeFixed = sc, true
			case v == "all":
				s.scope, s.scopeFixed = netinfo.ScopeNowhere, false
			default:
				return nil, invalidArg("invalid \"scope\"\n", v)
			}
		case matches(w, "type"):
			if v, err = next(); err != nil {
				return nil, err
			}
			t, ok := lookupRouteType(v)
			if !ok {
				return nil, invalidArg("node type value is invalid\n", v)
			}
			s.typeMask = typeBit(t)
		case w == "dev", w == "oif":
			if s.oif, err = next(); err != nil {
				return nil, err
			}
		case w == "iif":
			if s.iif, err = next(); err != nil {
				return nil, err
			}
		case w == "mark":
			if v, err = next(); err != nil {
				return nil, err
			}
			n, rest, ok := parseCUint(v)
			if !ok || rest != "" || n > 1<<32-1 {
				return nil, invalidArg("invalid mark value", v)
			}
			s.mark, s.markFixed = uint32(n), true
		case matches(w, "metric"), matches(w, "priority"), w == "preference":
			if v, err = next(); err != nil {
				return nil, err
			}
			n, rest, ok := parseCUint(v)
			if !ok || rest != "" || n > 1<<32-1 {
				return nil, invalidArg("\"metric\" value is invalid\n", v)
			}
			s.metric, s.metricFixed = uint32(n), true
		case w == "via":
			if v, err = next(); err != nil {
				return nil, err
			}
			f, ok := readFamily(v)
			if !ok {
				f = s.family
			} else if v, err = next(); err != nil {
				return nil, err
			}
			if s.via, err = getPrefix(v, f); err != nil {
				return nil, err
			}
		case w == "src":
			if v, err = next(); err != nil {
				return nil, err
			}
			if s.prefsrc, err = getPrefix(v, s.family); err != nil {
				return nil, err
			}
		case matches(w, "realms"):
			if v, err = next(); err != nil {
				return nil, err
			}
			realm, mask, ok := parseRealmSelector(v, names.realm)
			if !ok {
				return nil, invalidArg("invalid realms\n", v)
			}
			s.realm, s.realmMask = realm, mask
		case matches(w, "from"):
			if err = s.parsePrefixes(args, &i, &s.rsrc, &s.msrc, false); err != nil {
				return nil, err
			}
		default:
			i-- // the word is the prefix itself, or root/match/exact/to
			if err = s.parsePrefixes(args, &i, &s.rdst, &s.mdst, true); err != nil {
				return nil, err
			}
		}
	}
	return s, nil
}

// parsePrefixes reads `[to] [root|match|exact] PREFIX` (to only for the
// destination) after args[*i] into the root and match filters: root
// sets root, match sets match, exact or none sets both.
func (s *routeSelector) parsePrefixes(args []string, i *int, root, match *inetPrefix, isTo bool) error {
	v, err := nextArg(args, i)
	if err != nil {
		return err
	}
	if isTo && matches(v, "to") {
		if v, err = nextArg(args, i); err != nil {
			return err
		}
	}
	switch {
	case matches(v, "root"):
		if v, err = nextArg(args, i); err != nil {
			return err
		}
		*root, err = getPrefix(v, s.family)
		return err
	case matches(v, "match"):
		if v, err = nextArg(args, i); err != nil {
			return err
		}
		*match, err = getPrefix(v, s.family)
		return err
	case matches(v, "exact"):
		if v, err = nextArg(args, i); err != nil {
			return err
		}
	}
	if *match, err = getPrefix(v, s.family); err != nil {
		return err
	}
	*root = *match
	return nil
}

// readFamily is iproute2's read_family: the family words `via` takes.
func readFamily(s string) (netinfo.Family, bool) {
	switch s {
	case "inet":
		return netinfo.FamilyInet, true
	case "inet6":
		return netinfo.FamilyInet6, true
	case "link":
		return familyPacket, true
	case "mpls":
		return familyMPLS, true
	case "bridge":
		return netinfo.FamilyBridge, true
	}
	return netinfo.FamilyAll, false
}

// typeBit is ip's 1<<type for a type mask; types past the mask's width
// select nothing.
func typeBit(t netinfo.RouteType) uint64 {
	if t >= 64 {
		return 0
	}
	return 1 << t
}

// lookupTable is rtnl_rttable_a2n: a name (built in or from rt_tables)
// or a C number.
func lookupTable(s string, names idLookup) (uint32, bool) {
	switch s {
	case "main":
		return uint32(netinfo.TableMain), true
	case "local":
		return uint32(netinfo.TableLocal), true
	case "default":
		return uint32(netinfo.TableDefault), true
	}
	if names != nil {
		if id, ok := names(s); ok {
			return id, true
		}
	}
	n, rest, ok := parseCUint(s)
	if !ok || rest != "" || n > 1<<32-1 {
		return 0, false
	}
	return uint32(n), true
}

// lookupProtocol is rtnl_rtprot_a2n: a name from rt_protos (netinfo's
// words are those of iproute2's file) or a C number up to 255.
func lookupProtocol(s string) (netinfo.RouteProtocol, bool) {
	for p := range 256 {
		if netinfo.RouteProtocol(p).String() == s && !isCNumber(s) {
			return netinfo.RouteProtocol(p), true
		}
	}
	n, rest, ok := parseCUint(s)
	if !ok || rest != "" || n > 255 {
		return 0, false
	}
	return netinfo.RouteProtocol(n), true
}

// lookupScope is rtnl_rtscope_a2n: global, site, link, host, nowhere or
// a C number up to 255.
func lookupScope(s string) (netinfo.Scope, bool) {
	for sc := range 256 {
		if netinfo.Scope(sc).String() == s && !isCNumber(s) {
			return netinfo.Scope(sc), true
		}
	}
	n, rest, ok := parseCUint(s)
	if !ok || rest != "" || n > 255 {
		return 0, false
	}
	return netinfo.Scope(n), true
}

// isCNumber reports whether s is all digits: netinfo prints a number
// for a value without a name, which is not a name to look up.
func isCNumber(s string) bool {
	_, rest, ok := parseCUint(s)
	return ok && rest == ""
}

// lookupRouteType is rtnl_rtntype_a2n, with its abbreviations and order.
func lookupRouteType(s string) (netinfo.RouteType, bool) {
	switch {
	case s == "local":
		return netinfo.RouteLocal, true
	case s == "nat":
		return netinfo.RouteNAT, true
	case matches(s, "broadcast"), s == "brd":
		return netinfo.RouteBroadcast, true
	case matches(s, "anycast"):
		return netinfo.RouteAnycast, true
	case matches(s, "multicast"):
		return netinfo.RouteMulticast, true
	case matches(s, "prohibit"):
		return netinfo.RouteProhibit, true
	case matches(s, "unreachable"):
		return netinfo.RouteUnreachable, true
	case matches(s, "blackhole"):
		return netinfo.RouteBlackhole, true
	case matches(s, "xresolve"):
		return netinfo.RouteXResolve, true
	case matches(s, "unicast"):
		return netinfo.RouteUnicast, true
	case s == "throw":
		return netinfo.RouteThrow, true
	}
	n, rest, ok := parseCUint(s)
	if !ok || rest != "" || n > 255 {
		return 0, false
	}
	return netinfo.RouteType(n), true
}

// lookupDSField is rtnl_dsfield_a2n: a name from rt_dsfield, else a hex
// number (base 16, 0x allowed) up to 255.
func lookupDSField(s string, names idLookup) (uint8, bool) {
	if s == "0" {
		return 0, true // the built-in name of 0
	}
	if names != nil {
		if id, ok := names(s); ok && id <= 255 {
			return uint8(id), true
		}
	}
	hex := strings.TrimPrefix(strings.TrimPrefix(s, "0x"), "0X")
	if hex == "" || len(hex) == len(s)-2 && !isDigitIn(hex[0], 16) {
		return 0, false
	}
	var n uint64
	for i := 0; i < len(hex); i++ {
		if !isDigitIn(hex[i], 16) {
			return 0, false
		}
		n = n*16 + uint64(digitValue(hex[i]))
		if n > 255 {
			return 0, false
		}
	}
	return uint8(n), true
}

// parseRealmSelector reads `realms [FROM/]TO` and the mask ip filters
// with: a half left out (as in "3/" or "5") is not compared when zero.
func parseRealmSelector(s string, names idLookup) (realm, mask uint32, ok bool) {
	realm, ok = parseRealms(s, names)
	if !ok {
		return 0, 0, false
	}
	mask = ^uint32(0)
	if realm&0xffff == 0 && strings.HasSuffix(s, "/") {
		mask &^= 0xffff
	}
	if realm&0xffff0000 == 0 && (!strings.Contains(s, "/") || s[0] == '/') {
		mask &^= 0xffff0000
	}
	return realm, mask, true
}

// parseRealms is get_rt_realms_or_raw: FROM/TO or TO, each a name from
// rt_realms or a C number up to 255, else one raw C number.
func parseRealms(s string, names idLookup) (uint32, bool) {
	one := func(w string) (uint32, bool) {
		if names != nil {
			if id, ok := names(w); ok && id <= 255 {
				return id, true
			}
		}
		n, rest, ok := parseCUint(w)
		if !ok || rest != "" || n > 255 {
			return 0, false
		}
		return uint32(n), true
	}
	var realms uint32
	to := s
	good := true
	if from, after, slash := strings.Cut(s, "/"); slash {
		f, ok := one(from)
		realms, to, good = f<<16, after, ok
	}
	if good && to != "" {
		t, ok := one(to)
		realms |= t
		good = ok
	}
	if good {
		return realms, true
	}
	n, rest, ok := parseCUint(s)
	if !ok || rest != "" || n > 1<<32-1 {
		return 0, false
	}
	return uint32(n), true
}

// dumpFamily is the family ip dumps: -4/-6's, else IPv4 when a table is
// selected (as it is unless `table all`), else both.
func (s *routeSelector) dumpFamily() netinfo.Family {
	if s.family == netinfo.FamilyAll && s.table != 0 {
		return netinfo.FamilyInet
	}
	return s.family
}

// resolve looks up the devices and the VRF the selectors name, with ip's
// errors, among links.
func (s *routeSelector) resolve(links []netinfo.Link) error {
	if s.vrf != "" {
		t, ok := vrfTable(links, s.vrf)
		if !ok {
			return invalidArg("Invalid VRF\n", s.vrf)
		}
		if !s.vrfFirst {
			s.table = t
		}
	}
	find := func(name string) (int, error) {
		for i := range links {
			if links[i].Name == name {
				return links[i].Index, nil
			}
		}
		return 0, noDevice(name)
	}
	var err error
	if s.iif != "" {
		if s.iifIndex, err = find(s.iif); err != nil {
			return err
		}
	}
	if s.oif != "" {
		if s.oifIndex, err = find(s.oif); err != nil {
			return err
		}
	}
	return nil
}

// vrfTable is ipvrf_get_table: the table of the VRF device name, or
// main for "default" when no device has that name.
func vrfTable(links []netinfo.Link, name string) (netinfo.Table, bool) {
	for i := range links {
		if links[i].Name != name {
			continue
		}
		if v, ok := links[i].Info.(*netinfo.VRF); ok && links[i].Kind == "vrf" && v.Table != 0 {
			return netinfo.Table(v.Table), true
		}
		return 0, false
	}
	if name == "default" {
		return netinfo.TableMain, true
	}
	return 0, false
}

// dumpFilter is what ip asks the kernel for: the family, the table, the
// output device and the cache (the kernel filters by them; the rest is
// ours).
func (s *routeSelector) dumpFilter() netinfo.RouteFilter {
	fam := s.dumpFamily()
	if fam == familyPacket {
		fam = netinfo.FamilyAll // ip dumps in that family and shows nothing the kernel sends
	}
	return netinfo.RouteFilter{Family: fam, Table: s.table, OutIndex: s.oifIndex, Cloned: s.cloned}
}

// match is filter_nlmsg: whether ip shows (or flushes) r. The kernel's
// own filters (family, table, device) are applied again, since a backend
// may not filter.
func (s *routeSelector) match(r *netinfo.Route, flush bool) bool {
	if r.Family != netinfo.FamilyInet && r.Family != netinfo.FamilyInet6 {
		return false
	}
	if f := s.dumpFamily(); f != netinfo.FamilyAll && r.Family != f {
		return false
	}
	if s.cloned != (r.Flags&netinfo.RouteCloned != 0) {
		return false
	}
	if s.table != 0 && r.Table != s.table {
		return false
	}
	if r.Family == netinfo.FamilyInet6 && s.table == netinfo.TableMain && r.Type == netinfo.RouteLocal {
		// ip believes IPv6 has one table until it meets a route of
		// another; a dump of main never shows it one, so ip tells main
		// from local by the type.
		return false
	}
	if s.protoFixed && r.Protocol != s.proto {
		return false
	}
	if s.scopeFixed && r.Scope != s.scope {
		return false
	}
	if s.typeMask != 0 && s.typeMask&typeBit(r.Type) == 0 {
		return false
	}
	if s.tosFixed && r.TOS != s.tos {
		return false
	}
	dst := prefixData(r.Dst)
	if !matchPrefix(&s.rdst, &s.mdst, r.Family, r.Dst.Bits(), &dst) {
		return false
	}
	srcBits := 0
	if r.Src.IsValid() {
		srcBits = r.Src.Bits()
	}
	src := prefixData(r.Src)
	if !matchPrefix(&s.rsrc, &s.msrc, r.Family, srcBits, &src) {
		return false
	}
	if s.via.family != netinfo.FamilyAll {
		family, via := r.Family, addrData(r.Gateway)
		if r.Gateway.IsValid() {
			family = familyOf(r.Gateway) // RTA_VIA's family, or the route's
		}
		if family != s.via.family || !inetMatch(&via, &s.via.data, s.via.bits) {
			return false
		}
	}
	if s.prefsrc.family != netinfo.FamilyAll {
		ps := addrData(r.PrefSrc)
		if r.Family != s.prefsrc.family || !inetMatch(&ps, &s.prefsrc.data, s.prefsrc.bits) {
			return false
		}
	}
	if s.realmMask != 0 && (r.Realms^s.realm)&s.realmMask != 0 {
		return false
	}
	if s.iif != "" && s.iifIndex != 0 {
		return false // dumps carry no RTA_IIF: ip compares with 0
	}
	if s.oif != "" && r.OutIndex != s.oifIndex {
		return false // ip 6.1 compares RTA_OIF alone, 0 for a multipath route
	}
	if s.markFixed && s.mark != 0 {
		return false // nor RTA_MARK
	}
	if s.metricFixed && r.Priority != s.metric {
		return false
	}
	if flush && r.Family == netinfo.FamilyInet6 && r.Dst.Bits() == 0 && r.Type == netinfo.RouteUnreachable && r.Priority == 1<<32-1 {
		return false // the kernel's null entry
	}
	return true
}

// matchPrefix applies a root and a match filter (to or from) to a
// route's prefix of length bits and data d.
func matchPrefix(root, match *inetPrefix, family netinfo.Family, bits int, d *[16]byte) bool {
	if root.given() {
		if root.family != netinfo.FamilyAll && family != root.family || root.bits > bits {
			return false
		}
	}
	if match.given() {
		if match.family != netinfo.FamilyAll && family != match.family || match.bits < bits {
			return false
		}
	}
	if root.given() && !inetMatch(d, &root.data, root.bits) {
		return false
	}
	if match.given() && !inetMatch(d, &match.data, bits) {
		return false
	}
	return true
}

// prefixData is a route prefix as ip copies it from RTA_DST or RTA_SRC:
// the bytes its length covers, zeros after.
func prefixData(p netip.Prefix) [16]byte {
	d := addrData(p.Addr())
	if p.IsValid() {
		for i := (p.Bits() + 7) / 8; i < len(d); i++ {
			d[i] = 0
		}
	}
	return d
}

// fixed says what ip leaves out of each route because the selectors fix
// it.
func (s *routeSelector) fixed() routeFixed {
	return routeFixed{
		proto:   s.protoFixed,
		scope:   s.scopeFixed,
		tos:     s.tosFixed,
		metric:  s.metricFixed,
		realms:  s.realmMask == ^uint32(0),
		viaBits: s.via.bits,
		srcBits: s.prefsrc.bits,
	}
}

// routeFixed is what a listing leaves out of each route, as print_route
// does for the fields a selector fixes. The zero value leaves out
// nothing.
type routeFixed struct {
	proto, scope, tos, metric, realms bool
	// viaBits and srcBits are the lengths of the via and src
	// selectors: a whole address fixes the gateway (of the route's own
	// family) or the preferred source.
	viaBits, srcBits int
}

// showsGateway reports whether r's gateway is printed: always when it
// is of another family (RTA_VIA).
func (f routeFixed) showsGateway(r *netinfo.Route) bool {
	return familyOf(r.Gateway) != r.Family || f.viaBits != hostBits(r.Family)
}

// showsPrefSrc reports whether r's preferred source is printed.
func (f routeFixed) showsPrefSrc(r *netinfo.Route) bool {
	return f.srcBits != hostBits(r.Family)
}

// selectorNames gives the selector parser iproute2's name files, each
// read when a selector first needs it.
func (c *command) selectorNames() selectorNames {
	return selectorNames{
		table: func(name string) (uint32, bool) {
			if c.tables == nil {
				c.tables = loadTableNames()
			}
			t, ok := c.tables.lookup(name)
			return uint32(t), ok
		},
		dsfield: func(name string) (uint32, bool) {
			if c.dsfields == nil {
				c.dsfields = loadDSFieldNames()
			}
			return c.dsfields.lookup(name)
		},
		realm: func(name string) (uint32, bool) {
			if c.realms == nil {
				c.realms = loadRealmNames()
			}
			return c.realms.lookup(name)
		},
	}
}

// parseRouteShow parses the selectors of `route show|list`.
func (c *command) parseRouteShow(args []string) error {
	s, err := parseRouteSelector(args, c.family, c.selectorNames())
	if err != nil {
		return err
	}
	c.selectors, c.table = s, s.table
	return nil
}

// routeStyle is how a listing with these selectors prints routes.
func (s *routeSelector) style(c *command) routeStyle {
	return routeStyle{showTable: s.table == 0, hideDev: s.oif != "", tables: c.tables,
		fixed: s.fixed(), dsfields: c.dsfields, realms: c.realms, details: c.details, oneline: c.oneline}
}

// dumpError is ip's answer to a refused route dump: a table that does
// not exist is an error, except main (a new namespace may have none
// yet), or in a batch, where ip dumps every table and filters itself.
func (s *routeSelector) dumpError(err error, inBatch bool) error {
	if errors.Is(err, netinfo.ErrNotFound) && (s.table == netinfo.TableMain || inBatch) {
		return nil
	}
	return dumpError(err, "Dump terminated")
}
