package netinfo

import (
	"net"
	"strings"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// A Link is a network interface (RTM_NEWLINK).
type Link struct {
	Index          int              // ifindex, > 0
	Name           string           // IFLA_IFNAME
	Alias          string           // IFLA_IFALIAS
	Kind           string           // IFLA_INFO_KIND: veth, bridge, tun, ...; "" for plain devices
	Info           LinkInfo         // IFLA_INFO_DATA of the kinds netinfo knows (*Bridge, *Vlan, ...); nil for others
	PortKind       string           // IFLA_INFO_SLAVE_KIND: "bridge" or "bond" for a port of one; "" for none
	PortInfo       LinkPortInfo     // IFLA_INFO_SLAVE_DATA: *BridgePort or *BondPort; nil for others
	Type           LinkType         // ARPHRD_*: ether, loopback, none, ...
	HardwareAddr   net.HardwareAddr // IFLA_ADDRESS
	Broadcast      net.HardwareAddr // IFLA_BROADCAST
	MTU            uint32           // IFLA_MTU
	Flags          LinkFlags        // IFF_*
	OperState      OperState        // IFLA_OPERSTATE
	MasterIndex    int              // IFLA_MASTER: the bridge or bond this link is a port of
	ParentIndex    int              // IFLA_LINK: the lower or peer link, 0 when none or the same
	TxQueueLen     uint32           // IFLA_TXQLEN
	Qdisc          string           // IFLA_QDISC
	Stats          *LinkStats       // IFLA_STATS64, nil when not reported
	Group          uint32           // IFLA_GROUP: the device group, 0 being ip's "default"
	Mode           LinkMode         // IFLA_LINKMODE
	CarrierChanges uint32           // IFLA_CARRIER_CHANGES: a counter, like Stats; 0 where not reported
}

// LinkStats are a link's counters (struct rtnl_link_stats64).
type LinkStats struct {
	RxPackets, TxPackets uint64
	RxBytes, TxBytes     uint64
	RxErrors, TxErrors   uint64
	RxDropped, TxDropped uint64
	Multicast            uint64
	Collisions           uint64
	// Errors are the detailed error counters that follow, as ip -s -s
	// prints them; zero when the source sent only the ten above.
	Errors LinkErrorStats
}

// LinkErrorStats are the detailed counters of struct rtnl_link_stats64
// (or rtnl_link_stats), in its order.
type LinkErrorStats struct {
	RxLength, RxOver, RxCRC, RxFrame, RxFIFO, RxMissed  uint64
	TxAborted, TxCarrier, TxFIFO, TxHeartbeat, TxWindow uint64
	RxCompressed, TxCompressed                          uint64
	RxNoHandler                                         uint64 // 0 when the source's struct ends before it
}

// LinkFlags are the IFF_* interface flags. Values are Linux's on every OS.
type LinkFlags uint32

// Interface flags (linux/if.h).
const (
	LinkUp           LinkFlags = linux.IFF_UP
	LinkBroadcast    LinkFlags = linux.IFF_BROADCAST
	LinkDebug        LinkFlags = linux.IFF_DEBUG
	LinkLoopback     LinkFlags = linux.IFF_LOOPBACK
	LinkPointToPoint LinkFlags = linux.IFF_POINTOPOINT
	LinkNoTrailers   LinkFlags = linux.IFF_NOTRAILERS
	LinkRunning      LinkFlags = linux.IFF_RUNNING
	LinkNoARP        LinkFlags = linux.IFF_NOARP
	LinkPromisc      LinkFlags = linux.IFF_PROMISC
	LinkAllMulti     LinkFlags = linux.IFF_ALLMULTI
	LinkMaster       LinkFlags = linux.IFF_MASTER
	LinkSlave        LinkFlags = linux.IFF_SLAVE
	LinkMulticast    LinkFlags = linux.IFF_MULTICAST
	LinkPortSel      LinkFlags = linux.IFF_PORTSEL
	LinkAutoMedia    LinkFlags = linux.IFF_AUTOMEDIA
	LinkDynamic      LinkFlags = linux.IFF_DYNAMIC
	LinkLowerUp      LinkFlags = linux.IFF_LOWER_UP
	LinkDormant      LinkFlags = linux.IFF_DORMANT
	LinkEcho         LinkFlags = linux.IFF_ECHO
)

// linkFlagWords is iproute2's print order and spelling (ip/ipaddress.c).
var linkFlagWords = []flagWord{
	{uint64(LinkLoopback), "LOOPBACK"},
	{uint64(LinkBroadcast), "BROADCAST"},
	{uint64(LinkPointToPoint), "POINTOPOINT"},
	{uint64(LinkMulticast), "MULTICAST"},
	{uint64(LinkNoARP), "NOARP"},
	{uint64(LinkAllMulti), "ALLMULTI"},
	{uint64(LinkPromisc), "PROMISC"},
	{uint64(LinkNoTrailers), "NOTRAILERS"},
	{uint64(LinkDebug), "DEBUG"},
	{uint64(LinkDynamic), "DYNAMIC"},
	{uint64(LinkAutoMedia), "AUTOMEDIA"},
	{uint64(LinkPortSel), "PORTSEL"},
	{uint64(LinkMaster), "MASTER"},
	{uint64(LinkSlave), "SLAVE"},
	{uint64(LinkUp), "UP"},
	{uint64(LinkLowerUp), "LOWER_UP"},
	{uint64(LinkDormant), "DORMANT"},
	{uint64(LinkEcho), "ECHO"},
	{uint64(LinkRunning), "RUNNING"},
}

// String prints the flags as ip does between angle brackets, without
// them: "BROADCAST,MULTICAST,UP,LOWER_UP". Like ip, it hides RUNNING and
// says NO-CARRIER first for a link that is up but not running.
func (f LinkFlags) String() string { return strings.Join(f.Words(), ",") }

// Words lists the flags as ip -j's "flags" array does.
func (f LinkFlags) Words() []string {
	words := flagList(uint64(f&^LinkRunning), linkFlagWords)
	if f&LinkUp != 0 && f&LinkRunning == 0 {
		words = append([]string{"NO-CARRIER"}, words...)
	}
	return words
}

// OperState is RFC 2863's operational state (IFLA_OPERSTATE).
type OperState uint8

// Operational states (linux/if.h IF_OPER_*).
const (
	OperUnknown        OperState = linux.IF_OPER_UNKNOWN
	OperNotPresent     OperState = linux.IF_OPER_NOTPRESENT
	OperDown           OperState = linux.IF_OPER_DOWN
	OperLowerLayerDown OperState = linux.IF_OPER_LOWERLAYERDOWN
	OperTesting        OperState = linux.IF_OPER_TESTING
	OperDormant        OperState = linux.IF_OPER_DORMANT
	OperUp             OperState = linux.IF_OPER_UP
)

var operStateWords = [...]string{"UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING", "DORMANT", "UP"}

// String prints ip's word: UP, DOWN, UNKNOWN, LOWERLAYERDOWN, ...
func (s OperState) String() string {
	if int(s) < len(operStateWords) {
		return operStateWords[s]
	}
	return itoa(uint64(s))
}

// LinkMode is IFLA_LINKMODE: whether the link's operational state waits
// for user space (a supplicant) before going up.
type LinkMode uint8

// Link modes (linux/if_link.h, IF_LINK_MODE_*).
const (
	LinkModeDefault LinkMode = linux.IF_LINK_MODE_DEFAULT
	LinkModeDormant LinkMode = linux.IF_LINK_MODE_DORMANT
	LinkModeTesting LinkMode = linux.IF_LINK_MODE_TESTING
)

var linkModeWords = []string{"DEFAULT", "DORMANT", "TESTING"}

// String prints ip's word: DEFAULT, DORMANT, TESTING, or the number.
func (m LinkMode) String() string {
	if int(m) < len(linkModeWords) {
		return linkModeWords[m]
	}
	return itoa(uint64(m))
}

// LinkType is the ARPHRD_* hardware type. Values are Linux's on every OS.
type LinkType uint16

// Common hardware types (linux/if_arp.h).
const (
	LinkTypeEther     LinkType = linux.ARPHRD_ETHER
	LinkTypeIEEE802   LinkType = linux.ARPHRD_IEEE802
	LinkTypePPP       LinkType = linux.ARPHRD_PPP
	LinkTypeTunnel    LinkType = linux.ARPHRD_TUNNEL
	LinkTypeTunnel6   LinkType = linux.ARPHRD_TUNNEL6
	LinkTypeLoopback  LinkType = linux.ARPHRD_LOOPBACK
	LinkTypeSit       LinkType = linux.ARPHRD_SIT
	LinkTypeIPGRE     LinkType = linux.ARPHRD_IPGRE
	LinkTypeIEEE80211 LinkType = linux.ARPHRD_IEEE80211
	LinkTypeNone      LinkType = linux.ARPHRD_NONE
	LinkTypeVoid      LinkType = linux.ARPHRD_VOID
)

// linkTypeWords are iproute2's names (lib/ll_types.c); where two ARPHRD
// values share a number, its first name wins, as in ip.
var linkTypeWords = map[LinkType]string{
	0: "generic", 1: "ether", 2: "eether", 3: "ax25", 4: "pronet", 5: "chaos",
	6: "ieee802", 7: "arcnet", 8: "atalk", 15: "dlci", 19: "atm", 23: "metricom",
	24: "ieee1394", 27: "eui64", 32: "infiniband", 256: "slip", 257: "cslip",
	258: "slip6", 259: "cslip6", 260: "rsrvd", 264: "adapt", 270: "rose",
	271: "x25", 272: "hwx25", 280: "can", 512: "ppp", 513: "hdlc", 516: "lapb",
	517: "ddcmp", 518: "rawhdlc", 519: "rawip", 768: "ipip", 769: "tunnel6",
	770: "frad", 771: "skip", 772: "loopback", 773: "ltalk", 774: "fddi",
	775: "bif", 776: "sit", 777: "ip/ddp", 778: "gre", 779: "pimreg", 780: "hippi",
	781: "ash", 782: "econet", 783: "irda", 784: "fcpp", 785: "fcal", 786: "fcpl",
	787: "fcfb0", 788: "fcfb1", 789: "fcfb2", 790: "fcfb3", 791: "fcfb4", 792: "fcfb5",
	793: "fcfb6", 794: "fcfb7", 795: "fcfb8", 796: "fcfb9", 797: "fcfb10", 798: "fcfb11",
	799: "fcfb12", 800: "tr", 801: "ieee802.11", 802: "ieee802.11/prism",
	803: "ieee802.11/radiotap", 804: "ieee802.15.4", 805: "ieee802.15.4/monitor",
	820: "phonet", 821: "phonet_pipe", 822: "caif", 823: "gre6", 824: "netlink",
	825: "6lowpan", 826: "vsockmon", 65534: "none", 65535: "void",
}

// String prints ip's link/TYPE word: ether, loopback, none, ...
func (t LinkType) String() string {
	if w, ok := linkTypeWords[t]; ok {
		return w
	}
	return "[" + itoa(uint64(t)) + "]"
}
