package rtnlemu

import (
	"github.com/jsimonetti/rtnetlink/v2"

	"github.com/rtnlx/rtnlx/internal/kernel"
	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

// A dumpFilter holds what a dump request selects, as the kernel's strict
// checking reads it from the request header and attributes.
type dumpFilter struct {
	family   uint8
	index    uint32 // addr: ifa_index; route: RTA_OIF; neigh: ndm_ifindex/NDA_IFINDEX
	master   uint32 // link: IFLA_MASTER; neigh: NDA_MASTER
	linkKind string // link: IFLA_LINKINFO/IFLA_INFO_KIND
	table    uint32 // route: rtm_table or RTA_TABLE
	protocol uint8
	rtype    uint8
	rflags   uint32 // route: RTM_F_CLONED, RTM_F_PREFIX
	proxy    bool   // neigh: NTF_PROXY entries instead of ordinary ones
	filtered bool   // the records carry NLM_F_DUMP_FILTERED
	// doneFiltered: NLMSG_DONE carries it too (the kernel's
	// cb->answer_flags, set by the address and route dumps).
	doneFiltered bool
}

// A dump answers one NLM_F_DUMP request from a snapshot, making each
// datagram when the reader asks for it, like the kernel's netlink_dump.
type dump struct {
	kind   Kind
	snap   *Snapshot
	filter dumpFilter
	master map[uint32]uint32 // link index -> master index, for NDA_MASTER
	seq    uint32
	pid    uint32
	flags  uint16

	// The kernel dumps AF_UNSPEC requests family by family (IPv4, then
	// IPv6, then the rest); pass counts those rounds.
	pass int
	pos  int
	// errno is the dump's outcome, written in NLMSG_DONE (0, or a
	// negative errno when the dump failed).
	errno int32
	text  string // the extended-ack text of a failed dump
	done  bool
}

// passFamily says which family a pass of a dump covers: one family, or
// (other) every family but IPv4 and IPv6; ok is false after the last.
func (d *dump) passFamily(pass int) (family uint8, other bool, ok bool) {
	if d.filter.family != linux.AF_UNSPEC || d.kind == KindLinks {
		return d.filter.family, false, pass == 0
	}
	switch pass {
	case 0:
		return linux.AF_INET, false, true
	case 1:
		return linux.AF_INET6, false, true
	case 2:
		return 0, true, true
	}
	return 0, false, false
}

func (d *dump) count() int {
	switch d.kind {
	case KindLinks:
		return len(d.snap.Links)
	case KindAddrs:
		return len(d.snap.Addrs)
	case KindRoutes:
		return len(d.snap.Routes)
	case KindNeighbors:
		return len(d.snap.Neighbors)
	}
	return 0
}

// next appends the next datagram of the dump to b, at most limit bytes
// unless a single message is longer, and reports whether the dump is
// finished (NLMSG_DONE written).
func (d *dump) next(b []byte, limit int) ([]byte, bool) {
	if d.snap != nil && !d.done {
		n := d.count()
		for {
			family, other, ok := d.passFamily(d.pass)
			if !ok {
				d.done = true
				break
			}
			for d.pos < n {
				mark := len(b)
				b = d.appendRecord(b, d.pos, family, other)
				if len(b) > limit && mark > 0 {
					// The datagram is full; this record opens the
					// next one, as the kernel leaves it for the next
					// skb.
					return b[:mark], false
				}
				d.pos++
				if len(b) >= limit {
					return b, false
				}
			}
			d.pass++
			d.pos = 0
		}
	}
	if len(b) > 0 && len(b)+linux.SizeofNlMsghdr+4 > limit {
		return b, false
	}
	flags := uint16(linux.NLM_F_MULTI)
	if d.filter.doneFiltered {
		flags |= linux.NLM_F_DUMP_FILTERED
	}
	if d.text != "" {
		flags |= linux.NLM_F_ACK_TLVS
	}
	start := len(b)
	b = nlmsg.AppendHeader(b, linux.NLMSG_DONE, flags, d.seq, d.pid)
	b = ne.AppendUint32(b, uint32(d.errno))
	if d.text != "" {
		b = nlmsg.AppendString(b, linux.NLMSGERR_ATTR_MSG, d.text)
	}
	return nlmsg.Finish(nlmsg.Pad(b), start), true
}

// appendRecord encodes record i when it passes the filter.
func (d *dump) appendRecord(b []byte, i int, family uint8, other bool) []byte {
	f := &d.filter
	famOK := func(fam uint8) bool {
		if other {
			return fam != linux.AF_INET && fam != linux.AF_INET6
		}
		return family == linux.AF_UNSPEC || fam == family
	}
	switch d.kind {
	case KindLinks:
		m := &d.snap.Links[i]
		// AF_BRIDGE link dumps list bridge ports in another form
		// (rtnl_bridge_getlink), which the emulator does not make.
		if f.family == linux.AF_BRIDGE || !d.linkMatches(m) {
			return b
		}
		return appendLinkMsg(b, m, linux.RTM_NEWLINK, d.flags, d.seq, d.pid)
	case KindAddrs:
		m := &d.snap.Addrs[i]
		if !famOK(m.Family) || (f.index != 0 && m.Index != f.index) {
			return b
		}
		return appendAddrMsg(b, m, linux.RTM_NEWADDR, d.flags, d.seq, d.pid)
	case KindRoutes:
		m := &d.snap.Routes[i]
		if !famOK(m.Family) || !routeMatches(m, f) {
			return b
		}
		return appendRouteMsg(b, m, linux.RTM_NEWROUTE, d.flags, d.seq, d.pid)
	case KindNeighbors:
		m := &d.snap.Neighbors[i]
		fam := uint8(m.Family)
		// Bridge FDB entries answer AF_BRIDGE dumps only, as the kernel
		// dumps them from another handler.
		if fam == linux.AF_BRIDGE && f.family != linux.AF_BRIDGE {
			return b
		}
		if !famOK(fam) || !d.neighMatches(m) {
			return b
		}
		return appendNeighMsg(b, m, linux.RTM_NEWNEIGH, d.flags, d.seq, d.pid)
	}
	return b
}

func (d *dump) linkMatches(m *rtnetlink.LinkMessage) bool {
	f := &d.filter
	if f.master != 0 {
		if m.Attributes == nil || m.Attributes.Master == nil || *m.Attributes.Master != f.master {
			return false
		}
	}
	if f.linkKind != "" {
		if m.Attributes == nil || m.Attributes.Info == nil || m.Attributes.Info.Kind != f.linkKind {
			return false
		}
	}
	return true
}

func routeMatches(m *rtnetlink.RouteMessage, f *dumpFilter) bool {
	if f.rflags&linux.RTM_F_CLONED != 0 {
		// The emulated FIBs hold no cached clones (exceptions).
		return false
	}
	if f.rflags&linux.RTM_F_PREFIX != 0 && (m.Family == linux.AF_INET || m.Flags&linux.RTM_F_PREFIX == 0) {
		// IPv4 has no prefix routes: inet_dump_fib answers nothing.
		return false
	}
	if f.table != 0 && routeTable(m) != f.table {
		return false
	}
	if f.protocol != 0 && m.Protocol != f.protocol {
		return false
	}
	if f.rtype != 0 && m.Type != f.rtype {
		return false
	}
	if f.index != 0 && !routeUsesLink(m, f.index) {
		return false
	}
	return true
}

// routeUsesLink is kernel.RouteUsesLink for a route message.
func routeUsesLink(m *rtnetlink.RouteMessage, index uint32) bool {
	hops := m.Attributes.Multipath
	return kernel.RouteUsesLink(int(m.Attributes.OutIface), len(hops), func(i int) int { return int(hops[i].Hop.IfIndex) }, int(index))
}

func (d *dump) neighMatches(m *rtnetlink.NeighMessage) bool {
	f := &d.filter
	if f.proxy != (m.Flags&linux.NTF_PROXY != 0) {
		return false
	}
	if f.index != 0 && m.Index != f.index {
		return false
	}
	if f.master != 0 && d.master[m.Index] != f.master {
		return false
	}
	return true
}
