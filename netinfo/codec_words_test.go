package netinfo

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// The enums' words against iproute2's (6.1, the version ip -j output in
// testdata comes from): ip/ipaddress.c print_link_flags, lib/ll_types.c,
// lib/rt_names.c and /etc/iproute2/rt_protos, ip/iproute.c
// print_rt_flags, ip/ipneigh.c.

func TestWordsLinkFlags(t *testing.T) {
	tests := []struct {
		flags LinkFlags
		want  []string // ip -j "flags"; ip prints them joined by ","
	}{
		{LinkBroadcast | LinkMulticast | LinkUp | LinkLowerUp | LinkRunning, []string{"BROADCAST", "MULTICAST", "UP", "LOWER_UP"}},
		{LinkLoopback | LinkUp | LinkLowerUp | LinkRunning, []string{"LOOPBACK", "UP", "LOWER_UP"}},
		{LinkBroadcast | LinkMulticast, []string{"BROADCAST", "MULTICAST"}},
		{LinkPointToPoint | LinkNoARP | LinkMulticast | LinkRunning, []string{"POINTOPOINT", "MULTICAST", "NOARP"}},
		{LinkPromisc | LinkAllMulti | LinkNoTrailers | LinkDebug | LinkRunning, []string{"ALLMULTI", "PROMISC", "NOTRAILERS", "DEBUG"}},
		{LinkDynamic | LinkAutoMedia | LinkPortSel | LinkMaster | LinkSlave, []string{"DYNAMIC", "AUTOMEDIA", "PORTSEL", "MASTER", "SLAVE"}},
		{LinkDormant | LinkEcho, []string{"DORMANT", "ECHO"}},
		// Up without carrier: ip leads with NO-CARRIER (a tun nobody
		// opened, as in testdata/links.ip.json).
		{LinkPointToPoint | LinkMulticast | LinkNoARP | LinkUp, []string{"NO-CARRIER", "POINTOPOINT", "MULTICAST", "NOARP", "UP"}},
		{LinkUp | LinkLowerUp, []string{"NO-CARRIER", "UP", "LOWER_UP"}},
		// An unknown bit: ip prints the rest in hex, without 0x.
		{LinkBroadcast | 1<<20, []string{"BROADCAST", "100000"}},
		{0, []string{}},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.want, ","), func(t *testing.T) {
			require.Equal(t, tc.want, tc.flags.Words())
			require.Equal(t, strings.Join(tc.want, ","), tc.flags.String())
		})
	}
}

func TestWordsOperState(t *testing.T) {
	want := []string{"UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING", "DORMANT", "UP"}
	for i, w := range want {
		require.Equal(t, w, OperState(i).String())
	}
}

func TestWordsLinkModeRoutePref(t *testing.T) {
	for m, w := range map[LinkMode]string{LinkModeDefault: "DEFAULT", LinkModeDormant: "DORMANT", LinkModeTesting: "TESTING", 9: "9"} {
		require.Equal(t, w, m.String())
	}
	for p, w := range map[RoutePref]string{RoutePrefNone: "", RoutePrefLow: "low", RoutePrefMedium: "medium", RoutePrefHigh: "high", 9: "9"} {
		require.Equal(t, w, p.String())
	}
}

func TestWordsLinkType(t *testing.T) {
	tests := []struct {
		typ  LinkType
		want string
	}{
		{0, "generic"}, // ll_types.c names 0 "generic", not netrom
		{1, "ether"}, {2, "eether"}, {3, "ax25"}, {4, "pronet"}, {5, "chaos"},
		{6, "ieee802"}, {7, "arcnet"}, {8, "atalk"}, {15, "dlci"}, {19, "atm"},
		{23, "metricom"}, {24, "ieee1394"}, {32, "infiniband"},
		{256, "slip"}, {257, "cslip"}, {258, "slip6"}, {259, "cslip6"}, {260, "rsrvd"},
		{264, "adapt"}, {270, "rose"}, {271, "x25"}, {272, "hwx25"}, {280, "can"},
		{512, "ppp"}, {513, "hdlc"}, {516, "lapb"}, {517, "ddcmp"}, {518, "rawhdlc"},
		{768, "ipip"}, {769, "tunnel6"}, {770, "frad"}, {771, "skip"}, {772, "loopback"},
		{773, "ltalk"}, {774, "fddi"}, {775, "bif"}, {776, "sit"}, {777, "ip/ddp"},
		{778, "gre"}, {779, "pimreg"}, {780, "hippi"}, {781, "ash"}, {782, "econet"},
		{783, "irda"}, {784, "fcpp"}, {785, "fcal"}, {786, "fcpl"}, {787, "fcfb0"},
		{788, "fcfb1"}, {799, "fcfb12"},
		{800, "tr"}, {801, "ieee802.11"}, {802, "ieee802.11/prism"}, {803, "ieee802.11/radiotap"},
		{804, "ieee802.15.4"}, {820, "phonet"}, {821, "phonet_pipe"}, {822, "caif"},
		{823, "gre6"}, {824, "netlink"}, {65534, "none"}, {65535, "void"},
		{9999, "[9999]"},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			require.Equal(t, tc.want, tc.typ.String(), "ARPHRD %d", tc.typ)
		})
	}
}

