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
	IFLA_PROTO_DOWN         = 39
	IFLA_XDP                = 43
	IFLA_TARGET_NETNSID     = 46
	IFLA_CARRIER_UP_COUNT   = 47
	IFLA_CARRIER_DOWN_COUNT = 48
	IFLA_ALT_IFNAME         = 53
	IFLA_PROTO_DOWN_REASON  = 55
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

// linux/if_link.h: more link attributes, for creating and changing links.
const (
	IFLA_PROMISCUITY     = 30
	IFLA_NUM_TX_QUEUES   = 31
	IFLA_NUM_RX_QUEUES   = 32
	IFLA_NEW_NETNSID     = 45
	IFLA_NEW_IFINDEX     = 49
	IFLA_MIN_MTU         = 50
	IFLA_MAX_MTU         = 51
	IFLA_PERM_ADDRESS    = 54
	IFLA_PARENT_DEV_NAME = 56
)

// linux/if_link.h: attributes nested in a bridge's IFLA_INFO_DATA.
const (
	IFLA_BR_FORWARD_DELAY     = 1
	IFLA_BR_HELLO_TIME        = 2
	IFLA_BR_MAX_AGE           = 3
	IFLA_BR_AGEING_TIME       = 4
	IFLA_BR_STP_STATE         = 5
	IFLA_BR_PRIORITY          = 6
	IFLA_BR_VLAN_FILTERING    = 7
	IFLA_BR_VLAN_PROTOCOL     = 8
	IFLA_BR_GROUP_FWD_MASK    = 9
	IFLA_BR_MCAST_SNOOPING    = 23
	IFLA_BR_VLAN_DEFAULT_PVID = 39
)

// linux/if_link.h: attributes nested in a bridge port's
// IFLA_INFO_SLAVE_DATA.
const (
	IFLA_BRPORT_STATE         = 1
	IFLA_BRPORT_PRIORITY      = 2
	IFLA_BRPORT_COST          = 3
	IFLA_BRPORT_MODE          = 4
	IFLA_BRPORT_GUARD         = 5
	IFLA_BRPORT_PROTECT       = 6
	IFLA_BRPORT_FAST_LEAVE    = 7
	IFLA_BRPORT_LEARNING      = 8
	IFLA_BRPORT_UNICAST_FLOOD = 9
)

// linux/if_link.h: attributes nested in a VLAN's IFLA_INFO_DATA.
const (
	IFLA_VLAN_ID       = 1
	IFLA_VLAN_FLAGS    = 2
	IFLA_VLAN_PROTOCOL = 5
)

// linux/if_link.h: attributes nested in a macvlan's or macvtap's
// IFLA_INFO_DATA, and their modes.
const (
	IFLA_MACVLAN_MODE  = 1
	IFLA_MACVLAN_FLAGS = 2

	MACVLAN_MODE_PRIVATE  = 1
	MACVLAN_MODE_VEPA     = 2
	MACVLAN_MODE_BRIDGE   = 4
	MACVLAN_MODE_PASSTHRU = 8
	MACVLAN_MODE_SOURCE   = 16
)

// linux/if_link.h: attributes nested in an ipvlan's IFLA_INFO_DATA, its
// modes and flags.
const (
	IFLA_IPVLAN_MODE  = 1
	IFLA_IPVLAN_FLAGS = 2

	IPVLAN_MODE_L2  = 0
	IPVLAN_MODE_L3  = 1
	IPVLAN_MODE_L3S = 2

	IPVLAN_F_PRIVATE = 0x01
	IPVLAN_F_VEPA    = 0x02
)

// linux/if_link.h: attributes nested in a VXLAN's IFLA_INFO_DATA.
const (
	IFLA_VXLAN_ID       = 1
	IFLA_VXLAN_GROUP    = 2
	IFLA_VXLAN_LINK     = 3
	IFLA_VXLAN_LOCAL    = 4
	IFLA_VXLAN_TTL      = 5
	IFLA_VXLAN_TOS      = 6
	IFLA_VXLAN_LEARNING = 7
	IFLA_VXLAN_AGEING   = 8
	IFLA_VXLAN_PORT     = 15
	IFLA_VXLAN_GROUP6   = 16
	IFLA_VXLAN_LOCAL6   = 17
)

// linux/if_link.h: attributes nested in a bond's IFLA_INFO_DATA, and in
// a bond port's IFLA_INFO_SLAVE_DATA.
const (
	IFLA_BOND_MODE   = 1
	IFLA_BOND_MIIMON = 3

	IFLA_BOND_SLAVE_STATE       = 1
	IFLA_BOND_SLAVE_MII_STATUS  = 2
	IFLA_BOND_SLAVE_PERM_HWADDR = 4
	IFLA_BOND_SLAVE_QUEUE_ID    = 5
)

// linux/if_link.h: attributes nested in a VRF's IFLA_INFO_DATA.
const (
	IFLA_VRF_TABLE = 1
)

// linux/if_link.h: attributes nested in a tun or tap device's
// IFLA_INFO_DATA.
const (
	IFLA_TUN_OWNER               = 1
	IFLA_TUN_GROUP               = 2
	IFLA_TUN_TYPE                = 3
	IFLA_TUN_PI                  = 4
	IFLA_TUN_VNET_HDR            = 5
	IFLA_TUN_PERSIST             = 6
	IFLA_TUN_MULTI_QUEUE         = 7
	IFLA_TUN_NUM_QUEUES          = 8
	IFLA_TUN_NUM_DISABLED_QUEUES = 9
)
