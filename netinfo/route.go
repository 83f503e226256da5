package netinfo

import (
	"net/netip"
	"time"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// A Route is a routing table entry (RTM_NEWROUTE).
type Route struct {
	Family   Family
	Table    Table         // RTA_TABLE, else rtm_table
	Type     RouteType     // rtm_type
	Protocol RouteProtocol // rtm_protocol
	Scope    Scope         // rtm_scope
	Dst      netip.Prefix  // RTA_DST/rtm_dst_len; the zero-length prefix of the family for a default route
	Src      netip.Prefix  // RTA_SRC/rtm_src_len (source-specific routes); invalid when absent
	Gateway  netip.Addr    // RTA_GATEWAY (or RTA_VIA)
	OutIndex int           // RTA_OIF
	PrefSrc  netip.Addr    // RTA_PREFSRC
	Priority uint32        // RTA_PRIORITY, the metric
	TOS      uint8         // rtm_tos
	Pref     RoutePref     // RTA_PREF (IPv6 only): the advertising router's preference
	Realms   uint32        // RTA_FLOW: the route's realms, FROM<<16 | TO (ip's "realm TO" or "realms FROM/TO")
	Flags    RouteFlags    // rtm_flags (RTNH_F_* and RTM_F_*)
	NextHops []NextHop     // RTA_MULTIPATH
	Metrics  *RouteMetrics // RTA_METRICS: mtu, advmss, rtt, ...; nil for none (most routes: a pointer keeps Route small)
	// NHID is RTA_NH_ID: the route uses that nexthop object (see
	// Nexthop). The kernel's replies also carry the object's next hops
	// (Gateway and OutIndex, or NextHops); requests send the id alone.
	NHID uint32
	// Expires is the time left before the route goes away: from
	// RTA_CACHEINFO's rta_expires in the kernel's replies (negative once
	// overdue), or RTA_EXPIRES in a request. 0 when it does not expire.
	// It counts down by itself, without events. Setters send it for IPv6
	// routes only, in whole seconds rounded up, as the kernel honours it
	// only there.
	Expires time.Duration
}

// RoutePref is an IPv6 route's router preference (RFC 4191), which the
// kernel reports for every IPv6 route. The zero value, RoutePrefNone, is
// that of a route without one: every IPv4 route.
type RoutePref uint8

// Route preferences.
const (
	RoutePrefNone   RoutePref = 0
	RoutePrefLow    RoutePref = 1
	RoutePrefMedium RoutePref = 2
	RoutePrefHigh   RoutePref = 3
)

var routePrefWords = []string{"", "low", "medium", "high"}

// String prints ip's word: low, medium or high; "" for RoutePrefNone.
func (p RoutePref) String() string {
	if int(p) < len(routePrefWords) {
		return routePrefWords[p]
	}
	return itoa(uint64(p))
}

// A NextHop is one path of a multipath route (struct rtnexthop).
type NextHop struct {
	Gateway  netip.Addr
	OutIndex int
	Weight   int // 1 + rtnh_hops, as ip prints it
	Flags    RouteFlags
}

// RouteFilter selects routes, as the selectors of `ip route show` do.
// Zero fields match everything: RouteFilter{} matches every route of
// every table, local and main included (`ip route show table all`);
// set Table to TableMain for what plain `ip route` shows.
type RouteFilter struct {
	Family   Family
	Table    Table         // 0: every table
	OutIndex int           // dev: the route, or one of its next hops, leaves through this link
	Protocol RouteProtocol // 0: any
	Type     RouteType     // 0: any
	Dst      *netip.Prefix // exact PREFIX: only this destination
	// Root selects the destinations inside a prefix (root PREFIX: /24
	// routes and longer under a /24); Match those that cover an
	// address or prefix (match PREFIX: the routes a lookup could use).
	Root, Match *netip.Prefix
	// Gateway selects routes via this gateway (via ADDRESS); as ip's
	// filter, it looks at the route's own gateway, not at multipath
	// next hops.
	Gateway netip.Addr
	// PrefSrc selects routes with this preferred source (src ADDRESS).
	PrefSrc netip.Addr
	// Priority selects routes of this metric (metric N); nil for any.
	Priority *uint32
	// Cloned lists the route cache instead of the routes (RTM_F_CLONED,
	// ip route show cache): IPv4 next-hop exceptions and IPv6 cached
	// routes, such as those a PMTU or a redirect made.
	Cloned bool
}

// Table is a routing table id.
type Table uint32

// Well-known tables (linux/rtnetlink.h).
const (
	TableUnspec  Table = linux.RT_TABLE_UNSPEC
	TableDefault Table = linux.RT_TABLE_DEFAULT
	TableMain    Table = linux.RT_TABLE_MAIN
	TableLocal   Table = linux.RT_TABLE_LOCAL
)

// String prints ip's word: main, local, default, or the number.
func (t Table) String() string {
	switch t {
	case TableUnspec:
		return "unspec"
	case TableDefault:
		return "default"
	case TableMain:
		return "main"
	case TableLocal:
		return "local"
	}
	return itoa(uint64(t))
}

// RouteType is rtm_type (RTN_*).
type RouteType uint8

// Route types.
const (
	RouteUnspec      RouteType = linux.RTN_UNSPEC
	RouteUnicast     RouteType = linux.RTN_UNICAST
	RouteLocal       RouteType = linux.RTN_LOCAL
	RouteBroadcast   RouteType = linux.RTN_BROADCAST
	RouteAnycast     RouteType = linux.RTN_ANYCAST
	RouteMulticast   RouteType = linux.RTN_MULTICAST
	RouteBlackhole   RouteType = linux.RTN_BLACKHOLE
	RouteUnreachable RouteType = linux.RTN_UNREACHABLE
	RouteProhibit    RouteType = linux.RTN_PROHIBIT
	RouteThrow       RouteType = linux.RTN_THROW
	RouteNAT         RouteType = linux.RTN_NAT
	RouteXResolve    RouteType = linux.RTN_XRESOLVE
)

var routeTypeWords = [...]string{"none", "unicast", "local", "broadcast", "anycast", "multicast", "blackhole", "unreachable", "prohibit", "throw", "nat", "xresolve"}

// String prints ip's word: unicast, local, blackhole, ...
func (t RouteType) String() string {
	if int(t) < len(routeTypeWords) {
		return routeTypeWords[t]
	}
	return itoa(uint64(t))
}

// RouteProtocol is rtm_protocol (RTPROT_*).
type RouteProtocol uint8

// Route protocols (linux/rtnetlink.h).
const (
	ProtoUnspec   RouteProtocol = linux.RTPROT_UNSPEC
	ProtoRedirect RouteProtocol = linux.RTPROT_REDIRECT
	ProtoKernel   RouteProtocol = linux.RTPROT_KERNEL
	ProtoBoot     RouteProtocol = linux.RTPROT_BOOT
	ProtoStatic   RouteProtocol = linux.RTPROT_STATIC
	ProtoRA       RouteProtocol = linux.RTPROT_RA
	ProtoDHCP     RouteProtocol = linux.RTPROT_DHCP
)

var routeProtocolWords = map[RouteProtocol]string{
	0: "unspec", 1: "redirect", 2: "kernel", 3: "boot", 4: "static", 8: "gated",
	9: "ra", 10: "mrt", 11: "zebra", 12: "bird", 13: "dnrouted", 14: "xorp",
	15: "ntk", 16: "dhcp", 18: "keepalived", 42: "babel",
	99: "openr", 186: "bgp", 187: "isis", 188: "ospf", 189: "rip", 192: "eigrp",
}

// String prints ip's word: kernel, boot, static, dhcp, ...
func (p RouteProtocol) String() string {
	if w, ok := routeProtocolWords[p]; ok {
		return w
	}
	return itoa(uint64(p))
}

// RouteFlags are rtm_flags: next-hop flags (RTNH_F_*) and RTM_F_*.
type RouteFlags uint32

// Route flags.
const (
	RouteDead       RouteFlags = linux.RTNH_F_DEAD
	RoutePervasive  RouteFlags = linux.RTNH_F_PERVASIVE
	RouteOnLink     RouteFlags = linux.RTNH_F_ONLINK
	RouteOffload    RouteFlags = linux.RTNH_F_OFFLOAD
	RouteLinkDown   RouteFlags = linux.RTNH_F_LINKDOWN
	RouteUnresolved RouteFlags = linux.RTNH_F_UNRESOLVED
	RouteTrap       RouteFlags = linux.RTNH_F_TRAP
	RouteNotify     RouteFlags = linux.RTM_F_NOTIFY
	RouteCloned     RouteFlags = linux.RTM_F_CLONED
	RouteEqualize   RouteFlags = linux.RTM_F_EQUALIZE
	RoutePrefix     RouteFlags = linux.RTM_F_PREFIX
	// RTM_F_OFFLOAD, RTM_F_TRAP, RTM_F_OFFLOAD_FAILED: the route itself
	// is in hardware (as opposed to one of its next hops).
	RouteHWOffload       RouteFlags = linux.RTM_F_OFFLOAD
	RouteHWTrap          RouteFlags = linux.RTM_F_TRAP
	RouteHWOffloadFailed RouteFlags = linux.RTM_F_OFFLOAD_FAILED
)

// routeFlagWords are ip's words in its print order (ip/iproute.c). The
// RTM_F_* request flags (notify aside) are not route properties and ip
// prints nothing for them; neither does this.
var routeFlagWords = []flagWord{
	{uint64(RouteDead), "dead"},
	{uint64(RouteOnLink), "onlink"},
	{uint64(RoutePervasive), "pervasive"},
	{uint64(RouteOffload), "offload"},
	{uint64(RouteTrap), "trap"},
	{uint64(RouteNotify), "notify"},
	{uint64(RouteLinkDown), "linkdown"},
	{uint64(RouteUnresolved), "unresolved"},
	{uint64(RouteHWOffload), "rt_offload"},
	{uint64(RouteHWTrap), "rt_trap"},
	{uint64(RouteHWOffloadFailed), "rt_offload_failed"},
}

// routeFlagsPrinted are the flags ip prints at all.
const routeFlagsPrinted = RouteDead | RouteOnLink | RoutePervasive | RouteOffload | RouteTrap |
	RouteNotify | RouteLinkDown | RouteUnresolved | RouteHWOffload | RouteHWTrap | RouteHWOffloadFailed

// String prints the flags as space-separated ip words.
func (f RouteFlags) String() string {
	return flagWords(uint64(f&routeFlagsPrinted), routeFlagWords, " ")
}

// Words lists the flags as ip -j's "flags" array does.
func (f RouteFlags) Words() []string { return flagList(uint64(f&routeFlagsPrinted), routeFlagWords) }
