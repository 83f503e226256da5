package rtnlemu

import (
	"bytes"

	"github.com/jsimonetti/rtnetlink/v2"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

// An encodedSet is one snapshot of one kind, encoded once: every record
// as its RTM_NEW* message (seq 0, pid 0), back to back in buf, with its
// kernel key. Successive sets are compared byte for byte to find what
// changed.
type encodedSet struct {
	buf  []byte
	recs []encodedRec
	// index maps keys to positions in recs. It is built on first need:
	// successive snapshots usually list records in the same order, and
	// the diff walks them in step without it.
	index map[recordKey]int
}

// find gives the position of the record with key k.
func (s *encodedSet) find(k recordKey) (int, bool) {
	if s.index == nil {
		s.index = make(map[recordKey]int, len(s.recs))
		for i := range s.recs {
			s.index[s.recs[i].key] = i
		}
	}
	i, ok := s.index[k]
	return i, ok
}

// findNear gives the position of the record with key k, looking first at
// position hint, where it is when both sets list records in the same
// order.
func (s *encodedSet) findNear(k recordKey, hint int) (int, bool) {
	if hint < len(s.recs) && s.recs[hint].key == k {
		return hint, true
	}
	return s.find(k)
}

type encodedRec struct {
	key   recordKey
	off   int
	n     int
	group uint8 // the multicast group its events go to (0: none)
}

func (s *encodedSet) bytes(i int) []byte {
	r := &s.recs[i]
	return s.buf[r.off : r.off+r.n : r.off+r.n]
}

// An event is one multicast datagram: the record's RTM_NEW* bytes and,
// for a deletion, the RTM_DEL* type that replaces it on delivery.
type event struct {
	data    []byte
	delType uint16
	patch   patch
	group   uint8
}

// A patch sets ifi_change in a link event as the kernel does: the flags
// that changed, or all ones for a link that appeared or went away.
type patch struct {
	set    bool
	change uint32
}

// linkChange gives the patch of a link event; old is nil for a new or
// deleted link.
func linkChange(old, cur []byte) patch {
	const at = linux.SizeofNlMsghdr + 8 // ifi_flags
	if old == nil || cur == nil || len(old) < at+4 || len(cur) < at+4 {
		return patch{set: true, change: ^uint32(0)}
	}
	return patch{set: true, change: ne.Uint32(old[at:]) ^ ne.Uint32(cur[at:])}
}

// addrGroup and routeGroup split IPv4 and IPv6 events as the kernel does.
func addrGroup(family uint8) uint8 {
	switch family {
	case linux.AF_INET:
		return linux.RTNLGRP_IPV4_IFADDR
	case linux.AF_INET6:
		return linux.RTNLGRP_IPV6_IFADDR
	}
	return 0
}

func routeGroup(family uint8) uint8 {
	switch family {
	case linux.AF_INET:
		return linux.RTNLGRP_IPV4_ROUTE
	case linux.AF_INET6:
		return linux.RTNLGRP_IPV6_ROUTE
	}
	return 0
}

// encodeKind encodes the records of one kind from a snapshot. prev, the
// kind's previous set if any, sizes the buffer.
func encodeKind(kind Kind, snap *Snapshot, prev *encodedSet) *encodedSet {
	s := &encodedSet{}
	if prev != nil {
		s.buf = make([]byte, 0, len(prev.buf)+len(prev.buf)/8)
	}
	switch kind {
	case KindLinks:
		encodeEach(s, snap.Links, func(b []byte, m *rtnetlink.LinkMessage) ([]byte, recordKey, uint8) {
			return appendLinkMsg(b, m, linux.RTM_NEWLINK, 0, 0, 0), linkKey(m), linux.RTNLGRP_LINK
		})
	case KindAddrs:
		encodeEach(s, snap.Addrs, func(b []byte, m *rtnetlink.AddressMessage) ([]byte, recordKey, uint8) {
			return appendAddrMsg(b, m, linux.RTM_NEWADDR, 0, 0, 0), addrKey(m), addrGroup(m.Family)
		})
	case KindRoutes:
		encodeEach(s, snap.Routes, func(b []byte, m *rtnetlink.RouteMessage) ([]byte, recordKey, uint8) {
			return appendRouteMsg(b, m, linux.RTM_NEWROUTE, 0, 0, 0), routeKey(m), routeGroup(m.Family)
		})
	case KindNeighbors:
		encodeEach(s, snap.Neighbors, func(b []byte, m *rtnetlink.NeighMessage) ([]byte, recordKey, uint8) {
			return appendNeighMsg(b, m, linux.RTM_NEWNEIGH, 0, 0, 0), neighKey(m), linux.RTNLGRP_NEIGH
		})
	}
	return s
}

// encodeEach appends every record of msgs to s with enc, which encodes
// one and gives its key and multicast group.
func encodeEach[M any](s *encodedSet, msgs []M, enc func(b []byte, m *M) ([]byte, recordKey, uint8)) {
	s.recs = make([]encodedRec, 0, len(msgs))
	for i := range msgs {
		start := len(s.buf)
		var key recordKey
		var group uint8
		s.buf, key, group = enc(s.buf, &msgs[i])
		s.recs = append(s.recs, encodedRec{key: key, off: start, n: len(s.buf) - start, group: group})
	}
}

// delType gives the RTM_DEL* type of a kind.
func delType(kind Kind) uint16 {
	switch kind {
	case KindLinks:
		return linux.RTM_DELLINK
	case KindAddrs:
		return linux.RTM_DELADDR
	case KindRoutes:
		return linux.RTM_DELROUTE
	}
	return linux.RTM_DELNEIGH
}

// diffNew appends RTM_NEW* events for records of cur that old lacks or
// holds with other bytes, in cur's order.
func diffNew(evs []event, old, cur *encodedSet) []event {
	next := 0 // where old's record for cur's next one probably is
	for i := range cur.recs {
		r := &cur.recs[i]
		j, ok := old.findNear(r.key, next)
		var was []byte
		if ok {
			next = j + 1
			was = old.bytes(j)
			if sameRecord(r.key.kind, was, cur.bytes(i)) {
				continue
			}
		}
		ev := event{data: cur.bytes(i), group: r.group}
		if r.key.kind == KindLinks {
			ev.patch = linkChange(was, ev.data)
		}
		evs = append(evs, ev)
	}
	return evs
}

// diffDel appends RTM_DEL* events for records of old that cur lacks, in
// old's order; the event repeats the record as it last was, as the
// kernel's deletion messages do.
func diffDel(evs []event, kind Kind, old, cur *encodedSet) []event {
	next := 0
	for i := range old.recs {
		r := &old.recs[i]
		if j, ok := cur.findNear(r.key, next); ok {
			next = j + 1
			continue
		}
		ev := event{data: old.bytes(i), delType: delType(kind), group: r.group}
		if kind == KindLinks {
			ev.patch = linkChange(nil, nil)
		}
		evs = append(evs, ev)
	}
	return evs
}

// sameRecord tells whether two encodings of one record say the same. A
// link's counters (IFLA_STATS, IFLA_STATS64) are left out of the
// comparison: they move all the time and the kernel sends no event for
// them, so neither may the emulator.
func sameRecord(kind Kind, a, b []byte) bool {
	if kind != KindLinks {
		return bytes.Equal(a, b)
	}
	const head = linux.SizeofNlMsghdr + 16 // struct ifinfomsg
	if len(a) < head || len(b) < head || !bytes.Equal(a[linux.SizeofNlMsghdr:head], b[linux.SizeofNlMsghdr:head]) {
		return bytes.Equal(a, b)
	}
	a, b = a[head:], b[head:]
	for {
		var x, y []byte
		x, a = nextNonStatsAttr(a)
		y, b = nextNonStatsAttr(b)
		if !bytes.Equal(x, y) {
			return false
		}
		if x == nil {
			return true
		}
	}
}

// nextNonStatsAttr returns the next attribute of a run that is not a link
// counter, and the rest of the run; nil at the end. A malformed run
// returns it whole, so that it compares as bytes.
func nextNonStatsAttr(b []byte) (attr, rest []byte) {
	for len(b) >= linux.SizeofNlAttr {
		typ, val, next, ok := nlmsg.SplitAttr(b)
		if !ok {
			return b, nil
		}
		if typ != linux.IFLA_STATS && typ != linux.IFLA_STATS64 {
			return b[:linux.SizeofNlAttr+len(val)], next
		}
		b = next
	}
	if len(b) > 0 {
		return b, nil
	}
	return nil, nil
}
