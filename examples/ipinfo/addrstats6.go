package main

import (
	"github.com/rtnlx/rtnlx/netinfo"
)

// This file holds the counters `ip -6 -s addr` prints for a link. With
// -6 and no device, ip reads the links with an AF_INET6 dump, whose
// records carry no link counters; ip (lib/utils.c
// get_rtnl_link_stats_rta, get_snmp_counters) then prints some of the
// link's IPv6 counters (IFLA_INET6_STATS) in their place, and no carrier
// changes.

// ip61MIB are the indexes iproute2 6.1 reads those counters at: its own
// copy of linux/snmp.h. Newer kernels reordered the enum (6.18 puts
// OutTransmits at 9, not 5), and ip 6.1 prints what it finds at its
// indexes, so this does too.
const (
	ip61InPkts      = 1
	ip61InOctets    = 2
	ip61OutPkts     = 5
	ip61OutOctets   = 6
	ip61InDiscards  = 13
	ip61OutDiscards = 14
	ip61InMcastPkts = 23
	ip61CsumErrors  = 31
)

// inet6StatsLink returns a copy of l holding the counters ip -6 -s addr
// prints for it, from its IPv6 counters mib (LinkDetails.IPv6MIB); no
// counters when there are none.
func inet6StatsLink(l *netinfo.Link, mib []uint64) *netinfo.Link {
	c := *l
	c.Stats, c.CarrierChanges = nil, 0
	if mib == nil {
		return &c
	}
	at := func(i int) uint64 {
		if i < len(mib) {
			return mib[i]
		}
		return 0
	}
	c.Stats = &netinfo.LinkStats{
		RxPackets: at(ip61InPkts), RxBytes: at(ip61InOctets),
		TxPackets: at(ip61OutPkts), TxBytes: at(ip61OutOctets),
		RxErrors: at(ip61InDiscards), TxErrors: at(ip61OutDiscards),
		Multicast: at(ip61InMcastPkts),
	}
	c.Stats.Errors.RxFrame = at(ip61CsumErrors)
	return &c
}
