package main

import "strconv"

// This file names device groups as ip does: group 0 is "default", and an
// administrator may name others in iproute2's group files.

// groupNames maps device group ids to names from the group files. A nil
// map names only the default group.
type groupNames map[uint32]string

// groupFiles are where iproute2 keeps group names: the distribution's
// default (newer iproute2), then the administrator's, whose names win.
var groupFiles = []string{"/usr/share/iproute2/group", "/etc/iproute2/group"}

// loadGroupNames reads the group files that exist. Missing or unreadable
// files (every OS but Linux has none) just name nothing.
func loadGroupNames() groupNames {
	names := groupNames{}
	for _, path := range groupFiles {
		readIDNames(path, names.add)
	}
	return names
}

// add records a name for group id. A later name for an id replaces an
// earlier one, as ip's own lookup finds the last.
func (n groupNames) add(id uint32, name string) { n[id] = name }

// word prints a group as ip does: its name, "default" for 0, else its
// number.
func (n groupNames) word(g uint32) string {
	if name, ok := n[g]; ok {
		return name
	}
	if g == 0 {
		return "default"
	}
	return strconv.FormatUint(uint64(g), 10)
}

// lookup finds a group by name.
func (n groupNames) lookup(name string) (uint32, bool) {
	for id, w := range n {
		if w == name {
			return id, true
		}
	}
	return 0, false
}
