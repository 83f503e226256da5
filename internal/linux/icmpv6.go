package linux

// linux/icmpv6.h: router preferences (RFC 4191), as RTA_PREF carries them.
const (
	ICMPV6_ROUTER_PREF_MEDIUM  = 0x0
	ICMPV6_ROUTER_PREF_HIGH    = 0x1
	ICMPV6_ROUTER_PREF_LOW     = 0x3
	ICMPV6_ROUTER_PREF_INVALID = 0x2
)
