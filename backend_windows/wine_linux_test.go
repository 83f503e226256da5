package backend_windows

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/nstest"
	"github.com/rtnlx/rtnlx/internal/winetest"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// A wineProfile states what a Wine version is known to do differently
// from Windows, as seen through this backend in a network namespace the
// test populated. Every field is checked against what Wine really does,
// so a Wine that lifts a limit fails the test until the profile is
// updated: nothing is skipped silently.
type wineProfile struct {
	name string
	// ipv6Routes: GetIpForwardTable2 lists IPv6 routes. Wine reads
	// /proc/net/route only.
	ipv6Routes bool
	// ipv6Neighbors: GetIpNetTable2 lists IPv6 neighbours. Wine reads
	// /proc/net/arp only.
	ipv6Neighbors bool
	// rejectRoutes: blackhole, unreachable and prohibit routes appear.
	rejectRoutes bool
	// multipathNexthops is how many next hops of a multipath route
	// appear (Windows has one row per next hop).
	multipathNexthops int
	// gatewayRouteProtocol is the RTPROT_* a route added with
	// `ip route add ... via` reads as (Linux says boot; Wine files it
	// as MIB_IPPROTO_NETMGMT, which is static).
	gatewayRouteProtocol uint8
	// secondaryAddrIndex: an IPv4 address under its own label
	// (veth0:sec) carries its interface index. Wine gives index 0, so the
	// address cannot be placed on a link and is left out.
	secondaryAddrIndex bool
	// infiniteLifetimes: addresses without expiry report infinite
	// lifetimes (and so read as permanent). Wine reports 60000 s.
	infiniteLifetimes bool
	// ifaliasAsAlias: the Linux ifalias shows through (as the adapter
	// description); Wine gives the interface name as description.
	ifaliasAsAlias bool
	// distinctNeighborStates: stale and reachable neighbours keep their
	// states; Wine reports every dynamic entry as reachable.
	distinctNeighborStates bool
	// missingProcs are the IP Helper procedures iphlpapi.dll does not
	// export (each setter that needs one answers EOPNOTSUPP).
	missingProcs []string
	// notificationsFire: NotifyIpInterfaceChange, NotifyUnicastIpAddressChange
	// and NotifyRouteChange2 call back (checked by TestWineEvents). Wine 8
	// accepts the registrations and never calls back, so every change is
	// found by polling.
	notificationsFire bool
	// deletedLinksLinger: a link deleted while the program runs stays in
	// GetIfTable2 and GetAdaptersAddresses (checked by TestWineEvents).
	// Wine 8 keeps it with MTU 0 and unknown states; the translation
	// leaves such a link out (see vanished), so RTM_DELLINK comes anyway.
	deletedLinksLinger bool
}

// wine8 is Debian 12's Wine 8.0.
var wine8 = wineProfile{
	name:                   "wine 8",
	ipv6Routes:             false,
	ipv6Neighbors:          false,
	rejectRoutes:           false,
	multipathNexthops:      1,
	gatewayRouteProtocol:   linux.RTPROT_STATIC,
	secondaryAddrIndex:     false,
	infiniteLifetimes:      false,
	ifaliasAsAlias:         false,
	distinctNeighborStates: false,
	missingProcs: []string{
		"CreateIpForwardEntry2", "CreateIpNetEntry2", "CreateUnicastIpAddressEntry",
		"DeleteIpForwardEntry2", "DeleteIpNetEntry2", "DeleteUnicastIpAddressEntry",
		"GetIpInterfaceEntry", "SetIpForwardEntry2", "SetIpInterfaceEntry",
	},
	notificationsFire:  false,
	deletedLinksLinger: true,
}

// windowsView is what the Windows build printed.
type windowsView struct {
	tables tableSet
	dump   snapDump
	procs  map[string]bool
}

