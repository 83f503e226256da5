package backend_bsd

import "github.com/rtnlx/rtnlx/internal/linux"

// An iftType is one IFT_* interface type (net/if_types.h) and the
// ARPHRD_* Linux reports for the same kind of device: Wi-Fi, bridges,
// VLANs and lagg are Ethernet-framed on Linux too; tun is ARPHRD_NONE.
type iftType struct {
	name   string // after IFT_
	code   uint8
	arphrd uint16
}

// iftCommon holds the types whose numbers are the IANA ifType numbers on
// every kernel this package serves.
var iftCommon = []iftType{
	{"ETHER", 0x06, linux.ARPHRD_ETHER},
	{"ISO88023", 0x07, linux.ARPHRD_ETHER},
	{"FDDI", 0x0f, linux.ARPHRD_FDDI},
	{"PPP", 0x17, linux.ARPHRD_PPP},
	{"LOOP", 0x18, linux.ARPHRD_LOOPBACK},
	{"SLIP", 0x1c, linux.ARPHRD_SLIP},
	{"ATM", 0x25, linux.ARPHRD_ATM},
	{"IEEE80211", 0x47, linux.ARPHRD_ETHER},
	{"L2VLAN", 0x87, linux.ARPHRD_ETHER},
	{"TUNNEL", 0x83, linux.ARPHRD_IPGRE}, // gre; OpenBSD's tun is IFT_TUNNEL too but rarer
	{"IEEE1394", 0x90, linux.ARPHRD_IEEE1394},
	{"INFINIBAND", 0xc7, linux.ARPHRD_INFINIBAND},
	{"BRIDGE", 0xd1, linux.ARPHRD_ETHER},
	{"PROPVIRTUAL", 0x35, linux.ARPHRD_NONE}, // FreeBSD tun and other virtual devices
	{"OTHER", 0x01, linux.ARPHRD_NONE},
}

// iftTypes gives the kernel's IFT_* types. gif, stf and lagg have
// numbers of each kernel's own choosing (net/if_types.h of each):
// IFT_GIF is 0xf0 (FreeBSD's enum of 12 and later lists it among the
// types "not based on IANA assignments"; 0x37 there is IFT_IEEE80212),
// but 0x37 on Darwin; IFT_STF is 0xd7, but 0xf3 on DragonFly and 0x39
// on Darwin, and OpenBSD has none; IFT_IEEE8023ADLAG is 0xa1, but 0x88
// on Darwin, and DragonFly has none.
func (l layout) iftTypes() []iftType {
	gif, stf, lagg := iftType{"GIF", 0xf0, linux.ARPHRD_TUNNEL6}, iftType{"STF", 0xd7, linux.ARPHRD_SIT}, iftType{"IEEE8023ADLAG", 0xa1, linux.ARPHRD_ETHER}
	switch l.OS {
	case osOpenBSD:
		return append(append([]iftType(nil), iftCommon...), gif, lagg)
	case osDragonFly:
		stf.code = 0xf3
		return append(append([]iftType(nil), iftCommon...), gif, stf)
	case osDarwin:
		gif.code, stf.code, lagg.code = 0x37, 0x39, 0x88
	}
	return append(append([]iftType(nil), iftCommon...), gif, stf, lagg)
}

// linkTypeARPHRD maps an IFT_* type to ARPHRD_*; unknown types are
// ARPHRD_NONE, Linux's type for devices without a link layer.
func (l layout) linkTypeARPHRD(ift uint8) uint16 {
	for _, t := range l.iftTypes() {
		if t.code == ift {
			return t.arphrd
		}
	}
	return linux.ARPHRD_NONE
}
