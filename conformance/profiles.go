package conformance

import (
	"time"

	"github.com/rtnlx/rtnlx/netinfo"
)

// LinuxProfile is the kernel backend's profile: everything, with a small
// receive buffer to overflow watchers on purpose.
func LinuxProfile() Profile {
	return Profile{
		Name:            "linux",
		AddrFamilies:    BothFamilies,
		RouteFamilies:   BothFamilies,
		NeighFamilies:   BothFamilies,
		Watch:           netinfo.WatchAll,
		Setters:         AllSetters,
		NetNS:           true,
		Rules:           true,
		Nexthops:        true,
		LinkCreate:      true,
		OverflowOptions: []netinfo.Option{netinfo.WithReceiveBuffer(8192)},
		LoopbackName:    "lo",
		// neigh_create makes the entry of a multicast group the link
		// joins (224.0.0.22 for IGMPv3 reports) without RTM_NEWNEIGH.
		SilentNeighbors: netinfo.NeighNoARP,
	}
}

// EmulatorProfile is rtnlemu over a Memory: everything the kernel does,
// with events as soon as the Memory changes.
func EmulatorProfile() Profile {
	return Profile{
		Name:          "rtnlemu-memory",
		AddrFamilies:  BothFamilies,
		RouteFamilies: BothFamilies,
		NeighFamilies: BothFamilies,
		Watch:         netinfo.WatchAll,
		Setters:       AllSetters,
		LoopbackName:  "lo",
	}
}

// Wine8Profile is the Windows backend under Wine 8 inside a Linux
// namespace: IPv4-only routes and neighbours (Wine's IP Helper reads no
// IPv6 routes or neighbours), change notifications that register and
// never fire, so events come from the backend's polling, adapters that
// stay administratively up when their link is set down, and no setters
// (Wine 8's iphlpapi.dll lacks them; the backend answers EOPNOTSUPP).
func Wine8Profile() Profile {
	return Profile{
		Name:          "windows-wine8",
		AddrFamilies:  BothFamilies,
		RouteFamilies: IPv4,
		NeighFamilies: IPv4,
		Watch:         netinfo.WatchAll,
		// Two poll periods of the backend (2s) and Wine's own latency.
		EventDeadline: 15 * time.Second,
		Limits: []Limit{
			{CheckResync, "the Linux side cannot make the Windows backend's emulator queue overflow"},
			{CheckEventOrder, "a poll diffs every kind at once, so events of different kinds come in the diff's order"},
			{CheckLinkAdminDown, "Wine 8 reports every adapter administratively up; a link set down shows as operstate DOWN, NO-CARRIER"},
		},
	}
}

// WindowsProfile is the Windows backend on real Windows: both families,
// notifications for links, addresses and routes, polling for neighbours,
// and the setters IP Helper offers (MTU, addresses, routes, neighbours;
// no up/down, rename or alias). Neighbour states the system changes
// (REACHABLE to STALE, ...) are not silent: the poll reports them. The
// setters have met the real IP Helper only in CI (windows.yml); Wine 8
// has none.
func WindowsProfile() Profile {
	return Profile{
		Name:          "windows",
		AddrFamilies:  BothFamilies,
		RouteFamilies: BothFamilies,
		NeighFamilies: BothFamilies,
		Watch:         netinfo.WatchAll,
		EventDeadline: 15 * time.Second,
		Setters:       SetLinkMTU | SetAddrs | SetRoutes | SetNeighbors,
		// Any LOOPBACK link: its name ("Loopback Pseudo-Interface 1")
		// is localised.
		LoopbackName: "",
		Limits: []Limit{
			{CheckResync, "no way to make the IP Helper source lose events from outside"},
			{CheckEventOrder, "neighbours come from polling, which diffs every kind at once"},
		},
	}
}

// BSDProfile is the PF_ROUTE backend of FreeBSD, OpenBSD, NetBSD,
// DragonFly and macOS: both families, routing-socket events for every
// kind, and the setters PF_ROUTE and SIOC ioctls offer (up/down, MTU,
// addresses, routes; backend_bsd answers EOPNOTSUPP for neighbour
// changes, renames and aliases).
//
// A neighbour entry the kernel makes by resolving an address (ARP, NDP)
// is silent: its state is derived from its expiry time when read
// (REACHABLE until it expires, STALE after, INCOMPLETE while
// unresolved), so it changes with the clock and no routing message, and
// the kernels do not announce every refresh. Static entries (PERMANENT)
// are still compared. The suite makes no neighbours here (no setters).
//
// macOS sends no RTM_IFANNOUNCE: a link that comes or goes shows only
// through the RTM_IFINFO and address messages around it. The suite
// creates no links on a BSD (SetterMutator on a scratch link), so no
// check depends on it; the CI script records what `ipinfo monitor link`
// sees (conformance/README.md, "to confirm on first run").
func BSDProfile(goos string) Profile {
	return Profile{
		Name:            goos,
		AddrFamilies:    BothFamilies,
		RouteFamilies:   BothFamilies,
		NeighFamilies:   BothFamilies,
		Watch:           netinfo.WatchAll,
		Setters:         SetLinkUpDown | SetLinkMTU | SetAddrs | SetRoutes,
		SilentNeighbors: netinfo.NeighIncomplete | netinfo.NeighReachable | netinfo.NeighStale,
		LoopbackName:    "lo0",
		Limits: []Limit{
			{CheckResync, "no outside means to overflow the routing socket on purpose"},
		},
	}
}

// PlatformProfile picks the profile of the platform default backend for
// goos; wine selects the Wine 8 profile on windows.
func PlatformProfile(goos string, wine bool) Profile {
	switch goos {
	case "linux":
		return LinuxProfile()
	case "windows":
		if wine {
			return Wine8Profile()
		}
		return WindowsProfile()
	}
	return BSDProfile(goos)
}
