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
	IFLA_MAP                = 14
	IFLA_OPERSTATE          = 16
	IFLA_LINKMODE           = 17
	IFLA_LINKINFO           = 18
	IFLA_NET_NS_PID         = 19
	IFLA_IFALIAS            = 20
	IFLA_STATS64            = 23
	IFLA_VF_PORTS           = 24
	IFLA_PORT_SELF          = 25
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
	IFLA_EVENT           = 44
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
	IFLA_MACVLAN_MODE              = 1
	IFLA_MACVLAN_FLAGS             = 2
	IFLA_MACVLAN_MACADDR           = 4
	IFLA_MACVLAN_MACADDR_DATA      = 5
	IFLA_MACVLAN_MACADDR_COUNT     = 6
	IFLA_MACVLAN_BC_QUEUE_LEN      = 7
	IFLA_MACVLAN_BC_QUEUE_LEN_USED = 8

	MACVLAN_FLAG_NOPROMISC = 1
	MACVLAN_FLAG_NODST     = 2

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

// linux/if_link.h: the rest of what a VXLAN reports in its
// IFLA_INFO_DATA, and its don't-fragment settings.
const (
	IFLA_VXLAN_LIMIT             = 9
	IFLA_VXLAN_PORT_RANGE        = 10
	IFLA_VXLAN_PROXY             = 11
	IFLA_VXLAN_RSC               = 12
	IFLA_VXLAN_L2MISS            = 13
	IFLA_VXLAN_L3MISS            = 14
	IFLA_VXLAN_UDP_CSUM          = 18
	IFLA_VXLAN_UDP_ZERO_CSUM6_TX = 19
	IFLA_VXLAN_UDP_ZERO_CSUM6_RX = 20
	IFLA_VXLAN_REMCSUM_TX        = 21
	IFLA_VXLAN_REMCSUM_RX        = 22
	IFLA_VXLAN_GBP               = 23
	IFLA_VXLAN_COLLECT_METADATA  = 25
	IFLA_VXLAN_LABEL             = 26
	IFLA_VXLAN_GPE               = 27
	IFLA_VXLAN_TTL_INHERIT       = 28
	IFLA_VXLAN_DF                = 29
	IFLA_VXLAN_VNIFILTER         = 30

	VXLAN_DF_UNSET   = 0
	VXLAN_DF_SET     = 1
	VXLAN_DF_INHERIT = 2
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

// linux/if_link.h: link attributes `ip -d link` prints, and the IPv6
// address generation mode nested in IFLA_AF_SPEC's AF_INET6 entry.
const (
	IFLA_AF_SPEC             = 26
	IFLA_GSO_MAX_SEGS        = 40
	IFLA_GSO_MAX_SIZE        = 41
	IFLA_PROP_LIST           = 52
	IFLA_PARENT_DEV_BUS_NAME = 57
	IFLA_GRO_MAX_SIZE        = 58
	IFLA_TSO_MAX_SIZE        = 59
	IFLA_TSO_MAX_SEGS        = 60
	IFLA_ALLMULTI            = 61
	IFLA_GSO_IPV4_MAX_SIZE   = 63
	IFLA_GRO_IPV4_MAX_SIZE   = 64

	IFLA_INET6_STATS         = 3 // u64 array indexed by linux/snmp.h IPSTATS_MIB_*, [0] its length
	IFLA_INET6_TOKEN         = 7
	IFLA_INET6_ADDR_GEN_MODE = 8
	IFLA_INET6_RA_MTU        = 9

	IN6_ADDR_GEN_MODE_EUI64          = 0
	IN6_ADDR_GEN_MODE_NONE           = 1
	IN6_ADDR_GEN_MODE_STABLE_PRIVACY = 2
	IN6_ADDR_GEN_MODE_RANDOM         = 3
)

// linux/if_link.h: the state a bridge reports in its IFLA_INFO_DATA.
const (
	IFLA_BR_ROOT_ID                    = 10
	IFLA_BR_BRIDGE_ID                  = 11
	IFLA_BR_ROOT_PORT                  = 12
	IFLA_BR_ROOT_PATH_COST             = 13
	IFLA_BR_TOPOLOGY_CHANGE            = 14
	IFLA_BR_TOPOLOGY_CHANGE_DETECTED   = 15
	IFLA_BR_HELLO_TIMER                = 16
	IFLA_BR_TCN_TIMER                  = 17
	IFLA_BR_TOPOLOGY_CHANGE_TIMER      = 18
	IFLA_BR_GC_TIMER                   = 19
	IFLA_BR_GROUP_ADDR                 = 20
	IFLA_BR_MCAST_ROUTER               = 22
	IFLA_BR_MCAST_QUERY_USE_IFADDR     = 24
	IFLA_BR_MCAST_QUERIER              = 25
	IFLA_BR_MCAST_HASH_ELASTICITY      = 26
	IFLA_BR_MCAST_HASH_MAX             = 27
	IFLA_BR_MCAST_LAST_MEMBER_CNT      = 28
	IFLA_BR_MCAST_STARTUP_QUERY_CNT    = 29
	IFLA_BR_MCAST_LAST_MEMBER_INTVL    = 30
	IFLA_BR_MCAST_MEMBERSHIP_INTVL     = 31
	IFLA_BR_MCAST_QUERIER_INTVL        = 32
	IFLA_BR_MCAST_QUERY_INTVL          = 33
	IFLA_BR_MCAST_QUERY_RESPONSE_INTVL = 34
	IFLA_BR_MCAST_STARTUP_QUERY_INTVL  = 35
	IFLA_BR_NF_CALL_IPTABLES           = 36
	IFLA_BR_NF_CALL_IP6TABLES          = 37
	IFLA_BR_NF_CALL_ARPTABLES          = 38
	IFLA_BR_VLAN_STATS_ENABLED         = 41
	IFLA_BR_MCAST_STATS_ENABLED        = 42
	IFLA_BR_MCAST_IGMP_VERSION         = 43
	IFLA_BR_MCAST_MLD_VERSION          = 44
	IFLA_BR_VLAN_STATS_PER_PORT        = 45
	IFLA_BR_MULTI_BOOLOPT              = 46

	BR_BOOLOPT_NO_LL_LEARN         = 0
	BR_BOOLOPT_MCAST_VLAN_SNOOPING = 1
)

// linux/if_link.h: the state a bridge port reports in its
// IFLA_INFO_SLAVE_DATA.
const (
	IFLA_BRPORT_PROXYARP            = 10
	IFLA_BRPORT_PROXYARP_WIFI       = 12
	IFLA_BRPORT_ROOT_ID             = 13
	IFLA_BRPORT_BRIDGE_ID           = 14
	IFLA_BRPORT_DESIGNATED_PORT     = 15
	IFLA_BRPORT_DESIGNATED_COST     = 16
	IFLA_BRPORT_ID                  = 17
	IFLA_BRPORT_NO                  = 18
	IFLA_BRPORT_TOPOLOGY_CHANGE_ACK = 19
	IFLA_BRPORT_CONFIG_PENDING      = 20
	IFLA_BRPORT_MESSAGE_AGE_TIMER   = 21
	IFLA_BRPORT_FORWARD_DELAY_TIMER = 22
	IFLA_BRPORT_HOLD_TIMER          = 23
	IFLA_BRPORT_MULTICAST_ROUTER    = 25
	IFLA_BRPORT_MCAST_FLOOD         = 27
	IFLA_BRPORT_MCAST_TO_UCAST      = 28
	IFLA_BRPORT_VLAN_TUNNEL         = 29
	IFLA_BRPORT_BCAST_FLOOD         = 30
	IFLA_BRPORT_GROUP_FWD_MASK      = 31
	IFLA_BRPORT_NEIGH_SUPPRESS      = 32
	IFLA_BRPORT_ISOLATED            = 33
	IFLA_BRPORT_BACKUP_PORT         = 34
	IFLA_BRPORT_LOCKED              = 39
)

// linux/if_link.h: the attribute nested in IFLA_AF_SPEC's AF_INET entry,
// and linux/ip.h: the highest IPv4 device setting (IPV4_DEVCONF_MAX) it
// may name.
const (
	IFLA_INET_CONF   = 1
	IPV4_DEVCONF_MAX = 33
)

// linux/if_link.h: a link change's IFLA_VFINFO_LIST holds IFLA_VF_INFO
// entries, each the IFLA_VF_* settings of one virtual function.
const (
	IFLA_VFINFO_LIST = 22

	IFLA_VF_INFO = 1

	IFLA_VF_MAC          = 1
	IFLA_VF_VLAN         = 2
	IFLA_VF_TX_RATE      = 3
	IFLA_VF_SPOOFCHK     = 4
	IFLA_VF_LINK_STATE   = 5
	IFLA_VF_RATE         = 6
	IFLA_VF_RSS_QUERY_EN = 7
	IFLA_VF_STATS        = 8
	IFLA_VF_TRUST        = 9
	IFLA_VF_IB_NODE_GUID = 10
	IFLA_VF_IB_PORT_GUID = 11
	IFLA_VF_VLAN_LIST    = 12
	IFLA_VF_BROADCAST    = 13
)

// linux/if_link.h: IFLA_EVENT values, the netdev event a link
// notification reports.
const (
	IFLA_EVENT_NONE             = 0
	IFLA_EVENT_REBOOT           = 1
	IFLA_EVENT_FEATURES         = 2
	IFLA_EVENT_BONDING_FAILOVER = 3
	IFLA_EVENT_NOTIFY_PEERS     = 4
	IFLA_EVENT_IGMP_RESEND      = 5
	IFLA_EVENT_BONDING_OPTIONS  = 6
)

// linux/if_link.h: RTM_NEWSTATS messages (struct if_stats_msg: family u8,
// pad u8, pad u16, ifindex u32, filter_mask u32) and the offload
// statistics nest whose hardware-statistics state ip monitor prints.
const (
	SizeofIfStatsMsg = 12

	IFLA_STATS_LINK_OFFLOAD_XSTATS = 4

	IFLA_OFFLOAD_XSTATS_HW_S_INFO = 2
	IFLA_OFFLOAD_XSTATS_L3_STATS  = 3

	IFLA_OFFLOAD_XSTATS_HW_S_INFO_REQUEST = 1
	IFLA_OFFLOAD_XSTATS_HW_S_INFO_USED    = 2
)
