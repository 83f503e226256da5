package backend_bsd

import (
	"github.com/jsimonetti/rtnetlink/v2"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// A clock is the time a neighbour entry's expiry is compared with, in
// seconds: wall clock and uptime, since kernels differ in which one
// rmx_expire counts (Layout.ExpireWall).
type clock struct {
	Wall   int64 // seconds since the Unix epoch
	Uptime int64 // seconds since boot (CLOCK_MONOTONIC / CLOCK_UPTIME)
}

// NeighState derives a NUD_* state from an RTF_LLINFO entry: incomplete
// without a link-layer address, permanent when static or without expiry,
// reachable until it expires, stale after.
func (l layout) NeighState(m *routeMsg, hasLLAddr bool, now clock) uint16 {
	t := now.Uptime
	if l.ExpireWall {
		t = now.Wall
	}
	switch {
	case !hasLLAddr:
		return linux.NUD_INCOMPLETE
	case m.Expire == 0 || m.Flags&routeStatic != 0:
		return linux.NUD_PERMANENT
	case m.Expire > t:
		return linux.NUD_REACHABLE
	}
	return linux.NUD_STALE
}

// Neigh translates an RTF_LLINFO entry (ARP or NDP) into an
// RTM_NEWNEIGH record. ok is false for other routes and for the entries
// of the host's own, broadcast and multicast addresses, which Linux does
// not list as neighbours.
func (l layout) Neigh(m *routeMsg, now clock) (msg rtnetlink.NeighMessage, ok bool) {
	if m == nil || m.Flags&routeLLInfo == 0 || m.Flags&(routeLocal|routeBroadcast|routeMulticast) != 0 {
		return msg, false
	}
	dst := m.Addrs[raxDst]
	if dst.Kind != saInet || dst.IP.IsMulticast() {
		return msg, false
	}
	gw := m.Addrs[raxGateway]
	if gw.Kind != saLink {
		return msg, false
	}
	index := uint32(gw.Link.Index)
	if index == 0 {
		index = uint32(m.Index)
	}
	if index == 0 {
		index = dst.Zone
	}
	if index == 0 {
		return msg, false
	}
	msg = rtnetlink.NeighMessage{
		Family: linux.AF_INET,
		Index:  index,
		State:  l.NeighState(m, len(gw.Link.Addr) > 0, now),
		Type:   linux.RTN_UNICAST,
		Attributes: &rtnetlink.NeighAttributes{
			Address:   ipBytes(dst.IP),
			LLAddress: gw.Link.Addr,
		},
	}
	if dst.IP.Is6() {
		msg.Family = linux.AF_INET6
	}
	if m.Flags&routeRouter != 0 {
		msg.Flags |= linux.NTF_ROUTER
	}
	return msg, true
}
