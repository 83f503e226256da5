package netinfo

import (
	"context"
	"iter"
	"net"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// LinkDetails is a Link with the attributes `ip -d link show` prints
// besides the ones Link holds: the device's limits and queues, its IPv6
// address generation mode, where its peer lives, and the state a bridge
// or a bridge port reports. A pointer field is nil, and a slice or string
// empty, when the source did not report it (an older kernel, a BSD or
// Windows backend).
type LinkDetails struct {
	Link

	Promiscuity *uint32 // IFLA_PROMISCUITY: how many users asked for promiscuous mode
	AllMulti    *uint32 // IFLA_ALLMULTI: how many users asked for all multicast
	MinMTU      *uint32 // IFLA_MIN_MTU
	MaxMTU      *uint32 // IFLA_MAX_MTU
	NumTxQueues *uint32 // IFLA_NUM_TX_QUEUES
	NumRxQueues *uint32 // IFLA_NUM_RX_QUEUES
	GSOMaxSize  *uint32 // IFLA_GSO_MAX_SIZE
	GSOMaxSegs  *uint32 // IFLA_GSO_MAX_SEGS
	TSOMaxSize  *uint32 // IFLA_TSO_MAX_SIZE
	TSOMaxSegs  *uint32 // IFLA_TSO_MAX_SEGS
	GROMaxSize  *uint32 // IFLA_GRO_MAX_SIZE

	GSOIPv4MaxSize *uint32 // IFLA_GSO_IPV4_MAX_SIZE
	GROIPv4MaxSize *uint32 // IFLA_GRO_IPV4_MAX_SIZE

	// AddrGenMode is how the link makes its IPv6 link-local address
	// (IFLA_AF_SPEC, AF_INET6, IFLA_INET6_ADDR_GEN_MODE).
	AddrGenMode *AddrGenMode
	// IPv6MIB are the link's IPv6 counters (IFLA_AF_SPEC, AF_INET6,
	// IFLA_INET6_STATS) as the kernel sends them: indexed by its
	// IPSTATS_MIB_* (linux/snmp.h), [0] holding their count. The order of
	// that enum changed between kernel versions, so a reader must know
	// the kernel's. nil when not reported.
	IPv6MIB []uint64

	PermHardwareAddr net.HardwareAddr // IFLA_PERM_ADDRESS: the address the device came with
	PhysPortName     string           // IFLA_PHYS_PORT_NAME
	PhysPortID       []byte           // IFLA_PHYS_PORT_ID
	PhysSwitchID     []byte           // IFLA_PHYS_SWITCH_ID
	ParentBus        string           // IFLA_PARENT_DEV_BUS_NAME: "pci", "virtio", ...
	ParentDev        string           // IFLA_PARENT_DEV_NAME: "0000:00:03.0", ...
	ProtoDown        bool             // IFLA_PROTO_DOWN: held down by a protocol (an MLAG daemon)
	AltNames         []string         // IFLA_PROP_LIST's IFLA_ALT_IFNAME entries

	// LinkIndex is IFLA_LINK as the kernel sent it: unlike
	// Link.ParentIndex it is kept when it names a link in the namespace
	// LinkNetNSID names (a veth peer moved away), and when it is 0 (ip's
	// "@NONE"). nil when the link has no IFLA_LINK.
	LinkIndex *int
	// LinkNetNSID is the id, in this link's namespace, of the namespace
	// LinkIndex is in (IFLA_LINK_NETNSID); nil when it is this one.
	LinkNetNSID *int32

	// Bridge is a bridge's IFLA_INFO_DATA in full, with the STP and
	// multicast state the kernel reports; nil for other kinds.
	Bridge *BridgeDetails
	// BridgePort is a bridge port's IFLA_INFO_SLAVE_DATA in full; nil
	// when the link is not a bridge's port.
	BridgePort *BridgePortDetails
	// Macvlan is a macvlan's or macvtap's IFLA_INFO_DATA in full; nil
	// for other kinds.
	Macvlan *MacvlanDetails
	// Vxlan is a VXLAN's IFLA_INFO_DATA in full; nil for other kinds.
	Vxlan *VxlanDetails
	// TunDisabledQueues is a multi-queue tun or tap device's count of
	// disabled queues (IFLA_TUN_NUM_DISABLED_QUEUES).
	TunDisabledQueues *uint32
}

// AddrGenMode is a link's IPv6 address generation mode (IN6_ADDR_GEN_MODE_*).
type AddrGenMode uint8

// IPv6 address generation modes (linux/if_link.h).
const (
	AddrGenEUI64         AddrGenMode = linux.IN6_ADDR_GEN_MODE_EUI64
	AddrGenNone          AddrGenMode = linux.IN6_ADDR_GEN_MODE_NONE
	AddrGenStablePrivacy AddrGenMode = linux.IN6_ADDR_GEN_MODE_STABLE_PRIVACY
	AddrGenRandom        AddrGenMode = linux.IN6_ADDR_GEN_MODE_RANDOM
)

// String prints ip's word: eui64, none, stable_secret, random, or the
// number as "0x04".
func (m AddrGenMode) String() string {
	switch m {
	case AddrGenEUI64:
		return "eui64"
	case AddrGenNone:
		return "none"
	case AddrGenStablePrivacy:
		return "stable_secret"
	case AddrGenRandom:
		return "random"
	}
	const hex = "0123456789abcdef"
	return string([]byte{'0', 'x', hex[m>>4], hex[m&15]})
}

// DecodeLinkDetails decodes the payload of an RTM_NEWLINK or RTM_DELLINK
// message as DecodeLink does, and the details besides. Errors are
// DecodeLink's: a known attribute too short for its type matches
// ErrTruncated. The result holds no reference to b.
func DecodeLinkDetails(b []byte) (LinkDetails, error) {
	var d LinkDetails
	err := decodeError("link", decodeLinkDetailsWith(b, &d, nil))
	return d, err
}

// LinkDetails lists every link with its details, as `ip -d link show`
// needs them.
func (h *Handle) LinkDetails(ctx context.Context) ([]LinkDetails, error) {
	return dumpSlice(ctx, h, linkDetailsDump())
}

// LinkDetailsSeq yields every link with its details without collecting
// them.
func (h *Handle) LinkDetailsSeq(ctx context.Context) iter.Seq2[LinkDetails, error] {
	return dumpSeq(ctx, h, linkDetailsDump())
}

func linkDetailsDump() dumpSpec[LinkDetails] {
	return dumpSpec[LinkDetails]{"link dump", linux.RTM_GETLINK, linux.RTM_NEWLINK, appendLinkDumpRequest, decodeLinkDetailsWith, matchAll[LinkDetails]}
}

// decodeLinkDetailsWith fills d from an ifinfomsg payload: the Link as
// decodeLinkWith reads it, then the details in a second walk. d is
// overwritten, and left as it was on error.
func decodeLinkDetailsWith(b []byte, d *LinkDetails, sc *decodeScratch) error {
	var out LinkDetails
	if err := decodeLinkWith(b, &out.Link, sc); err != nil {
		return err
	}
	u32 := func(v []byte, what string) (*uint32, error) {
		n, err := readU32(v, what)
		return &n, err
	}
	var err error
	r := attrReader{b: b[linux.SizeofIfInfomsg:]}
	for r.next() {
		v := r.val
		switch r.typ {
		case linux.IFLA_PROMISCUITY:
			out.Promiscuity, err = u32(v, "IFLA_PROMISCUITY")
		case linux.IFLA_ALLMULTI:
			out.AllMulti, err = u32(v, "IFLA_ALLMULTI")
		case linux.IFLA_MIN_MTU:
			out.MinMTU, err = u32(v, "IFLA_MIN_MTU")
		case linux.IFLA_MAX_MTU:
			out.MaxMTU, err = u32(v, "IFLA_MAX_MTU")
		case linux.IFLA_NUM_TX_QUEUES:
			out.NumTxQueues, err = u32(v, "IFLA_NUM_TX_QUEUES")
		case linux.IFLA_NUM_RX_QUEUES:
			out.NumRxQueues, err = u32(v, "IFLA_NUM_RX_QUEUES")
		case linux.IFLA_GSO_MAX_SIZE:
			out.GSOMaxSize, err = u32(v, "IFLA_GSO_MAX_SIZE")
		case linux.IFLA_GSO_MAX_SEGS:
			out.GSOMaxSegs, err = u32(v, "IFLA_GSO_MAX_SEGS")
		case linux.IFLA_TSO_MAX_SIZE:
			out.TSOMaxSize, err = u32(v, "IFLA_TSO_MAX_SIZE")
		case linux.IFLA_TSO_MAX_SEGS:
			out.TSOMaxSegs, err = u32(v, "IFLA_TSO_MAX_SEGS")
		case linux.IFLA_GRO_MAX_SIZE:
			out.GROMaxSize, err = u32(v, "IFLA_GRO_MAX_SIZE")
		case linux.IFLA_GSO_IPV4_MAX_SIZE:
			out.GSOIPv4MaxSize, err = u32(v, "IFLA_GSO_IPV4_MAX_SIZE")
		case linux.IFLA_GRO_IPV4_MAX_SIZE:
			out.GROIPv4MaxSize, err = u32(v, "IFLA_GRO_IPV4_MAX_SIZE")
		case linux.IFLA_AF_SPEC:
			out.AddrGenMode, err = decodeAddrGenMode(v)
			if err == nil {
				out.IPv6MIB, err = decodeIPv6MIB(v)
			}
		case linux.IFLA_PERM_ADDRESS:
			out.PermHardwareAddr = net.HardwareAddr(append([]byte(nil), v...))
		case linux.IFLA_PHYS_PORT_NAME:
			out.PhysPortName = readString(v)
		case linux.IFLA_PHYS_PORT_ID:
			out.PhysPortID = append([]byte(nil), v...)
		case linux.IFLA_PHYS_SWITCH_ID:
			out.PhysSwitchID = append([]byte(nil), v...)
		case linux.IFLA_PARENT_DEV_BUS_NAME:
			out.ParentBus = readString(v)
		case linux.IFLA_PARENT_DEV_NAME:
			out.ParentDev = readString(v)
		case linux.IFLA_PROTO_DOWN:
			var p uint8
			p, err = readU8(v, "IFLA_PROTO_DOWN")
			out.ProtoDown = p != 0
		case linux.IFLA_PROP_LIST:
			out.AltNames, err = decodeAltNames(v)
		case linux.IFLA_LINK:
			var n uint32
			n, err = readU32(v, "IFLA_LINK")
			i := int(int32(n))
			out.LinkIndex = &i
		case linux.IFLA_LINK_NETNSID:
			var n uint32
			n, err = readU32(v, "IFLA_LINK_NETNSID")
			id := int32(n)
			out.LinkNetNSID = &id
		case linux.IFLA_LINKINFO:
			err = decodeLinkInfoDetails(v, out.Kind, out.PortKind, &out)
		}
		if err != nil {
			return err
		}
	}
	if r.err != nil { // decodeLinkWith has walked the same run
		return r.err
	}
	*d = out
	return nil
}

// decodeAddrGenMode finds the IPv6 address generation mode in
// IFLA_AF_SPEC.
func decodeAddrGenMode(b []byte) (*AddrGenMode, error) {
	v, ok, err := inet6Attr(b, linux.IFLA_INET6_ADDR_GEN_MODE)
	if !ok {
		return nil, err
	}
	m, err := readU8(v, "IFLA_INET6_ADDR_GEN_MODE")
	mode := AddrGenMode(m)
	return &mode, err
}

// inet6Attr finds attribute typ in IFLA_AF_SPEC's AF_INET6 nest (its
// entries are nested by address family); ok is false when there is none.
func inet6Attr(b []byte, typ uint16) (val []byte, ok bool, err error) {
	r := attrReader{b: b}
	for r.next() {
		if r.typ != linux.AF_INET6 {
			continue
		}
		in6 := attrReader{b: r.val}
		for in6.next() {
			if in6.typ == typ {
				return in6.val, true, nil
			}
		}
		if in6.err != nil {
			return nil, false, in6.err
		}
	}
	return nil, false, r.err
}

// decodeAltNames reads IFLA_PROP_LIST's alternative names.
func decodeAltNames(b []byte) ([]string, error) {
	var names []string
	r := attrReader{b: b}
	for r.next() {
		if r.typ == linux.IFLA_ALT_IFNAME {
			names = append(names, readString(r.val))
		}
	}
	return names, r.err
}

// decodeLinkInfoDetails reads what IFLA_LINKINFO holds beyond the
// LinkInfo that decodeLinkInfo made: a bridge's and a bridge port's full
// state, a macvlan's and a VXLAN's, a tun device's disabled queues.
func decodeLinkInfoDetails(b []byte, kind, portKind string, d *LinkDetails) error {
	r := attrReader{b: b}
	for r.next() {
		var err error
		switch {
		case r.typ == linux.IFLA_INFO_DATA && kind == "bridge":
			d.Bridge, err = decodeBridgeDetails(r.val)
		case r.typ == linux.IFLA_INFO_DATA && (kind == "macvlan" || kind == "macvtap"):
			d.Macvlan, err = decodeMacvlanDetails(r.val)
		case r.typ == linux.IFLA_INFO_DATA && kind == "vxlan":
			d.Vxlan, err = decodeVxlanDetails(r.val)
		case r.typ == linux.IFLA_INFO_DATA && kind == "tun":
			d.TunDisabledQueues, err = findU32(r.val, linux.IFLA_TUN_NUM_DISABLED_QUEUES, "IFLA_TUN_NUM_DISABLED_QUEUES")
		case r.typ == linux.IFLA_INFO_SLAVE_DATA && portKind == "bridge":
			d.BridgePort, err = decodeBridgePortDetails(r.val)
		}
		if err != nil {
			return err
		}
	}
	return r.err
}

// findU32 reads the u32 attribute typ of a run; nil when it is not there.
func findU32(b []byte, typ uint16, what string) (*uint32, error) {
	r := attrReader{b: b}
	for r.next() {
		if r.typ == typ {
			v, err := readU32(r.val, what)
			return &v, err
		}
	}
	return nil, r.err
}
