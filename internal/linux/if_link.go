package linux

// linux/if_link.h: link attributes (IFLA_*).
const (
	IFLA_UNSPEC             = 0
	IFLA_ADDRESS            = 1
	IFLA_BROADCAST          = 2
	IFLA_IFNAME             = 3
	IFLA_MTU                = 4
	IFLA_LINK               = 5
	IFLA_QDISC              = 6
	IFLA_STATS              = 7
	IFLA_MASTER             = 10
	IFLA_TXQLEN             = 13
	IFLA_OPERSTATE          = 16
	IFLA_LINKMODE           = 17
	IFLA_LINKINFO           = 18
	IFLA_NET_NS_PID         = 19
	IFLA_IFALIAS            = 20
	IFLA_STATS64            = 23
	IFLA_GROUP              = 27
	IFLA_NET_NS_FD          = 28
	IFLA_EXT_MASK           = 29
	IFLA_CARRIER            = 33
	IFLA_PHYS_PORT_ID       = 34
	IFLA_CARRIER_CHANGES    = 35
	IFLA_PHYS_SWITCH_ID     = 36
	IFLA_LINK_NETNSID       = 37
	IFLA_PHYS_PORT_NAME     = 38
	IFLA_XDP                = 43
	IFLA_TARGET_NETNSID     = 46
	IFLA_CARRIER_UP_COUNT   = 47
	IFLA_CARRIER_DOWN_COUNT = 48
	IFLA_ALT_IFNAME         = 53
)

// linux/if_link.h: attributes nested in IFLA_LINKINFO.
const (
	IFLA_INFO_KIND       = 1
	IFLA_INFO_DATA       = 2
	IFLA_INFO_SLAVE_KIND = 4
	IFLA_INFO_SLAVE_DATA = 5
)

// linux/if_link.h: attributes nested in IFLA_XDP.
const (
	IFLA_XDP_ATTACHED = 2
	IFLA_XDP_FLAGS    = 3
	IFLA_XDP_PROG_ID  = 4
)
