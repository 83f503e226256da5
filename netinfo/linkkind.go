package netinfo

import (
	"net"
	"net/netip"
)

// LinkInfo is the configuration particular to a link's kind, the
// attributes the kernel nests in IFLA_LINKINFO's IFLA_INFO_DATA. It is
// one of *Bridge, *Veth, *Tuntap, *Vlan, *Macvlan, *IPVlan, *Vxlan,
// *Bond, *VRF, *GRE and *IPTunnel. Kinds without such attributes
// (dummy, ifb, wireguard) need none: Link.Kind names them.
//
// A Link read from the system has the LinkInfo of its kind when the
// kernel reports one; AddLink takes one to create a link of that kind.
type LinkInfo interface {
	// Kind is the IFLA_INFO_KIND the configuration is for.
	Kind() string

	// appendInfoData appends the attributes that go inside
	// IFLA_INFO_DATA, in the order iproute2 sends them.
	appendInfoData(b []byte) []byte

	// validate checks the configuration before it is sent.
	validate(op string) error
}

// LinkPortInfo is the configuration of a link as a port of its master
// (IFLA_INFO_SLAVE_DATA): *BridgePort or *BondPort.
type LinkPortInfo interface {
	// PortKind is the IFLA_INFO_SLAVE_KIND the configuration is for:
	// "bridge" or "bond".
	PortKind() string
}

// Veth is a virtual Ethernet pair. The kernel reports no veth
// attributes: a veth's Link has Kind "veth", a nil Info and its peer's
// index as ParentIndex. When creating, Veth names the peer.
type Veth struct {
	PeerName         string           // the peer's name; "" lets the kernel choose vethN
	PeerHardwareAddr net.HardwareAddr // the peer's address; nil lets the kernel choose
	PeerNetNS        *NetNS           // the namespace to create the peer in; nil for the link's own

	peerNS *nsAttr // PeerNetNS as the request names it
}

// Kind returns "veth".
func (*Veth) Kind() string { return "veth" }

// Bridge is an Ethernet bridge's configuration (IFLA_BR_*). When
// creating, a nil field takes the kernel's default; times are in
// hundredths of a second, as ip prints them.
type Bridge struct {
	ForwardDelay      *uint32 // forward_delay
	HelloTime         *uint32 // hello_time
	MaxAge            *uint32 // max_age
	AgeingTime        *uint32 // ageing_time
	STPState          *uint32 // stp_state: 0 off, 1 kernel STP, 2 user STP
	Priority          *uint16 // priority
	VLANFiltering     *bool   // vlan_filtering
	VLANProtocol      *uint16 // vlan_protocol: 0x8100 (802.1Q) or 0x88a8 (802.1ad)
	DefaultPVID       *uint16 // vlan_default_pvid
	GroupFwdMask      *uint16 // group_fwd_mask
	MulticastSnooping *bool   // mcast_snooping
}

// Kind returns "bridge".
func (*Bridge) Kind() string { return "bridge" }

// TuntapMode is a tun/tap device's type.
type TuntapMode uint8

// Tun/tap modes (IFF_TUN, IFF_TAP).
const (
	TuntapTun TuntapMode = 1 // layer 3: IP packets
	TuntapTap TuntapMode = 2 // layer 2: Ethernet frames
)

// String prints ip's word: tun or tap.
func (m TuntapMode) String() string {
	switch m {
	case TuntapTun:
		return "tun"
	case TuntapTap:
		return "tap"
	}
	return itoa(uint64(m))
}

// Tuntap is a tun or tap device (kind "tun"). The kernel cannot create
// one through rtnetlink: AddLink does what `ip tuntap add` does, through
// /dev/net/tun in the handle's namespace, and makes the device
// persistent.
type Tuntap struct {
	Mode       TuntapMode
	Owner      *uint32 // the user that may attach to it; nil for any
	Group      *uint32 // the group that may attach to it; nil for any
	PI         bool    // packets carry the 4-byte packet information header
	VnetHdr    bool    // packets carry a virtio-net header
	MultiQueue bool    // several queues (file descriptors) may attach
	Persist    bool    // read only: the device outlives its last file descriptor
	NumQueues  uint32  // read only: queues attached
}

