package linux

// linux/socket.h: address families, as RTNL messages carry them.
const (
	AF_UNSPEC = 0
	AF_INET   = 2
	AF_BRIDGE = 7
	AF_INET6  = 10
	AF_MPLS   = 28
	AF_PACKET = 17
)
