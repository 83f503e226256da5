package conformance

import (
	"context"
	"fmt"
	"net"

	"github.com/rtnlx/rtnlx/netinfo"
)

// A SetterMutator makes changes through a netinfo handle's own setters,
// on links that already exist. It serves targets whose system offers no
// outside tool the suite knows (a CI VM of any OS): the events then come
// from changes made by another handle, as they would from any program.
// It can only do what the backend's setters can.
type SetterMutator struct {
	// Handle is the handle whose setters make the changes; not the one
	// the suite checks.
	Handle *netinfo.Handle
	// Setters are the setters the backend supports (the profile's).
	Setters Setters
}

// Supports reports the Ops the setters cover. Links cannot be created
// or removed through netinfo.
func (m *SetterMutator) Supports(op Op) bool {
	switch op {
	case OpLinkSetMTU:
		return m.Setters&SetLinkMTU != 0
	case OpLinkDown:
		return m.Setters&SetLinkUpDown != 0
	case OpAddrAdd, OpAddrDel:
		return m.Setters&SetAddrs != 0
	case OpRouteAdd, OpRouteReplace, OpRouteDel, OpStorm, OpStormUndo:
		return m.Setters&SetRoutes != 0
	case OpNeighAdd, OpNeighReplace, OpNeighDel:
		return m.Setters&SetNeighbors != 0
	}
	return false
}

// Mutate applies mut with the handle's setters.
func (m *SetterMutator) Mutate(ctx context.Context, mut Mutation) error {
	if !m.Supports(mut.Op) {
		return fmt.Errorf("%s: %w", mut.Op, ErrUnsupportedOp)
	}
	l, err := m.Handle.LinkByName(ctx, mut.Link)
	if err != nil {
		return fmt.Errorf("%s: link %q: %w", mut, mut.Link, err)
	}
	route := netinfo.Route{Dst: mut.Prefix, Gateway: mut.Gateway, OutIndex: l.Index}
	neigh := netinfo.Neighbor{Index: l.Index, IP: mut.IP, State: netinfo.NeighPermanent}
	if mut.MAC != "" {
		if neigh.HardwareAddr, err = net.ParseMAC(mut.MAC); err != nil {
			return fmt.Errorf("%s: %w", mut, err)
		}
	}
	switch mut.Op {
	case OpLinkSetMTU:
		err = m.Handle.SetLinkMTU(ctx, l.Index, mut.MTU)
	case OpLinkDown:
		err = m.Handle.SetLinkDown(ctx, l.Index)
	case OpAddrAdd:
		err = m.Handle.AddAddr(ctx, netinfo.Addr{Index: l.Index, Prefix: mut.Prefix})
	case OpAddrDel:
		err = m.Handle.DelAddr(ctx, netinfo.Addr{Index: l.Index, Prefix: mut.Prefix})
	case OpRouteAdd:
		err = m.Handle.AddRoute(ctx, route)
	case OpRouteReplace:
		err = m.Handle.ReplaceRoute(ctx, route)
	case OpRouteDel:
		// With the link: some backends (Windows) need it to find the
		// route, and the suite's routes are on it anyway.
		err = m.Handle.DelRoute(ctx, netinfo.Route{Dst: mut.Prefix, OutIndex: l.Index})
	case OpNeighAdd:
		err = m.Handle.AddNeighbor(ctx, neigh)
	case OpNeighReplace:
		err = m.Handle.ReplaceNeighbor(ctx, neigh)
	case OpNeighDel:
		err = m.Handle.DelNeighbor(ctx, neigh)
	case OpStorm:
		for i := 0; i < mut.Count && err == nil; i++ {
			err = m.Handle.AddRoute(ctx, netinfo.Route{Dst: StormRoute(mut.Prefix, i), OutIndex: l.Index})
		}
		for i := 0; i < mut.Count/4 && err == nil; i++ {
			err = m.Handle.DelRoute(ctx, netinfo.Route{Dst: StormRoute(mut.Prefix, i), OutIndex: l.Index})
		}
	case OpStormUndo:
		for i := mut.Count / 4; i < mut.Count; i++ {
			_ = m.Handle.DelRoute(ctx, netinfo.Route{Dst: StormRoute(mut.Prefix, i), OutIndex: l.Index})
		}
	}
	if err != nil {
		return fmt.Errorf("%s: %w", mut, err)
	}
	return nil
}
