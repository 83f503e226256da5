package main

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/nstest"
)

// TestMonitorRoutesMatchIP runs `ip monitor [label] route` and `ipinfo
// monitor [label] route` on one namespace through the same changes,
// including a link going down, whose IPv6 routes the kernel deletes with
// a message and whose IPv4 routes it flushes without one: ipinfo prints
// what ip prints, line for line (ip ends some lines with a space).
func TestMonitorRoutesMatchIP(t *testing.T) {
	for _, args := range [][]string{{"route"}, {"label", "route"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			ns := nstest.New(t, "ipmr")
			ns.Batch(t, []string{
				"link add v0 type veth peer name v1", "link set v0 up", "link set v1 up",
				"addr add 10.20.0.1/24 dev v0", "addr add 2001:db8:20::1/64 dev v0 nodad",
			})
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			ipCmd := exec.CommandContext(ctx, "ip", append([]string{"-n", ns.Name, "monitor"}, args...)...)
			ipOut := &lockedBuffer{}
			ipCmd.Stdout = ipOut
			require.NoError(t, ipCmd.Start())
			out := &lockedBuffer{}
			var errOut bytes.Buffer
			done := make(chan int, 1)
			go func() { done <- run(ctx, append([]string{"-n", ns.Name, "monitor"}, args...), out, &errOut) }()

			// Both subscribed: each prints a probe route; what comes
			// after the later probe is compared.
			probe := func(i int) string {
				dst := fmt.Sprintf("198.18.%d.%d", i/256%256, i%256)
				ns.IP(t, "route", "replace", "unreachable", dst)
				return "unreachable " + dst
			}
			waitSubscribed(t, out, probe)
			waitSubscribed(t, ipOut, func(i int) string { return probe(1000 + i) })
			start := probe(5000)
			ns.Batch(t, []string{
				"route add 10.21.0.0/16 via 10.20.0.2",
				"route add blackhole 10.22.0.0/16 table 100 proto static metric 9",
				"route replace 10.21.0.0/16 via 10.20.0.3",
				"route add 2001:db8:21::/64 via 2001:db8:20::2",
				"route append 2001:db8:21::/64 via 2001:db8:20::3",
				"route add 10.23.0.0/16 via inet6 fe80::1 dev v0",
				"route del blackhole 10.22.0.0/16 table 100",
				"link set v0 down",
				"link set v0 up",
				"route del unreachable 198.18.19.136",
			})
			end := "Deleted unreachable 198.18.19.136" // probe(5000)'s route
			// The lines from the start probe's to the end probe's (later
			// ones, such as a link-local address's route after DAD, may
			// reach one monitor before the other).
			between := func(s string) []string {
				i := strings.Index(s, start)
				if i < 0 {
					return nil
				}
				j := strings.Index(s[i:], end)
				if j < 0 {
					return nil
				}
				i = strings.LastIndex(s[:i], "\n") + 1
				var lines []string
				for _, l := range strings.Split(s[i:i+j+len(end)], "\n") {
					lines = append(lines, strings.TrimRight(l, " "))
				}
				return lines
			}
			require.Eventually(t, func() bool {
				return between(ipOut.String()) != nil && between(out.String()) != nil
			}, monitorWait, 20*time.Millisecond, "ip:\n%s\nipinfo:\n%s", ipOut.String(), out.String())
			want, got := between(ipOut.String()), between(out.String())
			require.Equal(t, strings.Join(want, "\n"), strings.Join(got, "\n"))
			cancel()
			require.Equal(t, 0, <-done, errOut.String())
			_ = ipCmd.Wait()
		})
	}
}
