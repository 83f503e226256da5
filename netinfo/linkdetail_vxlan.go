package netinfo

import (
	"encoding/binary"
	"net/netip"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// VxlanDetails is everything a VXLAN device reports in its
// IFLA_INFO_DATA. A nil field was not reported; the booleans without a
// pointer are true when reported non-zero (or, for GBP and GPE, when
// reported at all).
type VxlanDetails struct {
	ID        *uint32
	Group     netip.Addr // IFLA_VXLAN_GROUP or GROUP6: the remote, or a multicast group; may be unspecified
	Local     netip.Addr // IFLA_VXLAN_LOCAL or LOCAL6; may be unspecified
	LinkIndex *uint32    // IFLA_VXLAN_LINK
	// PortRange is the UDP source port range (low, high), in host order.
	PortRange *[2]uint16
	Port      *uint16 // the UDP destination port, in host order
	Learning  *bool
	TOS       *uint8 // 1 is "inherit"
	TTL       *uint8 // 0 is "auto"
	DF        *uint8 // VXLAN_DF_*: 0 unset, 1 set, 2 inherit
	FlowLabel *uint32
	Ageing    *uint32 // seconds; 0 is none
	Limit     *uint32 // the most addresses it learns; 0 is unlimited

	UDPCsum        *bool
	UDPZeroCsum6Tx *bool
	UDPZeroCsum6Rx *bool

	CollectMetadata, VNIFilter             bool
	Proxy, RSC, L2Miss, L3Miss, TTLInherit bool
	RemCsumTx, RemCsumRx, GBP, GPE         bool
}

// decodeVxlanDetails reads a VXLAN's IFLA_INFO_DATA in full.
func decodeVxlanDetails(b []byte) (*VxlanDetails, error) {
	r := &infoReader{attrReader: attrReader{b: b}, what: "vxlan"}
	x := &VxlanDetails{}
	on := func() bool { return r.u8() != 0 }
	for r.next() {
		switch r.typ {
		case linux.IFLA_VXLAN_ID:
			x.ID = ref(r.u32())
		case linux.IFLA_VXLAN_GROUP:
			x.Group = r.addr4()
		case linux.IFLA_VXLAN_GROUP6:
			if !x.Group.IsValid() { // ip reads GROUP first
				x.Group = r.addr16()
			}
		case linux.IFLA_VXLAN_LOCAL:
			x.Local = r.addr4()
		case linux.IFLA_VXLAN_LOCAL6:
			if !x.Local.IsValid() {
				x.Local = r.addr16()
			}
		case linux.IFLA_VXLAN_LINK:
			x.LinkIndex = ref(r.u32())
		case linux.IFLA_VXLAN_PORT_RANGE:
			if len(r.val) < 4 {
				r.fail()
				break
			}
			x.PortRange = &[2]uint16{binary.BigEndian.Uint16(r.val), binary.BigEndian.Uint16(r.val[2:])}
		case linux.IFLA_VXLAN_PORT:
			x.Port = ref(r.be16())
		case linux.IFLA_VXLAN_LEARNING:
			x.Learning = ref(on())
		case linux.IFLA_VXLAN_TOS:
			x.TOS = ref(r.u8())
		case linux.IFLA_VXLAN_TTL:
			x.TTL = ref(r.u8())
		case linux.IFLA_VXLAN_TTL_INHERIT:
			x.TTLInherit = on()
		case linux.IFLA_VXLAN_DF:
			x.DF = ref(r.u8())
		case linux.IFLA_VXLAN_LABEL:
			x.FlowLabel = ref(r.be32())
		case linux.IFLA_VXLAN_AGEING:
			x.Ageing = ref(r.u32())
		case linux.IFLA_VXLAN_LIMIT:
			x.Limit = ref(r.u32())
		case linux.IFLA_VXLAN_UDP_CSUM:
			x.UDPCsum = ref(on())
		case linux.IFLA_VXLAN_UDP_ZERO_CSUM6_TX:
			x.UDPZeroCsum6Tx = ref(on())
		case linux.IFLA_VXLAN_UDP_ZERO_CSUM6_RX:
			x.UDPZeroCsum6Rx = ref(on())
		case linux.IFLA_VXLAN_COLLECT_METADATA:
			x.CollectMetadata = on()
		case linux.IFLA_VXLAN_VNIFILTER:
			x.VNIFilter = on()
		case linux.IFLA_VXLAN_PROXY:
			x.Proxy = on()
		case linux.IFLA_VXLAN_RSC:
			x.RSC = on()
		case linux.IFLA_VXLAN_L2MISS:
			x.L2Miss = on()
		case linux.IFLA_VXLAN_L3MISS:
			x.L3Miss = on()
		case linux.IFLA_VXLAN_REMCSUM_TX:
			x.RemCsumTx = on()
		case linux.IFLA_VXLAN_REMCSUM_RX:
			x.RemCsumRx = on()
		case linux.IFLA_VXLAN_GBP:
			x.GBP = true
		case linux.IFLA_VXLAN_GPE:
			x.GPE = true
		}
	}
	if r.err != nil {
		return nil, r.err
	}
	return x, nil
}
