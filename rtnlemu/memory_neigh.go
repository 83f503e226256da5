package rtnlemu

import (
	"github.com/jsimonetti/rtnetlink/v2"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// noAddrUnlessValid drops the link-layer address of a cache entry left
// in a state that holds none (not NUD_VALID: NONE, INCOMPLETE, FAILED):
// __neigh_update stores no address for such a state and neigh_fill_info
// reports none, as ip neigh add ... nud none shows.
func noAddrUnlessValid(n *rtnetlink.NeighMessage) {
	if n.State&nudValid == 0 && n.Flags&linux.NTF_PROXY == 0 && n.Attributes != nil {
		n.Attributes.LLAddress = nil
	}
}
