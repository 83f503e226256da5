package main

import (
	"strconv"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// This file prints netconf messages (a device's IP settings: forwarding,
// rp_filter, ...) as ip monitor does (ip/ipnetconf.c print_netconf).

// rpFilterNames are ip's words for NETCONFA_RP_FILTER.
var rpFilterNames = [...]string{"off", "strict", "loose"}

// netconfFamilyName is ip's family_name.
func netconfFamilyName(f byte) string {
	switch f {
	case linux.AF_INET:
		return "inet"
	case linux.AF_INET6:
		return "inet6"
	case linux.AF_PACKET:
		return "link"
	case linux.AF_MPLS:
		return "mpls"
	case linux.AF_BRIDGE:
		return "bridge"
	}
	return "???"
}

// appendNetconf appends a netconf message's payload:
// "inet v0 forwarding off rp_filter off mc_forwarding off ...".
func (p *eventPrinter) appendNetconf(b []byte, deleted bool, payload []byte) []byte {
	tb := parseAttrs(payload[linux.SizeofNetconfmsg:], linux.NETCONFA_BC_FORWARDING)
	if deleted {
		b = append(b, "Deleted "...)
	}
	b = append(b, netconfFamilyName(payload[0])...)
	b = append(b, ' ')
	if v, ok := tb.u32(linux.NETCONFA_IFINDEX); ok {
		switch idx := int32(v); idx {
		case linux.NETCONFA_IFINDEX_ALL:
			b = append(b, "all"...)
		case linux.NETCONFA_IFINDEX_DEFAULT:
			b = append(b, "default"...)
		default:
			b = append(b, p.cache.name(int(idx))...)
		}
		b = append(b, ' ')
	}
	onOff := func(typ uint16, word string) {
		if v, ok := tb.u32(typ); ok {
			b = append(b, word...)
			if v != 0 {
				b = append(b, " on "...)
			} else {
				b = append(b, " off "...)
			}
		}
	}
	onOff(linux.NETCONFA_FORWARDING, "forwarding")
	if v, ok := tb.u32(linux.NETCONFA_RP_FILTER); ok {
		b = append(b, "rp_filter "...)
		if int(v) < len(rpFilterNames) {
			b = append(b, rpFilterNames[v]...)
		} else {
			b = strconv.AppendUint(b, uint64(v), 10)
		}
		b = append(b, ' ')
	}
	onOff(linux.NETCONFA_MC_FORWARDING, "mc_forwarding")
	onOff(linux.NETCONFA_PROXY_NEIGH, "proxy_neigh")
	onOff(linux.NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN, "ignore_routes_with_linkdown")
	onOff(linux.NETCONFA_INPUT, "input")
	return append(trimSpaces(b), '\n')
}
