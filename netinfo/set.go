package netinfo

import (
	"context"
	"fmt"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// change sends one RTM_NEW*/RTM_DEL* request and waits for the ack, or
// queues it in the Batch that ctx carries (batch.go).
func (h *Handle) change(ctx context.Context, op string, typ, flags uint16, payload func([]byte) []byte) error {
	if b := queuedIn(ctx, h); b != nil {
		return b.queue(op, typ, flags, payload)
	}
	return h.request(ctx, op, typ, flags|linux.NLM_F_ACK, payload, nil)
}

func (h *Handle) setLink(ctx context.Context, op string, c linkChange) error {
	if c.Index <= 0 {
		return fmt.Errorf("netinfo: %s: link index %d: %w", op, c.Index, ErrNotFound)
	}
	return h.change(ctx, op, linux.RTM_NEWLINK, 0, func(b []byte) []byte { return appendLinkChange(b, c) })
}

// SetLinkUp sets IFF_UP on a link.
func (h *Handle) SetLinkUp(ctx context.Context, index int) error {
	return h.setLink(ctx, "link set up", linkChange{Index: index, Flags: LinkUp, Change: LinkUp})
}

// SetLinkDown clears IFF_UP on a link.
func (h *Handle) SetLinkDown(ctx context.Context, index int) error {
	return h.setLink(ctx, "link set down", linkChange{Index: index, Change: LinkUp})
}

// SetLinkMTU sets a link's MTU.
func (h *Handle) SetLinkMTU(ctx context.Context, index int, mtu uint32) error {
	if mtu == 0 {
		return invalid("link set mtu", "MTU", "0 is not a valid MTU")
	}
	return h.setLink(ctx, "link set mtu", linkChange{Index: index, MTU: mtu})
}

// SetLinkName renames a link. Older kernels refuse to rename a link that
// is up (EBUSY); Linux 6.18 renames it.
func (h *Handle) SetLinkName(ctx context.Context, index int, name string) error {
	if err := checkLinkName("link set name", name); err != nil {
		return err
	}
	return h.setLink(ctx, "link set name", linkChange{Index: index, Name: name})
}

// SetLinkAlias sets a link's alias; "" clears it.
func (h *Handle) SetLinkAlias(ctx context.Context, index int, alias string) error {
	if len(alias) > ifAliasMax {
		return invalid("link set alias", "Alias", "%d bytes, more than IFALIASZ-1 (%d)", len(alias), ifAliasMax)
	}
	return h.setLink(ctx, "link set alias", linkChange{Index: index, Alias: &alias})
}

func (h *Handle) changeAddr(ctx context.Context, op string, typ, flags uint16, a Addr) error {
	if err := a.validate(op); err != nil {
		return err
	}
	if a.Family == FamilyAll {
		a.Family = familyOf(a.Prefix.Addr().Is4())
	}
	return h.change(ctx, op, typ, flags, func(b []byte) []byte { return appendAddr(b, &a) })
}

// AddAddr adds an address; the error matches syscall.EEXIST if it is
// there. Family may be left zero: the prefix gives it.
func (h *Handle) AddAddr(ctx context.Context, a Addr) error {
	return h.changeAddr(ctx, "address add", linux.RTM_NEWADDR, linux.NLM_F_CREATE|linux.NLM_F_EXCL, a)
}

// ReplaceAddr adds an address or updates it in place.
func (h *Handle) ReplaceAddr(ctx context.Context, a Addr) error {
	return h.changeAddr(ctx, "address replace", linux.RTM_NEWADDR, linux.NLM_F_CREATE|linux.NLM_F_REPLACE, a)
}

// DelAddr deletes an address.
func (h *Handle) DelAddr(ctx context.Context, a Addr) error {
	return h.changeAddr(ctx, "address del", linux.RTM_DELADDR, 0, a)
}

func (h *Handle) changeRoute(ctx context.Context, op string, typ, flags uint16, r Route) error {
	family := r.Family
	if family == FamilyAll && r.Dst.IsValid() {
		family = familyOf(r.Dst.Addr().Is4())
	}
	if err := r.validate(op, family); err != nil {
		return err
	}
	r.Family = family
	if typ == linux.RTM_NEWROUTE {
		// The defaults ip applies: table main, unicast, boot protocol,
		// and the scope that fits the type and the gateway.
		if r.Table == TableUnspec {
			r.Table = TableMain
		}
		if r.Type == RouteUnspec {
			r.Type = RouteUnicast
		}
		if r.Protocol == ProtoUnspec {
			r.Protocol = ProtoBoot
		}
		if r.Scope == ScopeUniverse && r.Type == RouteUnicast && !r.Gateway.IsValid() && len(r.NextHops) == 0 && r.NHID == 0 {
			r.Scope = ScopeLink
		}
		if r.Type == RouteLocal {
			r.Scope = ScopeHost
		}
	} else if r.Table == TableUnspec {
		r.Table = TableMain
	}
	if typ == linux.RTM_DELROUTE && r.Scope == ScopeUniverse {
		// A scope of "nowhere" asks the kernel to match any scope.
		r.Scope = ScopeNowhere
	}
	return h.change(ctx, op, typ, flags, func(b []byte) []byte { return appendRoute(b, &r) })
}

// AddRoute adds a route; the error matches syscall.EEXIST if one with the
// same key is there. Zero fields take ip's defaults: table main, type
// unicast, protocol boot, scope link for a gateway-less route on a link.
func (h *Handle) AddRoute(ctx context.Context, r Route) error {
	return h.changeRoute(ctx, "route add", linux.RTM_NEWROUTE, linux.NLM_F_CREATE|linux.NLM_F_EXCL, r)
}

// ReplaceRoute adds a route or replaces the one with the same key.
func (h *Handle) ReplaceRoute(ctx context.Context, r Route) error {
	return h.changeRoute(ctx, "route replace", linux.RTM_NEWROUTE, linux.NLM_F_CREATE|linux.NLM_F_REPLACE, r)
}

// DelRoute deletes a route. Fields left zero match any value, as with
// ip route del.
func (h *Handle) DelRoute(ctx context.Context, r Route) error {
	return h.changeRoute(ctx, "route del", linux.RTM_DELROUTE, 0, r)
}

func (h *Handle) changeNeighbor(ctx context.Context, op string, typ, flags uint16, n Neighbor) error {
	if err := n.validate(op); err != nil {
		return err
	}
	if n.Index < 0 || (n.Index == 0 && n.Flags&NeighProxy == 0) { // a proxy entry may be on no link
		return fmt.Errorf("netinfo: %s: link index %d: %w", op, n.Index, ErrNotFound)
	}
	if n.Family == FamilyAll {
		n.Family = familyOf(n.IP.Is4())
	}
	st, err := n.requestState(op, typ)
	if err != nil {
		return err
	}
	n.State = st
	return h.change(ctx, op, typ, flags, func(b []byte) []byte { return appendNeighbor(b, &n) })
}

// AddNeighbor adds a neighbour (PERMANENT unless State says otherwise:
// see NeighExplicitNone);
// the error matches syscall.EEXIST if it is there.
func (h *Handle) AddNeighbor(ctx context.Context, n Neighbor) error {
	return h.changeNeighbor(ctx, "neighbour add", linux.RTM_NEWNEIGH, linux.NLM_F_CREATE|linux.NLM_F_EXCL, n)
}

// ReplaceNeighbor adds or updates a neighbour.
func (h *Handle) ReplaceNeighbor(ctx context.Context, n Neighbor) error {
	return h.changeNeighbor(ctx, "neighbour replace", linux.RTM_NEWNEIGH, linux.NLM_F_CREATE|linux.NLM_F_REPLACE, n)
}

// DelNeighbor deletes a neighbour.
func (h *Handle) DelNeighbor(ctx context.Context, n Neighbor) error {
	return h.changeNeighbor(ctx, "neighbour del", linux.RTM_DELNEIGH, 0, n)
}

// familyOf is the family of an address.
func familyOf(is4 bool) Family {
	if is4 {
		return FamilyInet
	}
	return FamilyInet6
}
