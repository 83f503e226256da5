package conformance

import (
	"net"
	"net/netip"

	"github.com/rtnlx/rtnlx/netinfo"
)

// The suite's changes use documentation and benchmarking ranges only
// (RFC 2544's 198.18.0.0/15, RFC 3849's 2001:db8::/32), so that they
// cannot clash with a CI VM's real configuration.
const (
	// testLinkName is the link the suite creates when its Mutator can.
	testLinkName = "rtcf0"
	// testMTU is the MTU the link change sets.
	testMTU = 1280
)

// A familyPlan is the objects the suite adds in one family.
type familyPlan struct {
	family  netinfo.Family
	addr    netip.Prefix // address added to the link
	route   netip.Prefix // route added via gw, then via gw2
	gw, gw2 netip.Addr
	neigh   netip.Addr   // neighbour added with mac, then changed to mac2
	kept    netip.Prefix // route left on the link when it is removed
	storm   netip.Prefix
}

var (
	mac1 = net.HardwareAddr{0x02, 0x00, 0x5e, 0x77, 0x00, 0x10}
	mac2 = net.HardwareAddr{0x02, 0x00, 0x5e, 0x77, 0x00, 0x11}
)

var familyPlans = []familyPlan{
	{
		family: netinfo.FamilyInet,
		addr:   netip.MustParsePrefix("198.18.77.1/24"),
		route:  netip.MustParsePrefix("198.19.77.0/24"),
		gw:     netip.MustParseAddr("198.18.77.254"),
		gw2:    netip.MustParseAddr("198.18.77.253"),
		neigh:  netip.MustParseAddr("198.18.77.10"),
		kept:   netip.MustParsePrefix("198.19.78.0/24"),
		storm:  netip.MustParsePrefix("198.19.0.0/16"),
	},
	{
		family: netinfo.FamilyInet6,
		addr:   netip.MustParsePrefix("2001:db8:77::1/64"),
		route:  netip.MustParsePrefix("2001:db8:78::/48"),
		gw:     netip.MustParseAddr("2001:db8:77::fe"),
		gw2:    netip.MustParseAddr("2001:db8:77::fd"),
		neigh:  netip.MustParseAddr("2001:db8:77::10"),
		kept:   netip.MustParsePrefix("2001:db8:7b::/48"),
		storm:  netip.MustParsePrefix("2001:db8:79::/48"),
	},
}

// planFor returns the plan of a family.
func planFor(fam netinfo.Family) familyPlan {
	for _, p := range familyPlans {
		if p.family == fam {
			return p
		}
	}
	panic("conformance: no plan for family " + fam.String())
}
