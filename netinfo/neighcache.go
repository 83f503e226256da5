package netinfo

import (
	"encoding/binary"
	"time"
)

// NeighCacheInfo is what the kernel tells of a neighbour cache entry's
// use (NDA_CACHEINFO, with NDA_PROBES), as `ip -s neigh` prints it. It
// is only read: setters ignore it.
type NeighCacheInfo struct {
	Used      time.Duration // since the entry was last used
	Confirmed time.Duration // since the neighbour was last confirmed reachable
	Updated   time.Duration // since the entry last changed
	RefCount  uint32        // references held on the entry besides the table's (`ip neigh show unused` lists those with none)
	Probes    uint32        // NDA_PROBES: probes sent in the current state
}

// decode reads struct nda_cacheinfo, SizeofNdaCacheinfo bytes or more.
func (c *NeighCacheInfo) decode(v []byte) {
	u := func(i int) time.Duration { return time.Duration(binary.NativeEndian.Uint32(v[i:])) * clockTick }
	c.Confirmed, c.Used, c.Updated = u(0), u(4), u(8)
	c.RefCount = binary.NativeEndian.Uint32(v[12:])
}
