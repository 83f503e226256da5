//go:build linux

package netinfo_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/netinfo"
)

// TestLinkDetailsMatchIP reads a bridge, its port and a tap device with
// LinkDetails and checks the decoded details against `ip -j -d link`.
func TestLinkDetailsMatchIP(t *testing.T) {
	ns, h := emptyNS(t)
	ns.Batch(t, []string{
		"link add br7 type bridge forward_delay 1200 group_fwd_mask 8",
		"link add p7 type veth peer name q7",
		"link set p7 master br7",
		"link set dev p7 type bridge_slave cost 9 guard on",
		"tuntap add tp7 mode tap multi_queue",
	})
	ds, err := h.LinkDetails(testContext(t))
	require.NoError(t, err)
	byName := map[string]*netinfo.LinkDetails{}
	for i := range ds {
		byName[ds[i].Name] = &ds[i]
	}
	num := func(obj map[string]any, key string) uint64 {
		t.Helper()
		v, ok := obj[key].(float64)
		require.True(t, ok, "ip prints no number %q in %v", key, obj)
		return uint64(v)
	}

	for _, name := range []string{"lo", "br7", "p7", "q7", "tp7"} {
		d := byName[name]
		require.NotNil(t, d, name)
		ip := ipLink(t, ns, name)
		for key, v := range map[string]*uint32{
			"promiscuity": d.Promiscuity, "allmulti": d.AllMulti, "min_mtu": d.MinMTU, "max_mtu": d.MaxMTU,
			"num_tx_queues": d.NumTxQueues, "num_rx_queues": d.NumRxQueues,
			"gso_max_size": d.GSOMaxSize, "gso_max_segs": d.GSOMaxSegs,
			"tso_max_size": d.TSOMaxSize, "tso_max_segs": d.TSOMaxSegs, "gro_max_size": d.GROMaxSize,
		} {
			require.NotNil(t, v, "%s: %s", name, key)
			require.Equal(t, num(ip, key), uint64(*v), "%s: %s", name, key)
		}
		require.NotNil(t, d.AddrGenMode, name)
		require.Equal(t, ip["inet6_addr_gen_mode"], d.AddrGenMode.String(), name)
	}

	br := byName["br7"].Bridge
	require.NotNil(t, br)
	data := infoData(t, ipLink(t, ns, "br7"), "info_data")
	require.Equal(t, num(data, "forward_delay"), uint64(*br.ForwardDelay))
	require.Equal(t, num(data, "mcast_hash_max"), uint64(*br.MulticastHashMax))
	require.Equal(t, num(data, "mcast_query_intvl"), *br.MulticastQueryInterval)
	require.Equal(t, uint16(8), *br.GroupFwdMask)
	require.Equal(t, "01:80:c2:00:00:00", br.GroupAddr.String())
	require.NotNil(t, br.BridgeID)
	require.Equal(t, uint16(0x8000), br.BridgeID.Priority)
	require.Equal(t, byName["br7"].HardwareAddr, br.BridgeID.Addr)

	port := byName["p7"].BridgePort
	require.NotNil(t, port)
	slave := infoData(t, ipLink(t, ns, "p7"), "info_slave_data")
	require.Equal(t, num(slave, "cost"), uint64(*port.Cost))
	require.Equal(t, uint32(9), *port.Cost)
	require.True(t, *port.Guard)
	require.Equal(t, slave["learning"], *port.Learning)
	require.Equal(t, num(slave, "designated_port"), uint64(*port.DesignatedPort))
	require.Nil(t, byName["q7"].BridgePort, "not a port")
	require.Equal(t, byName["q7"].Index, *byName["p7"].LinkIndex)
	require.Nil(t, byName["p7"].LinkNetNSID)

	tap := byName["tp7"]
	require.NotNil(t, tap.TunDisabledQueues, "a multi-queue device reports its disabled queues")
	require.Nil(t, byName["lo"].LinkIndex)
}
