package rtnlemu

// The nla_policy tables of the handlers rtnlemu serves, as Linux 6.18
// has them: ifla_policy (net/core/rtnetlink.c), ifa_ipv4_policy
// (net/ipv4/devinet.c), ifa_ipv6_policy (net/ipv6/addrconf.c),
// rtm_ipv4_policy (net/ipv4/fib_frontend.c), rtm_ipv6_policy
// (net/ipv6/route.c) and nda_policy (net/core/neighbour.c). Types a
// table does not name are NLA_UNSPEC without a length: accepted as they
// come, unless validation is strict (from strict_start_type on).
//
// Which parse each handler uses:
//   - change requests (RTM_NEWLINK, RTM_SETLINK, RTM_NEWADDR,
//     RTM_DELADDR, RTM_NEWROUTE, RTM_DELROUTE, RTM_NEWNEIGH,
//     RTM_DELNEIGH): nlmsg_parse_deprecated, liberal;
//   - dumps and gets with strict checking on (what rtnlx sets): the
//     deprecated strict parse, which adds trailing bytes and types above
//     maxtype to the refusals. Route dumps of every family are parsed
//     with rtm_ipv4_policy (ip_valid_fib_dump_req).
//
// Keys are the attribute numbers of the uapi headers (if_link.h,
// if_addr.h, rtnetlink.h, neighbour.h), named in the comments.

var (
	u8Policy   = attrPolicy{typ: nlaU8}
	u16Policy  = attrPolicy{typ: nlaU16}
	u32Policy  = attrPolicy{typ: nlaU32}
	s32Policy  = attrPolicy{typ: nlaS32}
	nestPolicy = attrPolicy{typ: nlaNested}
	rejPolicy  = attrPolicy{typ: nlaReject}
)

// linkPolicy is ifla_policy; IFLA_MAX is IFLA_TAILROOM (69) and strict
// validation starts at IFLA_DPLL_PIN (65).
var linkPolicy = &policy{maxType: 69, strictStart: 65, attrs: map[uint16]attrPolicy{
	1:  {typ: nlaBinary, len: 32},  // IFLA_ADDRESS: MAX_ADDR_LEN
	2:  {typ: nlaBinary, len: 32},  // IFLA_BROADCAST
	3:  {typ: nlaString, len: 15},  // IFLA_IFNAME: IFNAMSIZ-1
	4:  u32Policy,                  // IFLA_MTU
	5:  u32Policy,                  // IFLA_LINK
	10: u32Policy,                  // IFLA_MASTER
	13: u32Policy,                  // IFLA_TXQLEN
	14: {len: 32},                  // IFLA_MAP: struct rtnl_link_ifmap
	15: u32Policy,                  // IFLA_WEIGHT
	16: u8Policy,                   // IFLA_OPERSTATE
	17: u8Policy,                   // IFLA_LINKMODE
	18: nestPolicy,                 // IFLA_LINKINFO
	19: u32Policy,                  // IFLA_NET_NS_PID
	20: {typ: nlaBinary, len: 255}, // IFLA_IFALIAS: IFALIASZ-1, binary to allow an empty one
	22: nestPolicy,                 // IFLA_VFINFO_LIST
	24: nestPolicy,                 // IFLA_VF_PORTS
	25: nestPolicy,                 // IFLA_PORT_SELF
	26: nestPolicy,                 // IFLA_AF_SPEC
	27: u32Policy,                  // IFLA_GROUP
	28: u32Policy,                  // IFLA_NET_NS_FD
	29: u32Policy,                  // IFLA_EXT_MASK
	30: u32Policy,                  // IFLA_PROMISCUITY
	31: u32Policy,                  // IFLA_NUM_TX_QUEUES
	32: u32Policy,                  // IFLA_NUM_RX_QUEUES
	33: u8Policy,                   // IFLA_CARRIER
	34: {typ: nlaBinary, len: 32},  // IFLA_PHYS_PORT_ID: MAX_PHYS_ITEM_ID_LEN
	35: u32Policy,                  // IFLA_CARRIER_CHANGES
	36: {typ: nlaBinary, len: 32},  // IFLA_PHYS_SWITCH_ID
	37: s32Policy,                  // IFLA_LINK_NETNSID
	39: u8Policy,                   // IFLA_PROTO_DOWN
	40: u32Policy,                  // IFLA_GSO_MAX_SEGS
	41: {typ: nlaU32, min: 193},    // IFLA_GSO_MAX_SIZE: MAX_TCP_HEADER+1 (192 on the kernel measured)
	43: nestPolicy,                 // IFLA_XDP
	44: u32Policy,                  // IFLA_EVENT
	46: s32Policy,                  // IFLA_TARGET_NETNSID
	47: u32Policy,                  // IFLA_CARRIER_UP_COUNT
	48: u32Policy,                  // IFLA_CARRIER_DOWN_COUNT
	49: {typ: nlaS32, min: 1},      // IFLA_NEW_IFINDEX
	50: u32Policy,                  // IFLA_MIN_MTU
	51: u32Policy,                  // IFLA_MAX_MTU
	52: nestPolicy,                 // IFLA_PROP_LIST
	53: {typ: nlaString, len: 127}, // IFLA_ALT_IFNAME: ALTIFNAMSIZ-1
	54: rejPolicy,                  // IFLA_PERM_ADDRESS
	55: nestPolicy,                 // IFLA_PROTO_DOWN_REASON
	56: {typ: nlaNulString},        // IFLA_PARENT_DEV_NAME
	58: u32Policy,                  // IFLA_GRO_MAX_SIZE
	59: rejPolicy,                  // IFLA_TSO_MAX_SIZE
	60: rejPolicy,                  // IFLA_TSO_MAX_SEGS
	61: rejPolicy,                  // IFLA_ALLMULTI
	63: {typ: nlaU32, min: 193},    // IFLA_GSO_IPV4_MAX_SIZE
	64: u32Policy,                  // IFLA_GRO_IPV4_MAX_SIZE
	67: rejPolicy,                  // IFLA_NETNS_IMMUTABLE
	68: rejPolicy,                  // IFLA_HEADROOM
	69: rejPolicy,                  // IFLA_TAILROOM
}}

