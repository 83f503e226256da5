//go:build linux

package backend_linux

import (
	"fmt"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// stormRoutes is the size of the event storm the default receive buffer
// must absorb unread (the figure issue 2 sets for `ipinfo monitor`).
const stormRoutes = 100_000

func TestDefaultBufferAbsorbsStorm(t *testing.T) {
	if testing.Short() {
		t.Skip("a 100,000-route storm is not short")
	}
	c, ns := dialIn(t, Config{})
	require.NoError(t, c.JoinGroup(unix.RTNLGRP_IPV4_ROUTE))
	lines := make([]string, 0, stormRoutes)
	for i := range stormRoutes {
		lines = append(lines, fmt.Sprintf("route add blackhole 10.%d.%d.%d/32", 100+i/65536, i/256%256, i%256))
	}
	// Nobody reads while the storm runs: everything must fit in the queue.
	ns.Batch(t, lines)

	ctx := testCtx(t)
	buf := make([]byte, 1<<20)
	added := 0
	for added < stormRoutes {
		n, err := c.Receive(ctx, buf)
		require.NoError(t, err, "after %d events", added)
		msgs, err := syscall.ParseNetlinkMessage(buf[:n])
		require.NoError(t, err)
		for _, m := range msgs {
			if m.Header.Type == unix.RTM_NEWROUTE {
				added++
			}
		}
	}
	require.Equal(t, stormRoutes, added)
}
