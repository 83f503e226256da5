//go:build linux

package rtnlemu_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/nstest"
	"github.com/rtnlx/rtnlx/netinfo"
	"github.com/rtnlx/rtnlx/rtnlemu"
)

// routeGetSetup is the namespace the route lookup cases run in: two
// links with addresses of both families, default routes of two
// metrics, a route with a preferred source, a multipath route and a
// longer prefix inside it, the reject types, a route with metrics, and
// a second table that only policy rules reach.
var routeGetSetup = []string{
	"link add a0 type veth peer name a1",
	"link add b0 type veth peer name b1",
	"link set a0 up", "link set a1 up", "link set b0 up", "link set b1 up",
	"addr add 10.1.0.1/24 dev a0",
	"addr add 10.1.0.2/24 dev a0",
	"addr add 10.2.0.1/24 dev b0",
	"addr add 192.168.5.1/24 dev b0",
	"addr add 2001:db8:1::1/64 dev a0 nodad",
	"addr add 2001:db8:2::1/64 dev b0 nodad",
	"route add default via 10.1.0.254 dev a0 metric 100",
	"route add default via 10.2.0.254 dev b0 metric 200",
	"route add 10.50.0.0/16 via 10.2.0.254 dev b0 src 192.168.5.1",
	"route add 10.60.0.0/16 nexthop via 10.1.0.254 dev a0 nexthop via 10.2.0.254 dev b0",
	"route add 10.60.1.0/24 via 10.1.0.253 dev a0",
	"route add 10.90.0.0/16 via 10.1.0.254 dev a0 mtu 1400 advmss 1300 initcwnd 10",
	"route add blackhole 10.70.0.0/16",
	"route add unreachable 10.71.0.0/16",
	"route add prohibit 10.72.0.0/16",
	"route add throw 10.73.0.0/16",
	"route add default via 10.2.0.200 dev b0 table 100",
	"route add 10.80.0.0/16 via 10.1.0.200 dev a0 table 100",
	"route add default via 2001:db8:1::fe dev a0 metric 1024",
	"route add 2001:db8:50::/48 via 2001:db8:2::fe dev b0",
	"route add blackhole 2001:db8:70::/48",
	"route add unreachable 2001:db8:71::/48",
	"route add prohibit 2001:db8:72::/48",
}

// routeGetRules are policy rules for the second phase, made with ip
// (the rules API is not this test's subject).
var routeGetRules = []string{
	"rule add fwmark 7 table 100 pref 100",
	"rule add to 10.80.0.0/16 table 100 pref 101",
	"rule add from 10.2.0.1 table 100 pref 102",
	"rule add ipproto tcp dport 8443 table 100 pref 103",
	"rule add uidrange 1000-1000 table 100 pref 104",
}

// A routeGetCase is `ip route get ARGS` and the same query for RouteGet.
type routeGetCase struct {
	args []string
	q    func(ix map[string]int) netinfo.RouteQuery
	// rules: the case needs routeGetRules (Memory has no rules).
	rules bool
}

func a(s string) netip.Addr { return netip.MustParseAddr(s) }

func uid(v uint32) *uint32 { return &v }

