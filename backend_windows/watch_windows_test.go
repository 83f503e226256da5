//go:build windows

package backend_windows

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jsimonetti/rtnetlink/v2"
	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/rtnlemu"
)

// Flags the Linux-side Wine test drives TestLiveWatch with. Run alone,
// the test watches for a second and passes without changes.
var (
	watchFor  = flag.Duration("rtnlx.watch", time.Second, "how long TestLiveWatch watches")
	watchPoll = flag.Duration("rtnlx.poll", 200*time.Millisecond, "TestLiveWatch's poll interval")
)

// TestLiveWatch serves the machine through the emulator, subscribes to
// every group and prints each notification (RTNLX-EVENT), after
// RTNLX-READY. At the end it prints how many times each raw IP Helper
// notification fired (RTNLX-NOTIFY) and the final tables.
func TestLiveWatch(t *testing.T) {
	var fired [3]atomic.Int64
	for i, s := range notifySubscriptions() {
		cancel, err := s.register(func() { fired[i].Add(1) })
		if err != nil {
			t.Logf("%s: %v", s.name, err)
			continue
		}
		defer cancel()
	}

	tr, err := NewTransport(WithPollInterval(*watchPoll))
	require.NoError(t, err)
	defer tr.Close()
	ctx, cancel := context.WithTimeout(context.Background(), *watchFor)
	defer cancel()
	conn, err := tr.Dial(ctx)
	require.NoError(t, err)
	for _, g := range []uint32{rtnlgrpLink, rtnlgrpNeigh, rtnlgrpIPv4IfAddr, rtnlgrpIPv4Route, rtnlgrpIPv6IfAddr, rtnlgrpIPv6Route} {
		require.NoError(t, conn.JoinGroup(g))
	}
	fmt.Println("RTNLX-READY")

	buf := make([]byte, 1<<20)
	for {
		n, err := conn.Receive(ctx, buf)
		if errors.Is(err, context.DeadlineExceeded) {
			break
		}
		require.NoError(t, err)
		stop := false
		for _, ev := range parseEvents(t, buf[:n]) {
			b, err := json.Marshal(ev)
			require.NoError(t, err)
			fmt.Println("RTNLX-EVENT " + string(b))
			if ev.Type == rtmNewAddr && ev.Addr.Prefix.Addr() == watchStop {
				stop = true
			}
		}
		if stop {
			break
		}
	}
	counts, err := json.Marshal(map[string]int64{"links": fired[0].Load(), "addrs": fired[1].Load(), "routes": fired[2].Load()})
	require.NoError(t, err)
	fmt.Println("RTNLX-NOTIFY " + string(counts))
	tables, err := readTables(rtnlemu.KindAll)
	require.NoError(t, err)
	tj, err := json.Marshal(tables)
	require.NoError(t, err)
	fmt.Println(markTables + string(tj))
}

// parseEvents splits a datagram into netlink messages and decodes them.
func parseEvents(t *testing.T, b []byte) []watchEvent {
	var evs []watchEvent
	for len(b) >= 16 {
		l := int(binary.NativeEndian.Uint32(b))
		require.GreaterOrEqual(t, l, 16)
		require.LessOrEqual(t, l, len(b))
		typ := binary.NativeEndian.Uint16(b[4:])
		body := b[16:l]
		ev := watchEvent{Type: typ}
		var snap rtnlemu.Snapshot
		switch typ {
		case rtmNewLink, rtmDelLink:
			var m rtnetlink.LinkMessage
			require.NoError(t, m.UnmarshalBinary(body))
			snap.Links = append(snap.Links, m)
			ev.Link = &dumpOf(&snap).Links[0]
		case rtmNewAddr, rtmDelAddr:
			var m rtnetlink.AddressMessage
			require.NoError(t, m.UnmarshalBinary(body))
			snap.Addrs = append(snap.Addrs, m)
			ev.Addr = &dumpOf(&snap).Addrs[0]
		case rtmNewRoute, rtmDelRoute:
			var m rtnetlink.RouteMessage
			require.NoError(t, m.UnmarshalBinary(body))
			snap.Routes = append(snap.Routes, m)
			ev.Route = &dumpOf(&snap).Routes[0]
		case rtmNewNeigh, rtmDelNeigh:
			var m rtnetlink.NeighMessage
			require.NoError(t, m.UnmarshalBinary(body))
			snap.Neighbors = append(snap.Neighbors, m)
			ev.Neigh = &dumpOf(&snap).Neighbors[0]
		}
		evs = append(evs, ev)
		b = b[min((l+3)&^3, len(b)):]
	}
	return evs
}
