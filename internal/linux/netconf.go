package linux

// linux/netconf.h: per-device IP settings (RTM_NEWNETCONF), after a
// struct netconfmsg of one family byte padded to 4.
const (
	SizeofNetconfmsg = 4

	NETCONFA_IFINDEX                     = 1
	NETCONFA_FORWARDING                  = 2
	NETCONFA_RP_FILTER                   = 3
	NETCONFA_MC_FORWARDING               = 4
	NETCONFA_PROXY_NEIGH                 = 5
	NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN = 6
	NETCONFA_INPUT                       = 7
	NETCONFA_BC_FORWARDING               = 8

	NETCONFA_IFINDEX_ALL     = -1
	NETCONFA_IFINDEX_DEFAULT = -2
)