var routeGetCases = []routeGetCase{
	{args: []string{"8.8.8.8"}, q: dstQ("8.8.8.8")},
	{args: []string{"10.1.0.5"}, q: dstQ("10.1.0.5")},
	{args: []string{"10.1.0.1"}, q: dstQ("10.1.0.1")},
	{args: []string{"10.1.0.2"}, q: dstQ("10.1.0.2")},
	{args: []string{"10.2.0.77"}, q: dstQ("10.2.0.77")},
	{args: []string{"10.50.1.1"}, q: dstQ("10.50.1.1")},
	{args: []string{"10.60.1.5"}, q: dstQ("10.60.1.5")},
	{args: []string{"10.60.2.5"}, q: dstQ("10.60.2.5")},
	{args: []string{"fibmatch", "10.60.2.5"}, q: func(map[string]int) netinfo.RouteQuery {
		return netinfo.RouteQuery{Dst: a("10.60.2.5"), FIBMatch: true}
	}},
	{args: []string{"10.90.3.3"}, q: dstQ("10.90.3.3")},
	{args: []string{"fibmatch", "8.8.8.8"}, q: func(map[string]int) netinfo.RouteQuery {
		return netinfo.RouteQuery{Dst: a("8.8.8.8"), FIBMatch: true}
	}},
	{args: []string{"fibmatch", "10.1.0.1"}, q: func(map[string]int) netinfo.RouteQuery {
		return netinfo.RouteQuery{Dst: a("10.1.0.1"), FIBMatch: true}
	}},
	{args: []string{"10.70.1.1"}, q: dstQ("10.70.1.1")},
	{args: []string{"10.71.1.1"}, q: dstQ("10.71.1.1")},
	{args: []string{"10.72.1.1"}, q: dstQ("10.72.1.1")},
	{args: []string{"10.73.1.1"}, q: dstQ("10.73.1.1")},
	{args: []string{"8.8.8.8", "oif", "b0"}, q: func(ix map[string]int) netinfo.RouteQuery {
		return netinfo.RouteQuery{Dst: a("8.8.8.8"), OutIndex: ix["b0"]}
	}},
	{args: []string{"10.60.2.5", "oif", "b0"}, q: func(ix map[string]int) netinfo.RouteQuery {
		return netinfo.RouteQuery{Dst: a("10.60.2.5"), OutIndex: ix["b0"]}
	}},
	{args: []string{"10.77.0.1", "oif", "b1"}, q: func(ix map[string]int) netinfo.RouteQuery {
		return netinfo.RouteQuery{Dst: a("10.77.0.1"), OutIndex: ix["b1"]}
	}},
	{args: []string{"8.8.8.8", "from", "10.2.0.1"}, q: func(map[string]int) netinfo.RouteQuery {
		return netinfo.RouteQuery{Dst: a("8.8.8.8"), Src: a("10.2.0.1")}
	}},
	{args: []string{"8.8.8.8", "from", "10.9.9.9"}, q: func(map[string]int) netinfo.RouteQuery {
		return netinfo.RouteQuery{Dst: a("8.8.8.8"), Src: a("10.9.9.9")}
	}},
	{args: []string{"8.8.8.8", "mark", "7"}, q: func(map[string]int) netinfo.RouteQuery {
		return netinfo.RouteQuery{Dst: a("8.8.8.8"), Mark: 7}
	}},
	{args: []string{"8.8.8.8", "uid", "1000", "ipproto", "tcp", "sport", "5555", "dport", "443"}, q: func(map[string]int) netinfo.RouteQuery {
		return netinfo.RouteQuery{Dst: a("8.8.8.8"), UID: uid(1000), IPProto: 6, SPort: 5555, DPort: 443}
	}},
	{args: []string{"2001:4860::8888"}, q: dstQ("2001:4860::8888")},
	{args: []string{"2001:db8:1::5"}, q: dstQ("2001:db8:1::5")},
	{args: []string{"2001:db8:1::1"}, q: dstQ("2001:db8:1::1")},
	{args: []string{"2001:db8:50::1"}, q: dstQ("2001:db8:50::1")},
	{args: []string{"fibmatch", "2001:db8:50::1"}, q: func(map[string]int) netinfo.RouteQuery {
		return netinfo.RouteQuery{Dst: a("2001:db8:50::1"), FIBMatch: true}
	}},
	{args: []string{"2001:db8:70::1"}, q: dstQ("2001:db8:70::1")},
	{args: []string{"2001:db8:71::1"}, q: dstQ("2001:db8:71::1")},
	{args: []string{"2001:db8:72::1"}, q: dstQ("2001:db8:72::1")},
	// Phase two: policy rules choose table 100.
	{rules: true, args: []string{"8.8.8.8", "mark", "7"}, q: func(map[string]int) netinfo.RouteQuery {
		return netinfo.RouteQuery{Dst: a("8.8.8.8"), Mark: 7}
	}},
	{rules: true, args: []string{"10.80.1.1"}, q: dstQ("10.80.1.1")},
	{rules: true, args: []string{"8.8.8.8", "from", "10.2.0.1"}, q: func(map[string]int) netinfo.RouteQuery {
		return netinfo.RouteQuery{Dst: a("8.8.8.8"), Src: a("10.2.0.1")}
	}},
	{rules: true, args: []string{"8.8.8.8", "ipproto", "tcp", "dport", "8443"}, q: func(map[string]int) netinfo.RouteQuery {
		return netinfo.RouteQuery{Dst: a("8.8.8.8"), IPProto: 6, DPort: 8443}
	}},
	{rules: true, args: []string{"8.8.8.8", "uid", "1000"}, q: func(map[string]int) netinfo.RouteQuery {
		return netinfo.RouteQuery{Dst: a("8.8.8.8"), UID: uid(1000)}
	}},
	{rules: true, args: []string{"10.1.0.1"}, q: dstQ("10.1.0.1")},
	{rules: true, args: []string{"fibmatch", "8.8.8.8", "mark", "7"}, q: func(map[string]int) netinfo.RouteQuery {
		return netinfo.RouteQuery{Dst: a("8.8.8.8"), Mark: 7, FIBMatch: true}
	}},
}

