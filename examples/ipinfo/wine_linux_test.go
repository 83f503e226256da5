package main

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/nstest"
	"github.com/rtnlx/rtnlx/internal/winetest"
)

// TestWindowsBuildUnderWine runs the Windows build of ipinfo under Wine
// in a populated namespace: the same command line must work there, list
// the namespace's links as ip does (names, MTUs and MAC addresses; the
// other fields are the Windows backend's business and its own tests'),
// and give the same one-line errors, -n being unsupported on Windows.
// It is skipped with -short, as building and starting Wine takes seconds.
func TestWindowsBuildUnderWine(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the Wine run with -short")
	}
	ns := nstest.New(t, "ipix") // first: it skips without root
	env := winetest.Setup(t)
	exe := env.Build(t, "github.com/rtnlx/rtnlx/examples/ipinfo")
	nstest.Populate(t, ns)

	out := env.Run(t, ns.Name, exe, "-j", "link")
	var ours []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &ours), "ipinfo.exe -j link printed invalid JSON:\n%s", out)
	summary := func(objs []map[string]any) map[string]string {
		m := map[string]string{}
		for _, o := range objs {
			m[fmt.Sprint(o["ifname"])] = fmt.Sprintf("mtu %v address %v", o["mtu"], o["address"])
		}
		return m
	}
	theirs := ns.IPJSON(t, "link")
	// Wine reports no address for loopback, where ip prints zeros.
	for _, o := range theirs {
		if o["ifname"] == "lo" {
			delete(o, "address")
		}
	}
	require.Equal(t, summary(theirs), summary(ours))

	// The show forms run and print every link of the namespace.
	for _, args := range [][]string{{"link"}, {"-br", "link"}, {"-o", "link"}, {"-s", "link"}, {"-d", "link"}, {"addr"},
		{"-br", "addr"}, {"-j", "-br", "addr"}, {"-o", "addr"}, {"-0", "addr"}, {"route"}, {"route", "show", "table", "all"},
		{"neigh"}, {"neigh", "show", "nud", "all"}} {
		out := env.Run(t, ns.Name, exe, args...)
		for _, l := range []string{"veth0", "veth1", "br0"} {
			if line := strings.Join(args, " "); strings.HasPrefix(line, "route") || strings.HasPrefix(line, "neigh") || line == "-o addr" {
				break // routes and neighbours name no link each; -o addr prints links with addresses only
			}
			require.Contains(t, out, l, "ipinfo.exe %v", args)
		}
		t.Logf("ipinfo.exe %v:\n%s", args, out)
	}
	// route get asks Windows (GetBestRoute2) for the route ip finds.
	want := ns.IPJSON(t, "route", "get", "192.0.2.7")
	out = env.Run(t, ns.Name, exe, "-j", "route", "get", "192.0.2.7")
	var got []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &got), "ipinfo.exe -j route get printed invalid JSON:\n%s", out)
	require.Len(t, got, 1)
	for _, k := range []string{"dst", "gateway", "dev"} {
		require.Equal(t, want[0][k], got[0][k], "route get 192.0.2.7: %s (ip: %v, ipinfo.exe: %v)", k, want, got)
	}

	errorCases := []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"-n", "x", "link"}, 1, "ipinfo: -n x: network namespaces are not supported on this OS (windows)"},
		{[]string{"bogus"}, 255, `ipinfo: unknown object "bogus" (want link, addr, route, rule, neigh, nexthop or monitor); see ipinfo -h`},
		// Wine 8's IP Helper has no setters: every change must say so,
		// naming the operation and the OS, with ip's prefix and status.
		{[]string{"addr", "add", "10.77.0.1/24", "dev", "veth0"}, 2, "RTNETLINK answers: Operation not supported (%s on windows)"},
		{[]string{"route", "add", "198.18.77.0/24", "dev", "veth0"}, 2, "RTNETLINK answers: Operation not supported (%s on windows)"},
		{[]string{"link", "set", "veth0", "mtu", "1400"}, 2, "RTNETLINK answers: Operation not supported (%s on windows)"},
		{[]string{"neigh", "add", "10.0.0.77", "lladdr", "02:00:00:00:00:77", "dev", "veth0"}, 2, "RTNETLINK answers: Operation not supported (%s on windows)"},
	}
	for _, tc := range errorCases {
		stdout, stderr, err := env.Exec(t, 0, ns.Name, exe, tc.args...)
		require.Error(t, err, "%v must fail", tc.args)
		require.Contains(t, err.Error(), fmt.Sprintf("exit status %d", tc.code))
		require.Empty(t, stdout)
		if strings.Contains(tc.stderr, "%s") {
			// %s stands for the operation's name, whatever its words.
			want := strings.Replace(regexp.QuoteMeta(tc.stderr), "%s", `\w[\w ]*\w`, 1)
			require.Regexp(t, want, stderr, "%v", tc.args)
			t.Logf("ipinfo.exe %v: %s", tc.args, stderr)
			continue
		}
		require.Contains(t, stderr, tc.stderr)
	}

	// monitor runs and prints an address added in the namespace in ip
	// monitor's form. Until it is subscribed changes are not promised,
	// so addresses are added until one shows.
	mon := env.Start(t, ns.Name, exe, "monitor", "address")
	line := regexp.MustCompile(`^\d+: veth0    inet 10\.77\.\d+\.1/24 `)
	seen := ""
	for i := 0; i < 30 && seen == ""; i++ {
		ns.IP(t, "addr", "add", fmt.Sprintf("10.77.%d.1/24", i), "dev", "veth0")
		timeout := time.After(2 * time.Second)
	wait:
		for {
			select {
			case l, ok := <-mon.Lines:
				require.True(t, ok, "ipinfo.exe monitor ended: %s", mon.Stop())
				if line.MatchString(l) {
					seen = l
					break wait
				}
			case <-timeout:
				break wait
			}
		}
	}
	require.NotEmpty(t, seen, "ipinfo.exe monitor printed no address line; stderr: %s", mon.Stop())
	t.Logf("ipinfo.exe monitor address: %s", seen)
	mon.Stop()
}
