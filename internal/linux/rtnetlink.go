package linux

// linux/rtnetlink.h: message types.
const (
	RTM_BASE = 16

	RTM_NEWLINK = 16
	RTM_DELLINK = 17
	RTM_GETLINK = 18
	RTM_SETLINK = 19

	RTM_NEWADDR = 20
	RTM_DELADDR = 21
	RTM_GETADDR = 22

	RTM_NEWROUTE = 24
	RTM_DELROUTE = 25
	RTM_GETROUTE = 26

	RTM_NEWNEIGH = 28
	RTM_DELNEIGH = 29
	RTM_GETNEIGH = 30

	RTM_NEWRULE = 32
	RTM_DELRULE = 33
	RTM_GETRULE = 34

	RTM_NEWPREFIX = 52

	RTM_NEWNETCONF = 80
	RTM_DELNETCONF = 81

	RTM_NEWNSID = 88
	RTM_DELNSID = 89
	RTM_GETNSID = 90

	RTM_NEWSTATS = 92 // struct if_stats_msg, if_link.go
	RTM_GETSTATS = 94

	RTM_NEWNEXTHOP = 104
	RTM_DELNEXTHOP = 105
	RTM_GETNEXTHOP = 106

	// RTM_MAX is the highest message type the kernel knows (Linux 6.x).
	RTM_MAX = 123
)

// linux/rtnetlink.h: struct ifinfomsg, struct rtmsg and struct rtnexthop.
const (
	SizeofIfInfomsg = 16 // family u8, pad u8, type u16, index s32, flags u32, change u32
	SizeofRtMsg     = 12 // family, dst_len, src_len, tos, table, protocol, scope, type u8; flags u32
	SizeofRtNexthop = 8  // len u16, flags u8, hops u8, ifindex s32
	SizeofRtVia     = 2  // struct rtvia's family u16, then the address
)

// linux/rtnetlink.h: route types (rtm_type).
const (
	RTN_UNSPEC      = 0
	RTN_UNICAST     = 1
	RTN_LOCAL       = 2
	RTN_BROADCAST   = 3
	RTN_ANYCAST     = 4
	RTN_MULTICAST   = 5
	RTN_BLACKHOLE   = 6
	RTN_UNREACHABLE = 7
	RTN_PROHIBIT    = 8
	RTN_THROW       = 9
	RTN_NAT         = 10
	RTN_XRESOLVE    = 11
	RTN_MAX         = 11
)

// linux/rtnetlink.h: route origins (rtm_protocol).
const (
	RTPROT_UNSPEC   = 0
	RTPROT_REDIRECT = 1
	RTPROT_KERNEL   = 2
	RTPROT_BOOT     = 3
	RTPROT_STATIC   = 4
	RTPROT_RA       = 9
	RTPROT_DHCP     = 16
	RTPROT_BGP      = 186
	RTPROT_ISIS     = 187
	RTPROT_OSPF     = 188
	RTPROT_RIP      = 189
	RTPROT_EIGRP    = 192
)

// linux/rtnetlink.h: scopes (rtm_scope, ifa_scope).
const (
	RT_SCOPE_UNIVERSE = 0
	RT_SCOPE_SITE     = 200
	RT_SCOPE_LINK     = 253
	RT_SCOPE_HOST     = 254
	RT_SCOPE_NOWHERE  = 255
)

// linux/rtnetlink.h: the multicast-routing families (RTNL_FAMILY_*).
const (
	RTNL_FAMILY_IPMR  = 128
	RTNL_FAMILY_IP6MR = 129
)

// linux/rtnetlink.h: reserved table ids.
const (
	RT_TABLE_UNSPEC  = 0
	RT_TABLE_COMPAT  = 252
	RT_TABLE_DEFAULT = 253
	RT_TABLE_MAIN    = 254
	RT_TABLE_LOCAL   = 255
	RT_TABLE_MAX     = 0xffffffff
)

// linux/rtnetlink.h: rtm_flags.
const (
	RTM_F_NOTIFY         = 0x100
	RTM_F_CLONED         = 0x200
	RTM_F_EQUALIZE       = 0x400
	RTM_F_PREFIX         = 0x800
	RTM_F_LOOKUP_TABLE   = 0x1000
	RTM_F_FIB_MATCH      = 0x2000
	RTM_F_OFFLOAD        = 0x4000
	RTM_F_TRAP           = 0x8000
	RTM_F_OFFLOAD_FAILED = 0x20000000
	RTNH_F_DEAD          = 0x1
	RTNH_F_PERVASIVE     = 0x2
	RTNH_F_ONLINK        = 0x4
	RTNH_F_OFFLOAD       = 0x8
	RTNH_F_LINKDOWN      = 0x10
	RTNH_F_UNRESOLVED    = 0x20
	RTNH_F_TRAP          = 0x40
)