func dstQ(dst string) func(map[string]int) netinfo.RouteQuery {
	return func(map[string]int) netinfo.RouteQuery { return netinfo.RouteQuery{Dst: a(dst)} }
}

// TestRouteGetDifferential asks the kernel through `ip -d -j route get`
// and through RouteGet for each case, and a Memory loaded with the
// kernel's state through RouteGet, and requires the same answers: the
// same fields of `ip -j` (or the same errno), and from Memory the same
// route, next hop, source, table and type. A multipath route's next
// hop is the kernel's choice by flow hash; Memory takes the first, so
// there only membership is required.
func TestRouteGetDifferential(t *testing.T) {
	ns := nstest.New(t, "rtget")
	ns.Batch(t, routeGetSetup)
	// IPv6 addresses get their local routes a moment after they are
	// added, even without DAD.
	require.Eventually(t, func() bool {
		out := ns.IP(t, "-6", "route", "show", "table", "local")
		return strings.Contains(out, "2001:db8:1::1") && strings.Contains(out, "2001:db8:2::1")
	}, 10*time.Second, 20*time.Millisecond)
	kh, err := netinfo.Open(netinfo.WithNetNS(ns.Path))
	require.NoError(t, err)
	t.Cleanup(func() { kh.Close() })
	ctx := context.Background()
	links, err := kh.Links(ctx)
	require.NoError(t, err)
	ix, names := map[string]int{}, map[int]string{}
	for _, l := range links {
		ix[l.Name], names[l.Index] = l.Index, l.Name
	}
	state := readKernel(t, kh)
	mem := rtnlemu.NewMemory()
	require.NoError(t, mem.Load(&state.snap))
	mt := rtnlemu.New(mem)
	t.Cleanup(func() { mt.Close() })
	mh, err := netinfo.Open(netinfo.WithTransport(mt))
	require.NoError(t, err)
	t.Cleanup(func() { mh.Close() })

	run := func(t *testing.T, c routeGetCase) {
		q := c.q(ix)
		kl, kerr := kh.RouteGet(ctx, q)
		out, iperr := ns.TryIP(append([]string{"-d", "-j", "route", "get"}, c.args...)...)
		if iperr != nil {
			require.Error(t, kerr, "ip failed (%v) but RouteGet answered %+v", iperr, kl)
			require.Contains(t, strings.ToLower(iperr.Error()), errnoText(kerr), "errno")
		} else {
			require.NoError(t, kerr)
			want := ipGetFields(t, out)
			require.Equal(t, want, lookupFields(kl, names), "ip -d -j route get %s\n%s", strings.Join(c.args, " "), out)
		}
		if c.rules {
			return
		}
		ml, merr := mh.RouteGet(ctx, q)
		if kerr != nil {
			require.Error(t, merr, "kernel: %v; Memory answered %+v", kerr, ml)
			require.Equal(t, errnoText(kerr), errnoText(merr))
			return
		}
		require.NoError(t, merr)
		if len(kl.Route.NextHops) == 0 && !q.FIBMatch && q.OutIndex == 0 && isMultipath(state.routes, kl) {
			// the flow hash chose; Memory's first path must be a path too
			require.True(t, slices.ContainsFunc(multipathOf(state.routes, kl), func(h netinfo.NextHop) bool {
				return h.Gateway == ml.NextHop.Gateway && h.OutIndex == ml.NextHop.OutIndex
			}), "Memory's next hop %+v", ml.NextHop)
			kl.NextHop, kl.Route.Gateway, kl.Route.OutIndex = ml.NextHop, ml.Route.Gateway, ml.Route.OutIndex
		}
		require.Equal(t, lookupFields(kl, names), lookupFields(ml, names))
		require.Equal(t, kl.NextHop, ml.NextHop)
		require.Equal(t, kl.Src, ml.Src)
		require.Equal(t, kl.Table, ml.Table)
		require.Equal(t, kl.Type, ml.Type)
		require.Equal(t, kl.Route.Flags, ml.Route.Flags)
		require.Equal(t, kl.Route.NextHops, ml.Route.NextHops)
	}
	for _, c := range routeGetCases {
		if !c.rules {
			t.Run(strings.Join(c.args, "_"), func(t *testing.T) { run(t, c) })
		}
	}
	ns.Batch(t, routeGetRules)
	for _, c := range routeGetCases {
		if c.rules {
			t.Run("rules_"+strings.Join(c.args, "_"), func(t *testing.T) { run(t, c) })
		}
	}
}

