//go:build linux

package netinfo_test

import (
	"context"
	"testing"
	"time"

	"github.com/mdlayher/netlink"
	"github.com/rtnlx/rtnlx/internal/nstest"
	"github.com/rtnlx/rtnlx/netinfo"
	"github.com/rtnlx/rtnlx/nlsock"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// ipsetRequest is an ipset request (linux/netfilter/ipset/ip_set.h):
// NFNL_SUBSYS_IPSET in the type's high byte, nfgenmsg, then
// IPSET_ATTR_PROTOCOL 7.
func ipsetRequest(cmd uint16, flags netlink.HeaderFlags) netlink.Message {
	return netlink.Message{
		Header: netlink.Header{Type: netlink.HeaderType(6<<8 | cmd), Flags: flags},
		Data:   []byte{unix.AF_INET, 0, 0, 0, 5, 0, 1, 0, 7, 0, 0, 0},
	}
}

// A user's NETLINK_NETFILTER connection through WithTransport gets an
// ipset list dump and a non-dump reply from Raw().Execute, matched by
// sequence number rather than by RTNL's message types.
func TestRawExecuteOnNetfilter(t *testing.T) {
	ns := nstest.New(t, "rtni")
	nstest.RequireCommand(t, "ipset")
	ns.Exec(t, "ipset", "create", "a", "hash:ip")
	ns.Exec(t, "ipset", "create", "b", "hash:net")
	h, err := netinfo.Open(netinfo.WithTransport(nlsock.Dialer{Bus: nlsock.Netfilter, Config: nlsock.Config{NetNS: ns.Path}}))
	require.NoError(t, err)
	defer h.Close()
	raw := h.Raw()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	const ipsetCmdProtocol, ipsetCmdList = 1, 7
	msgs, err := raw.Execute(ctx, ipsetRequest(ipsetCmdList, netlink.Dump))
	require.NoError(t, err)
	require.Len(t, msgs, 2, "one message per set")
	for _, m := range msgs {
		require.Equal(t, netlink.HeaderType(6<<8|ipsetCmdList), m.Header.Type)
	}

	msgs, err = raw.Execute(ctx, ipsetRequest(ipsetCmdProtocol, netlink.Acknowledge))
	require.NoError(t, err)
	require.Len(t, msgs, 1, "the protocol reply, before the ack")

	port, err := raw.PortID()
	require.NoError(t, err)
	require.NotZero(t, port)
	require.NoError(t, raw.Close())
}