func TestWordsScopeTableTypeProtocol(t *testing.T) {
	scopes := map[Scope]string{0: "global", 200: "site", 253: "link", 254: "host", 255: "nowhere", 100: "100"}
	for s, w := range scopes {
		require.Equal(t, w, s.String())
	}
	tables := map[Table]string{0: "unspec", 253: "default", 254: "main", 255: "local", 100: "100", 1000: "1000"}
	for tb, w := range tables {
		require.Equal(t, w, tb.String())
	}
	types := []string{"none", "unicast", "local", "broadcast", "anycast", "multicast", "blackhole", "unreachable", "prohibit", "throw", "nat", "xresolve"}
	for i, w := range types {
		require.Equal(t, w, RouteType(i).String())
	}
	require.Equal(t, "12", RouteType(12).String())
	protocols := map[RouteProtocol]string{
		0: "unspec", 1: "redirect", 2: "kernel", 3: "boot", 4: "static", 8: "gated", 9: "ra",
		10: "mrt", 11: "zebra", 12: "bird", 13: "dnrouted", 14: "xorp", 15: "ntk", 16: "dhcp",
		18: "keepalived", 42: "babel", 99: "openr", 186: "bgp", 187: "isis", 188: "ospf",
		189: "rip", 192: "eigrp",
		// Numbers iproute2 has no word for print as numbers; 17
		// (RTPROT_MROUTED) included: ip route prints "proto 17".
		5: "5", 17: "17", 200: "200",
	}
	for p, w := range protocols {
		t.Run("protocol "+w, func(t *testing.T) {
			require.Equal(t, w, p.String(), "protocol %d", p)
		})
	}
}

func TestWordsRouteFlags(t *testing.T) {
	tests := []struct {
		flags RouteFlags
		want  []string
	}{
		{RouteOnLink, []string{"onlink"}},
		{RouteLinkDown, []string{"linkdown"}},
		{RouteDead | RouteLinkDown, []string{"dead", "linkdown"}},
		{RouteOffload | RouteTrap | RouteNotify | RouteUnresolved, []string{"offload", "trap", "notify", "unresolved"}},
		// print_rt_flags tests onlink before pervasive.
		{RouteDead | RouteOnLink | RoutePervasive, []string{"dead", "onlink", "pervasive"}},
		// RTM_F_OFFLOAD, RTM_F_TRAP, RTM_F_OFFLOAD_FAILED.
		{0x4000 | 0x8000 | 0x20000000, []string{"rt_offload", "rt_trap", "rt_offload_failed"}},
		// ip prints nothing for bits it has no word for, RTM_F_CLONED
		// included (a cached route shows "cache" elsewhere).
		{RouteCloned, []string{}},
		{0, []string{}},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.want, " "), func(t *testing.T) {
			require.Equal(t, tc.want, tc.flags.Words())
			require.Equal(t, strings.Join(tc.want, " "), tc.flags.String())
		})
	}
}

func TestWordsAddrFlags(t *testing.T) {
	words := map[AddrFlags]string{
		AddrSecondary: "secondary", AddrNoDAD: "nodad", AddrOptimistic: "optimistic",
		AddrDADFailed: "dadfailed", AddrHomeAddress: "home", AddrDeprecated: "deprecated",
		AddrTentative: "tentative", AddrPermanent: "permanent", AddrManageTempAddr: "mngtmpaddr",
		AddrNoPrefixRoute: "noprefixroute", AddrMcAutoJoin: "autojoin", AddrStablePrivacy: "stable-privacy",
	}
	for f, w := range words {
		require.Equal(t, []string{w}, f.Words())
		require.Equal(t, w, f.String())
	}
	require.Equal(t, []string{"secondary", "permanent"}, (AddrPermanent | AddrSecondary).Words())
}