// linux/rtnetlink.h: route attributes (enum rtattr_type_t).
const (
	RTA_UNSPEC     = 0
	RTA_DST        = 1
	RTA_SRC        = 2
	RTA_IIF        = 3
	RTA_OIF        = 4
	RTA_GATEWAY    = 5
	RTA_PRIORITY   = 6
	RTA_PREFSRC    = 7
	RTA_METRICS    = 8
	RTA_MULTIPATH  = 9
	RTA_FLOW       = 11
	RTA_CACHEINFO  = 12
	RTA_TABLE      = 15
	RTA_MARK       = 16
	RTA_MFC_STATS  = 17
	RTA_VIA        = 18
	RTA_NEWDST     = 19
	RTA_PREF       = 20
	RTA_ENCAP_TYPE = 21
	RTA_ENCAP      = 22
	RTA_EXPIRES    = 23
	RTA_UID        = 25
	RTA_IP_PROTO   = 27
	RTA_SPORT      = 28
	RTA_DPORT      = 29
	RTA_NH_ID      = 30
	RTA_FLOWLABEL  = 31
)

// linux/rtnetlink.h: route metrics, nested in RTA_METRICS.
const (
	RTAX_LOCK               = 1
	RTAX_MTU                = 2
	RTAX_WINDOW             = 3
	RTAX_RTT                = 4
	RTAX_RTTVAR             = 5
	RTAX_SSTHRESH           = 6
	RTAX_CWND               = 7
	RTAX_ADVMSS             = 8
	RTAX_REORDERING         = 9
	RTAX_HOPLIMIT           = 10
	RTAX_INITCWND           = 11
	RTAX_FEATURES           = 12
	RTAX_RTO_MIN            = 13
	RTAX_INITRWND           = 14
	RTAX_QUICKACK           = 15
	RTAX_CC_ALGO            = 16
	RTAX_FASTOPEN_NO_COOKIE = 17

	// RTAX_FEATURE_* are the bits of RTAX_FEATURES.
	RTAX_FEATURE_ECN         = 0x1
	RTAX_FEATURE_SACK        = 0x2
	RTAX_FEATURE_TIMESTAMP   = 0x4
	RTAX_FEATURE_ALLFRAG     = 0x8
	RTAX_FEATURE_TCP_USEC_TS = 0x10
)

// linux/rtnetlink.h: multicast groups (enum rtnetlink_groups).
const (
	RTNLGRP_LINK        = 1
	RTNLGRP_NEIGH       = 3
	RTNLGRP_IPV4_IFADDR = 5
	RTNLGRP_IPV4_ROUTE  = 7
	RTNLGRP_IPV4_RULE   = 8
	RTNLGRP_IPV6_IFADDR = 9
	RTNLGRP_IPV6_ROUTE  = 11
	RTNLGRP_IPV6_IFINFO = 12
	RTNLGRP_IPV6_RULE   = 19
	RTNLGRP_NEXTHOP     = 32

	// Groups only a monitor of everything joins (ip monitor).
	RTNLGRP_IPV4_MROUTE  = 6
	RTNLGRP_IPV6_MROUTE  = 10
	RTNLGRP_IPV6_PREFIX  = 18
	RTNLGRP_IPV4_NETCONF = 24
	RTNLGRP_IPV6_NETCONF = 25
	RTNLGRP_MPLS_ROUTE   = 27
	RTNLGRP_NSID         = 28
	RTNLGRP_MPLS_NETCONF = 29
	RTNLGRP_STATS        = 36
)

// linux/rtnetlink.h: RTM_NEWPREFIX (an IPv6 prefix a router advertised),
// a struct prefixmsg then PREFIX_* attributes; its flags are
// linux/if_addr.h's IF_PREFIX_*, its type the ND option it came in.
const (
	SizeofPrefixmsg = 12

	PREFIX_ADDRESS   = 1
	PREFIX_CACHEINFO = 2

	IF_PREFIX_ONLINK   = 0x01
	IF_PREFIX_AUTOCONF = 0x02

	ND_OPT_PREFIX_INFORMATION = 3
)
