//go:build linux

package netinfo_test

import (
	"fmt"
	"net/netip"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/nstest"
	"github.com/rtnlx/rtnlx/netinfo"
)

// metricsJSON prints RouteMetrics as `ip -j route` prints a route's
// "metrics" object (values through fmt.Sprint, as JSON decodes them).
func metricsJSON(mp *netinfo.RouteMetrics) map[string]string {
	out := map[string]string{}
	var m netinfo.RouteMetrics
	if mp != nil {
		m = *mp
	}
	u := func(k string, v uint32) {
		if v != 0 {
			out[k] = fmt.Sprint(v)
		}
	}
	u("mtu", m.MTU)
	u("window", m.Window)
	if m.RTT != 0 {
		out["rtt"] = fmt.Sprint(m.RTT.Milliseconds())
	}
	if m.RTTVar != 0 {
		out["rttvar"] = fmt.Sprint(m.RTTVar.Milliseconds())
	}
	u("ssthresh", m.SSThresh)
	u("cwnd", m.CWnd)
	u("advmss", m.AdvMSS)
	u("reordering", m.Reordering)
	u("hoplimit", m.HopLimit)
	u("initcwnd", m.InitCwnd)
	for _, w := range strings.Fields(m.Features.String()) {
		out[w] = "<nil>"
	}
	if m.RTOMin != 0 {
		out["rto_min"] = fmt.Sprint(m.RTOMin.Milliseconds())
	}
	u("initrwnd", m.InitRwnd)
	u("quickack", m.QuickAck)
	if m.CongCtl != "" {
		out["congestion"] = m.CongCtl
	}
	u("fastopen_no_cookie", m.FastOpenNoCookie)
	return out
}

func ipMetrics(r map[string]any) map[string]string {
	out := map[string]string{}
	ms, _ := r["metrics"].([]any)
	for _, m := range ms {
		for k, v := range m.(map[string]any) {
			out[k] = fmt.Sprint(v)
		}
	}
	return out
}

// TestRouteMetricsMatchIP reads routes with metrics set by ip and
// compares them with `ip -j route`, then adds routes with metrics
// through AddRoute and reads them back with ip.
func TestRouteMetricsMatchIP(t *testing.T) {
	ns := nstest.New(t, "rtmx")
	ns.Batch(t, []string{
		"link add mx0 type veth peer name mx1", "link set mx0 up", "link set mx1 up",
		"addr add 10.31.0.1/24 dev mx0",
		"route add 10.32.0.0/16 via 10.31.0.254 mtu lock 1400 advmss 1300 window 65535 rtt 30ms rttvar 12ms ssthresh 20 cwnd 10 initcwnd 12 initrwnd 14 hoplimit 7 reordering 5 features ecn quickack 1 congctl cubic fastopen_no_cookie 1 rto_min 200ms",
		"route add 10.33.0.0/16 via 10.31.0.254 mtu 1280",
		"route add 10.34.0.0/16 via 10.31.0.254",
	})
	h, err := netinfo.Open(netinfo.WithNetNS(ns.Path))
	require.NoError(t, err)
	t.Cleanup(func() { h.Close() })
	ctx := testContext(t)

	check := func() {
		t.Helper()
		routes, err := h.Routes(ctx, netinfo.RouteFilter{Family: netinfo.FamilyInet, Table: netinfo.TableMain})
		require.NoError(t, err)
		byDst := map[string]netinfo.Route{}
		for _, r := range routes {
			byDst[r.Dst.String()] = r
		}
		for _, want := range ns.IPJSON(t, "-4", "route", "show", "table", "main") {
			dst := fmt.Sprint(want["dst"])
			if dst == "default" {
				dst = "0.0.0.0/0"
			}
			if !strings.Contains(dst, "/") {
				dst += "/32"
			}
			got, ok := byDst[dst]
			require.True(t, ok, "route %s missing", dst)
			require.Equal(t, ipMetrics(want), metricsJSON(got.Metrics), "route %s", dst)
		}
	}
	check()
	r, ok := byDstRoute(t, h, "10.32.0.0/16")
	require.True(t, ok)
	require.NotNil(t, r.Metrics)
	require.NotZero(t, r.Metrics.Locked&(1<<2), "mtu lock") // ip locks rto_min too
	require.Equal(t, 30*time.Millisecond, r.Metrics.RTT)

	// Encode: the same metrics through AddRoute, read back by ip.
	add := r
	add.Dst = netip.MustParsePrefix("10.35.0.0/16")
	add.Protocol = netinfo.ProtoStatic
	require.NoError(t, h.AddRoute(ctx, add))
	add.Dst = netip.MustParsePrefix("10.36.0.0/16")
	add.Metrics = &netinfo.RouteMetrics{MTU: 1300, InitCwnd: 3}
	require.NoError(t, h.AddRoute(ctx, add))
	check()
	got, ok := byDstRoute(t, h, "10.35.0.0/16")
	require.True(t, ok)
	require.Equal(t, r.Metrics, got.Metrics)
	out := ns.IP(t, "route", "show", "10.35.0.0/16")
	require.Contains(t, out, "mtu lock 1400")
}