func TestWordsNeighbor(t *testing.T) {
	states := map[NeighState]string{
		NeighIncomplete: "INCOMPLETE", NeighReachable: "REACHABLE", NeighStale: "STALE",
		NeighDelay: "DELAY", NeighProbe: "PROBE", NeighFailed: "FAILED", NeighNoARP: "NOARP",
		NeighPermanent: "PERMANENT",
	}
	for s, w := range states {
		require.Equal(t, []string{w}, s.Words())
		require.Equal(t, w, s.String())
	}
	require.Equal(t, []string{"STALE", "NOARP"}, (NeighStale | NeighNoARP).Words())
	flags := map[NeighFlags]string{
		NeighRouter: "router", NeighProxy: "proxy", NeighExtLearned: "extern_learn",
		NeighOffloaded: "offload", NeighSelf: "self", NeighMaster: "master", NeighSticky: "sticky",
	}
	for f, w := range flags {
		require.Equal(t, w, f.String())
	}
	families := map[Family]string{FamilyInet: "inet", FamilyInet6: "inet6", FamilyBridge: "bridge"}
	for f, w := range families {
		require.Equal(t, w, f.String())
	}
}

// readIPJSON reads an ip -j listing recorded next to the dumps.
func readIPJSON(t *testing.T, file string) []map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", file))
	require.NoError(t, err)
	var objs []map[string]any
	require.NoError(t, json.Unmarshal(b, &objs))
	return objs
}

// ipHost prints a prefix as ip does: the address alone for a host
// prefix, "default" for a zero-length one.
func ipHost(p netip.Prefix) string {
	switch {
	case p.Bits() == 0:
		return "default"
	case p.IsSingleIP():
		return p.Addr().String()
	}
	return p.String()
}

