package backend_windows

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/winetest"
)

// TestRawLayoutMatchesMingw compiles testdata/layout.c against mingw-w64's
// headers, runs it under Wine and compares every size and offset with the
// raw rows'. It is the check that the hand-written mirrors are right.
func TestRawLayoutMatchesMingw(t *testing.T) {
	env := winetest.Setup(t)
	exe := env.BuildC(t, "testdata/layout.c", "-liphlpapi")
	out := env.Run(t, "", exe)
	fromC := map[string]uintptr{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		name, value, ok := strings.Cut(line, " ")
		require.True(t, ok, "line %q", line)
		n, err := strconv.ParseUint(value, 10, 32)
		require.NoError(t, err, "line %q", line)
		fromC[name] = uintptr(n)
	}
	layouts := rawLayouts()
	require.Len(t, fromC, len(layouts), "layout.c prints exactly what rawLayouts lists")
	for _, f := range layouts {
		require.Equal(t, fromC[f.name], f.got, f.name)
	}
}
