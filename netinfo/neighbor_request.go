package netinfo

import "github.com/rtnlx/rtnlx/internal/linux"

// requestState is the ndm_state a request of type typ sends for n. An
// RTM_NEWNEIGH without a state sends ip neigh's default, NUD_PERMANENT,
// or for a managed entry NUD_NONE (the kernel refuses a new permanent
// managed entry, and ip's managed word sets NONE); NeighExplicitNone
// sends NUD_NONE. The kernel reads ndm_state's low byte only, so a
// state with other bits would be rewritten: it is refused.
func (n *Neighbor) requestState(op string, typ uint16) (NeighState, error) {
	st := n.State
	switch {
	case st == NeighExplicitNone:
		return NeighNone, nil
	case st&NeighExplicitNone != 0:
		return 0, invalid(op, "State", "NeighExplicitNone with another state (%#x)", uint16(st&^NeighExplicitNone))
	case st > 0xff:
		return 0, invalid(op, "State", "%#x is no NUD_* state set (the kernel reads one byte)", uint16(st))
	case st == NeighNone && typ == linux.RTM_NEWNEIGH && n.Flags&NeighManaged == 0:
		return NeighPermanent, nil
	}
	return st, nil
}
