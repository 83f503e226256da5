package linux

// linux/if_arp.h: hardware types (ARPHRD_*).
const (
	ARPHRD_ETHER      = 1
	ARPHRD_IEEE802    = 6
	ARPHRD_ATM        = 19
	ARPHRD_IEEE1394   = 24
	ARPHRD_INFINIBAND = 32
	ARPHRD_SLIP       = 256
	ARPHRD_PPP        = 512
	ARPHRD_TUNNEL     = 768
	ARPHRD_TUNNEL6    = 769
	ARPHRD_LOOPBACK   = 772
	ARPHRD_FDDI       = 774
	ARPHRD_SIT        = 776
	ARPHRD_IPGRE      = 778
	ARPHRD_IEEE80211  = 801
	ARPHRD_NONE       = 0xfffe
	ARPHRD_VOID       = 0xffff
)
