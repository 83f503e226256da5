package backend_windows

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/nstest"
	"github.com/rtnlx/rtnlx/internal/winetest"
)

// ipinfoPkg is the CLI whose Windows build runs under Wine here: it goes
// through netinfo.Open, so these tests cover the whole Windows stack
// (this backend, rtnlemu, netinfo's decoder).
const ipinfoPkg = "github.com/rtnlx/rtnlx/examples/ipinfo"

// ipinfoJSON runs `ipinfo -j ARGS` under Wine in ns and decodes it.
func ipinfoJSON(t *testing.T, env *winetest.Env, exe string, ns *nstest.NS, args ...string) []map[string]any {
	t.Helper()
	out := env.Run(t, ns.Name, exe, append([]string{"-j"}, args...)...)
	var objs []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &objs), "ipinfo -j %v printed:\n%s", args, out)
	return objs
}

// TestIpinfoUnderWine compares the Windows build of ipinfo, under Wine in
// a populated namespace, with ip's view of the same namespace.
func TestIpinfoUnderWine(t *testing.T) {
	env := winetest.Setup(t)
	ns := nstest.New(t, "rwbi")
	nstest.Populate(t, ns)
	exe := env.Build(t, ipinfoPkg)
	p := wine8

	t.Run("links", func(t *testing.T) {
		compare(t, linuxLinks(t, ns), ipjLinks(ipinfoJSON(t, env, exe, ns, "link")))
	})
	t.Run("addresses", func(t *testing.T) {
		compare(t, linuxAddrs(t, ns, p), ipjAddrs(ipinfoJSON(t, env, exe, ns, "addr"), p))
	})
	t.Run("IPv4 main-table routes", func(t *testing.T) {
		var v4 []map[string]any
		for _, r := range ipinfoJSON(t, env, exe, ns, "route") {
			if dst, _ := r["dst"].(string); !strings.Contains(dst, ":") {
				v4 = append(v4, r)
			}
		}
		compare(t, linuxRoutes(t, ns, p), ipjRoutes(t, v4, p, false))
	})
	t.Run("IPv4 neighbours", func(t *testing.T) {
		var v4 []map[string]any
		for _, n := range ipinfoJSON(t, env, exe, ns, "neigh") {
			if dst, _ := n["dst"].(string); !strings.Contains(dst, ":") {
				v4 = append(v4, n)
			}
		}
		compare(t, linuxNeighs(t, ns, p), ipjNeighs(v4, p, false))
	})
}

// TestIpinfoMonitorUnderWine runs the Windows build of `ipinfo -j
// monitor` under Wine and checks that addresses and routes added and
// removed from the Linux side show (netinfo.Open uses the default poll
// interval; how soon is logged, as in TestWineEvents).
func TestIpinfoMonitorUnderWine(t *testing.T) {
	env := winetest.Setup(t)
	ns := nstest.New(t, "rwbm")
	ns.Batch(t, []string{"link add rwbm0 type bridge", "link set rwbm0 up", "addr add 10.61.0.1/24 dev rwbm0"})
	exe := env.Build(t, ipinfoPkg)
	proc := env.Start(t, ns.Name, exe, "-j", "monitor")

	var output []string
	// await reads monitor lines until one holds every part, or fails.
	await := func(within time.Duration, what string, parts ...string) bool {
		t.Helper()
		deadline := time.After(within)
		for {
			select {
			case line, ok := <-proc.Lines:
				if !ok {
					t.Fatalf("ipinfo monitor ended before %s:\n%s\nstderr:\n%s", what, strings.Join(output, "\n"), proc.Stop())
				}
				output = append(output, line)
				match := true
				for _, p := range parts {
					match = match && strings.Contains(line, p)
				}
				if match {
					var o map[string]any
					require.NoError(t, json.Unmarshal([]byte(line), &o), "a monitor line is one JSON object: %q", line)
					return true
				}
			case <-deadline:
				return false
			}
		}
	}

	// The monitor is subscribed once a change shows; Wine's start-up takes
	// a while, so keep changing until one does.
	subscribed := false
	for i := 0; i < 30 && !subscribed; i++ {
		ns.IP(t, "route", "add", "198.19."+itoa(i)+".0/24", "dev", "rwbm0")
		subscribed = await(2*time.Second, "the first event", `"dst":"198.19.`)
	}
	require.True(t, subscribed, "no event within a minute:\n%s", strings.Join(output, "\n"))

	limit := 30 * defaultPollInterval // ends only a run that would never see it
	steps := []struct {
		name  string
		cmd   []string
		parts []string
	}{
		{"new address", []string{"addr", "add", "10.61.0.77/24", "dev", "rwbm0"}, []string{`"local":"10.61.0.77"`}},
		{"new route", []string{"route", "add", "198.18.5.0/24", "via", "10.61.0.254"}, []string{`"dst":"198.18.5.0/24"`, `"gateway":"10.61.0.254"`}},
		{"deleted route", []string{"route", "del", "198.18.5.0/24"}, []string{`"deleted":true`, `"dst":"198.18.5.0/24"`}},
		{"deleted address", []string{"addr", "del", "10.61.0.77/24", "dev", "rwbm0"}, []string{`"deleted":true`, `"local":"10.61.0.77"`}},
	}
	for _, s := range steps {
		// Events come right after a poll; changing half an interval
		// later makes the typical wait half an interval.
		time.Sleep(defaultPollInterval / 2)
		ns.IP(t, s.cmd...)
		start := time.Now()
		require.True(t, await(limit, s.name, s.parts...), "%s not shown within %v:\n%s", s.name, limit, strings.Join(output, "\n"))
		t.Logf("%s: shown after %v", s.name, time.Since(start).Round(time.Millisecond))
	}
}

// itoa formats a number.
func itoa(i int) string {
	return strconv.Itoa(i)
}
