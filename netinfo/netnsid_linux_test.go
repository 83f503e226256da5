//go:build linux

package netinfo_test

import (
	"regexp"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/nstest"
	"github.com/rtnlx/rtnlx/netinfo"
)

// TestNetNSIDMatchesIP checks NetNSID against the "(id: N)" of `ip
// netns list`: the id a veth peer's namespace gets, and -1 for one
// without an id.
func TestNetNSIDMatchesIP(t *testing.T) {
	ns, h := emptyNS(t)
	peer, other := nstest.New(t, "rtnp"), nstest.New(t, "rtno")
	ns.IP(t, "link", "add", "v9", "type", "veth", "peer", "name", "v9p", "netns", peer.Name)
	ctx := testContext(t)

	m := regexp.MustCompile(`(?m)^` + peer.Name + ` \(id: (\d+)\)$`).FindStringSubmatch(ns.IP(t, "netns", "list"))
	require.NotNil(t, m, "ip lists no id for the peer's namespace")
	want, err := strconv.Atoi(m[1])
	require.NoError(t, err)
	id, err := h.NetNSID(ctx, netinfo.NetNSPath(peer.Path))
	require.NoError(t, err)
	require.Equal(t, want, id)

	l, err := h.LinkDetails(ctx)
	require.NoError(t, err)
	for _, d := range l {
		if d.Name == "v9" {
			require.NotNil(t, d.LinkNetNSID)
			require.Equal(t, want, int(*d.LinkNetNSID))
		}
	}

	id, err = h.NetNSID(ctx, netinfo.NetNSPath(other.Path))
	require.NoError(t, err)
	require.Equal(t, -1, id)

	_, err = h.NetNSID(ctx, netinfo.NetNSPath(t.TempDir()+"/none"))
	require.Error(t, err)
}
