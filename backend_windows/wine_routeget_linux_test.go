package backend_windows

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/nstest"
	"github.com/rtnlx/rtnlx/internal/winetest"
)

// TestRouteGetUnderWine runs netinfo's RouteGet in a Windows build under
// Wine in a namespace and compares its answers with `ip -j route get`
// there: the type, the next hop's gateway and link, and the source.
// Wine's GetBestRoute2 is a stub (ERROR_NOT_SUPPORTED), so under Wine
// the answer comes from rtnlemu's longest-prefix match over the tables
// Wine translates; on Windows GetBestRoute2 answers.
func TestRouteGetUnderWine(t *testing.T) {
	env := winetest.Setup(t)
	ns := nstest.New(t, "rwrg")
	ns.Batch(t, []string{
		"link add rg0 type veth peer name rg1",
		"link set rg0 up", "link set rg1 up",
		"addr add 10.71.0.1/24 dev rg0",
		"addr add 10.72.0.1/24 dev rg1",
		"route add default via 10.71.0.254 dev rg0 metric 100",
		"route add default via 10.72.0.254 dev rg1 metric 200",
		"route add 10.50.0.0/16 via 10.72.0.253 dev rg1",
		"route add 10.50.7.0/24 via 10.71.0.253 dev rg0",
	})
	exe := env.Build(t, "./testdata/routeget")
	dsts := []string{"8.8.8.8", "10.71.0.9", "10.72.0.9", "10.50.1.1", "10.50.7.1"}
	out := env.Run(t, ns.Name, exe, dsts...)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, len(dsts), out)
	for i, dst := range dsts {
		t.Run(dst, func(t *testing.T) {
			var got map[string]any
			require.NoError(t, json.Unmarshal([]byte(lines[i]), &got), lines[i])
			require.Nil(t, got["error"], "RouteGet under Wine failed")
			ipOut := ns.IPJSON(t, "route", "get", dst)
			require.Len(t, ipOut, 1)
			want := ipOut[0]
			dev := ns.IPJSON(t, "link", "show", fmt.Sprint(want["dev"]))
			require.Len(t, dev, 1)
			wantType := "unicast"
			if s, ok := want["type"].(string); ok {
				wantType = s
			}
			gw, _ := want["gateway"].(string)
			require.Equal(t, wantType, got["type"])
			require.Equal(t, gw, got["gateway"])
			require.EqualValues(t, dev[0]["ifindex"], got["oif"])
			require.Equal(t, want["prefsrc"], got["prefsrc"])
		})
	}
}