// Kind returns "tun", for both modes.
func (*Tuntap) Kind() string { return "tun" }

// Vlan is an 802.1Q or 802.1ad VLAN device on the link named by
// Link.ParentIndex.
type Vlan struct {
	ID       uint16 // the VLAN id, 0-4094
	Protocol uint16 // 0x8100 (802.1Q, the default when 0) or 0x88a8 (802.1ad)
}

// Kind returns "vlan".
func (*Vlan) Kind() string { return "vlan" }

// MacvlanMode is how macvlan devices on one lower link reach each other.
type MacvlanMode uint32

// Macvlan modes (MACVLAN_MODE_*).
const (
	MacvlanPrivate  MacvlanMode = 1
	MacvlanVEPA     MacvlanMode = 2
	MacvlanBridge   MacvlanMode = 4
	MacvlanPassthru MacvlanMode = 8
	MacvlanSource   MacvlanMode = 16
)

// String prints ip's word: private, vepa, bridge, passthru, source.
func (m MacvlanMode) String() string {
	switch m {
	case MacvlanPrivate:
		return "private"
	case MacvlanVEPA:
		return "vepa"
	case MacvlanBridge:
		return "bridge"
	case MacvlanPassthru:
		return "passthru"
	case MacvlanSource:
		return "source"
	}
	return itoa(uint64(m))
}

// Macvlan is a macvlan device, or with Tap a macvtap device, on the link
// named by Link.ParentIndex.
type Macvlan struct {
	Mode MacvlanMode // 0 leaves the kernel's default (vepa) when creating
	Tap  bool        // kind macvtap instead of macvlan
}

// Kind returns "macvlan" or "macvtap".
func (m *Macvlan) Kind() string {
	if m.Tap {
		return "macvtap"
	}
	return "macvlan"
}

// IPVlanMode is the layer an ipvlan device switches at.
type IPVlanMode uint16

// IPVlan modes (IPVLAN_MODE_*).
const (
	IPVlanL2  IPVlanMode = 0
	IPVlanL3  IPVlanMode = 1
	IPVlanL3S IPVlanMode = 2
)

// IPVlanFlag is an ipvlan device's port mode.
type IPVlanFlag uint16

// IPVlan flags (IPVLAN_F_*); 0 is bridge.
const (
	IPVlanBridge  IPVlanFlag = 0
	IPVlanPrivate IPVlanFlag = 1
	IPVlanVEPA    IPVlanFlag = 2
)

// IPVlan is an ipvlan device on the link named by Link.ParentIndex. When
// creating, both fields are always sent, as `ip link add ... type ipvlan
// mode MODE` sends them.
type IPVlan struct {
	Mode  IPVlanMode
	Flags IPVlanFlag
}

// Kind returns "ipvlan".
func (*IPVlan) Kind() string { return "ipvlan" }

// Vxlan is a VXLAN tunnel endpoint.
type Vxlan struct {
	VNI        uint32     // the VXLAN network identifier, below 1<<24
	Remote     netip.Addr // the remote endpoint, or a multicast group
	Local      netip.Addr // the source address
	LinkIndex  int        // the link the tunnel's packets leave through; 0 for any
	TTL        uint8      // 0 leaves the kernel's default
	Port       uint16     // the UDP destination port; 0 leaves the kernel's default (8472)
	NoLearning bool       // do not learn remote addresses from received packets
}

// Kind returns "vxlan".
func (*Vxlan) Kind() string { return "vxlan" }

// BondMode is a bond's way of spreading traffic over its ports.
type BondMode uint8

