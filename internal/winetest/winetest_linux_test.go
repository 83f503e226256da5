package winetest

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/nstest"
)

// TestRunSeesItsNamespace runs a Go program under Wine twice, first in
// the test's own namespace and then in a fresh one, and checks that the
// second run sees the fresh namespace's interfaces rather than those of a
// wineserver left over from the first.
func TestRunSeesItsNamespace(t *testing.T) {
	env := Setup(t)
	ns := nstest.New(t, "rwtw")
	ns.IP(t, "link", "add", "rwtwdummy0", "type", "bridge")

	exe := env.Build(t, "./testdata/ifnames")
	outer := env.Run(t, "", exe)
	require.NotContains(t, outer, "rwtwdummy0", "the bridge lives in the namespace only")

	inner := strings.Fields(env.Run(t, ns.Name, exe))
	require.Contains(t, inner, "rwtwdummy0", "a run must see its own namespace")
	require.ElementsMatch(t, []string{"lo", "rwtwdummy0"}, inner)
}
