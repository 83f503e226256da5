package backend_windows

// Go mirrors of the IP Helper structures as the 64-bit Windows ABI lays
// them out (amd64 and arm64 share it). They carry no build tags so the
// conversion from raw table memory can be unit-tested and fuzzed on any
// OS; layout_test.go pins every size and offset used, and the winetest
// harness checks them against mingw-w64's headers.

// rawSockaddrInet is SOCKADDR_INET: a union of SOCKADDR_IN and
// SOCKADDR_IN6 whose first field is the (Windows) address family.
// Data, which starts after the port, holds sin_addr at [0:4] for IPv4,
// and sin6_flowinfo [0:4], sin6_addr [4:20], sin6_scope_id [20:24] for
// IPv6.
type rawSockaddrInet struct {
	Family uint16
	Port   [2]byte
	Data   [24]byte
}

// rawAddressPrefix is IP_ADDRESS_PREFIX; the explicit padding gives the
// C union's 4-byte alignment.
type rawAddressPrefix struct {
	Prefix       rawSockaddrInet
	PrefixLength uint8
	_            [3]byte
}

// rawIfRow2 is MIB_IF_ROW2.
type rawIfRow2 struct {
	InterfaceLuid               uint64
	InterfaceIndex              uint32
	InterfaceGuid               [16]byte
	Alias                       [257]uint16
	Description                 [257]uint16
	PhysicalAddressLength       uint32
	PhysicalAddress             [32]byte
	PermanentPhysicalAddress    [32]byte
	Mtu                         uint32
	Type                        uint32
	TunnelType                  uint32
	MediaType                   uint32
	PhysicalMediumType          uint32
	AccessType                  uint32
	DirectionType               uint32
	InterfaceAndOperStatusFlags uint8
	OperStatus                  uint32
	AdminStatus                 uint32
	MediaConnectState           uint32
	NetworkGuid                 [16]byte
	ConnectionType              uint32
	TransmitLinkSpeed           uint64
	ReceiveLinkSpeed            uint64
	InOctets                    uint64
	InUcastPkts                 uint64
	InNUcastPkts                uint64
	InDiscards                  uint64
	InErrors                    uint64
	InUnknownProtos             uint64
	InUcastOctets               uint64
	InMulticastOctets           uint64
	InBroadcastOctets           uint64
	OutOctets                   uint64
	OutUcastPkts                uint64
	OutNUcastPkts               uint64
	OutDiscards                 uint64
	OutErrors                   uint64
	OutUcastOctets              uint64
	OutMulticastOctets          uint64
	OutBroadcastOctets          uint64
	OutQLen                     uint64
}

// rawUnicastRow is MIB_UNICASTIPADDRESS_ROW.
type rawUnicastRow struct {
	Address            rawSockaddrInet
	InterfaceLuid      uint64
	InterfaceIndex     uint32
	PrefixOrigin       uint32
	SuffixOrigin       uint32
	ValidLifetime      uint32
	PreferredLifetime  uint32
	OnLinkPrefixLength uint8
	SkipAsSource       uint8
	DadState           uint32
	ScopeID            uint32
	CreationTimeStamp  int64
}

// rawForwardRow2 is MIB_IPFORWARD_ROW2.
type rawForwardRow2 struct {
	InterfaceLuid        uint64
	InterfaceIndex       uint32
	DestinationPrefix    rawAddressPrefix
	NextHop              rawSockaddrInet
	SitePrefixLength     uint8
	ValidLifetime        uint32
	PreferredLifetime    uint32
	Metric               uint32
	Protocol             uint32
	Loopback             uint8
	AutoconfigureAddress uint8
	Publish              uint8
	Immortal             uint8
	Age                  uint32
	Origin               uint32
}

// rawNetRow2 is MIB_IPNET_ROW2 (x/sys/windows lacks it).
type rawNetRow2 struct {
	Address               rawSockaddrInet
	InterfaceIndex        uint32
	InterfaceLuid         uint64
	PhysicalAddress       [32]byte
	PhysicalAddressLength uint32
	State                 uint32
	Flags                 uint8 // bit 0 IsRouter, bit 1 IsUnreachable
	ReachabilityTime      uint32
}

// rawIPInterfaceRow is MIB_IPINTERFACE_ROW. x/sys/windows declares
// TransmitOffload and ReceiveOffload as 4-byte fields, but they are
// one-byte bit-field structs (NL_INTERFACE_OFFLOAD_ROD): its rows are 8
// bytes too long, which misplaces every row after the first of a table.
// This one matches the headers.
type rawIPInterfaceRow struct {
	Family                               uint16
	InterfaceLuid                        uint64
	InterfaceIndex                       uint32
	MaxReassemblySize                    uint32
	InterfaceIdentifier                  uint64
	MinRouterAdvertisementInterval       uint32
	MaxRouterAdvertisementInterval       uint32
	AdvertisingEnabled                   uint8
	ForwardingEnabled                    uint8
	WeakHostSend                         uint8
	WeakHostReceive                      uint8
	UseAutomaticMetric                   uint8
	UseNeighborUnreachabilityDetection   uint8
	ManagedAddressConfigurationSupported uint8
	OtherStatefulConfigurationSupported  uint8
	AdvertiseDefaultRoute                uint8
	RouterDiscoveryBehavior              uint32
	DadTransmits                         uint32
	BaseReachableTime                    uint32
	RetransmitTime                       uint32
	PathMtuDiscoveryTimeout              uint32
	LinkLocalAddressBehavior             uint32
	LinkLocalAddressTimeout              uint32
	ZoneIndices                          [16]uint32
	SitePrefixLength                     uint32
	Metric                               uint32
	NlMtu                                uint32
	Connected                            uint8
	SupportsWakeUpPatterns               uint8
	SupportsNeighborDiscovery            uint8
	SupportsRouterDiscovery              uint8
	ReachableTime                        uint32
	TransmitOffload                      uint8
	ReceiveOffload                       uint8
	DisableDefaultRoutes                 uint8
}
