package linux

// linux/if_addr.h: struct ifaddrmsg and struct ifa_cacheinfo.
const (
	SizeofIfAddrmsg    = 8  // family u8, prefixlen u8, flags u8, scope u8, index u32
	SizeofIfaCacheinfo = 16 // ifa_prefered u32, ifa_valid u32, cstamp u32, tstamp u32
)

// linux/if_addr.h: address attributes (IFA_*).
const (
	IFA_UNSPEC         = 0
	IFA_ADDRESS        = 1
	IFA_LOCAL          = 2
	IFA_LABEL          = 3
	IFA_BROADCAST      = 4
	IFA_ANYCAST        = 5
	IFA_CACHEINFO      = 6
	IFA_MULTICAST      = 7
	IFA_FLAGS          = 8
	IFA_RT_PRIORITY    = 9
	IFA_TARGET_NETNSID = 10
	IFA_PROTO          = 11
)

// linux/if_addr.h: address flags (IFA_F_*).
const (
	IFA_F_SECONDARY      = 0x01
	IFA_F_TEMPORARY      = IFA_F_SECONDARY
	IFA_F_NODAD          = 0x02
	IFA_F_OPTIMISTIC     = 0x04
	IFA_F_DADFAILED      = 0x08
	IFA_F_HOMEADDRESS    = 0x10
	IFA_F_DEPRECATED     = 0x20
	IFA_F_TENTATIVE      = 0x40
	IFA_F_PERMANENT      = 0x80
	IFA_F_MANAGETEMPADDR = 0x100
	IFA_F_NOPREFIXROUTE  = 0x200
	IFA_F_MCAUTOJOIN     = 0x400
	IFA_F_STABLE_PRIVACY = 0x800
)

// INFINITY_LIFE_TIME is the lifetime that never ends (net/addrconf.h).
const INFINITY_LIFE_TIME = 0xffffffff