// The recorded dumps decode to what ip -j printed for the same state,
// field by field and word by word, for every field both carry.
func TestDecodeRecordedMatchesIPJSON(t *testing.T) {
	links := decodeAll(t, "links.nl", linux.RTM_NEWLINK, decodeLink)
	names := map[int]string{}
	for _, l := range links {
		names[l.Index] = l.Name
	}
	t.Run("links", func(t *testing.T) {
		ipLinks := readIPJSON(t, "links.ip.json")
		require.Len(t, ipLinks, len(links))
		for i, l := range links {
			o := ipLinks[i]
			t.Run(l.Name, func(t *testing.T) {
				require.EqualValues(t, l.Index, o["ifindex"])
				require.Equal(t, l.Name, o["ifname"])
				require.EqualValues(t, l.MTU, o["mtu"])
				require.Equal(t, l.Qdisc, o["qdisc"])
				require.Equal(t, l.OperState.String(), o["operstate"])
				require.EqualValues(t, l.TxQueueLen, o["txqlen"])
				require.Equal(t, l.Type.String(), o["link_type"])
				require.Equal(t, fmt.Sprint(o["flags"]), fmt.Sprint(l.Flags.Words()), "flags")
				if l.HardwareAddr != nil {
					require.Equal(t, l.HardwareAddr.String(), o["address"])
					require.Equal(t, l.Broadcast.String(), o["broadcast"])
				}
				if l.MasterIndex != 0 {
					require.Equal(t, names[l.MasterIndex], o["master"])
				}
				if l.ParentIndex != 0 {
					require.Equal(t, names[l.ParentIndex], o["link"])
				}
				if l.Alias != "" {
					require.Equal(t, l.Alias, o["ifalias"])
				}
				if l.Kind != "" {
					require.Equal(t, l.Kind, o["linkinfo"].(map[string]any)["info_kind"])
				}
				require.Equal(t, l.Mode.String(), o["linkmode"])
				group := fmt.Sprint(l.Group)
				if l.Group == 0 {
					group = "default"
				}
				require.Equal(t, group, o["group"])
			})
		}
	})
	t.Run("addrs", func(t *testing.T) {
		addrs := decodeAll(t, "addrs.nl", linux.RTM_NEWADDR, decodeAddr)
		var infos []map[string]any
		var devs []string
		for _, l := range readIPJSON(t, "addrs.ip.json") {
			for _, ai := range l["addr_info"].([]any) {
				infos = append(infos, ai.(map[string]any))
				devs = append(devs, l["ifname"].(string))
			}
		}
		require.Len(t, infos, len(addrs))
		for _, a := range addrs {
			i := findIndex(infos, func(o map[string]any) bool { return o["local"] == a.Prefix.Addr().String() })
			require.GreaterOrEqual(t, i, 0, "%v", a.Prefix)
			o := infos[i]
			require.Equal(t, names[a.Index], devs[i])
			require.Equal(t, a.Family.String(), o["family"])
			require.EqualValues(t, a.Prefix.Bits(), o["prefixlen"])
			require.Equal(t, a.Scope.String(), o["scope"])
			if a.Label != "" {
				require.Equal(t, a.Label, o["label"])
			}
			if a.Peer.IsValid() {
				require.Equal(t, a.Peer.String(), o["address"])
			}
			require.Equal(t, a.Flags&AddrSecondary != 0, o["secondary"] == true)
			require.Equal(t, a.Flags&AddrNoDAD != 0, o["nodad"] == true)
			require.EqualValues(t, uint32(lifetimeSeconds(a.ValidLifetime)), o["valid_life_time"])
		}
	})
	t.Run("routes", func(t *testing.T) {
		routes := decodeAll(t, "routes.nl", linux.RTM_NEWROUTE, decodeRoute)
		ipRoutes := readIPJSON(t, "routes.ip.json")
		require.Len(t, ipRoutes, len(routes))
		for i, r := range routes {
			o := ipRoutes[i]
			t.Run(fmt.Sprintf("%d %s %v", i, r.Table, r.Dst), func(t *testing.T) {
				require.Equal(t, ipHost(r.Dst), o["dst"])
				if r.Type != RouteUnicast {
					require.Equal(t, r.Type.String(), o["type"])
				}
				if r.Table != TableMain {
					require.Equal(t, r.Table.String(), o["table"])
				}
				if r.Protocol != ProtoBoot {
					require.Equal(t, r.Protocol.String(), o["protocol"])
				}
				if r.Scope != ScopeUniverse {
					require.Equal(t, r.Scope.String(), o["scope"])
				}
				if r.OutIndex != 0 {
					require.Equal(t, names[r.OutIndex], o["dev"])
				}
				if r.PrefSrc.IsValid() {
					require.Equal(t, r.PrefSrc.String(), o["prefsrc"])
				}
				if r.Priority != 0 {
					require.EqualValues(t, r.Priority, o["metric"])
				}
				if r.Src.IsValid() {
					require.Equal(t, r.Src.String(), o["from"])
				}
				switch {
				case r.Gateway.IsValid() && addrFamily(r.Gateway) != uint8(r.Family):
					require.Equal(t, r.Gateway.String(), o["via"].(map[string]any)["host"])
				case r.Gateway.IsValid():
					require.Equal(t, r.Gateway.String(), o["gateway"])
				}
				require.Equal(t, fmt.Sprint(o["flags"]), fmt.Sprint(r.Flags.Words()), "flags")
				if p, ok := o["pref"]; ok {
					require.Equal(t, p, r.Pref.String())
				} else {
					require.Equal(t, RoutePrefNone, r.Pref)
				}
				_, expires := o["expires"]
				require.Equal(t, expires, r.Expires != 0)
				if len(r.NextHops) > 0 {
					hops := o["nexthops"].([]any)
					require.Len(t, hops, len(r.NextHops))
					for j, h := range r.NextHops {
						oh := hops[j].(map[string]any)
						require.Equal(t, h.Gateway.String(), oh["gateway"])
						require.Equal(t, names[h.OutIndex], oh["dev"])
						require.EqualValues(t, h.Weight, oh["weight"])
					}
				}
			})
		}
	})
	t.Run("neighbours", func(t *testing.T) {
		var neighs []Neighbor
		for _, n := range decodeAll(t, "neighs.nl", linux.RTM_NEWNEIGH, decodeNeighbor) {
			if n.State != NeighNoARP { // ip neigh hides NOARP entries
				neighs = append(neighs, n)
			}
		}
		ipNeighs := readIPJSON(t, "neighs.ip.json")
		require.Len(t, ipNeighs, len(neighs))
		for _, n := range neighs {
			i := findIndex(ipNeighs, func(o map[string]any) bool { return o["dst"] == n.IP.String() })
			require.GreaterOrEqual(t, i, 0, "%v", n.IP)
			o := ipNeighs[i]
			require.Equal(t, names[n.Index], o["dev"])
			require.Equal(t, n.HardwareAddr.String(), o["lladdr"])
			require.Equal(t, fmt.Sprint(o["state"]), fmt.Sprint(n.State.Words()))
		}
	})
}

func findIndex(objs []map[string]any, pred func(map[string]any) bool) int {
	for i, o := range objs {
		if pred(o) {
			return i
		}
	}
	return -1
}
