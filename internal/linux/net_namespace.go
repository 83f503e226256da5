package linux

// linux/net_namespace.h: attributes of RTM_*NSID messages, which follow
// a struct rtgenmsg (the family, padded to 4 bytes).
const (
	NETNSA_NSID = 1
	NETNSA_PID  = 2
	NETNSA_FD   = 3

	NETNSA_TARGET_NSID  = 4
	NETNSA_CURRENT_NSID = 5

	// NETNSA_NSID_NOT_ASSIGNED is the id of a namespace that has none
	// in the asking one.
	NETNSA_NSID_NOT_ASSIGNED = -1

	SizeofRtGenmsg = 4
)