// Bond modes (BOND_MODE_*).
const (
	BondBalanceRR    BondMode = 0
	BondActiveBackup BondMode = 1
	BondBalanceXOR   BondMode = 2
	BondBroadcast    BondMode = 3
	Bond8023AD       BondMode = 4
	BondBalanceTLB   BondMode = 5
	BondBalanceALB   BondMode = 6
)

var bondModeWords = []string{"balance-rr", "active-backup", "balance-xor", "broadcast", "802.3ad", "balance-tlb", "balance-alb"}

// String prints ip's word: balance-rr, active-backup, 802.3ad, ...
func (m BondMode) String() string {
	if int(m) < len(bondModeWords) {
		return bondModeWords[m]
	}
	return itoa(uint64(m))
}

// Bond is a bonding device. When creating, nil fields take the kernel's
// defaults.
type Bond struct {
	Mode   *BondMode
	MIIMon *uint32 // the link monitoring interval in milliseconds
}

// Kind returns "bond".
func (*Bond) Kind() string { return "bond" }

// VRF is a virtual routing and forwarding device bound to a table.
type VRF struct {
	Table uint32
}

// Kind returns "vrf".
func (*VRF) Kind() string { return "vrf" }

// GRE is an IPv4 GRE tunnel (kind gre) or, with Tap, an Ethernet over
// GRE tunnel (gretap). When creating, the fields left zero are sent as
// `ip link add ... type gre` sends its defaults.
type GRE struct {
	Tap          bool
	Local        netip.Addr // IPv4
	Remote       netip.Addr // IPv4
	LinkIndex    int        // the link the tunnel's packets leave through; 0 for any
	TTL          uint8      // 0 inherits
	TOS          uint8
	IKey, OKey   uint32 // GRE keys, used when IFlags/OFlags have GREKey
	IFlags       uint16 // GRE header flags (GREKey, GRECsum, GRESeq) of received packets
	OFlags       uint16 // of sent packets
	NoPMTUDisc   bool
	FirewallMark uint32
}

// GRE header flags for GRE.IFlags and OFlags.
const (
	GRECsum uint16 = 0x8000
	GREKey  uint16 = 0x2000
	GRESeq  uint16 = 0x1000
)

// Kind returns "gre" or "gretap".
func (g *GRE) Kind() string {
	if g.Tap {
		return "gretap"
	}
	return "gre"
}

// IPTunnel is an IPv4-in-IPv4 (kind ipip) or IPv6-in-IPv4 (SIT true,
// kind sit) tunnel.
type IPTunnel struct {
	SIT          bool
	Local        netip.Addr // IPv4
	Remote       netip.Addr // IPv4
	LinkIndex    int
	TTL          uint8 // 0 inherits
	TOS          uint8
	NoPMTUDisc   bool
	FirewallMark uint32
	Proto        uint8 // the inner protocol; 0 for the kind's own
}

// Kind returns "ipip" or "sit".
func (t *IPTunnel) Kind() string {
	if t.SIT {
		return "sit"
	}
	return "ipip"
}

// BridgePort is a bridge port's configuration (IFLA_BRPORT_*), read from
// a link whose master is a bridge.
type BridgePort struct {
	State        uint8 // STP port state: 0 disabled, 1 listening, 2 learning, 3 forwarding, 4 blocking
	Priority     uint16
	Cost         uint32
	Hairpin      bool
	Guard        bool
	FastLeave    bool
	Learning     bool
	UnicastFlood bool
}

// PortKind returns "bridge".
func (*BridgePort) PortKind() string { return "bridge" }

// BondPort is a bond port's state (IFLA_BOND_SLAVE_*), read from a link
// whose master is a bond.
type BondPort struct {
	State        uint8 // 0 active, 1 backup
	MIIStatus    uint8 // 0 up, 1 going down, 2 down, 3 going back
	PermHardware net.HardwareAddr
	QueueID      uint16
}

// PortKind returns "bond".
func (*BondPort) PortKind() string { return "bond" }
