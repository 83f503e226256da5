package main

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/netinfo"
)

// TestNeighForms checks the -s and -br forms of a neighbour line and
// object, as ip 6.1 prints them (the namespace tests compare them with
// ip itself): ages in whole seconds, rounded down; "ref" only when
// something holds the entry; no stats for an entry without cache info.
func TestNeighForms(t *testing.T) {
	held := testNeighRouter
	held.CacheInfo = &netinfo.NeighCacheInfo{Used: 1999 * time.Millisecond, Confirmed: 60 * time.Second, Updated: 0, RefCount: 1, Probes: 2}
	free := testNeighFailed
	free.CacheInfo = &netinfo.NeighCacheInfo{Confirmed: 70 * time.Second}
	tests := []struct {
		name       string
		n          *netinfo.Neighbor
		f          neighForm
		text, json string
	}{
		{"-s held", &held, neighForm{stats: true},
			"2001:db8:1::11 dev veth0 lladdr 02:00:5e:10:01:11 router  ref 1 used 1/60/0probes 2 STALE\n",
			`{"dst":"2001:db8:1::11","dev":"veth0","lladdr":"02:00:5e:10:01:11","router":null,"refcnt":1,"used":1,"confirmed":60,"updated":0,"probes":2,"state":["STALE"]}`},
		{"-s without lladdr, dev left out", &free, neighForm{stats: true, hideDev: true},
			"10.1.0.14  used 0/70/0probes 0 FAILED\n",
			`{"dst":"10.1.0.14","used":0,"confirmed":70,"updated":0,"probes":0,"state":["FAILED"]}`},
		{"-s, no cache info", &testNeighFailed, neighForm{stats: true},
			"10.1.0.14 dev veth0 FAILED\n", `{"dst":"10.1.0.14","dev":"veth0","state":["FAILED"]}`},
		{"without -s", &held, neighForm{},
			"2001:db8:1::11 dev veth0 lladdr 02:00:5e:10:01:11 router STALE\n",
			`{"dst":"2001:db8:1::11","dev":"veth0","lladdr":"02:00:5e:10:01:11","router":null,"state":["STALE"]}`},
		{"-br", &held, neighForm{brief: true, stats: true},
			"2001:db8:1::11                          veth0            02:00:5e:10:01:11\n",
			`{"dst":"2001:db8:1::11","dev":"veth0","lladdr":"02:00:5e:10:01:11"}`},
		{"-br without lladdr", &free, neighForm{brief: true},
			"10.1.0.14                               veth0\n", `{"dst":"10.1.0.14","dev":"veth0"}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.text, string(appendNeighText(nil, tc.n, testNames, tc.f)))
			require.Equal(t, tc.json, string(appendNeighFormJSON(nil, tc.n, testNames, tc.f)))
		})
	}
}
