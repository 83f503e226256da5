package netinfo

import (
	"context"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// This file holds the route changes ip names change and append, beside
// add, replace and del in set.go.

// ChangeRoute changes the route with r's key in place; the error matches
// ErrNotFound (ENOENT) when there is none, as ip route change says.
func (h *Handle) ChangeRoute(ctx context.Context, r Route) error {
	return h.changeRoute(ctx, "route change", linux.RTM_NEWROUTE, linux.NLM_F_REPLACE, r)
}

// AppendRoute adds r after the routes with the same key, or alone when
// there are none: on IPv6 it adds a next hop to a multipath route, as
// ip route append does.
func (h *Handle) AppendRoute(ctx context.Context, r Route) error {
	return h.changeRoute(ctx, "route append", linux.RTM_NEWROUTE, linux.NLM_F_CREATE|linux.NLM_F_APPEND, r)
}
