package main

import (
	"strconv"
)

// This file names DS fields (TOS) and route realms as ip does, from
// iproute2's rt_dsfield and rt_realms files: ip prints "tos CS1" and
// "realm cosmos", and takes those names in selectors.

// rtNames maps the 8-bit ids of one of iproute2's rt_* files to names.
// A later line for an id replaces an earlier one, as in ip's tables.
type rtNames map[uint32]string

// rtNamesDirs are where iproute2 keeps its rt_* files: the
// administrator's, then the distribution's default (newer iproute2).
var rtNamesDirs = []string{"/etc/iproute2/", "/usr/share/iproute2/"}

// loadRtNames reads file (rt_dsfield, rt_realms) from the first
// directory that has it, over the built-in names; a missing file names
// only those.
func loadRtNames(file string, builtin map[uint32]string) rtNames {
	n := rtNames{}
	for id, name := range builtin {
		n[id] = name
	}
	for _, dir := range rtNamesDirs {
		found := false
		readIDNames(dir+file, func(id uint32, name string) {
			found = true
			if id <= 255 {
				n[id] = name
			}
		})
		if found {
			break
		}
	}
	return n
}

// loadDSFieldNames reads rt_dsfield; ip names only 0 ("0") itself.
func loadDSFieldNames() rtNames { return loadRtNames("rt_dsfield", map[uint32]string{0: "0"}) }

// loadRealmNames reads rt_realms; ip names only 0 ("unknown") itself.
func loadRealmNames() rtNames { return loadRtNames("rt_realms", map[uint32]string{0: "unknown"}) }

// lookup finds the id named name: the lowest, as ip searches its table
// from 0.
func (n rtNames) lookup(name string) (uint32, bool) {
	found, ok := uint32(0), false
	for id, s := range n {
		if s == name && (!ok || id < found) {
			found, ok = id, true
		}
	}
	return found, ok
}

// dsfieldWord is rtnl_dsfield_n2a: the name, else "0x%02x".
func (n rtNames) dsfieldWord(v uint8) string {
	if s, ok := n[uint32(v)]; ok {
		return s
	}
	return "0x" + hex2(uint64(v))
}

// realmWord is rtnl_rtrealm_n2a: the name, else the number.
func (n rtNames) realmWord(v uint32) string {
	if s, ok := n[v]; ok {
		return s
	}
	return strconv.FormatUint(uint64(v), 10)
}

// appendRealmsText appends print_rta_flow's text: " realm TO" or
// " realms FROM/TO".
func appendRealmsText(b []byte, realms uint32, names rtNames) []byte {
	from, to := realms>>16, realms&0xffff
	if from == 0 {
		b = append(b, " realm "...)
	} else {
		b = append(b, " realms "...)
		b = append(b, names.realmWord(from)...)
		b = append(b, '/')
	}
	return append(b, names.realmWord(to)...)
}

// realmsJSON adds print_rta_flow's JSON: "flow": {"from": F, "to": T},
// "from" only when not 0.
func realmsJSON(o *jsonObject, realms uint32, names rtNames) {
	from, to := realms>>16, realms&0xffff
	o.key("flow")
	fo := beginObject(o.b)
	if from != 0 {
		fo.str("from", names.realmWord(from))
	}
	fo.str("to", names.realmWord(to))
	o.b = fo.end()
}
