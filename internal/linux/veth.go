package linux

// linux/veth.h: attributes nested in a veth's IFLA_INFO_DATA.
const (
	VETH_INFO_PEER = 1 // struct ifinfomsg, then the peer's IFLA_* attributes
)
