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

// TestMonitorRulesNexthopsMatchIP runs `ip monitor rule nexthop` and
// `ipinfo monitor rule nexthop` on one namespace through the same
// changes: ipinfo's lines are ip's.
func TestMonitorRulesNexthopsMatchIP(t *testing.T) {
	for _, json := range []bool{false, true} {
		t.Run(fmt.Sprintf("json=%v", json), func(t *testing.T) {
			ns := nstest.New(t, "ipim")
			ns.Batch(t, []string{"link add v0 type veth peer name v1", "link set v0 up", "link set v1 up"})
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			var opt []string
			if json {
				opt = []string{"-j"}
			}
			ipCmd := exec.CommandContext(ctx, "ip", append(append([]string{"-n", ns.Name}, opt...), "monitor", "rule", "nexthop")...)
			ipOut := &lockedBuffer{}
			ipCmd.Stdout = ipOut
			require.NoError(t, ipCmd.Start())
			out := &lockedBuffer{}
			var errOut bytes.Buffer
			done := make(chan int, 1)
			go func() {
				done <- run(ctx, append(append([]string{"-n", ns.Name}, opt...), "monitor", "rule", "nexthop"), out, &errOut)
			}()
			// Both subscribed: each prints a probe rule.
			waitSubscribed(t, out, func(i int) string {
				ns.IP(t, "rule", "add", "pref", fmt.Sprint(5000+i), "table", fmt.Sprint(5000+i))
				return fmt.Sprintf("%d:", 5000+i)
			})
			waitSubscribed(t, ipOut, func(i int) string {
				ns.IP(t, "rule", "add", "pref", fmt.Sprint(6000+i), "table", fmt.Sprint(6000+i))
				return fmt.Sprintf("%d:", 6000+i)
			})
			ns.Batch(t, []string{
				"rule add from 10.0.0.0/8 to 192.168.0.0/16 table 100 pref 100",
				"nexthop add id 4 dev v0",
				"nexthop add id 5 via 10.9.0.1 dev v0 onlink",
				"nexthop add id 6 group 4/5",
				"nexthop del id 6",
				"rule add not fwmark 0x10/0xff iif v0 unreachable pref 700",
				"rule del pref 100",
			})
			const n = 7
			last := func(s string) []string {
				lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
				if len(lines) < n {
					return nil
				}
				return lines[len(lines)-n:]
			}
			require.Eventually(t, func() bool {
				got, want := last(out.String()), last(ipOut.String())
				return want != nil && strings.Contains(want[n-1], "Deleted 100:") && got != nil && strings.Contains(got[n-1], "Deleted 100:")
			}, monitorWait, 20*time.Millisecond, "ip:\n%s\nipinfo:\n%s", ipOut.String(), out.String())
			want := last(ipOut.String())
			require.Equal(t, want, last(out.String()))
			cancel()
			require.Equal(t, 0, <-done, errOut.String())
			_ = ipCmd.Wait()
		})
	}
}
