package backend_windows

import (
	"bytes"
	"net"
	"syscall"

	"github.com/jsimonetti/rtnetlink/v2"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// resolveRouteDelete completes a route deletion request from the routes
// that exist. Windows deletes a route by interface, destination and next
// hop, but RTNL (and netinfo.DelRoute) lets a request leave the output
// link, the gateway and the metric out to match any: the first existing
// route that agrees on every field given is the one deleted, as with ip
// route del. No match is ESRCH, the kernel's answer.
func resolveRouteDelete(msg *rtnetlink.RouteMessage, routes []rtnetlink.RouteMessage) (*rtnetlink.RouteMessage, error) {
	want := &msg.Attributes
	for i := range routes {
		r := &routes[i]
		got := &r.Attributes
		switch {
		case r.Family != msg.Family, r.DstLength != msg.DstLength,
			!sameIP(got.Dst, want.Dst),
			want.OutIface != 0 && got.OutIface != want.OutIface,
			want.Gateway != nil && !sameIP(got.Gateway, want.Gateway),
			want.Priority != 0 && got.Priority != want.Priority,
			routeTable(r) != linux.RT_TABLE_MAIN:
			continue
		}
		out := *msg
		out.Attributes.OutIface = got.OutIface
		out.Attributes.Gateway = got.Gateway
		return &out, nil
	}
	return nil, syscall.ESRCH
}

// sameIP compares two addresses whatever their length; nil stands for
// the unspecified address, as an absent RTA_DST does.
func sameIP(a, b net.IP) bool {
	if len(a) == 0 || len(b) == 0 {
		return len(a) == 0 && len(b) == 0 || a.IsUnspecified() || b.IsUnspecified()
	}
	if a4, b4 := a.To4(), b.To4(); a4 != nil && b4 != nil {
		return bytes.Equal(a4, b4)
	}
	return a.Equal(b)
}

// routeTable is a route's table: RTA_TABLE when set, else rtm_table.
func routeTable(r *rtnetlink.RouteMessage) uint32 {
	if r.Attributes.Table != 0 {
		return r.Attributes.Table
	}
	return uint32(r.Table)
}
