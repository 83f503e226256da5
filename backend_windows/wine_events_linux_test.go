package backend_windows

import (
	"encoding/json"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/nstest"
	"github.com/rtnlx/rtnlx/internal/winetest"
)

// eventPoll is the poll interval the Windows build runs with; every
// change must show within two of them.
const eventPoll = time.Second

// eventWait bounds the wait for one change's event: many poll intervals,
// so that a loaded machine slows the test rather than failing it.
const eventWait = 30 * eventPoll

// TestWineEvents runs the Windows build's TestLiveWatch under Wine in a
// namespace, changes addresses, routes, neighbours and links from the
// Linux side, and checks each change shows as an RTNL notification. How
// soon is logged, not asserted: a poll comes every interval, but a shared
// machine can hold Wine back for several (eventWait only ends a run that
// would never see it).
func TestWineEvents(t *testing.T) {
	env := winetest.Setup(t)
	ns := nstest.New(t, "rwbe")
	ns.Batch(t, []string{
		"link add rwbe0 type bridge",
		"link set rwbe0 up",
		"addr add 10.60.0.1/24 dev rwbe0",
		"link add rwbegone type bridge",
	})
	exe := env.BuildTest(t, ".")
	p := env.Start(t, ns.Name, exe, "-test.v", "-test.run", "^TestLiveWatch$",
		"-rtnlx.watch", "2m", "-rtnlx.poll", eventPoll.String())

	var events []watchEvent
	var notify map[string]int64
	var final tableSet
	var output []string
	// next reads lines until one satisfies match or the deadline passes.
	next := func(within time.Duration, what string, match func(watchEvent) bool) {
		t.Helper()
		deadline := time.After(within)
		for {
			select {
			case line, ok := <-p.Lines:
				if !ok {
					t.Fatalf("the Windows test ended before %s:\n%s\nstderr:\n%s", what, strings.Join(output, "\n"), p.Stop())
				}
				output = append(output, line)
				if rest, ok := strings.CutPrefix(line, "RTNLX-EVENT "); ok {
					var ev watchEvent
					require.NoError(t, json.Unmarshal([]byte(rest), &ev))
					events = append(events, ev)
					if match != nil && match(ev) {
						return
					}
				}
				if rest, ok := strings.CutPrefix(line, "RTNLX-NOTIFY "); ok {
					require.NoError(t, json.Unmarshal([]byte(rest), &notify))
				}
				if rest, ok := strings.CutPrefix(line, markTables); ok {
					require.NoError(t, json.Unmarshal([]byte(rest), &final))
				}
				if match == nil && strings.HasPrefix(line, "RTNLX-READY") {
					return
				}
				if match == nil && strings.HasPrefix(line, "--- PASS") {
					return
				}
			case <-deadline:
				t.Fatalf("%s did not show within %v; output so far:\n%s", what, within, strings.Join(output, "\n"))
			}
		}
	}
	next(time.Minute, "RTNLX-READY", nil)

	addr := netip.MustParseAddr("10.60.0.77")
	addr6 := netip.MustParseAddr("2001:db8:60::77")
	route := netip.MustParsePrefix("198.18.0.0/24")
	neigh := netip.MustParseAddr("10.60.0.9")
	gone := 0
	for _, l := range ns.IPJSON(t, "link", "show", "rwbegone") {
		gone = int(l["ifindex"].(float64))
	}
	require.NotZero(t, gone)
	steps := []struct {
		name  string
		cmd   []string
		match func(watchEvent) bool
	}{
		{"new address", []string{"addr", "add", "10.60.0.77/24", "dev", "rwbe0"},
			func(e watchEvent) bool { return e.Type == rtmNewAddr && e.Addr.Prefix.Addr() == addr }},
		{"new IPv6 address", []string{"addr", "add", "2001:db8:60::77/64", "dev", "rwbe0", "nodad"},
			func(e watchEvent) bool { return e.Type == rtmNewAddr && e.Addr.Prefix.Addr() == addr6 }},
		{"new route", []string{"route", "add", route.String(), "via", "10.60.0.254"},
			func(e watchEvent) bool { return e.Type == rtmNewRoute && e.Route.Dst == route }},
		{"new neighbour", []string{"neigh", "add", neigh.String(), "lladdr", "02:00:5e:60:00:09", "dev", "rwbe0", "nud", "permanent"},
			func(e watchEvent) bool { return e.Type == rtmNewNeigh && e.Neigh.Addr == neigh }},
		{"deleted route", []string{"route", "del", route.String()},
			func(e watchEvent) bool { return e.Type == rtmDelRoute && e.Route.Dst == route }},
		{"deleted address", []string{"addr", "del", "10.60.0.77/24", "dev", "rwbe0"},
			func(e watchEvent) bool { return e.Type == rtmDelAddr && e.Addr.Prefix.Addr() == addr }},
		{"deleted IPv6 address", []string{"addr", "del", "2001:db8:60::77/64", "dev", "rwbe0"},
			func(e watchEvent) bool { return e.Type == rtmDelAddr && e.Addr.Prefix.Addr() == addr6 }},
		// Wine keeps listing a deleted link (see the profile); the
		// translation must still report it gone.
		{"deleted link", []string{"link", "del", "rwbegone"},
			func(e watchEvent) bool { return e.Type == rtmDelLink && e.Link.Index == uint32(gone) }},
	}
	for _, s := range steps {
		// Events come right after a poll; changing half an interval
		// later makes the typical wait half an interval.
		time.Sleep(eventPoll / 2)
		ns.IP(t, s.cmd...)
		start := time.Now()
		next(eventWait, s.name, s.match)
		t.Logf("%s: seen after %v", s.name, time.Since(start).Round(time.Millisecond))
	}

	ns.IP(t, "addr", "add", watchStop.String()+"/32", "dev", "lo")
	next(time.Minute, "the end of TestLiveWatch", nil)
	require.NotNil(t, notify, "RTNLX-NOTIFY printed")

	t.Run("profile "+wine8.name+" events", func(t *testing.T) {
		p := wine8
		fired := notify["links"]+notify["addrs"]+notify["routes"] > 0
		require.Equal(t, p.notificationsFire, fired, "IP Helper notifications fired: %v", notify)
		inIfTable, inAdapters := false, false
		for _, r := range final.Ifs {
			inIfTable = inIfTable || r.Index == uint32(gone)
		}
		for _, a := range final.Adapters {
			inAdapters = inAdapters || a.Index == uint32(gone)
		}
		require.Equal(t, p.deletedLinksLinger, inIfTable, "the deleted link is still in GetIfTable2")
		require.Equal(t, p.deletedLinksLinger, inAdapters, "the deleted link is still in GetAdaptersAddresses")
	})
}
