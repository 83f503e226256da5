package rtnlemu

import (
	"context"

	"github.com/jsimonetti/rtnetlink/v2"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// withoutSubtree is fib6_locate's reading of an IPv6 route delete's
// source prefix: the destination's node holds the routes from a source
// prefix in a subtree of its own, and when it has none (no route from
// any source prefix to that destination), the source prefix is not
// looked at and the delete matches the destination's own routes. It
// clears m's source prefix length in that case.
func (c *Conn) withoutSubtree(ctx context.Context, m *rtnetlink.RouteMessage) {
	if m.Family != linux.AF_INET6 || m.SrcLength == 0 {
		return
	}
	snap, err := c.t.src.Snapshot(ctx, KindRoutes)
	if err != nil || snap == nil {
		return
	}
	dst := routeKey(m)
	for i := range snap.Routes {
		r := &snap.Routes[i]
		if r.SrcLength == 0 || r.Family != linux.AF_INET6 {
			continue
		}
		k := routeKey(r)
		if k.table == dst.table && k.plen == dst.plen && k.addr == dst.addr {
			return // a subtree: the source prefix is matched in it
		}
	}
	m.SrcLength = 0
}
