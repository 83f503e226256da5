package main

import (
	"fmt"
	"strings"

	"github.com/rtnlx/rtnlx/netinfo"
)

// This file holds the selectors `link show`, `addr show` and `addr
// flush` share, as iproute2's ipaddr_list_flush_or_save reads them, and
// how ip applies them: some in the kernel's dump (master, a kind the
// kernel knows), the rest in print_linkinfo, ipaddr_filter and
// print_addrinfo, whose order decides what is printed. A link or an
// address those leave out still costs ip -j an empty object ({}), and
// ipinfo prints the same.

// An ifaSelector is ip's address and link filter (struct filter of
// ipaddress.c).
type ifaSelector struct {
	link   bool           // `link show`: the AF_PACKET family, no addresses
	family netinfo.Family // filter.family: -4/-6, or the family of `to`
	to     inetPrefix     // filter.pfx

	scope     netinfo.Scope
	scopeMask bool // a scope other than "all" was given

	up              bool
	flags, flagMask netinfo.AddrFlags // the flag words, "-" inverting one

	label    string // an fnmatch pattern
	hasLabel bool

	group    uint32
	hasGroup bool

	masterFilter
	kind       string // `type KIND`
	slaveKind  string // `type KIND_slave`
	hasKind    bool
	hasSlvKind bool
	dev        string // `dev NAME` or a bare NAME

	// resolve fills these in.
	ifindex int
	byIfN   bool // the device was found only as "ifN", not by a name
	// inet6Dump is set for ip -6 addr without a device: ip dumps the
	// links as AF_INET6, which the kernel does not filter and whose
	// records hold no master, kind or group to filter on.
	inet6Dump bool
}

// ifaFlagWords are ip's ifa_flag_data names, the words get_filter takes.
var ifaFlagWords = map[string]netinfo.AddrFlags{
	"secondary":      netinfo.AddrSecondary,
	"temporary":      netinfo.AddrSecondary,
	"nodad":          netinfo.AddrNoDAD,
	"optimistic":     netinfo.AddrOptimistic,
	"dadfailed":      netinfo.AddrDADFailed,
	"home":           netinfo.AddrHomeAddress,
	"deprecated":     netinfo.AddrDeprecated,
	"tentative":      netinfo.AddrTentative,
	"permanent":      netinfo.AddrPermanent,
	"mngtmpaddr":     netinfo.AddrManageTempAddr,
	"noprefixroute":  netinfo.AddrNoPrefixRoute,
	"autojoin":       netinfo.AddrMcAutoJoin,
	"stable-privacy": netinfo.AddrStablePrivacy,
}

// flagFilter is get_filter: a flag word, "-" before it inverting it, and
// dynamic and primary the inverses of permanent and secondary.
func (s *ifaSelector) flagFilter(w string) bool {
	inv := strings.HasPrefix(w, "-")
	w = strings.TrimPrefix(w, "-")
	switch w {
	case "dynamic":
		inv, w = !inv, "permanent"
	case "primary":
		inv, w = !inv, "secondary"
	}
	f, ok := ifaFlagWords[w]
	if !ok {
		return false
	}
	if inv {
		s.flags &^= f
	} else {
		s.flags |= f
	}
	s.flagMask |= f
	return true
}

