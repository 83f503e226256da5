package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/rtnlx/rtnlx/internal/nstest"
)

// monitorWait bounds how long a monitor test waits for its events. It
// only keeps a broken run from hanging; no speed is asserted.
const monitorWait = 60 * time.Second

// startMonitor runs `ipinfo -j -n NS monitor KINDS...` in-process and
// returns its output; the monitor stops and is checked when the test
// ends.
func startMonitor(t *testing.T, ns *nstest.NS, kinds ...string) *lockedBuffer {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	out, errOut := &lockedBuffer{}, &lockedBuffer{}
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, append([]string{"-j", "-n", ns.Name, "monitor"}, kinds...), out, errOut)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("monitor exited with %d: %s", code, errOut.String())
			}
		case <-time.After(monitorWait):
			t.Errorf("monitor did not stop after its context ended")
		}
	})
	return out
}

// waitSubscribed makes changes of the given kind until one shows in out,
// proving the monitor is subscribed: events before that are lost by
// design. change(i) makes the i-th change and returns the text that
// identifies its event.
func waitSubscribed(t *testing.T, out *lockedBuffer, change func(i int) string) {
	t.Helper()
	deadline := time.Now().Add(monitorWait)
	for i := 0; time.Now().Before(deadline); i++ {
		marker := change(i)
		for range 20 {
			if strings.Contains(out.String(), marker) {
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	t.Fatalf("monitor printed no event within %v:\n%s", monitorWait, out.String())
}

// jsonLines decodes every line of out, failing on any that is not a JSON
// object.
func jsonLines(t *testing.T, out string) []map[string]any {
	t.Helper()
	var objs []map[string]any
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if line == "" {
			continue
		}
		var o map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &o), "monitor printed a line that is not a JSON object: %q", line)
		objs = append(objs, o)
	}
	return objs
}

// TestMonitorRouteBatch applies 1000 route additions and 1000 deletions
// with one `ip -batch` and requires every one of them as its own line.
func TestMonitorRouteBatch(t *testing.T) {
	// Registered first, so it runs last: after the monitor has stopped.
	before := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, before) })
	ns := nstest.New(t, "ipix")
	ns.Batch(t, []string{"link add d0 type ifb", "link set d0 up", "addr add 10.0.0.1/8 dev d0"})
	out := startMonitor(t, ns, "route")
	waitSubscribed(t, out, func(i int) string {
		dst := fmt.Sprintf("198.18.%d.%d", i/256, i%256)
		ns.IP(t, "route", "add", dst, "dev", "d0")
		return `"dst":"` + dst + `"`
	})

	const n = 1000
	var lines []string
	for i := range n {
		lines = append(lines, fmt.Sprintf("route add 10.200.%d.%d dev d0", i/256, i%256))
	}
	for i := range n {
		lines = append(lines, fmt.Sprintf("route del 10.200.%d.%d dev d0", i/256, i%256))
	}
	ns.Batch(t, lines)

	count := func() int { return strings.Count(out.String(), `"dst":"10.200.`) }
	deadline := time.Now().Add(monitorWait)
	for count() < 2*n && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	objs := jsonLines(t, out.String())
	added, deleted := map[string]int{}, map[string]int{}
	for _, o := range objs {
		require.NotContains(t, o, "resync", "the default settings must keep up with this batch without losing events")
		dst, _ := o["dst"].(string)
		if !strings.HasPrefix(dst, "10.200.") {
			continue
		}
		require.Equal(t, "d0", o["dev"])
		if o["deleted"] == true {
			deleted[dst]++
		} else {
			added[dst]++
		}
	}
	require.Len(t, added, n, "one addition event per route")
	require.Len(t, deleted, n, "one deletion event per route")
	for dst := range added {
		require.Equal(t, 1, added[dst], dst)
		require.Equal(t, 1, deleted[dst], dst)
	}
}

