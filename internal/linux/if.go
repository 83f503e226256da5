package linux

// linux/if.h: interface flags (IFF_*).
const (
	IFF_UP          = 0x1
	IFF_BROADCAST   = 0x2
	IFF_DEBUG       = 0x4
	IFF_LOOPBACK    = 0x8
	IFF_POINTOPOINT = 0x10
	IFF_NOTRAILERS  = 0x20
	IFF_RUNNING     = 0x40
	IFF_NOARP       = 0x80
	IFF_PROMISC     = 0x100
	IFF_ALLMULTI    = 0x200
	IFF_MASTER      = 0x400
	IFF_SLAVE       = 0x800
	IFF_MULTICAST   = 0x1000
	IFF_PORTSEL     = 0x2000
	IFF_AUTOMEDIA   = 0x4000
	IFF_DYNAMIC     = 0x8000
	IFF_LOWER_UP    = 0x10000
	IFF_DORMANT     = 0x20000
	IFF_ECHO        = 0x40000
)

// linux/if.h: operational states (RFC 2863, IF_OPER_*).
const (
	IF_OPER_UNKNOWN        = 0
	IF_OPER_NOTPRESENT     = 1
	IF_OPER_DOWN           = 2
	IF_OPER_LOWERLAYERDOWN = 3
	IF_OPER_TESTING        = 4
	IF_OPER_DORMANT        = 5
	IF_OPER_UP             = 6
)

// linux/if.h: link modes (IF_LINK_MODE_*).
const (
	IF_LINK_MODE_DEFAULT = 0
	IF_LINK_MODE_DORMANT = 1
	IF_LINK_MODE_TESTING = 2
)

// linux/if.h: name and alias sizes, counting the terminating NUL.
const (
	IFNAMSIZ     = 16
	IFALIASZ     = 256
	MAX_ADDR_LEN = 32 // linux/netdevice.h: longest hardware address
)
