package linux

// linux/in_route.h: the cached route's flags (rt_flags), which the
// answer to a route get carries in rtm_flags' upper bits.
const (
	RTCF_DOREDIRECT = 0x01000000
	RTCF_BROADCAST  = 0x10000000
	RTCF_MULTICAST  = 0x20000000
	RTCF_LOCAL      = 0x80000000
)
