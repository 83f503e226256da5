package netinfo

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rtnlx/rtnlx/internal/nstest"
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
		"links.ip.json":  {"-d", "link", "show"},
		"addrs.ip.json":  {"addr", "show"},
		"routes.ip.json": {"route", "show", "table", "all"},
		"neighs.ip.json": {"neigh", "show"},
	}
	for file, args := range views {
		out := ns.IP(t, append([]string{"-j"}, args...)...)
		require.NoError(t, os.WriteFile(filepath.Join("testdata", file), []byte(out), 0o644))
	}
}

// eventChanges make the notifications TestRecordEvents records: every
// object kind added and removed, a multipath route in a table above 255,
// an IPv6 address.
var eventChanges = []string{
	"link add rcev0 address 02:00:5e:77:00:01 type veth peer name rcev1",
	"link set rcev0 up",
	"link set rcev1 up",
	"addr add 10.77.0.1/24 dev rcev0",
	"addr add 2001:db8:77::1/64 dev rcev0 nodad",
	"route add 10.78.0.0/16 via 10.77.0.254 dev rcev0",
	"route add 10.79.0.0/16 table 1000 nexthop via 10.77.0.253 dev rcev0 weight 3 nexthop via 10.77.0.252 dev rcev0 weight 1",
	"neigh add 10.77.0.9 lladdr 02:00:5e:77:00:09 dev rcev0 nud permanent",
	"neigh del 10.77.0.9 dev rcev0",
	"route del 10.78.0.0/16",
	"route del 10.79.0.0/16 table 1000",
	"addr del 10.77.0.1/24 dev rcev0",
	"link del rcev0",
}

// TestRecordEvents subscribes to every link, address, route and
// neighbour group, makes eventChanges and writes the notifications to
// testdata/events.nl. It runs only with RTNLX_RECORD=1 (as root).
func TestRecordEvents(t *testing.T) {
	if os.Getenv(recordEnv) != "1" {
		t.Skip("recording testdata only with " + recordEnv + "=1")
	}
	ns := nstest.New(t, "rcodrev")
	s := dialKernelInNS(t, ns.Path)
	for _, g := range []int{unix.RTNLGRP_LINK, unix.RTNLGRP_NEIGH, unix.RTNLGRP_IPV4_IFADDR,
		unix.RTNLGRP_IPV4_ROUTE, unix.RTNLGRP_IPV6_IFADDR, unix.RTNLGRP_IPV6_ROUTE} {
		require.NoError(t, unix.SetsockoptInt(s.fd, unix.SOL_NETLINK, unix.NETLINK_ADD_MEMBERSHIP, g))
	}
	ns.Batch(t, eventChanges)
	// Everything the batch caused is queued by now; read until quiet.
	require.NoError(t, unix.SetsockoptTimeval(s.fd, unix.SOL_SOCKET, unix.SO_RCVTIMEO, &unix.Timeval{Usec: 300_000}))
	var raw []byte
	buf := make([]byte, 1<<20)
	for {
		n, _, err := unix.Recvfrom(s.fd, buf, 0)
		if err == unix.EAGAIN || err == unix.EWOULDBLOCK {
			break
		}
		require.NoError(t, err)
		raw = append(raw, buf[:n]...)
	}
	require.NotEmpty(t, raw)
	require.NoError(t, os.WriteFile(filepath.Join("testdata", "events.nl"), raw, 0o644))
}
