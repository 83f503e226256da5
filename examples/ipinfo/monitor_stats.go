package main

import (
	"encoding/binary"
	"fmt"
	"strconv"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// This file prints statistics notifications (RTM_NEWSTATS, sent to
// RTNLGRP_STATS when a link's hardware statistics are turned on or off:
// `ip stats set dev D l3_stats on`) as ip 6.1's monitor does
// (ip/ipstats.c ipstats_print): the link, then the state of its
// hardware statistics, "3: v0:" and "    l3_stats on used off". Text
// under -j too, as ip's monitor prints it.

// appendStats appends a statistics message's payload.
func (p *eventPrinter) appendStats(b []byte, payload []byte) []byte {
	if len(payload) < linux.SizeofIfStatsMsg {
		fmt.Fprintf(p.errW, "BUG: wrong nlmsg len %d\n", len(payload)-linux.SizeofIfStatsMsg)
		return b
	}
	idx := int32(binary.NativeEndian.Uint32(payload[4:]))
	b = strconv.AppendInt(b, int64(idx), 10)
	b = append(b, ": "...)
	b = append(b, p.cache.name(int(idx))...)
	b = append(b, ':')
	x := parseAttrs(payload[linux.SizeofIfStatsMsg:], linux.IFLA_STATS_LINK_OFFLOAD_XSTATS)[linux.IFLA_STATS_LINK_OFFLOAD_XSTATS]
	if x == nil {
		return p.nl(b)
	}
	info := parseAttrs(x, linux.IFLA_OFFLOAD_XSTATS_L3_STATS)[linux.IFLA_OFFLOAD_XSTATS_HW_S_INFO]
	if info == nil {
		return p.nl(b)
	}
	b = p.nl(b)
	l3 := parseAttrs(info, linux.IFLA_OFFLOAD_XSTATS_L3_STATS)[linux.IFLA_OFFLOAD_XSTATS_L3_STATS]
	if l3 == nil {
		return p.nl(b)
	}
	// ip reads the state before it prints it: a request neither 0 nor 1
	// ends the message there, its line already ended.
	tb := parseAttrs(l3, linux.IFLA_OFFLOAD_XSTATS_HW_S_INFO_USED)
	request, rok := p.statsOnOff(tb[linux.IFLA_OFFLOAD_XSTATS_HW_S_INFO_REQUEST], "request")
	if tb[linux.IFLA_OFFLOAD_XSTATS_HW_S_INFO_REQUEST] != nil && !rok {
		return b
	}
	used, _ := p.statsOnOff(tb[linux.IFLA_OFFLOAD_XSTATS_HW_S_INFO_USED], "used")
	b = append(b, "    l3_stats"...)
	if request != "" {
		b = append(append(b, ' '), request...)
	}
	if used != "" {
		b = append(append(b, " used "...), used...)
	}
	return p.nl(b)
}

// statsOnOff is ip's word for a hardware statistics state: "on", "off",
// or, said on stderr, nothing for another value; nothing, and ok false,
// for no attribute.
func (p *eventPrinter) statsOnOff(v []byte, what string) (string, bool) {
	if len(v) < 1 {
		return "", false
	}
	switch v[0] {
	case 0:
		return "off", true
	case 1:
		return "on", true
	}
	fmt.Fprintf(p.errW, "Invalid value for %s: expected 0 or 1, got %d.\n", what, v[0])
	return "", false
}
