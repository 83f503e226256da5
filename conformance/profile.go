package conformance

import (
	"net/netip"
	"strings"
	"time"

	"github.com/rtnlx/rtnlx/netinfo"
)

// Families is a set of IP families a backend reports for one object
// kind.
type Families uint8

// The families.
const (
	IPv4 Families = 1 << iota
	IPv6

	BothFamilies = IPv4 | IPv6
)

// Has reports whether f holds family fam (FamilyInet or FamilyInet6).
func (f Families) Has(fam netinfo.Family) bool {
	switch fam {
	case netinfo.FamilyInet:
		return f&IPv4 != 0
	case netinfo.FamilyInet6:
		return f&IPv6 != 0
	}
	return false
}

// List lists the families of f as netinfo families.
func (f Families) List() []netinfo.Family {
	var out []netinfo.Family
	if f&IPv4 != 0 {
		out = append(out, netinfo.FamilyInet)
	}
	if f&IPv6 != 0 {
		out = append(out, netinfo.FamilyInet6)
	}
	return out
}

// Setters is a set of netinfo setters a backend implements.
type Setters uint16

// The setters, by group.
const (
	SetLinkUpDown Setters = 1 << iota // SetLinkUp, SetLinkDown
	SetLinkMTU                        // SetLinkMTU
	SetLinkName                       // SetLinkName
	SetLinkAlias                      // SetLinkAlias
	SetAddrs                          // AddAddr, ReplaceAddr, DelAddr
	SetRoutes                         // AddRoute, ReplaceRoute, DelRoute
	SetNeighbors                      // AddNeighbor, ReplaceNeighbor, DelNeighbor

	AllSetters = SetLinkUpDown | SetLinkMTU | SetLinkName | SetLinkAlias | SetAddrs | SetRoutes | SetNeighbors
)

// A Limit is a known shortcoming of a backend that relaxes one check. The
// check still runs as far as it can and logs the reason; a Limit naming
// no check fails the suite, so that a typo cannot hide anything.
type Limit struct {
	// Check is the check relaxed, one of the Check* names.
	Check string
	// Reason says why, for the test log.
	Reason string
}

// Names of the checks a Limit can relax.
const (
	// CheckLoopback: the loopback link or one of its addresses is absent.
	CheckLoopback = "loopback"
	// CheckRouteLinks: routes may name links the link dump lacks.
	CheckRouteLinks = "route-links"
	// CheckLinkLookup: LinkByIndex/LinkByName may differ from the dump
	// in fields other than index and name.
	CheckLinkLookup = "link-lookup"
	// CheckResync: the resync contract cannot be exercised (no way to
	// make the target lose events).
	CheckResync = "resync"
	// CheckEventOrder: events of different kinds may come out of order
	// (a polling backend diffs all kinds at once).
	CheckEventOrder = "event-order"
	// CheckLinkAdminDown: a link set down keeps IFF_UP; only its
	// operational state shows it (a system that reports no admin state).
	CheckLinkAdminDown = "link-admin-down"
)

var knownChecks = []string{CheckLoopback, CheckRouteLinks, CheckLinkLookup, CheckResync, CheckEventOrder, CheckLinkAdminDown}

// A Profile describes what a backend can do, so that the suite expects
// exactly that: a capability marked absent is checked to answer
// ErrNotSupported rather than skipped.
type Profile struct {
	// Name names the profile in test logs ("linux", "windows-wine8", ...).
	Name string

	// AddrFamilies, RouteFamilies and NeighFamilies are the families
	// the backend reports (and its events carry) for each kind.
	AddrFamilies, RouteFamilies, NeighFamilies Families

	// Watch is the kinds whose changes come as events.
	Watch netinfo.WatchKind
	// EventDeadline bounds the wait for one event after a change (a
	// polling backend needs its poll interval and more). Zero means 10s.
	EventDeadline time.Duration

	// Setters are the netinfo setters the backend implements; the others
	// must answer ErrNotSupported.
	Setters Setters
	// NetNS reports whether netinfo.WithNetNS works (Linux). Checked
	// only on a target that is the platform default.
	NetNS bool

	// Rules reports whether policy rules are served (Linux); without
	// them Rules, AddRule and DelRule must answer ErrNotSupported.
	Rules bool
	// Nexthops reports whether nexthop objects are served (Linux);
	// without them Nexthops, NexthopByID, AddNexthop and DelNexthop
	// must answer ErrNotSupported.
	Nexthops bool
	// LinkCreate reports whether links are created and deleted (Linux);
	// without it AddLink and DelLink must answer ErrNotSupported.
	LinkCreate bool

	// OverflowOptions open a handle whose watcher can be overflowed by
	// an OpStorm (Linux: a small receive buffer).
	OverflowOptions []netinfo.Option

	// SilentNeighbors are neighbour states whose entries the system
	// creates without an event (Linux: NOARP entries for multicast and
	// broadcast addresses), left out when a watcher's view is compared
	// with a dump.
	SilentNeighbors netinfo.NeighState

	// LoopbackName is the loopback link's name; "" accepts any link
	// with the LOOPBACK flag.
	LoopbackName string
	// LoopbackAddrs are the addresses the loopback link must carry.
	// Nil means 127.0.0.1/8, and ::1/128 where AddrFamilies has IPv6.
	LoopbackAddrs []netip.Prefix

	// Limits relax checks for known, explained shortcomings.
	Limits []Limit
}

// limit returns the reason check is relaxed, or "".
func (p *Profile) limit(check string) string {
	var reasons []string
	for _, l := range p.Limits {
		if l.Check == check {
			reasons = append(reasons, l.Reason)
		}
	}
	return strings.Join(reasons, "; ")
}

// eventDeadline is EventDeadline or its default.
func (p *Profile) eventDeadline() time.Duration {
	if p.EventDeadline > 0 {
		return p.EventDeadline
	}
	return 10 * time.Second
}

// loopbackAddrs is LoopbackAddrs or its default.
func (p *Profile) loopbackAddrs() []netip.Prefix {
	if p.LoopbackAddrs != nil {
		return p.LoopbackAddrs
	}
	out := []netip.Prefix{netip.MustParsePrefix("127.0.0.1/8")}
	if p.AddrFamilies&IPv6 != 0 {
		out = append(out, netip.MustParsePrefix("::1/128"))
	}
	return out
}

// firstRouteFamily is the first family the profile reports routes in,
// IPv4 when it lists none.
func (p *Profile) firstRouteFamily() netinfo.Family {
	if fams := p.RouteFamilies.List(); len(fams) > 0 {
		return fams[0]
	}
	return netinfo.FamilyInet
}
