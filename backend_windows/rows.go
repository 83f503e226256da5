package backend_windows

import (
	"net"
	"net/netip"
)

// The rows below hold what the translation uses from each IP Helper
// table, already out of Windows memory: strings decoded, addresses as
// netip values. Windows numbers (IF_TYPE_*, IfOperStatus, NL_* enums)
// are kept as Windows gives them; the translation maps them to Linux's.

// An adapterRow is one entry of GetAdaptersAddresses (IP_ADAPTER_ADDRESSES).
// The adapter list decides which interfaces are links: GetIfTable2 also
// lists filter and hidden pseudo-interfaces (and, under Wine, links that
// are gone), which have no IP interface and no Linux counterpart.
type adapterRow struct {
	Index        uint32 // IfIndex (IPv4 interface index)
	IPv6Index    uint32 // Ipv6IfIndex
	LUID         uint64
	FriendlyName string // the link's name ("Ethernet")
	Description  string // the link's alias ("Intel(R) Ethernet ...")
	HardwareAddr net.HardwareAddr
	Flags        uint32 // IP_ADAPTER_* flags
	MTU          uint32
	IfType       uint32 // IF_TYPE_*
	OperStatus   uint32 // IfOperStatus
	IPv4Metric   uint32 // interface metric added to IPv4 route metrics
	IPv6Metric   uint32 // interface metric added to IPv6 route metrics
}

// An ifRow is what the translation uses of MIB_IF_ROW2.
type ifRow struct {
	Index             uint32
	LUID              uint64
	Alias             string
	Description       string
	HardwareAddr      net.HardwareAddr
	MTU               uint32
	Type              uint32 // IF_TYPE_*
	OperStatus        uint32 // IfOperStatus
	AdminStatus       uint32 // NET_IF_ADMIN_STATUS
	MediaConnectState uint32 // NET_IF_MEDIA_CONNECT_STATE
	Stats             ifStats
}

// ifStats are MIB_IF_ROW2's counters.
type ifStats struct {
	InOctets, InUcastPkts, InNUcastPkts, InDiscards, InErrors      uint64
	OutOctets, OutUcastPkts, OutNUcastPkts, OutDiscards, OutErrors uint64
	InMulticastOctets                                              uint64
}

// An addrRow is what the translation uses of MIB_UNICASTIPADDRESS_ROW.
type addrRow struct {
	Index             uint32
	Addr              netip.Addr // unmapped, without zone
	PrefixLength      uint8      // OnLinkPrefixLength
	PrefixOrigin      uint32     // NL_PREFIX_ORIGIN
	SuffixOrigin      uint32     // NL_SUFFIX_ORIGIN
	ValidLifetime     uint32     // seconds; infiniteLifetime for none
	PreferredLifetime uint32     // seconds; infiniteLifetime for none
	DadState          uint32     // NL_DAD_STATE
}

// A routeRow is what the translation uses of MIB_IPFORWARD_ROW2.
type routeRow struct {
	Index             uint32
	Dst               netip.Prefix // masked
	NextHop           netip.Addr   // the unspecified address for on-link routes
	Metric            uint32       // the route's own metric, without the interface's
	Protocol          uint32       // NL_ROUTE_PROTOCOL (MIB_IPPROTO_*)
	Origin            uint32       // NL_ROUTE_ORIGIN
	Loopback          bool
	ValidLifetime     uint32
	PreferredLifetime uint32
}

// A neighRow is what the translation uses of MIB_IPNET_ROW2.
type neighRow struct {
	Index        uint32
	Addr         netip.Addr
	HardwareAddr net.HardwareAddr
	State        uint32 // NL_NEIGHBOR_STATE
	IsRouter     bool
	Unreachable  bool
}

// tableSet is one reading of every IP Helper table the translation needs.
type tableSet struct {
	Adapters  []adapterRow
	Ifs       []ifRow
	Addrs     []addrRow
	Routes    []routeRow
	Neighbors []neighRow
}

// infiniteLifetime is the lifetime of an address or route that never
// expires, on Windows and (INFINITY_LIFE_TIME) on Linux alike.
const infiniteLifetime = 0xffffffff

// Windows address families (ws2def.h): AF_INET6 is 23 there, 10 on Linux.
const (
	winAFInet  = 2
	winAFInet6 = 23
)

// Interface types (ipifcons.h IF_TYPE_*).
const (
	ifTypeOther            = 1
	ifTypeEthernetCSMACD   = 6
	ifTypeISO88025         = 9
	ifTypePPP              = 23
	ifTypeSoftwareLoopback = 24
	ifTypeATM              = 37
	ifTypeIEEE80211        = 71
	ifTypeTunnel           = 131
	ifTypeIEEE1394         = 144
	ifTypeWWANPP           = 243
	ifTypeWWANPP2          = 244
)

// Operational states (ifdef.h IF_OPER_STATUS).
const (
	ifOperStatusUp             = 1
	ifOperStatusDown           = 2
	ifOperStatusTesting        = 3
	ifOperStatusUnknown        = 4
	ifOperStatusDormant        = 5
	ifOperStatusNotPresent     = 6
	ifOperStatusLowerLayerDown = 7
)

// Administrative status (ifdef.h NET_IF_ADMIN_STATUS) and media state.
const (
	netIfAdminStatusUp            = 1
	mediaConnectStateUnknown      = 0
	mediaConnectStateConnected    = 1
	mediaConnectStateDisconnected = 2
)

// Adapter flags (iptypes.h IP_ADAPTER_*).
const (
	ipAdapterNoMulticast = 0x10
)

// Address DAD states (nldef.h NL_DAD_STATE).
const (
	nldsInvalid    = 0
	nldsTentative  = 1
	nldsDuplicate  = 2
	nldsDeprecated = 3
	nldsPreferred  = 4
)

// Address suffix origins (nldef.h NL_SUFFIX_ORIGIN).
const (
	ipSuffixOriginRandom = 4
)

// Route protocols (nldef.h NL_ROUTE_PROTOCOL, MIB_IPPROTO_*).
const (
	mibIPProtoOther          = 1
	mibIPProtoLocal          = 2
	mibIPProtoNetMgmt        = 3
	mibIPProtoICMP           = 4
	mibIPProtoRIP            = 8
	mibIPProtoISIS           = 9
	mibIPProtoOSPF           = 13
	mibIPProtoBGP            = 14
	mibIPProtoEIGRP          = 16
	mibIPProtoDHCP           = 19
	mibIPProtoNTAutostatic   = 10002
	mibIPProtoNTStatic       = 10006
	mibIPProtoNTStaticNonDOD = 10007
)

// Route origins (nldef.h NL_ROUTE_ORIGIN).
const (
	nlroManual              = 0
	nlroWellKnown           = 1
	nlroDHCP                = 2
	nlroRouterAdvertisement = 3
)

// Neighbour states (nldef.h NL_NEIGHBOR_STATE).
const (
	nlnsUnreachable = 0
	nlnsIncomplete  = 1
	nlnsProbe       = 2
	nlnsDelay       = 3
	nlnsStale       = 4
	nlnsReachable   = 5
	nlnsPermanent   = 6
)
