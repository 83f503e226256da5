//go:build linux

package netinfo_test

import (
	"net/netip"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/nstest"
	"github.com/rtnlx/rtnlx/netinfo"
)

// TestWatchRulesAndNexthops follows rule and nexthop events, and the
// changes Linux makes without one: routes deleted with their nexthop,
// nexthops deleted with their link going down. The state the events
// build must equal fresh dumps at the end.
func TestWatchRulesAndNexthops(t *testing.T) {
	ns := nstest.New(t, "rtnw")
	ns.IP(t, "link", "add", "rnw0", "type", "veth", "peer", "name", "rnw1")
	ns.IP(t, "link", "set", "rnw1", "up")
	ns.IP(t, "link", "set", "rnw0", "up")
	ns.IP(t, "addr", "add", "10.1.0.1/24", "dev", "rnw0")
	h, err := netinfo.Open(netinfo.WithNetNS(ns.Path))
	require.NoError(t, err)
	defer h.Close()
	ctx := testContext(t)
	w, err := h.Watch(ctx, netinfo.WatchRoutes|netinfo.WatchRules|netinfo.WatchNexthops, netinfo.WithInitialState())
	require.NoError(t, err)
	defer w.Close()

	rules := map[string]netinfo.Rule{}
	nhs := map[uint32]netinfo.Nexthop{}
	routes := map[netip.Prefix]netinfo.Route{}
	apply := func(ev netinfo.Event) {
		del := ev.Type == netinfo.EventDel
		switch {
		case ev.Rule != nil:
			k := ev.Rule.Family.String() + " " + ev.Rule.String()
			if del {
				delete(rules, k)
			} else {
				rules[k] = *ev.Rule
			}
		case ev.Nexthop != nil:
			if del {
				delete(nhs, ev.Nexthop.ID)
			} else {
				nhs[ev.Nexthop.ID] = *ev.Nexthop
			}
		case ev.Route != nil && ev.Route.Table == netinfo.TableMain && ev.Route.Family == netinfo.FamilyInet:
			if del {
				delete(routes, ev.Route.Dst)
			} else {
				routes[ev.Route.Dst] = *ev.Route
			}
		}
	}
	// until reads events until cond holds.
	until := func(what string, cond func() bool) {
		t.Helper()
		deadline := time.After(10 * time.Second)
		for !cond() {
			select {
			case ev, ok := <-w.Events():
				require.True(t, ok, "watcher stopped: %v", w.Err())
				apply(ev)
			case <-deadline:
				t.Fatalf("%s: no event within 10s", what)
			}
		}
	}
	initial := false
	for !initial {
		ev := <-w.Events()
		initial = ev.Type == netinfo.EventInitialDone
		apply(ev)
	}
	require.Len(t, rules, 5, "the default rules of both families: %v", rules)

	ns.IP(t, "rule", "add", "pref", "500", "fwmark", "3", "table", "5")
	until("rule add", func() bool { _, ok := rules["inet 500: from all fwmark 0x3 lookup 5"]; return ok })
	ns.IP(t, "rule", "del", "pref", "500")
	until("rule del", func() bool { return len(rules) == 5 })

	ns.IP(t, "nexthop", "add", "id", "1", "via", "10.1.0.2", "dev", "rnw0")
	ns.IP(t, "nexthop", "add", "id", "2", "group", "1")
	ns.IP(t, "route", "add", "10.9.0.0/16", "nhid", "2")
	ns.IP(t, "route", "add", "10.8.0.0/16", "nhid", "1")
	dst9, dst8 := netip.MustParsePrefix("10.9.0.0/16"), netip.MustParsePrefix("10.8.0.0/16")
	until("nexthops and routes", func() bool { return len(nhs) == 2 && routes[dst9].NHID == 2 && routes[dst8].NHID == 1 })

	// No RTM_DELROUTE comes for the group's route.
	ns.IP(t, "nexthop", "del", "id", "2")
	until("route gone with its nexthop", func() bool { _, ok := routes[dst9]; return !ok && len(nhs) == 1 })

	// No RTM_DELNEXTHOP comes for a nexthop flushed with its link.
	ns.IP(t, "link", "set", "rnw0", "down")
	until("nexthop gone with its link", func() bool { _, ok := routes[dst8]; return len(nhs) == 0 && !ok })

	gotRules, err := h.Rules(ctx, netinfo.RuleFilter{})
	require.NoError(t, err)
	require.Len(t, gotRules, len(rules))
	for _, r := range gotRules {
		require.Equal(t, r, rules[r.Family.String()+" "+r.String()])
	}
	gotNHs, err := h.Nexthops(ctx, netinfo.NexthopFilter{})
	require.NoError(t, err)
	require.Empty(t, gotNHs)
}
