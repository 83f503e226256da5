package consumer

import (
	"net/netip"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/netinfo"
)

// The watcher's state and a later dump differ in the time left before a
// route expires, which counts down without events: that is no difference.
func TestDiffRoutes(t *testing.T) {
	r := netinfo.Route{Family: netinfo.FamilyInet6, Table: netinfo.TableMain, Dst: netip.MustParsePrefix("2001:db8::/64"),
		Priority: 1024, Pref: netinfo.RoutePrefHigh, Expires: 300 * time.Second}
	later := r
	later.Expires = 290 * time.Second
	state := map[routeKey]netinfo.Route{keyOf(&r): r}

	n, samples := diffRoutes(state, []netinfo.Route{later})
	require.Zero(t, n, "%v", samples)

	changed := later
	changed.Pref = netinfo.RoutePrefLow
	n, _ = diffRoutes(state, []netinfo.Route{changed})
	require.Equal(t, 1, n)

	other := r
	other.Dst = netip.MustParsePrefix("2001:db8:1::/64")
	n, _ = diffRoutes(state, []netinfo.Route{other})
	require.Equal(t, 2, n, "one missing from the state, one extra in it")
}

// A compact state's digest covers what sameRoute compares but for the
// key, and leaves out the time left before expiry as sameRoute does.
func TestDigest(t *testing.T) {
	r := netinfo.Route{Family: netinfo.FamilyInet, Table: netinfo.TableMain, Dst: netip.MustParsePrefix("198.18.0.0/24"),
		Gateway: netip.MustParseAddr("10.0.0.1"), OutIndex: 2, Expires: 300 * time.Second,
		NextHops: []netinfo.NextHop{{Gateway: netip.MustParseAddr("10.0.0.2"), OutIndex: 3, Weight: 1}},
		Metrics:  &netinfo.RouteMetrics{MTU: 1400}}
	same := r
	same.Expires = 10 * time.Second
	same.Metrics = &netinfo.RouteMetrics{MTU: 1400}
	require.Equal(t, digest(&r), digest(&same))
	for name, change := range map[string]func(*netinfo.Route){
		"gateway":  func(x *netinfo.Route) { x.Gateway = netip.MustParseAddr("10.0.0.9") },
		"protocol": func(x *netinfo.Route) { x.Protocol = netinfo.RouteProtocol(4) },
		"next hop": func(x *netinfo.Route) {
			x.NextHops = []netinfo.NextHop{{Gateway: netip.MustParseAddr("10.0.0.2"), OutIndex: 4, Weight: 1}}
		},
		"metrics":    func(x *netinfo.Route) { x.Metrics = &netinfo.RouteMetrics{MTU: 1500} },
		"no metrics": func(x *netinfo.Route) { x.Metrics = nil },
	} {
		other := r
		change(&other)
		require.NotEqual(t, digest(&r), digest(&other), name)
	}
}
