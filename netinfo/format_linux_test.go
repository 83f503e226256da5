//go:build linux

package netinfo_test

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/netinfo"
)

// ipLines runs ip in ns, turns its one-line output into comparable
// lines: device names into "ifN" (a record knows links by index),
// tabs, backslashes and runs of spaces into single spaces.
func ipLines(t *testing.T, out string, names map[string]int) []string {
	t.Helper()
	var lines []string
	space := regexp.MustCompile(`[\s\\]+`)
	for _, l := range strings.Split(out, "\n") {
		l = strings.TrimSpace(space.ReplaceAllString(l, " "))
		if l == "" {
			continue
		}
		words := strings.Split(l, " ")
		for i := 1; i < len(words); i++ {
			if words[i-1] == "dev" || words[i-1] == "master" {
				if ix, ok := names[words[i]]; ok {
					words[i] = fmt.Sprintf("if%d", ix)
				}
			}
		}
		lines = append(lines, strings.Join(words, " "))
	}
	sort.Strings(lines)
	return lines
}

// TestStringsMatchIP prints the records of a populated namespace with
// String and compares them with ip's text for the same records: routes
// with `ip -o route show table all` (IPv4 and IPv6), neighbours with
// `ip neigh show nud all`.
func TestStringsMatchIP(t *testing.T) {
	ns, _, h := openNS(t)
	ctx := testContext(t)
	ns.Batch(t, []string{
		"route add 10.99.0.0/16 via 10.1.0.254 mtu lock 1400 advmss 1300 rtt 30ms initcwnd 10 metric 7",
		"route add blackhole 10.98.0.0/16",
		"route add unreachable 2001:db8:98::/48",
	})
	links, err := h.Links(ctx)
	require.NoError(t, err)
	names := map[string]int{}
	for _, l := range links {
		names[l.Name] = l.Index
	}
	for _, fam := range []struct {
		f   netinfo.Family
		arg string
	}{{netinfo.FamilyInet, "-4"}, {netinfo.FamilyInet6, "-6"}} {
		routes, err := h.Routes(ctx, netinfo.RouteFilter{Family: fam.f})
		require.NoError(t, err)
		var got []string
		for _, r := range routes {
			if r.Table == netinfo.TableLocal || r.Dst.Addr().IsMulticast() {
				continue // ip prints local and multicast routes with types this test leaves out
			}
			got = append(got, r.String())
		}
		sort.Strings(got)
		want := ipLines(t, ns.IP(t, "-o", fam.arg, "route", "show", "table", "all"), names)
		want = filterOut(want, func(l string) bool { return strings.Contains(l, "table local") || strings.HasPrefix(l, "multicast") })
		require.Equal(t, want, got, "routes %s", fam.arg)
	}
	neighs, err := h.Neighbors(ctx, netinfo.NeighFilter{})
	require.NoError(t, err)
	var got []string
	for _, n := range neighs {
		if n.Family == netinfo.FamilyInet || n.Family == netinfo.FamilyInet6 {
			got = append(got, n.String())
		}
	}
	sort.Strings(got)
	require.Equal(t, ipLines(t, ns.IP(t, "neigh", "show", "nud", "all"), names), got, "neighbours")

	var gotLinks []string
	for _, l := range links {
		gotLinks = append(gotLinks, l.String())
	}
	sort.Strings(gotLinks)
	wantLinks := ipLines(t, ns.IP(t, "-o", "link", "show"), names)
	for i, l := range wantLinks { // "veth0@veth1:" names its peer: ifN here
		if at := strings.Index(l, "@"); at >= 0 && at < strings.Index(l, ":"+" <") {
			end := strings.Index(l, ": <")
			wantLinks[i] = l[:at+1] + fmt.Sprintf("if%d", names[l[at+1:end]]) + l[end:]
		}
	}
	require.Equal(t, wantLinks, gotLinks, "links")

	addrs, err := h.Addrs(ctx, netinfo.AddrFilter{})
	require.NoError(t, err)
	var gotAddrs []string
	for _, a := range addrs {
		gotAddrs = append(gotAddrs, fmt.Sprintf("%d: %s", a.Index, a.String()))
	}
	sort.Strings(gotAddrs)
	var wantAddrs []string
	for _, l := range ipLines(t, ns.IP(t, "-o", "addr", "show"), names) {
		// "2: lo inet 127.0.0.1/8 scope host lo valid_lft ...": drop the name
		f := strings.SplitN(l, " ", 3)
		wantAddrs = append(wantAddrs, f[0]+" "+f[2])
	}
	sort.Strings(wantAddrs)
	require.Equal(t, wantAddrs, gotAddrs, "addresses")

	// %v of a route never shows netip's "invalid Prefix".
	require.NotContains(t, fmt.Sprintf("%v", netinfo.Route{}), "invalid")
	require.NotContains(t, fmt.Sprintf("%v", netinfo.RouteLookup{}), "invalid")
}

func filterOut(lines []string, drop func(string) bool) []string {
	var out []string
	for _, l := range lines {
		if !drop(l) {
			out = append(out, l)
		}
	}
	return out
}
