package linux

// linux/netlink.h: message header, control messages, flags.
const (
	// Netlink buses (protocols).
	NETLINK_ROUTE          = 0
	NETLINK_USERSOCK       = 2
	NETLINK_FIREWALL       = 3
	NETLINK_SOCK_DIAG      = 4
	NETLINK_NFLOG          = 5
	NETLINK_XFRM           = 6
	NETLINK_SELINUX        = 7
	NETLINK_ISCSI          = 8
	NETLINK_AUDIT          = 9
	NETLINK_FIB_LOOKUP     = 10
	NETLINK_CONNECTOR      = 11
	NETLINK_NETFILTER      = 12
	NETLINK_IP6_FW         = 13
	NETLINK_DNRTMSG        = 14
	NETLINK_KOBJECT_UEVENT = 15
	NETLINK_GENERIC        = 16
	NETLINK_SCSITRANSPORT  = 18
	NETLINK_ECRYPTFS       = 19
	NETLINK_RDMA           = 20
	NETLINK_CRYPTO         = 21
	NETLINK_SMC            = 22

	// Socket options at level SOL_NETLINK.
	SOL_NETLINK              = 270
	NETLINK_ADD_MEMBERSHIP   = 1
	NETLINK_DROP_MEMBERSHIP  = 2
	NETLINK_PKTINFO          = 3
	NETLINK_BROADCAST_ERROR  = 4
	NETLINK_NO_ENOBUFS       = 5
	NETLINK_LISTEN_ALL_NSID  = 8
	NETLINK_LIST_MEMBERSHIPS = 9
	NETLINK_CAP_ACK          = 10
	NETLINK_EXT_ACK          = 11
	NETLINK_GET_STRICT_CHK   = 12

	SizeofNlMsghdr = 16 // struct nlmsghdr
	SizeofNlAttr   = 4  // struct nlattr
	NLMSG_ALIGNTO  = 4
	NLA_ALIGNTO    = 4

	NLMSG_NOOP     = 0x1
	NLMSG_ERROR    = 0x2
	NLMSG_DONE     = 0x3
	NLMSG_OVERRUN  = 0x4
	NLMSG_MIN_TYPE = 0x10

	NLM_F_REQUEST   = 0x1
	NLM_F_MULTI     = 0x2
	NLM_F_ACK       = 0x4
	NLM_F_ECHO      = 0x8
	NLM_F_DUMP_INTR = 0x10
	// NLM_F_DUMP_FILTERED: the dump was filtered as the request asked.
	NLM_F_DUMP_FILTERED = 0x20

	// Modifiers to GET requests.
	NLM_F_ROOT   = 0x100
	NLM_F_MATCH  = 0x200
	NLM_F_ATOMIC = 0x400
	NLM_F_DUMP   = NLM_F_ROOT | NLM_F_MATCH

	// Modifiers to NEW requests.
	NLM_F_REPLACE = 0x100
	NLM_F_EXCL    = 0x200
	NLM_F_CREATE  = 0x400
	NLM_F_APPEND  = 0x800

	// Modifiers to DELETE requests.
	NLM_F_BULK = 0x200

	// Flags on NLMSG_ERROR (acknowledgements).
	NLM_F_CAPPED   = 0x100 // the request's payload is left out
	NLM_F_ACK_TLVS = 0x200 // extended-ack attributes follow

	// Extended-ack attributes (enum nlmsgerr_attrs).
	NLMSGERR_ATTR_MSG  = 1
	NLMSGERR_ATTR_OFFS = 2

	// Attribute type bits (struct nlattr's nla_type).
	NLA_F_NESTED        = 0x8000
	NLA_F_NET_BYTEORDER = 0x4000
	NLA_TYPE_MASK       = ^(NLA_F_NESTED | NLA_F_NET_BYTEORDER) & 0xffff
)