// parseIfaSelector reads the selectors of link show (link true), addr
// show and addr flush, with ip's errors. groups resolves group names.
func parseIfaSelector(args []string, link bool, family netinfo.Family, groups func(string) (uint32, bool)) (*ifaSelector, error) {
	s := &ifaSelector{link: link, family: family}
	if link {
		s.family = familyPacket
	}
	for i := 0; i < len(args); i++ {
		w := args[i]
		var v string
		var err error
		next := func() (string, error) { return nextArg(args, &i) }
		switch {
		case w == "to":
			if v, err = next(); err != nil {
				return nil, err
			}
			if s.to, err = getPrefix(v, s.family); err != nil {
				return nil, err
			}
			if s.family == netinfo.FamilyAll {
				s.family = s.to.family
			}
		case w == "scope":
			if v, err = next(); err != nil {
				return nil, err
			}
			sc, ok := lookupScope(v)
			switch {
			case ok:
				s.scope, s.scopeMask = sc, true
			case v == "all":
				s.scope, s.scopeMask = netinfo.ScopeNowhere, false
			default:
				return nil, invalidArg("invalid \"scope\"\n", v)
			}
		case w == "up":
			s.up = true
		case s.flagFilter(w):
		case w == "label":
			if s.label, err = next(); err != nil {
				return nil, err
			}
			s.hasLabel = true
		case w == "group":
			if v, err = next(); err != nil {
				return nil, err
			}
			g, ok := groups(v)
			if !ok {
				return nil, invalidArg("Invalid \"group\" value\n", v)
			}
			s.group, s.hasGroup = g, true
		case w == "master", w == "vrf":
			if v, err = next(); err != nil {
				return nil, err
			}
			s.setMaster(v, w == "vrf")
		case w == "nomaster":
			s.setNoMaster()
		case w == "type":
			if v, err = next(); err != nil {
				return nil, err
			}
			if k, ok := strings.CutSuffix(v, "_slave"); ok {
				s.slaveKind, s.hasSlvKind = k, true
			} else {
				s.kind, s.hasKind = v, true
			}
		default:
			if w == "dev" {
				if w, err = next(); err != nil {
					return nil, err
				}
			} else if isPrefix(w, "help") {
				return nil, errHelp
			}
			if s.dev != "" {
				return nil, garbage("dev", w)
			}
			s.dev = w
		}
	}
	return s, nil
}

// findLink is ll_name_to_index: a name, an alternative name, or "ifN"
// (byIfN then set).
func findLink(ds []netinfo.LinkDetails, name string) (idx int, byIfN bool) {
	for i := range ds {
		if ds[i].Name == name {
			return ds[i].Index, false
		}
	}
	for i := range ds {
		for _, alt := range ds[i].AltNames {
			if alt == name {
				return ds[i].Index, false
			}
		}
	}
	if n, err := fmt.Sscanf(name, "if%d", &idx); err == nil && n == 1 && idx > 0 {
		return idx, true
	}
	return 0, false
}

// resolve looks up the devices the selector names, failing as ip does:
// master and vrf as ip reads them (it exits), then the device.
func (s *ifaSelector) resolve(ds []netinfo.LinkDetails) error {
	if err := s.resolveMaster(ds); err != nil {
		return err
	}
	if s.dev != "" {
		if s.ifindex, s.byIfN = findLink(ds, s.dev); s.ifindex <= 0 {
			return &ipError{code: exitFailure, msg: fmt.Sprintf("Device %q does not exist.", s.dev)}
		}
	}
	return nil
}

// isVRF is name_is_vrf: the link's kind is vrf.
func isVRF(ds []netinfo.LinkDetails, name string) bool {
	for i := range ds {
		if ds[i].Name == name {
			return ds[i].Kind == "vrf"
		}
	}
	return false
}

// kernelDrops reports whether the kernel leaves l out of a filtered
// link dump (ip sends the master and the kind in its request): only
// when the link was dumped, not asked for by index. The kernel filters
// by kind only for a kind it has, which here means one some link has.
func (s *ifaSelector) kernelDrops(l *netinfo.Link, ds []netinfo.LinkDetails) bool {
	if s.ifindex != 0 || s.inet6Dump {
		return false
	}
	if s.dropsMaster(l.MasterIndex) {
		return true
	}
	if s.hasKind && l.Kind != s.kind {
		for i := range ds {
			if ds[i].Kind == s.kind {
				return true
			}
		}
	}
	return false
}

// linkVerdict is print_linkinfo's: -1 leaves the link out (ip -j still
// prints {}), 0 prints nothing of it (a label filter), 1 prints it.
func (s *ifaSelector) linkVerdict(l *netinfo.Link) int {
	switch {
	case s.ifindex != 0 && l.Index != s.ifindex,
		s.up && l.Flags&netinfo.LinkUp == 0:
		return -1
	case s.hasLabel:
		return 0
	}
	master, hasInfo := l.MasterIndex, l.Kind != "" || l.PortKind != ""
	if s.inet6Dump {
		master, hasInfo = 0, false
	} else if s.hasGroup && l.Group != s.group {
		return -1
	}
	switch {
	case s.masterIdx > 0 && master != s.masterIdx,
		s.hasKind && (!hasInfo || l.Kind != s.kind),
		s.hasSlvKind && (!hasInfo || l.PortKind != s.slaveKind):
		return -1
	}
	return 1
}

