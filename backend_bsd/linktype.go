package backend_bsd

import "github.com/rtnlx/rtnlx/internal/linux"

// iftARPHRD maps the IFT_* interface types (net/if_types.h, the IANA
// ifType numbers, equal on every BSD below 0xf4) to ARPHRD_* as Linux
// would report the same kind of device: Wi-Fi, bridges, VLANs and lagg
// are Ethernet-framed on Linux too; tun is ARPHRD_NONE.
var iftARPHRD = map[uint8]uint16{
	0x06: linux.ARPHRD_ETHER,      // IFT_ETHER
	0x07: linux.ARPHRD_ETHER,      // IFT_ISO88023
	0x0f: linux.ARPHRD_FDDI,       // IFT_FDDI
	0x17: linux.ARPHRD_PPP,        // IFT_PPP
	0x18: linux.ARPHRD_LOOPBACK,   // IFT_LOOP
	0x1c: linux.ARPHRD_SLIP,       // IFT_SLIP
	0x25: linux.ARPHRD_ATM,        // IFT_ATM
	0x37: linux.ARPHRD_TUNNEL6,    // IFT_GIF: IPv4/IPv6 in IPv4/IPv6
	0x47: linux.ARPHRD_ETHER,      // IFT_IEEE80211
	0x87: linux.ARPHRD_ETHER,      // IFT_L2VLAN
	0x83: linux.ARPHRD_IPGRE,      // IFT_TUNNEL: gre; OpenBSD's tun is IFT_TUNNEL too but rarer
	0x90: linux.ARPHRD_IEEE1394,   // IFT_IEEE1394
	0xa1: linux.ARPHRD_ETHER,      // IFT_IEEE8023ADLAG: lagg
	0xc7: linux.ARPHRD_INFINIBAND, // IFT_INFINIBAND
	0xd1: linux.ARPHRD_ETHER,      // IFT_BRIDGE
	0xd7: linux.ARPHRD_SIT,        // IFT_STF: 6to4
	0x35: linux.ARPHRD_NONE,       // IFT_PROPVIRTUAL: FreeBSD tun and other virtual devices
	0x01: linux.ARPHRD_NONE,       // IFT_OTHER
}

// linkTypeARPHRD maps an IFT_* type to ARPHRD_*; unknown types are
// ARPHRD_NONE, Linux's type for devices without a link layer.
func linkTypeARPHRD(ift uint8) uint16 {
	if t, ok := iftARPHRD[ift]; ok {
		return t
	}
	return linux.ARPHRD_NONE
}
