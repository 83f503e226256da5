package main

import (
	"context"
	"strconv"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/netinfo"
)

// This file is monitor's table of namespace ids and the nsid messages
// (ip/ipnetns.c print_nsid and its netns map), kept as ip 6.1 keeps it:
// read once at the start, an entry dropped when an nsid message names
// it, and a new id looked up among the named namespaces when it comes.

// nsidMap names namespace ids as ip's netns map does.
type nsidMap struct {
	byID map[int32]string
	// idOf reads the id this namespace has for a named one; false when
	// it has none.
	idOf func(name string) (int32, bool)
}

// newNSIDMap reads the ids of the namespaces under /var/run/netns, as ip
// monitor does when it starts (netns_map_init). Elsewhere than Linux
// the list is empty.
func newNSIDMap(ctx context.Context, h *netinfo.Handle) *nsidMap {
	m := &nsidMap{byID: map[int32]string{}, idOf: func(name string) (int32, bool) {
		id, err := h.NetNSID(ctx, netinfo.NetNSPath(netnsDir+"/"+name))
		return int32(id), err == nil && id >= 0
	}}
	names, _ := netinfo.ListNetNS()
	for _, n := range names {
		if id, ok := m.idOf(n); ok {
			m.byID[id] = n
		}
	}
	return m
}

// name is get_name_from_nsid: the map's name for id.
func (m *nsidMap) name(id int32) (string, bool) {
	if m == nil || id < 0 {
		return "", false
	}
	n, ok := m.byID[id]
	return n, ok
}

// lookup is netns_get_name: the named namespace whose id is id.
func (m *nsidMap) lookup(id int32) (string, bool) {
	names, _ := netinfo.ListNetNS()
	for _, n := range names {
		if got, ok := m.idOf(n); ok && got == id {
			return n, true
		}
	}
	return "", false
}

// appendNSID appends an nsid message's payload as ip prints it:
// "nsid 0 (iproute2 netns name: blue)", "Deleted nsid 0 ...".
func (p *eventPrinter) appendNSID(b []byte, deleted bool, payload []byte) []byte {
	tb := parseAttrs(payload[linux.SizeofRtGenmsg:], linux.NETNSA_CURRENT_NSID)
	v, ok := tb.u32(linux.NETNSA_NSID)
	if !ok {
		return b // ip complains on stderr and prints nothing
	}
	nsid := int32(v)
	if deleted {
		b = append(b, "Deleted "...)
	}
	if nsid < 0 {
		b = append(b, "nsid unassigned "...)
	} else {
		b = append(b, "nsid "...)
		b = strconv.AppendInt(b, int64(nsid), 10)
		b = append(b, ' ')
	}
	key := nsid
	if c, ok := tb.u32(linux.NETNSA_CURRENT_NSID); ok {
		cur := int32(c)
		if cur < 0 {
			b = append(b, "current-nsid unassigned "...)
		} else {
			b = append(b, "current-nsid "...)
			b = strconv.AppendInt(b, int64(cur), 10)
			b = append(b, ' ')
		}
		key = cur
	}
	m := p.nsids
	if name, ok := m.name(key); ok {
		b = append(b, "(iproute2 netns name: "...)
		b = append(b, name...)
		b = append(b, ')')
		delete(m.byID, key) // as ip's netns_map_del
	} else if !deleted && m != nil {
		if name, ok := m.lookup(nsid); ok {
			b = append(b, "(iproute2 netns name: "...)
			b = append(b, name...)
			b = append(b, ')')
			m.byID[nsid] = name
		}
	}
	return append(trimSpaces(b), '\n')
}
