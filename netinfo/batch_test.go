package netinfo_test

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/netinfo"
	"github.com/rtnlx/rtnlx/rtnlemu"
)

// batchRoutes are n /24 routes out of link, in 10.0.0.0/8.
func batchRoutes(n, link int) []netinfo.Route {
	rs := make([]netinfo.Route, n)
	for i := range rs {
		rs[i] = netinfo.Route{Dst: netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i >> 8), byte(i), 0}), 24), OutIndex: link}
	}
	return rs
}

// checkBatch sends n route adds with a duplicate at dup and, last, the
// delete of a route that is not there, and requires the batch to name
// exactly those two requests, and the rest to be in place (installed,
// when given, counts them by other means).
func checkBatch(t *testing.T, h *netinfo.Handle, link, n, dup int, installed func() int) {
	t.Helper()
	ctx := context.Background()
	b := h.NewBatch()
	rs := batchRoutes(n, link)
	for i, r := range rs {
		if i == dup {
			require.NoError(t, b.AddRoute(rs[0]))
			continue
		}
		require.NoError(t, b.AddRoute(r))
	}
	absent := netinfo.Route{Dst: netip.MustParsePrefix("198.18.0.0/24"), OutIndex: link}
	require.NoError(t, b.DelRoute(absent))
	require.Equal(t, n+1, b.Len())

	err := b.Send(ctx)
	var be *netinfo.BatchError
	require.ErrorAs(t, err, &be)
	require.Len(t, be.Errors, 2, "%v", err)
	require.Equal(t, dup, be.Errors[0].Index)
	require.Equal(t, "route add", be.Errors[0].Op)
	require.ErrorIs(t, be.Errors[0], syscall.EEXIST)
	require.Equal(t, n, be.Errors[1].Index)
	require.Equal(t, "route del", be.Errors[1].Op)
	require.ErrorIs(t, err, syscall.EEXIST) // errors.Is sees every request's error
	require.Zero(t, b.Len(), "Send empties the batch")

	got, err := h.Routes(ctx, netinfo.RouteFilter{OutIndex: link, Table: netinfo.TableMain})
	require.NoError(t, err)
	byDst := map[netip.Prefix]bool{}
	for _, r := range got {
		byDst[r.Dst] = true
	}
	for i, r := range rs {
		require.Equal(t, i != dup, byDst[r.Dst], "route %d %v", i, r.Dst)
	}
	if installed != nil {
		require.Equal(t, n-1, installed(), "routes the system itself lists")
	}

	// Used again: deleting them all succeeds.
	for i, r := range rs {
		if i != dup {
			require.NoError(t, b.DelRoute(r))
		}
	}
	require.NoError(t, b.Send(ctx))
	require.NoError(t, b.Send(ctx), "an empty batch")
}

func TestBatchMemory(t *testing.T) {
	h, err := netinfo.Open(netinfo.WithTransport(rtnlemu.New(exampleNetwork())))
	require.NoError(t, err)
	defer h.Close()
	checkBatch(t, h, 2, 3000, 1700, nil)
}

// TestBatchBadInput: a request the library refuses is refused when it
// is queued, and is not sent.
func TestBatchBadInput(t *testing.T) {
	h, err := netinfo.Open(netinfo.WithTransport(rtnlemu.New(exampleNetwork())))
	require.NoError(t, err)
	defer h.Close()
	b := h.NewBatch()
	require.ErrorIs(t, b.AddRoute(netinfo.Route{}), syscall.EINVAL)
	require.ErrorIs(t, b.AddRule(netinfo.Rule{Action: netinfo.RuleGoto}), syscall.EINVAL)
	require.Error(t, b.DelNexthop(0))
	require.Zero(t, b.Len())
	require.NoError(t, b.Send(context.Background()))

	// Requests the backend does not serve fail one by one.
	require.NoError(t, b.AddRule(netinfo.Rule{Table: 5}))
	require.NoError(t, b.AddNexthop(netinfo.Nexthop{ID: 1, Blackhole: true}))
	err = b.Send(context.Background())
	require.ErrorIs(t, err, netinfo.ErrNotSupported)
	var be *netinfo.BatchError
	require.True(t, errors.As(err, &be))
	require.Len(t, be.Errors, 2)
}

// Install many routes at once and see which requests the kernel
// refused.
func ExampleBatch() {
	h, err := netinfo.Open(netinfo.WithTransport(rtnlemu.New(exampleNetwork())))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer h.Close()
	b := h.NewBatch()
	for _, dst := range []string{"198.51.100.0/24", "203.0.113.0/24", "198.51.100.0/24"} {
		if err := b.AddRoute(netinfo.Route{Dst: netip.MustParsePrefix(dst), OutIndex: 2}); err != nil {
			fmt.Println(err)
			return
		}
	}
	var be *netinfo.BatchError
	if err := b.Send(context.Background()); errors.As(err, &be) {
		for _, e := range be.Errors {
			fmt.Println(e.Index, e.Op, errors.Is(e, syscall.EEXIST))
		}
	}
	// Output:
	// 2 route add true
}
