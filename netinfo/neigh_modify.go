package netinfo

import (
	"context"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// This file holds the neighbour change ip names change, beside add,
// replace and del in set.go.

// ChangeNeighbor updates the neighbour n names (IP and link) in place;
// the error matches ErrNotFound (ENOENT) when there is none, as ip neigh
// change says.
func (h *Handle) ChangeNeighbor(ctx context.Context, n Neighbor) error {
	return h.changeNeighbor(ctx, "neighbour change", linux.RTM_NEWNEIGH, linux.NLM_F_REPLACE, n)
}
