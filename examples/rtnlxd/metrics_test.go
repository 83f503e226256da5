package main

import (
	"context"
	"net/netip"
	"testing"
	"time"

	"github.com/jsimonetti/rtnetlink/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/conformance"
	"github.com/rtnlx/rtnlx/netinfo"
	"github.com/rtnlx/rtnlx/rtnlemu"
	"github.com/rtnlx/rtnlx/rtnlremote"
)

// TestCollector scrapes a collector over a Memory: link counters and
// states, counts by family and table, the server's counters, and the
// events its watcher counted.
func TestCollector(t *testing.T) {
	mem := rtnlemu.NewMemory()
	require.NoError(t, mem.PutLink(conformance.MemoryLink(1, "lo", rtnetlink.OperStateUnknown)))
	eth0 := conformance.MemoryLink(2, "eth0", rtnetlink.OperStateUp)
	eth0.Attributes.Stats64 = &rtnetlink.LinkStats64{RXBytes: 1234, TXPackets: 56}
	require.NoError(t, mem.PutLink(eth0))
	tr := rtnlemu.New(mem)
	defer tr.Close()
	h, err := netinfo.Open(netinfo.WithTransport(tr))
	require.NoError(t, err)
	defer h.Close()

	reg := prometheus.NewRegistry()
	stats := rtnlremote.Stats{Clients: 3, Accepted: 7, Refused: 2, Overflows: 1, Drops: 9}
	c, err := newCollector(reg, h, func() rtnlremote.Stats { return stats })
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	w, err := h.Watch(ctx, netinfo.WatchAll)
	require.NoError(t, err)
	watched := make(chan error, 1)
	go func() { watched <- c.count(ctx, w) }()

	m := &conformance.MemoryMutator{Memory: mem}
	require.NoError(t, m.Mutate(ctx, conformance.Mutation{Op: conformance.OpStorm, Link: "eth0", Prefix: netip.MustParsePrefix("10.9.0.0/24"), Count: 8}))

	// The Memory's monitor may fold an add and a delete of the same
	// route into nothing: at least the 6 that stay are new routes.
	require.Eventually(t, func() bool {
		return testutil.ToFloat64(c.events.WithLabelValues("route", "new")) >= 6
	}, 10*time.Second, 10*time.Millisecond)

	want := map[string]float64{
		`rtnlxd_link_receive_bytes_total{link="eth0"}`:    1234,
		`rtnlxd_link_transmit_packets_total{link="eth0"}`: 56,
		`rtnlxd_link_oper_state{link="eth0",state="UP"}`:  1,
		`rtnlxd_routes{family="inet",table="main"}`:       6,
		`rtnlxd_clients`:                     3,
		`rtnlxd_clients_accepted_total`:      7,
		`rtnlxd_refused_changes_total`:       2,
		`rtnlxd_client_overflows_total`:      1,
		`rtnlxd_client_dropped_events_total`: 9,
		`rtnlxd_scrape_error`:                0,
	}
	got := gather(t, reg)
	for k, v := range want {
		require.Contains(t, got, k)
		require.Equal(t, v, got[k], k)
	}
	cancel()
	require.NoError(t, <-watched)
}

// gather renders every sample of reg as name{labels} -> value.
func gather(t *testing.T, reg *prometheus.Registry) map[string]float64 {
	t.Helper()
	mfs, err := reg.Gather()
	require.NoError(t, err)
	out := map[string]float64{}
	for _, mf := range mfs {
		for _, m := range mf.GetMetric() {
			key := mf.GetName()
			if len(m.GetLabel()) > 0 {
				key += "{"
				for i, l := range m.GetLabel() {
					if i > 0 {
						key += ","
					}
					key += l.GetName() + `="` + l.GetValue() + `"`
				}
				key += "}"
			}
			switch {
			case m.Counter != nil:
				out[key] = m.GetCounter().GetValue()
			case m.Gauge != nil:
				out[key] = m.GetGauge().GetValue()
			}
		}
	}
	return out
}
