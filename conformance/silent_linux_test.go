//go:build linux

package conformance

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/rtnlx/rtnlx/internal/nstest"
	"github.com/rtnlx/rtnlx/netinfo"
)

// silentSetup is the state every silent case starts from: a veth pair
// with addresses of both families, gateway routes through each end, an
// IPv4 and an IPv6 multipath route over both, a route whose preferred
// source is the other end's address, and permanent neighbours.
var silentSetup = []string{
	"link add sa0 type veth peer name sb0",
	"link add sc0 type veth peer name sd0",
	"link set sa0 up", "link set sb0 up", "link set sc0 up", "link set sd0 up",
	"addr add 10.61.0.1/24 dev sa0",
	"addr add 10.61.0.5/24 dev sa0",
	"addr add 10.62.0.1/24 dev sc0",
	"addr add 2001:db8:61::1/64 dev sa0 nodad",
	"addr add 2001:db8:62::1/64 dev sc0 nodad",
	"route add 192.0.2.1/32 via 10.61.0.2",
	"route add 192.0.2.2/32 via 10.61.0.2 table 100",
	"route add 192.0.2.3/32 dev sc0 src 10.61.0.5",
	"route add 192.0.2.4/32 nexthop via 10.61.0.2 nexthop via 10.62.0.2",
	"route add 2001:db8:70::/48 via 2001:db8:61::2",
	"route add 2001:db8:71::/48 nexthop via 2001:db8:61::2 dev sa0 nexthop via 2001:db8:62::2 dev sc0",
	"neigh add 10.61.0.9 lladdr 02:00:00:00:00:09 dev sa0 nud permanent",
	"neigh add 2001:db8:61::9 lladdr 02:00:00:00:00:09 dev sa0 nud permanent",
	"neigh add 10.61.0.10 lladdr 02:00:00:00:00:0a dev sa0 nud stale",
	"neigh add 2001:db8:61::10 lladdr 02:00:00:00:00:0a dev sa0 nud stale",
	"addr add 2001:db8:61::5/64 dev sa0 nodad",
	"route add 2001:db8:72::/48 via 2001:db8:61::2 src 2001:db8:61::5",
}

// A silentCase is a kernel change that comes with no message, or only
// in part, as the ip commands that cause it (a command starting with
// "-sysctl " sets a sysctl instead). Before runs first, with the watcher
// already running, for bulk state.
type silentCase struct {
	name   string
	before []string
	do     []string
}

var silentCases = []silentCase{
	{name: "link-down", do: []string{"link set sa0 down"}},
	{name: "link-down-up", do: []string{"link set sa0 down", "link set sa0 up"}},
	{name: "link-down-20000-routes", before: manyRoutes(20000), do: []string{"link set sa0 down"}},
	{name: "carrier-loss-through-peer", do: []string{"link set sb0 down"}},
	{name: "carrier-back", do: []string{"link set sb0 down", "link set sb0 up"}},
	{name: "link-delete", do: []string{"link del sa0"}},
	{name: "last-v4-addr-delete", do: []string{"addr del 10.61.0.5/24 dev sa0", "addr del 10.61.0.1/24 dev sa0"}},
	{name: "v4-addr-back-revives-next-hop", do: []string{"addr flush dev sa0", "addr add 10.61.0.1/24 dev sa0"}},
	{name: "v4-prefsrc-addr-delete", do: []string{"addr del 10.61.0.5/24 dev sa0"}},
	{name: "v6-prefsrc-addr-delete", do: []string{"addr del 2001:db8:61::5/64 dev sa0"}},
	{name: "mtu-below-1280", do: []string{"link set sa0 mtu 1200"}},
	{name: "mtu-back-above-1280", do: []string{"link set sa0 mtu 1200", "link set sa0 mtu 1500"}},
	{name: "disable-ipv6", do: []string{"-sysctl net.ipv6.conf.sa0.disable_ipv6=1"}},
	{name: "enable-ipv6-again", do: []string{"-sysctl net.ipv6.conf.sa0.disable_ipv6=1", "-sysctl net.ipv6.conf.sa0.disable_ipv6=0"}},
	{name: "keep-addr-on-down", do: []string{"-sysctl net.ipv6.conf.sa0.keep_addr_on_down=1", "link set sa0 down", "link set sa0 up"}},
	{name: "bridge-enslave", do: []string{"link add sbr0 type bridge", "link set sbr0 up", "link set sc0 master sbr0", "link set sc0 nomaster"}},
}

// manyRoutes is n routes through sa0, over four tables.
func manyRoutes(n int) []string {
	lines := make([]string, 0, n)
	for i := range n {
		lines = append(lines, fmt.Sprintf("route add 10.%d.%d.0/24 via 10.61.0.2 table %d", 100+i/1024, i/4%256, 200+i%4))
	}
	return lines
}

// TestSilentChanges: after each change, the view of a watcher of every
// kind, and of one of routes only, built only from its events, must equal
// a fresh dump.
func TestSilentChanges(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	for _, tc := range silentCases {
		for _, kinds := range []netinfo.WatchKind{netinfo.WatchAll, netinfo.WatchRoutes} {
			t.Run(fmt.Sprintf("%s/kinds=%#x", tc.name, uint8(kinds)), func(t *testing.T) {
				runSilentCase(t, tc, kinds)
			})
		}
	}
}

func runSilentCase(t *testing.T, tc silentCase, kinds netinfo.WatchKind) {
	ns := nstest.New(t, "rtsi")
	ns.Batch(t, silentSetup)
	h, err := netinfo.Open(netinfo.WithNetNS(ns.Path))
	require.NoError(t, err)
	defer h.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	w, err := h.Watch(ctx, kinds, netinfo.WithInitialState())
	require.NoError(t, err)
	defer w.Close()
	v := newView()
	for ev := range w.Events() {
		if ev.Type == netinfo.EventInitialDone {
			break
		}
		v.apply(ev)
	}
	if len(tc.before) > 0 {
		ns.Batch(t, tc.before)
		require.NoError(t, settleView(ctx, h, w, v, kinds, netinfo.NeighNoARP), "before")
	}
	for _, c := range tc.do {
		if sysctl, ok := strings.CutPrefix(c, "-sysctl "); ok {
			ns.Exec(t, "sysctl", "-qw", sysctl)
		} else {
			ns.Batch(t, []string{c})
		}
		require.NoError(t, settleView(ctx, h, w, v, kinds, netinfo.NeighNoARP), "after %s", c)
	}
}

// settleView applies w's events to v until v equals a fresh dump, or
// fails with the difference after a deadline.
func settleView(ctx context.Context, h *netinfo.Handle, w *netinfo.Watcher, v *view, kinds netinfo.WatchKind, silent netinfo.NeighState) error {
	deadline := time.After(30 * time.Second)
	var last string
	for {
		quiet := time.After(50 * time.Millisecond)
	drain:
		for {
			select {
			case ev, ok := <-w.Events():
				if !ok {
					return fmt.Errorf("watcher stopped: %v", w.Err())
				}
				v.apply(ev)
			case <-quiet:
				break drain
			}
		}
		st, err := dumpState(ctx, h, kinds)
		if err != nil {
			return err
		}
		if last = v.diffState(st, kinds, silent); last == "" {
			return nil
		}
		select {
		case <-deadline:
			return fmt.Errorf("view differs from the kernel:\n%s", last)
		default:
		}
	}
}