// addr4Policy is ifa_ipv4_policy; IFA_MAX is IFA_PROTO (11).
var addr4Policy = &policy{maxType: 11, attrs: map[uint16]attrPolicy{
	1:  u32Policy,                 // IFA_ADDRESS
	2:  u32Policy,                 // IFA_LOCAL
	3:  {typ: nlaString, len: 15}, // IFA_LABEL: IFNAMSIZ-1
	4:  u32Policy,                 // IFA_BROADCAST
	6:  {len: 16},                 // IFA_CACHEINFO: struct ifa_cacheinfo
	8:  u32Policy,                 // IFA_FLAGS
	9:  u32Policy,                 // IFA_RT_PRIORITY
	10: s32Policy,                 // IFA_TARGET_NETNSID
	11: u8Policy,                  // IFA_PROTO
}}

// addr6Policy is ifa_ipv6_policy.
var addr6Policy = &policy{maxType: 11, attrs: map[uint16]attrPolicy{
	1:  {len: 16, trim: true}, // IFA_ADDRESS: struct in6_addr
	2:  {len: 16, trim: true}, // IFA_LOCAL
	6:  {len: 16},             // IFA_CACHEINFO
	8:  {len: 4},              // IFA_FLAGS: a length, not NLA_U32
	9:  {len: 4},              // IFA_RT_PRIORITY
	10: s32Policy,             // IFA_TARGET_NETNSID
	11: u8Policy,              // IFA_PROTO
}}

// route4Policy is rtm_ipv4_policy; RTA_MAX is RTA_FLOWLABEL (31) and
// strict validation starts at RTA_DPORT+1 (30).
var route4Policy = &policy{maxType: 31, strictStart: 30, attrs: map[uint16]attrPolicy{
	1:  u32Policy,  // RTA_DST
	2:  u32Policy,  // RTA_SRC
	3:  u32Policy,  // RTA_IIF
	4:  u32Policy,  // RTA_OIF
	5:  u32Policy,  // RTA_GATEWAY
	6:  u32Policy,  // RTA_PRIORITY
	7:  u32Policy,  // RTA_PREFSRC
	8:  nestPolicy, // RTA_METRICS
	9:  {len: 8},   // RTA_MULTIPATH: struct rtnexthop
	11: u32Policy,  // RTA_FLOW
	15: u32Policy,  // RTA_TABLE
	16: u32Policy,  // RTA_MARK
	21: u16Policy,  // RTA_ENCAP_TYPE
	22: nestPolicy, // RTA_ENCAP
	25: u32Policy,  // RTA_UID
	27: u8Policy,   // RTA_IP_PROTO
	28: u16Policy,  // RTA_SPORT
	29: u16Policy,  // RTA_DPORT
	30: u32Policy,  // RTA_NH_ID
}}

// route6Policy is rtm_ipv6_policy.
var route6Policy = &policy{maxType: 31, strictStart: 30, attrs: map[uint16]attrPolicy{
	3:  u32Policy,             // RTA_IIF
	4:  u32Policy,             // RTA_OIF
	5:  {len: 16, trim: true}, // RTA_GATEWAY: struct in6_addr
	6:  u32Policy,             // RTA_PRIORITY
	7:  {len: 16, trim: true}, // RTA_PREFSRC
	8:  nestPolicy,            // RTA_METRICS
	9:  {len: 8},              // RTA_MULTIPATH
	15: u32Policy,             // RTA_TABLE
	16: u32Policy,             // RTA_MARK
	20: u8Policy,              // RTA_PREF
	21: u16Policy,             // RTA_ENCAP_TYPE
	22: nestPolicy,            // RTA_ENCAP
	23: u32Policy,             // RTA_EXPIRES
	25: u32Policy,             // RTA_UID
	27: u8Policy,              // RTA_IP_PROTO
	28: u16Policy,             // RTA_SPORT
	29: u16Policy,             // RTA_DPORT
	30: u32Policy,             // RTA_NH_ID
	31: {typ: nlaBE32},        // RTA_FLOWLABEL
}}

// neighPolicy is nda_policy; NDA_MAX is NDA_NDM_FLAGS_MASK (17) and
// strict validation starts at NDA_NH_ID (13).
var neighPolicy = &policy{maxType: 17, strictStart: 13, attrs: map[uint16]attrPolicy{
	1:  {typ: nlaBinary, len: 32}, // NDA_DST: MAX_ADDR_LEN
	2:  {typ: nlaBinary, len: 32}, // NDA_LLADDR
	3:  {len: 16},                 // NDA_CACHEINFO: struct nda_cacheinfo
	4:  u32Policy,                 // NDA_PROBES
	5:  u16Policy,                 // NDA_VLAN
	6:  u16Policy,                 // NDA_PORT
	7:  u32Policy,                 // NDA_VNI
	8:  u32Policy,                 // NDA_IFINDEX
	9:  u32Policy,                 // NDA_MASTER
	12: u8Policy,                  // NDA_PROTOCOL
	13: u32Policy,                 // NDA_NH_ID
	14: nestPolicy,                // NDA_FDB_EXT_ATTRS
	15: {typ: nlaU32, mask: 0x5},  // NDA_FLAGS_EXT: NTF_EXT_MASK (managed, ext-validated)
}}
