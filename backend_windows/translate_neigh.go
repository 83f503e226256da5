package backend_windows

import (
	"net"
	"slices"

	"github.com/jsimonetti/rtnetlink/v2"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// translateNeighbors makes one RTM_NEWNEIGH record per neighbour row.
// Windows lists the fixed entries it keeps for multicast groups and the
// limited broadcast address; Linux has no such entries, so they are left
// out.
func translateNeighbors(t *tableSet) []rtnetlink.NeighMessage {
	neighs := make([]rtnetlink.NeighMessage, 0, len(t.Neighbors))
	for i := range t.Neighbors {
		if m, ok := neighMessage(&t.Neighbors[i]); ok {
			neighs = append(neighs, m)
		}
	}
	return neighs
}

// neighMessage translates one neighbour.
func neighMessage(r *neighRow) (rtnetlink.NeighMessage, bool) {
	a := r.Addr
	if !a.IsValid() || r.Index == 0 || a.IsMulticast() || a == limitedBroadcast || a.IsUnspecified() {
		return rtnetlink.NeighMessage{}, false
	}
	family := uint16(linux.AF_INET)
	if a.Is6() {
		family = linux.AF_INET6
	}
	state := nudState(r.State, r.Unreachable)
	attrs := &rtnetlink.NeighAttributes{Address: net.IP(a.WithZone("").AsSlice())}
	// Linux has no link-layer address for entries still resolving or
	// failed; Windows shows zeros there.
	if len(r.HardwareAddr) > 0 && state != linux.NUD_INCOMPLETE && state != linux.NUD_FAILED {
		attrs.LLAddress = slices.Clone(r.HardwareAddr)
	}
	var flags uint8
	if r.IsRouter {
		flags |= linux.NTF_ROUTER
	}
	return rtnetlink.NeighMessage{
		Family:     family,
		Index:      r.Index,
		State:      state,
		Flags:      flags,
		Type:       linux.RTN_UNICAST,
		Attributes: attrs,
	}, true
}

// nudState maps NL_NEIGHBOR_STATE to NUD_*. An entry Windows marks
// unreachable is failed, whatever its state says.
func nudState(s uint32, unreachable bool) uint16 {
	if unreachable {
		return linux.NUD_FAILED
	}
	switch s {
	case nlnsUnreachable:
		return linux.NUD_FAILED
	case nlnsIncomplete:
		return linux.NUD_INCOMPLETE
	case nlnsProbe:
		return linux.NUD_PROBE
	case nlnsDelay:
		return linux.NUD_DELAY
	case nlnsStale:
		return linux.NUD_STALE
	case nlnsReachable:
		return linux.NUD_REACHABLE
	case nlnsPermanent:
		return linux.NUD_PERMANENT
	}
	return 0 // NUD_NONE: a state this code does not know
}
