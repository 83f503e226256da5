//go:build linux

package netinfo_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/nstest"
	"github.com/rtnlx/rtnlx/netinfo"
)

// TestBatchKernel sends 20,000 requests, many datagrams' worth, to the
// kernel, and checks that ip sees exactly the routes that the batch did
// not name as failed.
func TestBatchKernel(t *testing.T) {
	ns := nstest.New(t, "rtbt")
	ns.IP(t, "link", "add", "rbt0", "type", "veth", "peer", "name", "rbt1")
	ns.IP(t, "link", "set", "rbt0", "up")
	h, err := netinfo.Open(netinfo.WithNetNS(ns.Path))
	require.NoError(t, err)
	defer h.Close()
	l, err := h.LinkByName(testContext(t), "rbt0")
	require.NoError(t, err)
	checkBatch(t, h, l.Index, 20000, 12345, func() int { return len(ns.IPJSON(t, "route", "show", "dev", "rbt0")) })
	require.Empty(t, ns.IPJSON(t, "route", "show", "dev", "rbt0"))
}
