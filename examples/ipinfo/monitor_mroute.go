package main

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"strconv"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
	"github.com/rtnlx/rtnlx/netinfo"
)

// This file prints multicast routes (route messages of the families
// RTNL_FAMILY_IPMR and RTNL_FAMILY_IP6MR, the multicast forwarding cache
// a multicast router fills) as ip 6.1's monitor does: ip/ipmroute.c
// print_mroute, text under -j too, as ip's monitor prints it.

// isMroute reports whether a route message's payload is a multicast
// route.
func isMroute(payload []byte) bool {
	return len(payload) >= linux.SizeofRtMsg &&
		(payload[0] == linux.RTNL_FAMILY_IPMR || payload[0] == linux.RTNL_FAMILY_IP6MR)
}

// appendMroute appends a multicast route: "(10.1.0.1,239.1.1.1)
// Iif: v0 Oifs: v1 State: resolved Table: default". ok is false for a
// message ip refuses (not RTN_MULTICAST), after saying so on stderr as
// ip does; with monitor dev, another link's route prints nothing.
func (p *eventPrinter) appendMroute(b []byte, deleted bool, payload []byte) (_ []byte, ok bool) {
	if payload[7] != linux.RTN_MULTICAST {
		fmt.Fprint(p.errW, "Non multicast route received, kernel does support IP multicast?\n")
		return b, false
	}
	tb := parseAttrs(payload[linux.SizeofRtMsg:], linux.RTA_EXPIRES)
	table := uint32(payload[4])
	if v, ok := tb.u32(linux.RTA_TABLE); ok {
		table = v
	}
	iif, _ := tb.u32(linux.RTA_IIF)
	if p.filtered(int(int32(iif))) {
		return b, true
	}
	if deleted {
		b = append(b, "Deleted "...)
	}
	addr := func(v []byte) string {
		if a, ok := netip.AddrFromSlice(v); ok && v != nil {
			return a.String()
		}
		return "unknown"
	}
	pair := "(" + addr(tb[linux.RTA_SRC]) + "," + addr(tb[linux.RTA_DST]) + ")"
	b = appendPadded(b, pair, 32)
	b = append(b, "Iif: "...)
	if iif != 0 {
		b = appendPadded(b, p.cache.name(int(int32(iif))), 10)
	} else {
		b = append(b, "unresolved "...)
	}
	if mp := tb[linux.RTA_MULTIPATH]; mp != nil {
		first := true
		for len(mp) >= linux.SizeofRtNexthop {
			n := int(binary.NativeEndian.Uint16(mp))
			if n > len(mp) {
				break
			}
			if first {
				b = append(b, "Oifs: "...)
				first = false
			}
			b = append(b, p.cache.name(int(int32(binary.NativeEndian.Uint32(mp[4:]))))...)
			if hops := mp[3]; hops > 1 {
				b = append(b, "(ttl "...)
				b = strconv.AppendUint(b, uint64(hops), 10)
				b = append(b, ") "...)
			} else {
				b = append(b, ' ')
			}
			if n < linux.SizeofRtNexthop { // a malformed length: ip's loop would not end
				break
			}
			mp = mp[min(len(mp), (n+3)&^3):]
		}
	}
	flags := binary.NativeEndian.Uint32(payload[8:])
	if flags&linux.RTNH_F_UNRESOLVED != 0 {
		b = append(b, " State: unresolved"...)
	} else {
		b = append(b, " State: resolved"...)
	}
	if flags&linux.RTNH_F_OFFLOAD != 0 {
		b = append(b, " offload"...)
	}
	if st := tb[linux.RTA_MFC_STATS]; p.stats > 0 && len(st) >= 24 {
		b = p.nl(b)
		b = fmt.Appendf(b, "  %d packets, %d bytes", binary.NativeEndian.Uint64(st), binary.NativeEndian.Uint64(st[8:]))
		if w := binary.NativeEndian.Uint64(st[16:]); w != 0 {
			b = fmt.Appendf(b, ", %d arrived on wrong iif.", w)
		}
	}
	if e := tb[linux.RTA_EXPIRES]; p.stats > 0 && len(e) >= 8 {
		// clock ticks, which ip reads as hundredths of a second
		usec := 10000 * binary.NativeEndian.Uint64(e)
		age := float64(usec/1000000) + float64(usec%1000000)/1e6
		b = fmt.Appendf(b, ", Age %.2f", age)
	}
	if t := netinfo.Table(table); table != 0 && (t != netinfo.TableMain || p.details) {
		b = append(b, " Table: "...)
		b = append(b, p.tables.word(t)...)
	}
	return append(trimSpaces(b), '\n'), true
}

// formatMroute renders a route message netinfo decodes into no route:
// a multicast route, when they are asked for. A cached route (the
// kernel's route cache) is not printed, as ip does not.
func (p *eventPrinter) formatMroute(b []byte, mh nlmsg.Header, payload []byte) []byte {
	if !p.mroute || !isMroute(payload) || binary.NativeEndian.Uint32(payload[8:])&linux.RTM_F_CLONED != 0 {
		return b
	}
	b = p.textPrefix(b, "[MROUTE]", false)
	b, _ = p.appendMroute(b, mh.Type == linux.RTM_DELROUTE, payload)
	return b
}

// mrouteStatsGroups are the groups of multicast routes and statistics
// messages c asks for, as ip monitor joins them: one multicast routing
// group a family.
func mrouteStatsGroups(c *command) []uint32 {
	var gs []uint32
	if c.mroute && c.family != netinfo.FamilyInet6 {
		gs = append(gs, linux.RTNLGRP_IPV4_MROUTE)
	}
	if c.mroute && c.family != netinfo.FamilyInet {
		gs = append(gs, linux.RTNLGRP_IPV6_MROUTE)
	}
	if c.statsMon {
		gs = append(gs, linux.RTNLGRP_STATS)
	}
	return gs
}