// addrMatch is print_addrinfo's filter: scope, flags, family, label
// (the link's name when the address has none) and prefix.
func (s *ifaSelector) addrMatch(a *netinfo.Addr, linkName string) bool {
	switch {
	case s.ifindex != 0 && a.Index != s.ifindex,
		s.scopeMask && a.Scope != s.scope,
		(s.flags^a.Flags)&s.flagMask != 0,
		s.family != netinfo.FamilyAll && s.family != familyPacket && a.Family != s.family:
		return false
	}
	if s.hasLabel {
		label := a.Label
		if label == "" {
			label = linkName
		}
		if !fnmatch(s.label, label) {
			return false
		}
	}
	if s.to.family != netinfo.FamilyAll && s.to.bits > 0 {
		if a.Family != s.to.family {
			return false
		}
		d := addrData(a.Prefix.Addr())
		if !inetMatch(&d, &s.to.data, s.to.bits) {
			return false
		}
	}
	return true
}

// fnmatch is fnmatch(3) without flags: * and ? match any characters, /
// included, [...] a set ("!" or "^" negating it, a-z ranges), and a
// backslash quotes the next character.
func fnmatch(pattern, s string) bool {
	for len(pattern) > 0 {
		c := pattern[0]
		switch c {
		case '*':
			for len(pattern) > 0 && pattern[0] == '*' {
				pattern = pattern[1:]
			}
			if pattern == "" {
				return true
			}
			for i := 0; i <= len(s); i++ {
				if fnmatch(pattern, s[i:]) {
					return true
				}
			}
			return false
		case '?':
			if s == "" {
				return false
			}
			pattern, s = pattern[1:], s[1:]
		case '[':
			if s == "" {
				return false
			}
			ok, rest, valid := matchSet(pattern[1:], s[0])
			if !valid {
				// An unclosed [ is an ordinary character.
				if s[0] != '[' {
					return false
				}
				pattern, s = pattern[1:], s[1:]
				continue
			}
			if !ok {
				return false
			}
			pattern, s = rest, s[1:]
		default:
			if c == '\\' && len(pattern) > 1 {
				pattern = pattern[1:]
				c = pattern[0]
			}
			if s == "" || s[0] != c {
				return false
			}
			pattern, s = pattern[1:], s[1:]
		}
	}
	return s == ""
}

// matchSet matches ch against the set that p starts (after its "["):
// ok, the pattern after the "]", and whether the set was closed.
func matchSet(p string, ch byte) (ok bool, rest string, valid bool) {
	neg := false
	if p != "" && (p[0] == '!' || p[0] == '^') {
		neg, p = true, p[1:]
	}
	first := true
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c == ']' && !first {
			return ok != neg, p[i+1:], true
		}
		first = false
		if c == '\\' && i+1 < len(p) {
			i++
			c = p[i]
		}
		if i+2 < len(p) && p[i+1] == '-' && p[i+2] != ']' {
			hi := p[i+2]
			if c <= ch && ch <= hi {
				ok = true
			}
			i += 2
			continue
		}
		if c == ch {
			ok = true
		}
	}
	return false, "", false
}

// parseIfaShow reads the selectors of link show and addr show.
func (c *command) parseIfaShow(args []string) error {
	s, err := parseIfaSelector(args, c.object == objectLink, c.family, c.groupLookup)
	if err != nil {
		return err
	}
	c.ifaSel, c.dev = s, s.dev
	return nil
}

// ifaSelector is the command's link and address selector: the one
// parsed, or for a command built otherwise (the overview, a batch line)
// the one its device and family make.
func (c *command) ifaSelector(link bool) *ifaSelector {
	if c.ifaSel != nil {
		return c.ifaSel
	}
	s := &ifaSelector{link: link, family: c.family, dev: c.dev}
	if link {
		s.family = familyPacket
	}
	return s
}
