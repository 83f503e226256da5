package backend_windows

import (
	"github.com/rtnlx/rtnlx/rtnlemu"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// translate turns one reading of the IP Helper tables into the RTNL
// records the Linux kernel would send for the same state, for the kinds
// asked for (other kinds are left empty). It never fails: rows Windows
// fills with values RTNL cannot carry (no address family, an impossible
// prefix length, interface index 0) are left out.
func translate(t *tableSet, kinds rtnlemu.Kind) *rtnlemu.Snapshot {
	s := &rtnlemu.Snapshot{}
	if t == nil {
		return s
	}
	ix := newIndex(t)
	if kinds&rtnlemu.KindLinks != 0 {
		s.Links = translateLinks(t, ix)
	}
	if kinds&rtnlemu.KindAddrs != 0 {
		s.Addrs = translateAddrs(t, ix)
	}
	if kinds&rtnlemu.KindRoutes != 0 {
		s.Routes = translateRoutes(t, ix)
	}
	if kinds&rtnlemu.KindNeighbors != 0 {
		s.Neighbors = translateNeighbors(t)
	}
	return s
}

// index holds the lookups the translations share.
type index struct {
	adapters map[uint32]*adapterRow // by IPv4 and IPv6 interface index
	ifs      map[uint32]*ifRow
	names    map[uint32]string // link names by index
}

func newIndex(t *tableSet) *index {
	ix := &index{
		adapters: make(map[uint32]*adapterRow, len(t.Adapters)),
		ifs:      make(map[uint32]*ifRow, len(t.Ifs)),
		names:    make(map[uint32]string, len(t.Adapters)),
	}
	for i := range t.Ifs {
		ix.ifs[t.Ifs[i].Index] = &t.Ifs[i]
	}
	for i := range t.Adapters {
		a := &t.Adapters[i]
		for _, n := range []uint32{a.Index, a.IPv6Index} {
			if n != 0 {
				ix.adapters[n] = a
				ix.names[n] = linkName(a, ix.ifs[n])
			}
		}
	}
	return ix
}

// ifMetric is the interface metric Windows adds to the metric of a route
// of the family (Linux numbering) through link n.
func (ix *index) ifMetric(family uint8, n uint32) uint32 {
	a := ix.adapters[n]
	if a == nil {
		return 0
	}
	if family == linux.AF_INET6 {
		return a.IPv6Metric
	}
	return a.IPv4Metric
}
