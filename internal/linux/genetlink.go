package linux

// linux/genetlink.h: the generic netlink controller (nlctrl).
const (
	GENL_HDRLEN = 4 // struct genlmsghdr

	GENL_ID_CTRL = 0x10 // the controller family's fixed id

	// Operation flags, as CTRL_ATTR_OP_FLAGS reports them.
	GENL_ADMIN_PERM     = 0x01
	GENL_CMD_CAP_DO     = 0x02
	GENL_CMD_CAP_DUMP   = 0x04
	GENL_CMD_CAP_HASPOL = 0x08
	GENL_UNS_ADMIN_PERM = 0x10

	CTRL_CMD_GETFAMILY = 3

	CTRL_ATTR_FAMILY_ID    = 1 // u16
	CTRL_ATTR_FAMILY_NAME  = 2 // string
	CTRL_ATTR_VERSION      = 3 // u32
	CTRL_ATTR_HDRSIZE      = 4 // u32
	CTRL_ATTR_MAXATTR      = 5 // u32
	CTRL_ATTR_OPS          = 6 // nested array of CTRL_ATTR_OP_*
	CTRL_ATTR_MCAST_GROUPS = 7 // nested array of CTRL_ATTR_MCAST_GRP_*

	CTRL_ATTR_OP_ID    = 1 // u32
	CTRL_ATTR_OP_FLAGS = 2 // u32

	CTRL_ATTR_MCAST_GRP_NAME = 1 // string
	CTRL_ATTR_MCAST_GRP_ID   = 2 // u32
)
