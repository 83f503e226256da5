package netinfo

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rtnlx/rtnlx/backend_linux/nstest"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// recordEnv turns TestRecord on: RTNLX_RECORD=1 go test -run TestRecord ./netinfo
const recordEnv = "RTNLX_RECORD"

// extraRoutes add to nstest.Populate's state what the codec also has to
// decode: a table above 255 (RTA_TABLE only) with a metric, protocol and
// preferred source; an IPv6 multipath route; an IPv4 route via an IPv6
// gateway (RTA_VIA); a source-specific IPv6 route; a throw route.
var extraRoutes = []string{
	"route add 192.0.2.128/25 via 10.1.0.254 dev veth0 table 1000 metric 50 proto static src 10.1.0.1",
	"route add 2001:db8:300::/48 nexthop via 2001:db8:1::fe dev veth0 weight 1 nexthop via 2001:db8:2::fe dev br0 weight 4",
	"route add 192.0.2.64/26 via inet6 fe80::1 dev veth0",
	"route add 2001:db8:400::/48 from 2001:db8:1::/64 via 2001:db8:1::fe dev veth0",
	"route add throw 198.51.100.128/25 table 100",
}

// recording is one dump written to testdata.
type recording struct {
	file    string
	typ     uint16 // the RTM_GET* request
	payload []byte
}

// recordings are the dumps TestRecord writes, each with the request the
// codec builds for it.
func recordings() []recording {
	return []recording{
		{"links.nl", unix.RTM_GETLINK, appendLinkDumpRequest(nil)},
		{"addrs.nl", unix.RTM_GETADDR, appendAddrDumpRequest(nil, AddrFilter{})},
		{"routes.nl", unix.RTM_GETROUTE, appendRouteDumpRequest(nil, RouteFilter{})},
		{"neighs.nl", unix.RTM_GETNEIGH, appendNeighDumpRequest(nil, NeighFilter{})},
		{"fdb.nl", unix.RTM_GETNEIGH, appendNeighDumpRequest(nil, NeighFilter{Family: FamilyBridge})},
	}
}

// populatedNS makes a namespace with nstest.Populate's state plus
// extraRoutes.
func populatedNS(t *testing.T, prefix string) (*nstest.NS, *nstest.Fixture) {
	t.Helper()
	ns := nstest.New(t, prefix)
	f := nstest.Populate(t, ns)
	ns.Batch(t, extraRoutes)
	return ns, f
}

// TestRecord dumps a populated namespace with a plain netlink socket and
// writes the raw datagrams, and ip -j's view of the same state, to
// testdata. It runs only with RTNLX_RECORD=1 (as root).
func TestRecord(t *testing.T) {
	if os.Getenv(recordEnv) != "1" {
		t.Skip("recording testdata only with " + recordEnv + "=1")
	}
	ns, _ := populatedNS(t, "rcodrec")
	s := dialKernelInNS(t, ns.Path)
	for _, rec := range recordings() {
		rep, err := s.request(rec.typ, unix.NLM_F_DUMP, rec.payload)
		require.NoError(t, err, rec.file)
		require.NotEmpty(t, rep.msgs, rec.file)
		require.NoError(t, os.WriteFile(filepath.Join("testdata", rec.file), rep.raw, 0o644))
	}
	views := map[string][]string{
		"links.ip.json":   {"-d", "link", "show"},
		"addrs.ip.json":   {"addr", "show"},
		"routes.ip.json":  {"route", "show", "table", "all"},
		"routes6.ip.json": {"-6", "route", "show", "table", "all"},
		"neighs.ip.json":  {"neigh", "show"},
	}
	for file, args := range views {
		out := ns.IP(t, append([]string{"-j"}, args...)...)
		require.NoError(t, os.WriteFile(filepath.Join("testdata", file), []byte(out), 0o644))
	}
}
