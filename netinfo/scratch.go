package netinfo

// A decodeScratch saves the decoder allocations in dumps: strings that
// repeat (link names, address labels) are interned, and hardware
// addresses and link counters are carved out of shared blocks. A nil
// scratch allocates as usual.
//
// Each pooled connection keeps one (reqConn.scratch), so it serves one
// dump at a time and outlives it: a table read again (a poller, a
// watcher's resync) finds its names already interned. Nothing carved
// out is ever handed out twice, so records of earlier dumps stay as they
// were.
type decodeScratch struct {
	strs  map[string]string
	last  string // the string str returned last
	hw    []byte
	stats []LinkStats
	neigh []NeighCacheInfo
}

// Bounds of a scratch: it interns at most scratchStrings strings (and
// starts afresh when full, so renamed links do not keep old names), and
// carves hardware addresses out of blocks of scratchBlock bytes and
// counters (link statistics, neighbour cache info) out of blocks of
// scratchStats.
const (
	scratchStrings = 1024
	scratchBlock   = 4096
	scratchStats   = 64
)

// str returns v as a string, the same string for the same bytes.
func (sc *decodeScratch) str(v []byte) string {
	if sc == nil {
		return string(v)
	}
	// A dump lists a link's addresses together, so a label is most often
	// the last one again: one comparison instead of hashing.
	if string(v) == sc.last { // the comparison does not copy v
		return sc.last
	}
	if s, ok := sc.strs[string(v)]; ok { // nor does the lookup
		sc.last = s
		return s
	}
	s := string(v)
	sc.last = s
	if sc.strs == nil {
		sc.strs = make(map[string]string)
	}
	if len(sc.strs) >= scratchStrings {
		clear(sc.strs)
	}
	sc.strs[s] = s
	return s
}

// linkStats returns zeroed counters for one link.
func (sc *decodeScratch) linkStats() *LinkStats {
	if sc == nil {
		return new(LinkStats)
	}
	if len(sc.stats) == 0 {
		sc.stats = make([]LinkStats, scratchStats)
	}
	s := &sc.stats[0]
	sc.stats = sc.stats[1:]
	return s
}

// neighCacheInfo returns a zeroed cache info for one neighbour, carved
// out of a block of scratchStats as linkStats are.
func (sc *decodeScratch) neighCacheInfo() *NeighCacheInfo {
	if sc == nil {
		return new(NeighCacheInfo)
	}
	if len(sc.neigh) == 0 {
		sc.neigh = make([]NeighCacheInfo, scratchStats)
	}
	c := &sc.neigh[0]
	sc.neigh = sc.neigh[1:]
	return c
}

// hardwareAddr copies v out of the message; nil when empty. The copy's
// capacity ends with it, so a caller's append cannot reach a neighbour's.
func (sc *decodeScratch) hardwareAddr(v []byte) []byte {
	if len(v) == 0 {
		return nil
	}
	if sc == nil || len(v) > scratchBlock/8 {
		return append([]byte(nil), v...)
	}
	if len(sc.hw)+len(v) > cap(sc.hw) {
		sc.hw = make([]byte, 0, scratchBlock)
	}
	start := len(sc.hw)
	sc.hw = append(sc.hw, v...)
	return sc.hw[start:len(sc.hw):len(sc.hw)]
}

// cutNUL cuts a string attribute at its first NUL, if any.
func cutNUL(v []byte) []byte {
	for i, c := range v {
		if c == 0 {
			return v[:i]
		}
	}
	return v
}
