package contender

import (
	"fmt"
	"strings"
)

// An Entry names a contender and opens it in a namespace.
type Entry struct {
	// Key is the short name used on the command line (-only floor,rtnlx).
	Key string
	// Open opens the contender in the namespace with this name and path.
	Open func(nsName, nsPath string) (Contender, error)
}

// Registry lists every contender, floor first, in the order the table
// shows them.
func Registry() []Entry {
	return []Entry{
		{"floor", func(_, p string) (Contender, error) { return opened(NewFloor(p)) }},
		{"floor-netpoll", func(_, p string) (Contender, error) { return opened(NewFloorNetpoll(p)) }},
		{"rtnlx", func(_, p string) (Contender, error) { return opened(NewRtnlx(p, false)) }},
		{"rtnlx-seq", func(_, p string) (Contender, error) { return opened(NewRtnlx(p, true)) }},
		{"rtnlx-emu", func(_, p string) (Contender, error) { return opened(NewRtnlxEmu(p)) }},
		{"mdlayher", func(_, p string) (Contender, error) { return opened(NewMdlayherRaw(p)) }},
		{"jsimonetti", func(_, p string) (Contender, error) { return opened(NewJsimonetti(p)) }},
		{"vishvananda", func(_, p string) (Contender, error) { return opened(NewVishvananda(p)) }},
		{"pyroute2", func(n, _ string) (Contender, error) { return opened(NewPyroute2(n)) }},
		{"ip", func(n, _ string) (Contender, error) { return opened(NewIPJSON(n)) }},
	}
}

// Select returns the registry entries whose keys are listed in the
// comma-separated list only (all of them for ""). The floor is always
// included: every ratio needs it.
func Select(only string) ([]Entry, error) {
	all := Registry()
	if only == "" {
		return all, nil
	}
	want := map[string]bool{"floor": true}
	for k := range strings.SplitSeq(only, ",") {
		if k = strings.TrimSpace(k); k != "" {
			want[k] = true
		}
	}
	var out []Entry
	for _, e := range all {
		if want[e.Key] {
			out = append(out, e)
			delete(want, e.Key)
		}
	}
	for k := range want {
		return nil, fmt.Errorf("unknown contender %q", k)
	}
	return out, nil
}

// Lookup returns the entry with this key.
func Lookup(key string) (Entry, error) {
	for _, e := range Registry() {
		if e.Key == key {
			return e, nil
		}
	}
	return Entry{}, fmt.Errorf("unknown contender %q", key)
}

// opened turns a constructor's typed result into a Contender that is nil
// on error (a typed nil pointer in an interface would not be).
func opened[C Contender](c C, err error) (Contender, error) {
	if err != nil {
		return nil, err
	}
	return c, nil
}
