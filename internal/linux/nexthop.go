package linux

// SizeofNhMsg is the size of struct nhmsg: family, scope, protocol,
// resvd (u8 each), flags u32.
const SizeofNhMsg = 8

// SizeofNexthopGrp is the size of struct nexthop_grp: id u32, weight u8
// (the weight less one), weight_high u8, resvd2 u16.
const SizeofNexthopGrp = 8

// linux/nexthop.h: group types (NHA_GROUP_TYPE).
const (
	NEXTHOP_GRP_TYPE_MPATH = 0
	NEXTHOP_GRP_TYPE_RES   = 1
)

// linux/nexthop.h: nexthop attributes (NHA_*).
const (
	NHA_UNSPEC     = 0
	NHA_ID         = 1
	NHA_GROUP      = 2
	NHA_GROUP_TYPE = 3
	NHA_BLACKHOLE  = 4
	NHA_OIF        = 5
	NHA_GATEWAY    = 6
	NHA_ENCAP_TYPE = 7
	NHA_ENCAP      = 8
	NHA_GROUPS     = 9
	NHA_MASTER     = 10
	NHA_FDB        = 11
	NHA_RES_GROUP  = 12
	NHA_RES_BUCKET = 13
)

// linux/nexthop.h: resilient group attributes, nested in NHA_RES_GROUP.
// The timers are clock_t ticks (USER_HZ).
const (
	NHA_RES_GROUP_PAD              = 0
	NHA_RES_GROUP_BUCKETS          = 1
	NHA_RES_GROUP_IDLE_TIMER       = 2
	NHA_RES_GROUP_UNBALANCED_TIMER = 3
	NHA_RES_GROUP_UNBALANCED_TIME  = 4
)
