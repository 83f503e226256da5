package backend_bsd

// Linux ARPHRD_* values (linux/if_arp.h).
const (
	arphrdEther      = 1
	arphrdATM        = 19
	arphrdIEEE1394   = 24
	arphrdInfiniband = 32
	arphrdSLIP       = 256
	arphrdPPP        = 512
	arphrdTunnel     = 768
	arphrdTunnel6    = 769
	arphrdLoopback   = 772
	arphrdFDDI       = 774
	arphrdSit        = 776
	arphrdIPGRE      = 778
	arphrdNone       = 65534
)

// iftARPHRD maps the IFT_* interface types (net/if_types.h, the IANA
// ifType numbers, equal on every BSD below 0xf4) to ARPHRD_* as Linux
// would report the same kind of device: Wi-Fi, bridges, VLANs and lagg
// are Ethernet-framed on Linux too; tun is ARPHRD_NONE.
var iftARPHRD = map[uint8]uint16{
	0x06: arphrdEther,      // IFT_ETHER
	0x07: arphrdEther,      // IFT_ISO88023
	0x0f: arphrdFDDI,       // IFT_FDDI
	0x17: arphrdPPP,        // IFT_PPP
	0x18: arphrdLoopback,   // IFT_LOOP
	0x1c: arphrdSLIP,       // IFT_SLIP
	0x25: arphrdATM,        // IFT_ATM
	0x37: arphrdTunnel6,    // IFT_GIF: IPv4/IPv6 in IPv4/IPv6
	0x47: arphrdEther,      // IFT_IEEE80211
	0x87: arphrdEther,      // IFT_L2VLAN
	0x83: arphrdIPGRE,      // IFT_TUNNEL: gre; OpenBSD's tun is IFT_TUNNEL too but rarer
	0x90: arphrdIEEE1394,   // IFT_IEEE1394
	0xa1: arphrdEther,      // IFT_IEEE8023ADLAG: lagg
	0xc7: arphrdInfiniband, // IFT_INFINIBAND
	0xd1: arphrdEther,      // IFT_BRIDGE
	0xd7: arphrdSit,        // IFT_STF: 6to4
	0x35: arphrdNone,       // IFT_PROPVIRTUAL: FreeBSD tun and other virtual devices
	0x01: arphrdNone,       // IFT_OTHER
}

// linkTypeARPHRD maps an IFT_* type to ARPHRD_*; unknown types are
// ARPHRD_NONE, Linux's type for devices without a link layer.
func linkTypeARPHRD(ift uint8) uint16 {
	if t, ok := iftARPHRD[ift]; ok {
		return t
	}
	return arphrdNone
}
