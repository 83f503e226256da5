package backend_bsd

// msgKind is a routing-socket message type, the same on every kernel;
// layout.msgType maps each kernel's rtm_type codes onto it.
type msgKind uint8

// message types.
const (
	msgOther      msgKind = iota // a type this package does not act on
	msgAdd                       // RTM_ADD
	msgDelete                    // RTM_DELETE
	msgChange                    // RTM_CHANGE
	msgGet                       // RTM_GET
	msgMiss                      // RTM_MISS, RTM_LOSING, RTM_REDIRECT, RTM_RESOLVE, RTM_LOCK
	msgNewAddr                   // RTM_NEWADDR
	msgDelAddr                   // RTM_DELADDR
	msgChgAddr                   // NetBSD RTM_CHGADDR, OpenBSD RTM_CHGADDRATTR
	msgIfInfo                    // RTM_IFINFO
	msgIfAnnounce                // RTM_IFANNOUNCE
	msgDesync                    // OpenBSD RTM_DESYNC
	msgLLInfoUpd                 // NetBSD RTM_LLINFO_UPD
)

// message type codes common to every kernel (net/route.h).
const (
	rtmAdd      = 0x1
	rtmDelete   = 0x2
	rtmChange   = 0x3
	rtmGet      = 0x4
	rtmLosing   = 0x5
	rtmRedirect = 0x6
	rtmMiss     = 0x7
	rtmLock     = 0x8
	rtmResolve  = 0xb
)

// msgFormat says which header a message type uses.
type msgFormat uint8

const (
	formatNone msgFormat = iota
	formatRoute
	formatAddr
	formatAddrOld // NetBSD's pre-8.0 ifa_msghdr (RTM_ONEWADDR...)
	formatIf
	formatAnnounce
)

// msgType maps a kernel's rtm_type code to a MsgType and the header
// format that follows it.
func (l layout) msgType(code uint8) (msgKind, msgFormat) {
	switch code {
	case rtmAdd:
		return msgAdd, formatRoute
	case rtmDelete:
		return msgDelete, formatRoute
	case rtmChange:
		return msgChange, formatRoute
	case rtmGet:
		return msgGet, formatRoute
	case rtmLosing, rtmRedirect, rtmMiss, rtmResolve:
		return msgMiss, formatRoute
	case rtmLock:
		if l.OS != osOpenBSD {
			return msgMiss, formatRoute
		}
		return msgOther, formatNone
	}
	switch l.OS {
	case osNetBSD:
		// NetBSD sys/net/route.h (1.114): the 8.0 ifa_msghdr got new
		// codes and the old ones stay as RTM_O*.
		switch code {
		case 0xc:
			return msgNewAddr, formatAddrOld
		case 0xd:
			return msgDelAddr, formatAddrOld
		case 0x15:
			return msgChgAddr, formatAddrOld
		case 0x10:
			return msgIfAnnounce, formatAnnounce
		case 0x13:
			return msgLLInfoUpd, formatNone
		case 0x14:
			return msgIfInfo, formatIf
		case 0x16:
			return msgNewAddr, formatAddr
		case 0x17:
			return msgDelAddr, formatAddr
		case 0x18:
			return msgChgAddr, formatAddr
		}
	case osOpenBSD:
		// OpenBSD sys/net/route.h.
		switch code {
		case 0xc:
			return msgNewAddr, formatAddr
		case 0xd:
			return msgDelAddr, formatAddr
		case 0xe:
			return msgIfInfo, formatIf
		case 0xf:
			return msgIfAnnounce, formatAnnounce
		case 0x10:
			return msgDesync, formatNone
		case 0x14:
			return msgChgAddr, formatAddr
		}
	default:
		// FreeBSD, DragonFly and Darwin sys/net/route.h; Darwin has no
		// RTM_IFANNOUNCE (0x11 is unused there).
		switch code {
		case 0xc:
			return msgNewAddr, formatAddr
		case 0xd:
			return msgDelAddr, formatAddr
		case 0xe:
			return msgIfInfo, formatIf
		case 0x11:
			if l.OS != osDarwin {
				return msgIfAnnounce, formatAnnounce
			}
		}
	}
	return msgOther, formatNone
}

// msgCode is the inverse of msgType for the route requests this package
// writes.
func (l layout) msgCode(t msgKind) uint8 {
	switch t {
	case msgAdd:
		return rtmAdd
	case msgDelete:
		return rtmDelete
	case msgChange:
		return rtmChange
	case msgGet:
		return rtmGet
	}
	return 0
}
