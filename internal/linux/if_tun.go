package linux

// linux/if_tun.h: the /dev/net/tun ioctls and the ifr_flags of TUNSETIFF.
const (
	TUNSETIFF     = 0x400454ca
	TUNSETPERSIST = 0x400454cb
	TUNSETOWNER   = 0x400454cc
	TUNSETGROUP   = 0x400454ce

	IFF_TUN         = 0x0001
	IFF_TAP         = 0x0002
	IFF_NO_PI       = 0x1000
	IFF_ONE_QUEUE   = 0x2000
	IFF_VNET_HDR    = 0x4000
	IFF_TUN_EXCL    = 0x8000
	IFF_MULTI_QUEUE = 0x0100
)
