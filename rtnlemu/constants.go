package rtnlemu

// RTNL protocol numbers. They are Linux's on every OS: the emulator speaks
// Linux's wire format wherever it runs, so these never come from the
// host's headers.

// Netlink message types and flags (linux/netlink.h).
const (
	nlmsgNoop    = 0x1
	nlmsgError   = 0x2
	nlmsgDone    = 0x3
	nlmsgOverrun = 0x4
	nlmsgMinType = 0x10

	nlmFRequest = 0x1
	nlmFMulti   = 0x2
	nlmFAck     = 0x4
	nlmFEcho    = 0x8
	nlmFRoot    = 0x100
	nlmFMatch   = 0x200
	nlmFDump    = nlmFRoot | nlmFMatch

	nlmFCapped  = 0x100 // NLMSG_ERROR: the request's payload is left out
	nlmFAckTLVs = 0x200 // NLMSG_ERROR: extended-ack attributes follow

	nlmsgerrAttrMsg = 1 // NLMSGERR_ATTR_MSG

	nlmsgHdrLen = 16
	nlaHdrLen   = 4
)

// RTNL message types (linux/rtnetlink.h).
const (
	rtmBase    = 16
	rtmNewLink = 16
	rtmDelLink = 17
	rtmGetLink = 18
	rtmSetLink = 19

	rtmNewAddr = 20
	rtmDelAddr = 21
	rtmGetAddr = 22

	rtmNewRoute = 24
	rtmDelRoute = 25
	rtmGetRoute = 26

	rtmNewNeigh = 28
	rtmDelNeigh = 29
	rtmGetNeigh = 30

	// rtmMax is the highest message type the kernel knows (RTM_MAX as of
	// Linux 6.x); higher types are answered with EOPNOTSUPP up front.
	rtmMax = 123
)

// Fixed header sizes of the RTNL families.
const (
	sizeofIfInfomsg = 16
	sizeofIfAddrmsg = 8
	sizeofRtMsg     = 12
	sizeofNdMsg     = 12
	sizeofRtNexthop = 8
)

// Address families (Linux values).
const (
	afUnspec = 0
	afInet   = 2
	afInet6  = 10
	afBridge = 7
)

// Multicast groups (linux/rtnetlink.h, enum rtnetlink_groups).
const (
	rtnlgrpLink       = 1
	rtnlgrpNeigh      = 3
	rtnlgrpIPv4IfAddr = 5
	rtnlgrpIPv4Route  = 7
	rtnlgrpIPv6IfAddr = 9
	rtnlgrpIPv6Route  = 11

	// rtnlgrpMax bounds the groups a conn may join, as the kernel's
	// NETLINK_ROUTE ngroups does.
	rtnlgrpMax = 63
)

// Link attributes (linux/if_link.h).
const (
	iflaAddress          = 1
	iflaBroadcast        = 2
	iflaIfname           = 3
	iflaMTU              = 4
	iflaLink             = 5
	iflaQdisc            = 6
	iflaStats            = 7
	iflaMaster           = 10
	iflaTxqlen           = 13
	iflaLinkinfo         = 18
	iflaOperstate        = 16
	iflaLinkmode         = 17
	iflaIfalias          = 20
	iflaStats64          = 23
	iflaGroup            = 27
	iflaExtMask          = 29
	iflaCarrier          = 33
	iflaPhysPortID       = 34
	iflaCarrierChanges   = 35
	iflaPhysSwitchID     = 36
	iflaPhysPortName     = 38
	iflaXDP              = 43
	iflaCarrierUpCount   = 47
	iflaCarrierDownCount = 48
	iflaTargetNetnsID    = 46
	iflaAltIfname        = 53

	iflaInfoKind      = 1
	iflaInfoData      = 2
	iflaInfoSlaveKind = 4
	iflaInfoSlaveData = 5

	iflaXDPAttached = 2
	iflaXDPFlags    = 3
	iflaXDPProgID   = 4
)

// Address attributes (linux/if_addr.h).
const (
	ifaAddress        = 1
	ifaLocal          = 2
	ifaLabel          = 3
	ifaBroadcast      = 4
	ifaAnycast        = 5
	ifaCacheinfo      = 6
	ifaMulticast      = 7
	ifaFlags          = 8
	ifaTargetNetnsID  = 10
	ifaFSecondary     = 0x01
	ifaFPermanent     = 0x80
	sizeofIfaCacheinf = 16
)

// Route attributes (linux/rtnetlink.h).
const (
	rtaDst       = 1
	rtaSrc       = 2
	rtaIif       = 3
	rtaOif       = 4
	rtaGateway   = 5
	rtaPriority  = 6
	rtaPrefsrc   = 7
	rtaMetrics   = 8
	rtaMultipath = 9
	rtaFlow      = 11
	rtaTable     = 15
	rtaMark      = 16
	rtaEncapType = 21
	rtaEncap     = 22
	rtaExpires   = 23
	rtaPref      = 20

	rtaxMTU      = 2
	rtaxAdvMSS   = 8
	rtaxInitCwnd = 11
	rtaxFeatures = 12
	rtaxInitRwnd = 14

	rtmFCloned = 0x200
	rtmFPrefix = 0x800

	rtTableCompat = 252
	rtTableMain   = 254
	rtTableLocal  = 255

	lwtunnelEncapMPLS = 1
	mplsIPTunnelDst   = 1
)

// Neighbour attributes (linux/neighbour.h).
const (
	ndaDst       = 1
	ndaLladdr    = 2
	ndaCacheinfo = 3
	ndaProbes    = 4
	ndaIfindex   = 8
	ndaMaster    = 9

	ntfProxy = 0x08
)