// runLiveTests runs the Windows build of this package's live tests under
// Wine inside ns and collects what they print.
func runLiveTests(t *testing.T, env *winetest.Env, exe string, ns *nstest.NS) windowsView {
	t.Helper()
	out := env.Run(t, ns.Name, exe, "-test.v", "-test.run", "^TestLive(Snapshot|Procedures|MonitorStops|SettersUnsupported|TrampolineFromForeignThread|ConcurrentSnapshots)$")
	var v windowsView
	found := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		line := sc.Text()
		for _, m := range []struct {
			mark string
			into any
		}{{"RTNLX-TABLES ", &v.tables}, {"RTNLX-SNAPSHOT ", &v.dump}, {"RTNLX-PROCS ", &v.procs}} {
			if rest, ok := strings.CutPrefix(line, m.mark); ok {
				require.NoError(t, json.Unmarshal([]byte(rest), m.into), m.mark)
				found[m.mark] = true
			}
		}
	}
	require.Len(t, found, 3, "the Windows tests printed tables, snapshot and procedures:\n%s", out)
	require.Contains(t, out, "--- PASS: TestLiveMonitorStops")
	require.Contains(t, out, "--- PASS: TestLiveSettersUnsupported")
	require.Contains(t, out, "--- PASS: TestLiveTrampolineFromForeignThread")
	require.Contains(t, out, "--- PASS: TestLiveConcurrentSnapshots")
	require.Contains(t, out, "RTNLX-SETTERS-EOPNOTSUPP 8", "every setter answered EOPNOTSUPP under Wine")
	return v
}

// TestWineMatchesLinux runs the Windows build of this backend under Wine
// in a populated namespace and compares its view with the kernel's, and
// checks every limit of the Wine profile.
func TestWineMatchesLinux(t *testing.T) {
	env := winetest.Setup(t)
	ns := nstest.New(t, "rwbw")
	fx := nstest.Populate(t, ns)
	exe := env.BuildTest(t, ".")
	v := runLiveTests(t, env, exe, ns)
	p := wine8

	names := map[uint32]string{}
	for _, l := range v.dump.Links {
		names[l.Index] = l.Name
	}

	t.Run("links", func(t *testing.T) {
		var got []string
		for _, l := range v.dump.Links {
			got = append(got, fmt.Sprintf("%d %s %s mtu %d", l.Index, l.Name, l.MAC, l.MTU))
		}
		compare(t, linuxLinks(t, ns), got)
	})
	t.Run("addresses", func(t *testing.T) {
		var got []string
		for _, a := range v.dump.Addrs {
			got = append(got, fmt.Sprintf("%s %s", names[a.Index], a.Prefix))
		}
		compare(t, linuxAddrs(t, ns, p), got)
	})
	t.Run("IPv4 main-table routes", func(t *testing.T) {
		var got []string
		for _, r := range v.dump.Routes {
			if r.Family == linux.AF_INET && r.Table == linux.RT_TABLE_MAIN {
				got = append(got, routeLine(r.Dst, r.Gateway, names[r.OutIndex], protocolWords[r.Protocol], scopeWords[r.Scope]))
			}
		}
		compare(t, linuxRoutes(t, ns, p), got)
	})
	t.Run("IPv4 neighbours", func(t *testing.T) {
		var got []string
		for _, n := range v.dump.Neighbors {
			if n.Family == linux.AF_INET {
				got = append(got, fmt.Sprintf("%s dev %s lladdr %s %s", n.Addr, names[n.Index], n.MAC, nudWords[n.State]))
			}
		}
		compare(t, linuxNeighs(t, ns, p), got)
	})

	t.Run("profile "+p.name, func(t *testing.T) {
		var v6Routes, v6Neighs, reject int
		for _, r := range v.dump.Routes {
			if r.Family == linux.AF_INET6 {
				v6Routes++
			}
		}
		for _, n := range v.dump.Neighbors {
			if n.Family == linux.AF_INET6 {
				v6Neighs++
			}
		}
		for _, r := range fx.Routes {
			if r.Type != "unicast" && r.Table == nstest.TableMain && r.Dst.Addr().Is4() {
				for _, got := range v.dump.Routes {
					if got.Dst == r.Dst {
						reject++
					}
				}
			}
		}
		require.Equal(t, p.ipv6Routes, v6Routes > 0, "IPv6 routes listed (namespace has IPv6 routes)")
		require.Equal(t, p.ipv6Neighbors, v6Neighs > 0, "IPv6 neighbours listed (namespace has IPv6 neighbours)")
		require.Equal(t, p.rejectRoutes, reject > 0, "blackhole/unreachable/prohibit routes listed")

		var secondary *addrRow
		for i, a := range v.tables.Addrs {
			if a.Addr == netip.MustParseAddr("10.1.0.2") {
				secondary = &v.tables.Addrs[i]
			}
		}
		require.NotNil(t, secondary, "the labelled secondary address is in the address table")
		require.Equal(t, p.secondaryAddrIndex, secondary.Index == uint32(fx.Veth0.Index), "secondary address carries its interface index (got %d)", secondary.Index)

		infinite := true
		for _, a := range v.tables.Addrs {
			infinite = infinite && a.ValidLifetime == infiniteLifetime
		}
		require.Equal(t, p.infiniteLifetimes, infinite, "addresses without expiry have infinite lifetimes")

		aliasSeen := false
		for _, l := range v.dump.Links {
			aliasSeen = aliasSeen || l.Alias == fx.Veth0.Alias
		}
		require.Equal(t, p.ifaliasAsAlias, aliasSeen, "the Linux ifalias %q shows as a link alias", fx.Veth0.Alias)

		stale := false
		for _, n := range v.dump.Neighbors {
			stale = stale || n.State == linux.NUD_STALE
		}
		require.Equal(t, p.distinctNeighborStates, stale, "a stale neighbour reads as stale")

		var missing []string
		for name, ok := range v.procs {
			if !ok {
				missing = append(missing, name)
			}
		}
		slices.Sort(missing)
		require.Equal(t, p.missingProcs, missing, "procedures iphlpapi.dll does not export")
	})
}

