//go:build linux

package netinfo_test

import (
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/netinfo"
)

// TestLinkDetailsIPv6MIB reads the loopback's IPv6 counters, after some
// datagrams over ::1, and checks them against the kernel's own listing
// (/proc/net/dev_snmp6/lo): the count first, then InReceives and
// InOctets at the indexes every kernel gives them.
func TestLinkDetailsIPv6MIB(t *testing.T) {
	ns, h := emptyNS(t)
	ns.Batch(t, []string{"link set lo up"})
	if _, err := exec.LookPath("python3"); err == nil {
		ns.Exec(t, "python3", "-c", `
import socket
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
for _ in range(3):
    s.sendto(b"rtnlx", ("::1", 9))
`)
	}
	proc := map[string]uint64{}
	for _, l := range strings.Split(ns.Exec(t, "cat", "/proc/net/dev_snmp6/lo"), "\n") {
		if f := strings.Fields(l); len(f) == 2 {
			v, err := strconv.ParseUint(f[1], 10, 64)
			require.NoError(t, err, l)
			proc[f[0]] = v
		}
	}
	ds, err := h.LinkDetails(testContext(t))
	require.NoError(t, err)
	var lo *netinfo.LinkDetails
	for i := range ds {
		if ds[i].Name == "lo" {
			lo = &ds[i]
		}
	}
	require.NotNil(t, lo)
	mib := lo.IPv6MIB
	require.GreaterOrEqual(t, len(mib), 3)
	require.Equal(t, uint64(len(mib)), mib[0], "the array starts with its length")
	require.Equal(t, proc["Ip6InReceives"], mib[1])
	require.Equal(t, proc["Ip6InOctets"], mib[2])
}
