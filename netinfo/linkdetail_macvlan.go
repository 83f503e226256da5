package netinfo

import (
	"net"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// MacvlanDetails is everything a macvlan or macvtap device reports in
// its IFLA_INFO_DATA. A nil field was not reported.
type MacvlanDetails struct {
	Mode           *MacvlanMode
	Flags          MacvlanFlags
	BcQueueLen     *uint32 // IFLA_MACVLAN_BC_QUEUE_LEN: the broadcast queue's length asked for
	BcQueueLenUsed *uint32 // IFLA_MACVLAN_BC_QUEUE_LEN_USED: the length in use
	// MacAddrCount and MacAddrs are a source-mode device's allowed
	// source addresses.
	MacAddrCount *uint32
	MacAddrs     []net.HardwareAddr
}

// MacvlanFlags are a macvlan device's flags (MACVLAN_FLAG_*).
type MacvlanFlags uint16

// Macvlan flags.
const (
	MacvlanNoPromisc MacvlanFlags = linux.MACVLAN_FLAG_NOPROMISC
	MacvlanNoDst     MacvlanFlags = linux.MACVLAN_FLAG_NODST
)

// decodeMacvlanDetails reads a macvlan's IFLA_INFO_DATA in full.
func decodeMacvlanDetails(b []byte) (*MacvlanDetails, error) {
	r := &infoReader{attrReader: attrReader{b: b}, what: "macvlan"}
	m := &MacvlanDetails{}
	for r.next() {
		switch r.typ {
		case linux.IFLA_MACVLAN_MODE:
			m.Mode = ref(MacvlanMode(r.u32()))
		case linux.IFLA_MACVLAN_FLAGS:
			m.Flags = MacvlanFlags(r.u16())
		case linux.IFLA_MACVLAN_BC_QUEUE_LEN:
			m.BcQueueLen = ref(r.u32())
		case linux.IFLA_MACVLAN_BC_QUEUE_LEN_USED:
			m.BcQueueLenUsed = ref(r.u32())
		case linux.IFLA_MACVLAN_MACADDR_COUNT:
			m.MacAddrCount = ref(r.u32())
		case linux.IFLA_MACVLAN_MACADDR_DATA:
			addrs := attrReader{b: r.val}
			for addrs.next() {
				if addrs.typ == linux.IFLA_MACVLAN_MACADDR && len(addrs.val) >= 6 {
					m.MacAddrs = append(m.MacAddrs, net.HardwareAddr(append([]byte(nil), addrs.val[:6]...)))
				}
			}
			if addrs.err != nil {
				return nil, addrs.err
			}
		}
	}
	if r.err != nil {
		return nil, r.err
	}
	return m, nil
}