// errnoText is the strerror text of an error's errno, as ip prints it
// after "RTNETLINK answers: ".
func errnoText(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return strings.ToLower(errno.Error())
	}
	return err.Error()
}

func isMultipath(routes []netinfo.Route, l netinfo.RouteLookup) bool {
	return len(multipathOf(routes, l)) > 1
}

// multipathOf gives the paths of the table's route the answer came from.
func multipathOf(routes []netinfo.Route, l netinfo.RouteLookup) []netinfo.NextHop {
	var best *netinfo.Route
	for i := range routes {
		r := &routes[i]
		if r.Table == l.Table && r.Family == l.Route.Family && r.Dst.Contains(l.Route.Dst.Addr()) {
			if best == nil || r.Dst.Bits() > best.Dst.Bits() {
				best = r
			}
		}
	}
	if best == nil {
		return nil
	}
	return best.NextHops
}

// ipGetFields reads the answer of `ip -d -j route get` into the fields
// lookupFields makes.
func ipGetFields(t *testing.T, out string) map[string]string {
	t.Helper()
	objs := jsonObjects(t, out)
	require.Len(t, objs, 1, out)
	f := map[string]string{}
	for k, v := range objs[0] {
		switch k {
		case "flags", "cache", "metrics":
			continue // flags: compared as decoded; metrics: by the metrics tests
		case "nexthops":
			f[k] = fmt.Sprint(v)
			continue
		}
		f[k] = fmt.Sprint(v)
	}
	return f
}

// lookupFields prints a RouteLookup in ip -d -j's words.
func lookupFields(l netinfo.RouteLookup, names map[int]string) map[string]string {
	r := &l.Route
	f := map[string]string{"type": r.Type.String()}
	if r.Table != netinfo.TableUnspec {
		f["table"] = r.Table.String()
	}
	full := r.Dst.Addr().BitLen()
	switch {
	case r.Dst.Bits() == 0:
		f["dst"] = "default"
	case r.Dst.Bits() == full:
		f["dst"] = r.Dst.Addr().String()
	default:
		f["dst"] = r.Dst.String()
	}
	if r.Src.IsValid() {
		if r.Src.Bits() == full || r.Src.Bits() == 0 {
			f["from"] = r.Src.Addr().String()
		} else {
			f["from"] = r.Src.String()
		}
	}
	if r.Gateway.IsValid() {
		f["gateway"] = r.Gateway.String()
	}
	if r.OutIndex != 0 {
		f["dev"] = names[r.OutIndex]
	}
	if r.PrefSrc.IsValid() {
		f["prefsrc"] = r.PrefSrc.String()
	}
	if r.Flags&netinfo.RouteCloned == 0 {
		if r.Protocol != netinfo.ProtoUnspec {
			f["protocol"] = r.Protocol.String()
		}
		f["scope"] = r.Scope.String()
	}
	if r.Family == netinfo.FamilyInet6 {
		f["metric"] = fmt.Sprint(r.Priority)
	} else if r.Priority != 0 {
		f["metric"] = fmt.Sprint(r.Priority)
	}
	if r.Pref != netinfo.RoutePrefNone {
		f["pref"] = r.Pref.String()
	}
	if l.Mark != 0 {
		f["mark"] = fmt.Sprint(l.Mark)
	}
	if l.UID != nil {
		f["uid"] = fmt.Sprint(*l.UID)
	}
	if len(r.NextHops) > 0 {
		var hops []string
		for _, h := range r.NextHops {
			s := "map["
			if h.Gateway.IsValid() {
				s += "dev:" + names[h.OutIndex] + " flags:[] gateway:" + h.Gateway.String() + " weight:" + fmt.Sprint(h.Weight)
			}
			hops = append(hops, s+"]")
		}
		f["nexthops"] = "[" + strings.Join(hops, " ") + "]"
	}
	return f
}

func jsonObjects(t *testing.T, out string) []map[string]any {
	t.Helper()
	var objs []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &objs), out)
	return objs
}
