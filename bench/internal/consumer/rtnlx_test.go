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