func byDstRoute(t *testing.T, h *netinfo.Handle, dst string) (netinfo.Route, bool) {
	t.Helper()
	p := netip.MustParsePrefix(dst)
	rs, err := h.Routes(testContext(t), netinfo.RouteFilter{Dst: &p, Table: netinfo.TableMain})
	require.NoError(t, err)
	if len(rs) != 1 {
		return netinfo.Route{}, false
	}
	return rs[0], true
}

// TestRouteFiltersMatchIP compares Routes with each new selector against
// `ip -j route show table all SELECTOR` in one namespace.
func TestRouteFiltersMatchIP(t *testing.T) {
	ns := nstest.New(t, "rtfl")
	ns.Batch(t, []string{
		"link add fl0 type veth peer name fl1", "link set fl0 up", "link set fl1 up",
		"addr add 10.41.0.1/24 dev fl0", "addr add 10.41.0.2/24 dev fl0",
		"route add 10.42.0.0/16 via 10.41.0.254 metric 10",
		"route add 10.42.1.0/24 via 10.41.0.253 metric 20 src 10.41.0.2",
		"route add 10.42.1.128/25 via 10.41.0.254 metric 10 table 7",
		"route add 10.43.0.0/16 nexthop via 10.41.0.253 nexthop via 10.41.0.252",
		"route add default via 10.41.0.254 metric 30",
	})
	h, err := netinfo.Open(netinfo.WithNetNS(ns.Path))
	require.NoError(t, err)
	t.Cleanup(func() { h.Close() })
	ctx := testContext(t)
	pfx := func(s string) *netip.Prefix { p := netip.MustParsePrefix(s); return &p }
	u32 := func(v uint32) *uint32 { return &v }
	for _, c := range []struct {
		args []string
		f    netinfo.RouteFilter
	}{
		{[]string{"via", "10.41.0.253"}, netinfo.RouteFilter{Gateway: netip.MustParseAddr("10.41.0.253")}},
		{[]string{"src", "10.41.0.2"}, netinfo.RouteFilter{PrefSrc: netip.MustParseAddr("10.41.0.2")}},
		{[]string{"metric", "10"}, netinfo.RouteFilter{Priority: u32(10)}},
		{[]string{"root", "10.42.0.0/16"}, netinfo.RouteFilter{Root: pfx("10.42.0.0/16")}},
		{[]string{"match", "10.42.1.200"}, netinfo.RouteFilter{Match: pfx("10.42.1.200/32")}},
		{[]string{"match", "10.42.1.0/24"}, netinfo.RouteFilter{Match: pfx("10.42.1.0/24")}},
		{[]string{"exact", "10.42.1.0/24"}, netinfo.RouteFilter{Dst: pfx("10.42.1.0/24")}},
	} {
		t.Run(strings.Join(c.args, "_"), func(t *testing.T) {
			var want []string
			for _, r := range ns.IPJSON(t, append([]string{"-4", "route", "show", "table", "all"}, c.args...)...) {
				want = append(want, fmt.Sprint(r["dst"], " ", r["table"]))
			}
			f := c.f
			f.Family = netinfo.FamilyInet
			routes, err := h.Routes(ctx, f)
			require.NoError(t, err)
			var got []string
			for _, r := range routes {
				dst := r.Dst.String()
				switch {
				case r.Dst.Bits() == 0:
					dst = "default"
				case r.Dst.IsSingleIP():
					dst = r.Dst.Addr().String()
				}
				table := "<nil>"
				if r.Table != netinfo.TableMain {
					table = r.Table.String()
				}
				got = append(got, dst+" "+table)
			}
			sort.Strings(want)
			sort.Strings(got)
			require.Equal(t, want, got)
		})
	}
}
