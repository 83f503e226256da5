package backend_windows

// Linux's RTNL numbers. The translation emits these on Windows too: RTNL
// is Linux's protocol wherever it is spoken, so nothing here may come from
// the host's headers.

// Address families (linux/socket.h).
const (
	afUnspec = 0
	afInet   = 2
	afInet6  = 10
)

// Hardware types (linux/if_arp.h ARPHRD_*).
const (
	arphrdEther    = 1
	arphrdIEEE802  = 6
	arphrdATM      = 19
	arphrdIEEE1394 = 24
	arphrdPPP      = 512
	arphrdLoopback = 772
	arphrdNone     = 0xfffe
)

// Interface flags (linux/if.h IFF_*).
const (
	iffUp           = 1 << 0
	iffBroadcast    = 1 << 1
	iffLoopback     = 1 << 3
	iffPointToPoint = 1 << 4
	iffRunning      = 1 << 6
	iffNoARP        = 1 << 7
	iffMulticast    = 1 << 12
	iffLowerUp      = 1 << 16
	iffDormant      = 1 << 17
)

// Operational states (linux/if.h IF_OPER_*).
const (
	ifOperUnknown        = 0
	ifOperNotPresent     = 1
	ifOperDown           = 2
	ifOperLowerLayerDown = 3
	ifOperTesting        = 4
	ifOperDormant        = 5
	ifOperUp             = 6
)

// Address flags (linux/if_addr.h IFA_F_*).
const (
	ifaFSecondary  = 0x01 // IFA_F_TEMPORARY for IPv6
	ifaFDADFailed  = 0x08
	ifaFDeprecated = 0x20
	ifaFTentative  = 0x40
	ifaFPermanent  = 0x80
)

// Scopes (linux/rtnetlink.h RT_SCOPE_*).
const (
	rtScopeUniverse = 0
	rtScopeLink     = 253
	rtScopeHost     = 254
)

// Route tables, types and protocols (linux/rtnetlink.h).
const (
	rtTableMain  = 254
	rtTableLocal = 255

	rtnUnicast   = 1
	rtnLocal     = 2
	rtnBroadcast = 3
	rtnMulticast = 5

	rtprotUnspec   = 0
	rtprotRedirect = 1
	rtprotKernel   = 2
	rtprotBoot     = 3
	rtprotStatic   = 4
	rtprotRA       = 9
	rtprotDHCP     = 16
	rtprotBGP      = 186
	rtprotISIS     = 187
	rtprotOSPF     = 188
	rtprotRIP      = 189
	rtprotEIGRP    = 192
)

// Neighbour states and flags (linux/neighbour.h NUD_*, NTF_*).
const (
	nudIncomplete = 0x01
	nudReachable  = 0x02
	nudStale      = 0x04
	nudDelay      = 0x08
	nudProbe      = 0x10
	nudFailed     = 0x20
	nudPermanent  = 0x80

	ntfRouter = 0x80
)
