package netinfo

import (
	"encoding/binary"
	"net"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// BridgeID is an STP bridge identifier (struct ifla_bridge_id): the
// bridge priority and the bridge's address.
type BridgeID struct {
	Priority uint16
	Addr     net.HardwareAddr
}

// BridgeBoolOpts are a bridge's boolean options (IFLA_BR_MULTI_BOOLOPT):
// bit BR_BOOLOPT_* of Value is the option's value when that bit of Mask
// is set.
type BridgeBoolOpts struct {
	Value, Mask uint32
}

// Bridge boolean options (linux/if_bridge.h BR_BOOLOPT_*), as bits.
const (
	BridgeOptNoLinkLocalLearn  uint32 = 1 << linux.BR_BOOLOPT_NO_LL_LEARN
	BridgeOptMcastVLANSnooping uint32 = 1 << linux.BR_BOOLOPT_MCAST_VLAN_SNOOPING
)

// Get reports whether the option bit is known and its value.
func (o BridgeBoolOpts) Get(bit uint32) (value, known bool) {
	return o.Value&bit != 0, o.Mask&bit != 0
}

// BridgeDetails is everything a bridge reports in its IFLA_INFO_DATA:
// its configuration (as Bridge holds it) and its STP and multicast
// state. Times and timers are in hundredths of a second, as the kernel
// sends them and ip prints them. A nil field was not reported.
type BridgeDetails struct {
	ForwardDelay           *uint32 // forward_delay
	HelloTime              *uint32 // hello_time
	MaxAge                 *uint32 // max_age
	AgeingTime             *uint32 // ageing_time
	STPState               *uint32 // stp_state
	Priority               *uint16 // priority
	VLANFiltering          *uint8  // vlan_filtering
	VLANProtocol           *uint16 // vlan_protocol, an EtherType
	BridgeID               *BridgeID
	RootID                 *BridgeID
	RootPort               *uint16
	RootPathCost           *uint32
	TopologyChange         *uint8
	TopologyChangeDetected *uint8
	HelloTimer             *uint64
	TCNTimer               *uint64
	TopologyChangeTimer    *uint64
	GCTimer                *uint64
	DefaultPVID            *uint16 // vlan_default_pvid
	VLANStatsEnabled       *uint8
	VLANStatsPerPort       *uint8
	GroupFwdMask           *uint16
	GroupAddr              net.HardwareAddr
	MulticastSnooping      *uint8
	BoolOpts               *BridgeBoolOpts

	MulticastRouter          *uint8
	MulticastQueryUseIfaddr  *uint8
	MulticastQuerier         *uint8
	MulticastHashElasticity  *uint32
	MulticastHashMax         *uint32
	MulticastLastMemberCount *uint32
	MulticastStartupQueries  *uint32 // mcast_startup_query_count

	MulticastLastMemberInterval    *uint64
	MulticastMembershipInterval    *uint64
	MulticastQuerierInterval       *uint64
	MulticastQueryInterval         *uint64
	MulticastQueryResponseInterval *uint64
	MulticastStartupQueryInterval  *uint64

	MulticastStatsEnabled *uint8
	MulticastIGMPVersion  *uint8
	MulticastMLDVersion   *uint8
	NFCallIPTables        *uint8
	NFCallIP6Tables       *uint8
	NFCallARPTables       *uint8
}

// BridgePortDetails is everything a bridge port reports in its
// IFLA_INFO_SLAVE_DATA. Timers are in hundredths of a second. A nil
// field was not reported.
type BridgePortDetails struct {
	State              *uint8  // BR_STATE_*: 0 disabled ... 4 blocking
	Priority           *uint16 // priority
	Cost               *uint32 // cost
	Hairpin            *bool   // IFLA_BRPORT_MODE
	Guard              *bool   // BPDU guard
	RootBlock          *bool   // IFLA_BRPORT_PROTECT
	FastLeave          *bool
	Learning           *bool
	UnicastFlood       *bool
	ID                 *uint16 // port_id
	No                 *uint16 // port_no
	DesignatedPort     *uint16
	DesignatedCost     *uint16
	DesignatedBridge   *BridgeID // IFLA_BRPORT_BRIDGE_ID
	DesignatedRoot     *BridgeID // IFLA_BRPORT_ROOT_ID
	HoldTimer          *uint64
	MessageAgeTimer    *uint64
	ForwardDelayTimer  *uint64
	TopologyChangeAck  *uint8
	ConfigPending      *uint8
	ProxyARP           *bool
	ProxyARPWiFi       *bool
	MulticastRouter    *uint8
	MulticastFlood     *bool
	BroadcastFlood     *bool
	MulticastToUnicast *bool
	NeighSuppress      *bool
	GroupFwdMask       *uint16
	VLANTunnel         *bool
	Isolated           *bool
	Locked             *bool
	BackupPort         *int // the backup port's index
}

func ref[T any](v T) *T { return &v }

// u64 reads a u64 value.
func (r *infoReader) u64() uint64 {
	if len(r.val) < 8 {
		r.fail()
		return 0
	}
	return binary.NativeEndian.Uint64(r.val)
}

// flag reads a u8 value as a boolean.
func (r *infoReader) flag() *bool { return ref(r.u8() != 0) }

// bridgeID reads a struct ifla_bridge_id: prio[2] then addr[6].
func (r *infoReader) bridgeID() *BridgeID {
	if len(r.val) < 8 {
		r.fail()
		return nil
	}
	return &BridgeID{
		Priority: binary.BigEndian.Uint16(r.val),
		Addr:     net.HardwareAddr(append([]byte(nil), r.val[2:8]...)),
	}
}

// decodeBridgeDetails reads a bridge's IFLA_INFO_DATA in full.
func decodeBridgeDetails(b []byte) (*BridgeDetails, error) {
	r := &infoReader{attrReader: attrReader{b: b}, what: "bridge"}
	br := &BridgeDetails{}
	for r.next() {
		switch r.typ {
		case linux.IFLA_BR_FORWARD_DELAY:
			br.ForwardDelay = ref(r.u32())
		case linux.IFLA_BR_HELLO_TIME:
			br.HelloTime = ref(r.u32())
		case linux.IFLA_BR_MAX_AGE:
			br.MaxAge = ref(r.u32())
		case linux.IFLA_BR_AGEING_TIME:
			br.AgeingTime = ref(r.u32())
		case linux.IFLA_BR_STP_STATE:
			br.STPState = ref(r.u32())
		case linux.IFLA_BR_PRIORITY:
			br.Priority = ref(r.u16())
		case linux.IFLA_BR_VLAN_FILTERING:
			br.VLANFiltering = ref(r.u8())
		case linux.IFLA_BR_VLAN_PROTOCOL:
			br.VLANProtocol = ref(r.be16())
		case linux.IFLA_BR_BRIDGE_ID:
			br.BridgeID = r.bridgeID()
		case linux.IFLA_BR_ROOT_ID:
			br.RootID = r.bridgeID()
		case linux.IFLA_BR_ROOT_PORT:
			br.RootPort = ref(r.u16())
		case linux.IFLA_BR_ROOT_PATH_COST:
			br.RootPathCost = ref(r.u32())
		case linux.IFLA_BR_TOPOLOGY_CHANGE:
			br.TopologyChange = ref(r.u8())
		case linux.IFLA_BR_TOPOLOGY_CHANGE_DETECTED:
			br.TopologyChangeDetected = ref(r.u8())
		case linux.IFLA_BR_HELLO_TIMER:
			br.HelloTimer = ref(r.u64())
		case linux.IFLA_BR_TCN_TIMER:
			br.TCNTimer = ref(r.u64())
		case linux.IFLA_BR_TOPOLOGY_CHANGE_TIMER:
			br.TopologyChangeTimer = ref(r.u64())
		case linux.IFLA_BR_GC_TIMER:
			br.GCTimer = ref(r.u64())
		case linux.IFLA_BR_VLAN_DEFAULT_PVID:
			br.DefaultPVID = ref(r.u16())
		case linux.IFLA_BR_VLAN_STATS_ENABLED:
			br.VLANStatsEnabled = ref(r.u8())
		case linux.IFLA_BR_VLAN_STATS_PER_PORT:
			br.VLANStatsPerPort = ref(r.u8())
		case linux.IFLA_BR_GROUP_FWD_MASK:
			br.GroupFwdMask = ref(r.u16())
		case linux.IFLA_BR_GROUP_ADDR:
			br.GroupAddr = net.HardwareAddr(append([]byte(nil), r.val...))
		case linux.IFLA_BR_MCAST_SNOOPING:
			br.MulticastSnooping = ref(r.u8())
		case linux.IFLA_BR_MULTI_BOOLOPT:
			if len(r.val) < 8 {
				r.fail()
				break
			}
			br.BoolOpts = &BridgeBoolOpts{Value: binary.NativeEndian.Uint32(r.val), Mask: binary.NativeEndian.Uint32(r.val[4:])}
		case linux.IFLA_BR_MCAST_ROUTER:
			br.MulticastRouter = ref(r.u8())
		case linux.IFLA_BR_MCAST_QUERY_USE_IFADDR:
			br.MulticastQueryUseIfaddr = ref(r.u8())
		case linux.IFLA_BR_MCAST_QUERIER:
			br.MulticastQuerier = ref(r.u8())
		case linux.IFLA_BR_MCAST_HASH_ELASTICITY:
			br.MulticastHashElasticity = ref(r.u32())
		case linux.IFLA_BR_MCAST_HASH_MAX:
			br.MulticastHashMax = ref(r.u32())
		case linux.IFLA_BR_MCAST_LAST_MEMBER_CNT:
			br.MulticastLastMemberCount = ref(r.u32())
		case linux.IFLA_BR_MCAST_STARTUP_QUERY_CNT:
			br.MulticastStartupQueries = ref(r.u32())
		case linux.IFLA_BR_MCAST_LAST_MEMBER_INTVL:
			br.MulticastLastMemberInterval = ref(r.u64())
		case linux.IFLA_BR_MCAST_MEMBERSHIP_INTVL:
			br.MulticastMembershipInterval = ref(r.u64())
		case linux.IFLA_BR_MCAST_QUERIER_INTVL:
			br.MulticastQuerierInterval = ref(r.u64())
		case linux.IFLA_BR_MCAST_QUERY_INTVL:
			br.MulticastQueryInterval = ref(r.u64())
		case linux.IFLA_BR_MCAST_QUERY_RESPONSE_INTVL:
			br.MulticastQueryResponseInterval = ref(r.u64())
		case linux.IFLA_BR_MCAST_STARTUP_QUERY_INTVL:
			br.MulticastStartupQueryInterval = ref(r.u64())
		case linux.IFLA_BR_MCAST_STATS_ENABLED:
			br.MulticastStatsEnabled = ref(r.u8())
		case linux.IFLA_BR_MCAST_IGMP_VERSION:
			br.MulticastIGMPVersion = ref(r.u8())
		case linux.IFLA_BR_MCAST_MLD_VERSION:
			br.MulticastMLDVersion = ref(r.u8())
		case linux.IFLA_BR_NF_CALL_IPTABLES:
			br.NFCallIPTables = ref(r.u8())
		case linux.IFLA_BR_NF_CALL_IP6TABLES:
			br.NFCallIP6Tables = ref(r.u8())
		case linux.IFLA_BR_NF_CALL_ARPTABLES:
			br.NFCallARPTables = ref(r.u8())
		}
	}
	if r.err != nil {
		return nil, r.err
	}
	return br, nil
}

// decodeBridgePortDetails reads a bridge port's IFLA_INFO_SLAVE_DATA in
// full.
func decodeBridgePortDetails(b []byte) (*BridgePortDetails, error) {
	r := &infoReader{attrReader: attrReader{b: b}, what: "bridge port"}
	p := &BridgePortDetails{}
	for r.next() {
		switch r.typ {
		case linux.IFLA_BRPORT_STATE:
			p.State = ref(r.u8())
		case linux.IFLA_BRPORT_PRIORITY:
			p.Priority = ref(r.u16())
		case linux.IFLA_BRPORT_COST:
			p.Cost = ref(r.u32())
		case linux.IFLA_BRPORT_MODE:
			p.Hairpin = r.flag()
		case linux.IFLA_BRPORT_GUARD:
			p.Guard = r.flag()
		case linux.IFLA_BRPORT_PROTECT:
			p.RootBlock = r.flag()
		case linux.IFLA_BRPORT_FAST_LEAVE:
			p.FastLeave = r.flag()
		case linux.IFLA_BRPORT_LEARNING:
			p.Learning = r.flag()
		case linux.IFLA_BRPORT_UNICAST_FLOOD:
			p.UnicastFlood = r.flag()
		case linux.IFLA_BRPORT_ID:
			p.ID = ref(r.u16())
		case linux.IFLA_BRPORT_NO:
			p.No = ref(r.u16())
		case linux.IFLA_BRPORT_DESIGNATED_PORT:
			p.DesignatedPort = ref(r.u16())
		case linux.IFLA_BRPORT_DESIGNATED_COST:
			p.DesignatedCost = ref(r.u16())
		case linux.IFLA_BRPORT_BRIDGE_ID:
			p.DesignatedBridge = r.bridgeID()
		case linux.IFLA_BRPORT_ROOT_ID:
			p.DesignatedRoot = r.bridgeID()
		case linux.IFLA_BRPORT_HOLD_TIMER:
			p.HoldTimer = ref(r.u64())
		case linux.IFLA_BRPORT_MESSAGE_AGE_TIMER:
			p.MessageAgeTimer = ref(r.u64())
		case linux.IFLA_BRPORT_FORWARD_DELAY_TIMER:
			p.ForwardDelayTimer = ref(r.u64())
		case linux.IFLA_BRPORT_TOPOLOGY_CHANGE_ACK:
			p.TopologyChangeAck = ref(r.u8())
		case linux.IFLA_BRPORT_CONFIG_PENDING:
			p.ConfigPending = ref(r.u8())
		case linux.IFLA_BRPORT_PROXYARP:
			p.ProxyARP = r.flag()
		case linux.IFLA_BRPORT_PROXYARP_WIFI:
			p.ProxyARPWiFi = r.flag()
		case linux.IFLA_BRPORT_MULTICAST_ROUTER:
			p.MulticastRouter = ref(r.u8())
		case linux.IFLA_BRPORT_MCAST_FLOOD:
			p.MulticastFlood = r.flag()
		case linux.IFLA_BRPORT_BCAST_FLOOD:
			p.BroadcastFlood = r.flag()
		case linux.IFLA_BRPORT_MCAST_TO_UCAST:
			p.MulticastToUnicast = r.flag()
		case linux.IFLA_BRPORT_NEIGH_SUPPRESS:
			p.NeighSuppress = r.flag()
		case linux.IFLA_BRPORT_GROUP_FWD_MASK:
			p.GroupFwdMask = ref(r.u16())
		case linux.IFLA_BRPORT_VLAN_TUNNEL:
			p.VLANTunnel = r.flag()
		case linux.IFLA_BRPORT_ISOLATED:
			p.Isolated = r.flag()
		case linux.IFLA_BRPORT_LOCKED:
			p.Locked = r.flag()
		case linux.IFLA_BRPORT_BACKUP_PORT:
			p.BackupPort = ref(int(int32(r.u32())))
		}
	}
	if r.err != nil {
		return nil, r.err
	}
	return p, nil
}
