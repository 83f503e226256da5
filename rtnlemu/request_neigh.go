package rtnlemu

import (
	"context"
	"syscall"

	"github.com/jsimonetti/rtnetlink/v2"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// Neighbour flags past ndm_flags' byte, from NDA_FLAGS_EXT (linux/
// neighbour.h: NTF_EXT_MANAGED and NTF_EXT_EXT_VALIDATED shifted by
// NTF_EXT_SHIFT), and the states that hold a link-layer address
// (NUD_VALID).
const (
	ntfManaged      = 1 << 8
	ntfExtValidated = 1 << 10
	nudValid        = linux.NUD_PERMANENT | linux.NUD_NOARP | linux.NUD_REACHABLE | linux.NUD_PROBE |
		linux.NUD_STALE | linux.NUD_DELAY
)

// neighFlags is a neighbour request's flags as neigh_add reads them:
// ndm_flags, and NDA_FLAGS_EXT above them.
func neighFlags(m *rtnetlink.NeighMessage, attrs []byte) uint32 {
	f := uint32(m.Flags)
	if ext := lastAttr(attrs, linux.NDA_FLAGS_EXT); len(ext) >= 4 {
		f |= ne.Uint32(ext) << 8
	}
	return f
}

// checkNewNeigh is what neigh_add checks of a neighbour that is not a
// proxy entry, once its link l is found, before it updates the entry:
// IPv6 on the link (ndisc_allow_add), then for a new entry the
// request's flags (req: NLM_F_CREATE, ENOENT without it), the flag
// combinations and IPv4 on the link (arp_constructor), for an existing
// one NLM_F_EXCL (EEXIST), and for either an externally validated
// entry's state. old is the entry's state when it exists.
func checkNewNeigh(m *rtnetlink.NeighMessage, req Flags, flags uint32, l *rtnetlink.LinkMessage, old *uint16) error {
	if uint8(m.Family) == linux.AF_INET6 && !hasFamily(l, linux.AF_INET6) {
		return kerr(syscall.EINVAL, "IPv6 is disabled on this device")
	}
	state := m.State
	if old == nil {
		if req&FlagCreate == 0 {
			return syscall.ENOENT
		}
		if state&linux.NUD_PERMANENT != 0 && flags&ntfManaged != 0 {
			return kerr(syscall.EINVAL, "Invalid NTF_* flag for permanent entry")
		}
		if flags&(linux.NTF_USE|ntfManaged) != 0 {
			state = linux.NUD_NONE
		}
		if flags&ntfExtValidated != 0 && state&nudValid == 0 {
			return kerr(syscall.EINVAL, "Cannot create externally validated neighbor with an invalid state")
		}
		if uint8(m.Family) == linux.AF_INET && !hasFamily(l, linux.AF_INET) {
			return syscall.EINVAL // arp_constructor: no in_device
		}
		return nil
	}
	if req&FlagExcl != 0 {
		return syscall.EEXIST
	}
	if flags&(linux.NTF_USE|ntfManaged) != 0 {
		state = *old &^ linux.NUD_PERMANENT
	}
	if flags&ntfExtValidated != 0 && state&nudValid == 0 {
		return kerr(syscall.EINVAL, "Cannot mark neighbor as externally validated with an invalid state")
	}
	return nil
}

// neighOf is m's neighbour in the source (same family, link and
// address), or nil.
func (c *Conn) neighOf(ctx context.Context, m *rtnetlink.NeighMessage) *rtnetlink.NeighMessage {
	snap, err := c.t.src.Snapshot(ctx, KindNeighbors)
	if err != nil || snap == nil {
		return nil
	}
	for i := range snap.Neighbors {
		n := &snap.Neighbors[i]
		if n.Index == m.Index && n.Family == m.Family && n.Attributes != nil && n.Attributes.Address.Equal(m.Attributes.Address) {
			return n
		}
	}
	return nil
}

// neighState is the state of m's neighbour in the source, or nil when it
// has none.
func (c *Conn) neighState(ctx context.Context, m *rtnetlink.NeighMessage) *uint16 {
	if n := c.neighOf(ctx, m); n != nil {
		return &n.State
	}
	return nil
}

// useNeigh is __neigh_update for NTF_USE or a managed entry: the state
// the entry had, without NUD_PERMANENT, and its link-layer address; then
// neigh_event_send starts resolving an entry left without a state
// (NUD_INCOMPLETE).
func (c *Conn) useNeigh(ctx context.Context, m *rtnetlink.NeighMessage) {
	m.State, m.Attributes.LLAddress = linux.NUD_NONE, nil
	if old := c.neighOf(ctx, m); old != nil {
		m.State = old.State &^ linux.NUD_PERMANENT
		m.Attributes.LLAddress = old.Attributes.LLAddress
	}
	if m.State == linux.NUD_NONE {
		m.State = linux.NUD_INCOMPLETE
	}
}
