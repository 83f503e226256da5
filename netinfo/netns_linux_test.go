//go:build linux

package netinfo_test

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"os/exec"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/nstest"
	"github.com/rtnlx/rtnlx/netinfo"
)

// TestNamedNetNS adds, lists and deletes a named namespace and checks
// each step with ip netns list.
func TestNamedNetNS(t *testing.T) {
	nstest.RequireIP(t)
	var b [4]byte
	rand.Read(b[:])
	name := "rtnkns" + hex.EncodeToString(b[:])
	ipNames := func() []any {
		out, err := exec.Command("ip", "-j", "netns", "list").Output()
		require.NoError(t, err)
		var objs []map[string]any
		if len(out) > 0 {
			require.NoError(t, json.Unmarshal(out, &objs))
		}
		var names []any
		for _, o := range objs {
			names = append(names, o["name"])
		}
		return names
	}
	path, err := netinfo.AddNetNS(name)
	require.NoError(t, err)
	t.Cleanup(func() { netinfo.DelNetNS(name) })
	require.Contains(t, ipNames(), name)
	names, err := netinfo.ListNetNS()
	require.NoError(t, err)
	require.Contains(t, names, name)
	_, err = netinfo.AddNetNS(name)
	require.ErrorIs(t, err, syscall.EEXIST)

	h, err := netinfo.Open(netinfo.WithNetNS(path))
	require.NoError(t, err)
	links, err := h.Links(testContext(t))
	require.NoError(t, err)
	require.Len(t, links, 1, "a new namespace holds only lo")
	h.Close()

	require.NoError(t, netinfo.DelNetNS(name))
	require.NotContains(t, ipNames(), name)
	require.ErrorIs(t, netinfo.DelNetNS(name), netinfo.ErrNotFound)
	for _, bad := range []string{"", ".", "..", "a/b"} {
		_, err := netinfo.AddNetNS(bad)
		require.ErrorIs(t, err, syscall.EINVAL, bad)
		require.ErrorIs(t, netinfo.DelNetNS(bad), syscall.EINVAL, bad)
	}
}
