package netinfo

// A decodeScratch lives for one dump and saves the decoder an allocation
// per record: strings that repeat (address labels) are interned, and
// hardware addresses are carved out of shared blocks. A nil scratch
// allocates as usual.
type decodeScratch struct {
	strs map[string]string
	last string // the string str returned last
	hw   []byte
}

// Bounds of a scratch: it interns at most scratchStrings strings, and
// carves hardware addresses out of blocks of scratchBlock bytes.
const (
	scratchStrings = 1024
	scratchBlock   = 4096
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
	if len(sc.strs) < scratchStrings {
		sc.strs[s] = s
	}
	return s
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
