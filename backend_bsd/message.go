package backend_bsd

// A message is one parsed routing-socket message. Exactly one of Route,
// Addr, If and Announce is set for the types that carry them; a
// MsgDesync or MsgOther message carries none.
type message struct {
	Type msgKind
	Code uint8 // the kernel's rtm_type

	Route    *routeMsg
	Addr     *addrMsg
	If       *ifMsg
	Announce *announceMsg
}

// A routeMsg is a route or neighbour entry (struct rt_msghdr and its
// sockaddrs).
type routeMsg struct {
	Index    uint16
	Flags    routeFlags
	RawFlags uint32
	Pid      int32
	Seq      int32
	Errno    int32
	// Table is OpenBSD's rtm_tableid; on other kernels the caller sets
	// the FIB it dumped.
	Table    uint32
	Priority uint8  // OpenBSD rtm_priority
	Expire   int64  // rmx_expire, 0 for none
	MTU      uint64 // rmx_mtu
	Addrs    addrSet
}

// An addrMsg is an interface address (struct ifa_msghdr and its
// sockaddrs).
type addrMsg struct {
	Index  uint16
	Flags  uint32 // ifam_flags (ifa_flags)
	Metric int32
	// AddrFlags are the IN6_IFF_* (or NetBSD IN_IFF_*) flags where the
	// kernel reports them (NetBSD 8+, DragonFly 5.8+); HasAddrFlags says
	// whether it did. Elsewhere the syscall layer fills them by ioctl.
	AddrFlags    uint32
	HasAddrFlags bool
	Table        uint32 // OpenBSD ifam_tableid
	Addrs        addrSet
}

// An ifMsg is an interface (struct if_msghdr with its if_data).
type ifMsg struct {
	Index     uint16
	Flags     uint32 // if_flags, raw
	Type      uint8  // ifi_type, IFT_*
	AddrLen   uint8
	LinkState linkState
	MTU       uint32
	Metric    uint32
	Stats     ifStats
	Table     uint32 // OpenBSD ifm_tableid
	Addrs     addrSet
}

// ifStats are if_data's counters.
type ifStats struct {
	RxPackets, RxErrors, TxPackets, TxErrors, Collisions uint64
	RxBytes, TxBytes, RxMulticast, TxMulticast           uint64
	RxDropped, TxDropped, NoProto                        uint64
}

// An announceMsg reports an interface's arrival or departure (struct
// if_announcemsghdr).
type announceMsg struct {
	Index     uint16
	Name      string
	Departure bool // IFAN_DEPARTURE, else IFAN_ARRIVAL
}