// Words for the numbers the comparisons print, as ip -j spells them.
var (
	protocolWords = map[uint8]string{linux.RTPROT_KERNEL: "kernel", linux.RTPROT_BOOT: "boot", linux.RTPROT_STATIC: "static", linux.RTPROT_UNSPEC: "unspec"}
	scopeWords    = map[uint8]string{linux.RT_SCOPE_UNIVERSE: "global", linux.RT_SCOPE_LINK: "link", linux.RT_SCOPE_HOST: "host"}
	nudWords      = map[uint16]string{linux.NUD_PERMANENT: "permanent", linux.NUD_REACHABLE: "reachable", linux.NUD_STALE: "stale"}
)

// compare requires the same lines on both sides, and some lines.
func compare(t *testing.T, want, got []string) {
	t.Helper()
	require.NotEmpty(t, want)
	require.ElementsMatch(t, want, got)
}

// routeLine is one route as the comparisons print it.
func routeLine(dst netip.Prefix, gw netip.Addr, dev, proto, scope string) string {
	via := "-"
	if gw.IsValid() {
		via = gw.String()
	}
	return fmt.Sprintf("%s via %s dev %s proto %s scope %s", dst, via, dev, proto, scope)
}

// ipjLinks prints the links of an `ip -j link` array (from ip or ipinfo).
// A loopback's address is left out: Windows' loopback has none, Linux's
// is all zeros.
func ipjLinks(objs []map[string]any) []string {
	var out []string
	for _, l := range objs {
		mac, _ := l["address"].(string)
		if l["link_type"] == "loopback" {
			mac = ""
		}
		out = append(out, fmt.Sprintf("%v %v %s mtu %v", l["ifindex"], l["ifname"], mac, l["mtu"]))
	}
	return out
}

