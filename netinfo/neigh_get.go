package netinfo

import (
	"context"
	"errors"
	"fmt"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

// GetNeighbor asks for the one entry n names, as ip neigh get does: n.IP
// on link n.Index, in the proxy table when n.Flags has NeighProxy (the
// other fields are ignored). The error matches ErrNotFound when there is
// no such entry; the kernel refuses an Index of 0 but for a proxy entry
// on no link.
func (h *Handle) GetNeighbor(ctx context.Context, n Neighbor) (Neighbor, error) {
	const op = "neighbour get"
	if !n.IP.IsValid() {
		return Neighbor{}, errors.New("netinfo: neighbour get: no address")
	}
	if n.Index < 0 { // 0 is sent: the kernel says what it lacks
		return Neighbor{}, fmt.Errorf("netinfo: %s: link index %d: %w", op, n.Index, ErrNotFound)
	}
	if n.IP.Is4In6() {
		n.IP = n.IP.Unmap()
	}
	var out Neighbor
	var derr error
	err := h.request(ctx, op, linux.RTM_GETNEIGH, 0,
		func(b []byte) []byte {
			// neigh_valid_get_req: only NTF_PROXY among the flags, no
			// state or type, the address in NDA_DST.
			b = appendNdmsg(b, addrFamily(n.IP), n.Index, 0, n.Flags&NeighProxy, 0)
			return appendAttrAddr(b, linux.NDA_DST, n.IP)
		},
		func(mh nlmsg.Header, p []byte) error {
			if mh.Type != linux.RTM_NEWNEIGH {
				derr = fmt.Errorf("netinfo: %s: answered with message type %d", op, mh.Type)
				return derr
			}
			derr = decodeError("neighbor", decodeNeighbor(p, &out))
			return derr
		})
	if err != nil {
		return Neighbor{}, err
	}
	return out, derr
}