// TestMonitorKinds checks that link, address and neighbour events all
// appear when asked for, and route events do not when not asked for.
func TestMonitorKinds(t *testing.T) {
	ns := nstest.New(t, "ipix")
	out := startMonitor(t, ns, "link", "addr", "neigh")
	waitSubscribed(t, out, func(i int) string {
		alias := fmt.Sprintf("ipix-ready-%d", i)
		ns.IP(t, "link", "set", "lo", "alias", alias)
		return alias
	})
	// Additions first, deletions once they were seen: an IPv6 address is
	// announced only when its link has a carrier, which comes a moment
	// after the link is set up.
	ns.Batch(t, []string{
		"link add mv0 type veth peer name mv1",
		"link set mv0 up",
		"link set mv1 up",
		"addr add 10.44.0.1/24 dev mv0",
		"addr add 2001:db8:44::1/64 dev mv0 nodad",
		"neigh add 10.44.0.2 lladdr 02:00:5e:44:00:02 dev mv0 nud permanent",
	})
	waitEvents(t, out, []wantEvent{
		{"link mv0 new", func(o map[string]any) bool { return o["ifname"] == "mv0" }, false},
		{"addr 10.44.0.1 new", func(o map[string]any) bool { return o["local"] == "10.44.0.1" && o["dev"] == "mv0" }, false},
		{"addr 2001:db8:44::1 new", func(o map[string]any) bool { return o["local"] == "2001:db8:44::1" }, false},
		{"neigh 10.44.0.2 new", func(o map[string]any) bool {
			return o["dst"] == "10.44.0.2" && o["lladdr"] == "02:00:5e:44:00:02" && fmt.Sprint(o["state"]) == "[PERMANENT]"
		}, false},
	})
	ns.Batch(t, []string{
		"neigh del 10.44.0.2 dev mv0",
		"addr del 10.44.0.1/24 dev mv0",
		"link del mv0",
	})
	waitEvents(t, out, []wantEvent{
		{"neigh 10.44.0.2 deleted", func(o map[string]any) bool { return o["dst"] == "10.44.0.2" }, true},
		{"addr 10.44.0.1 deleted", func(o map[string]any) bool { return o["local"] == "10.44.0.1" }, true},
		{"link mv0 deleted", func(o map[string]any) bool { return o["ifname"] == "mv0" }, true},
	})
	for _, o := range jsonLines(t, out.String()) {
		require.NotContains(t, o, "table", "route events were not asked for: %v", o)
		require.NotEqual(t, "local", o["type"], "route events were not asked for: %v", o)
	}
}

// A wantEvent is a monitor line a test waits for.
type wantEvent struct {
	what    string
	match   func(o map[string]any) bool
	deleted bool
}

// waitEvents waits until out holds a line for every wanted event.
func waitEvents(t *testing.T, out *lockedBuffer, want []wantEvent) {
	t.Helper()
	deadline := time.Now().Add(monitorWait)
	for {
		objs := jsonLines(t, out.String())
		var missing []string
		for _, w := range want {
			found := false
			for _, o := range objs {
				if w.match(o) && (o["deleted"] == true) == w.deleted {
					found = true
					break
				}
			}
			if !found {
				missing = append(missing, w.what)
			}
		}
		if len(missing) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("events missing: %v\noutput:\n%s", missing, out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestMonitorRouteStorm is the storm: 100,000 routes added by
// one `ip -batch` while `monitor -j route` runs at default settings.
// Every route must come out as a line, with no resync (a resync means the
// kernel dropped events and ipinfo had to re-dump). It is skipped with
// -short, as it takes a few seconds of CPU.
func TestMonitorRouteStorm(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the 100,000-route storm with -short")
	}
	ns := nstest.New(t, "ipix")
	ns.Batch(t, []string{"link add d0 type ifb", "link set d0 up"})
	out := startMonitor(t, ns, "route")
	waitSubscribed(t, out, func(i int) string {
		dst := fmt.Sprintf("198.18.%d.%d", i/256, i%256)
		ns.IP(t, "route", "add", dst, "dev", "d0")
		return `"dst":"` + dst + `"`
	})
	const n = 100_000
	lines := make([]string, n)
	for i := range lines {
		lines[i] = fmt.Sprintf("route add 11.%d.%d.%d dev d0", i>>16, (i>>8)&0xff, i&0xff)
	}
	ns.Batch(t, lines)
	count := func() int { return strings.Count(out.String(), `"dst":"11.`) }
	deadline := time.Now().Add(monitorWait)
	for count() < n && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	got := out.String()
	require.NotContains(t, got, `"resync"`, "events were lost at default settings")
	require.Equal(t, n, strings.Count(got, `"dst":"11.`), "one line per route")
}