// ipjAddrs prints the addresses of an `ip -j addr` array; secondary
// addresses are left out when the profile says Wine loses them.
func ipjAddrs(objs []map[string]any, p wineProfile) []string {
	var out []string
	for _, l := range objs {
		infos, _ := l["addr_info"].([]any)
		for _, i := range infos {
			a := i.(map[string]any)
			if a["secondary"] == true && !p.secondaryAddrIndex {
				continue // the profile check covers it
			}
			out = append(out, fmt.Sprintf("%v %v/%v", l["ifname"], a["local"], a["prefixlen"]))
		}
	}
	return out
}

// ipjRoutes prints the routes of an `ip -j route` array. linux applies
// the profile to the kernel's view: reject routes and extra next hops
// left out, the protocol of routes iproute2 added (boot) as Wine reads it.
func ipjRoutes(t *testing.T, objs []map[string]any, p wineProfile, linux bool) []string {
	t.Helper()
	var out []string
	for _, r := range objs {
		if typ, _ := r["type"].(string); typ != "" && typ != "unicast" && linux && !p.rejectRoutes {
			continue // the profile check covers it
		}
		dstWord, _ := r["dst"].(string)
		if dstWord == "default" {
			dstWord = "0.0.0.0/0"
		} else if !strings.Contains(dstWord, "/") {
			dstWord += "/32"
		}
		dst, err := netip.ParsePrefix(dstWord)
		require.NoError(t, err)
		proto, _ := r["protocol"].(string)
		if proto == "" {
			proto = "boot" // ip -j leaves out RTPROT_BOOT
		}
		if linux && proto == "boot" {
			proto = protocolWords[p.gatewayRouteProtocol]
		}
		scope, _ := r["scope"].(string)
		if scope == "" {
			scope = "global"
		}
		gw := func(v any) netip.Addr {
			s, _ := v.(string)
			a, _ := netip.ParseAddr(s)
			return a
		}
		if hops, ok := r["nexthops"].([]any); ok {
			n := len(hops)
			if linux {
				require.GreaterOrEqual(t, n, p.multipathNexthops)
				n = p.multipathNexthops
			}
			for _, h := range hops[:n] {
				hop := h.(map[string]any)
				out = append(out, routeLine(dst, gw(hop["gateway"]), fmt.Sprint(hop["dev"]), proto, scope))
			}
			continue
		}
		out = append(out, routeLine(dst, gw(r["gateway"]), fmt.Sprint(r["dev"]), proto, scope))
	}
	return out
}

// ipjNeighs prints the neighbours of an `ip -j neigh` array; linux
// applies the profile's neighbour states.
func ipjNeighs(objs []map[string]any, p wineProfile, linux bool) []string {
	var out []string
	for _, n := range objs {
		states, _ := n["state"].([]any)
		state := ""
		if len(states) > 0 {
			state = strings.ToLower(fmt.Sprint(states[0]))
		}
		if linux && !p.distinctNeighborStates && state != "permanent" {
			state = "reachable"
		}
		out = append(out, fmt.Sprintf("%v dev %v lladdr %v %s", n["dst"], n["dev"], n["lladdr"], state))
	}
	return out
}

// The kernel's view of ns, as the comparisons print it.
func linuxLinks(t *testing.T, ns *nstest.NS) []string { return ipjLinks(ns.IPJSON(t, "link", "show")) }
func linuxAddrs(t *testing.T, ns *nstest.NS, p wineProfile) []string {
	return ipjAddrs(ns.IPJSON(t, "addr", "show"), p)
}
func linuxRoutes(t *testing.T, ns *nstest.NS, p wineProfile) []string {
	return ipjRoutes(t, ns.IPJSON(t, "-4", "route", "show", "table", "main"), p, true)
}
func linuxNeighs(t *testing.T, ns *nstest.NS, p wineProfile) []string {
	return ipjNeighs(ns.IPJSON(t, "-4", "neigh", "show"), p, true)
}
