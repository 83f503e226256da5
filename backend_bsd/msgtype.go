package backend_bsd

// MsgType is a routing-socket message type, the same on every kernel;
// [Layout.msgType] maps each kernel's rtm_type codes onto it.
type MsgType uint8

// Message types.
const (
	MsgOther      MsgType = iota // a type this package does not act on
	MsgAdd                       // RTM_ADD
	MsgDelete                    // RTM_DELETE
	MsgChange                    // RTM_CHANGE
	MsgGet                       // RTM_GET
	MsgMiss                      // RTM_MISS, RTM_LOSING, RTM_REDIRECT, RTM_RESOLVE, RTM_LOCK
	MsgNewAddr                   // RTM_NEWADDR
	MsgDelAddr                   // RTM_DELADDR
	MsgChgAddr                   // NetBSD RTM_CHGADDR, OpenBSD RTM_CHGADDRATTR
	MsgIfInfo                    // RTM_IFINFO
	MsgIfAnnounce                // RTM_IFANNOUNCE
	MsgDesync                    // OpenBSD RTM_DESYNC
	MsgLLInfoUpd                 // NetBSD RTM_LLINFO_UPD
)

// Message type codes common to every kernel (net/route.h).
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
func (l Layout) msgType(code uint8) (MsgType, msgFormat) {
	switch code {
	case rtmAdd:
		return MsgAdd, formatRoute
	case rtmDelete:
		return MsgDelete, formatRoute
	case rtmChange:
		return MsgChange, formatRoute
	case rtmGet:
		return MsgGet, formatRoute
	case rtmLosing, rtmRedirect, rtmMiss, rtmResolve:
		return MsgMiss, formatRoute
	case rtmLock:
		if l.OS != OpenBSD {
			return MsgMiss, formatRoute
		}
		return MsgOther, formatNone
	}
	switch l.OS {
	case NetBSD:
		// NetBSD sys/net/route.h (1.114): the 8.0 ifa_msghdr got new
		// codes and the old ones stay as RTM_O*.
		switch code {
		case 0xc:
			return MsgNewAddr, formatAddrOld
		case 0xd:
			return MsgDelAddr, formatAddrOld
		case 0x15:
			return MsgChgAddr, formatAddrOld
		case 0x10:
			return MsgIfAnnounce, formatAnnounce
		case 0x13:
			return MsgLLInfoUpd, formatNone
		case 0x14:
			return MsgIfInfo, formatIf
		case 0x16:
			return MsgNewAddr, formatAddr
		case 0x17:
			return MsgDelAddr, formatAddr
		case 0x18:
			return MsgChgAddr, formatAddr
		}
	case OpenBSD:
		// OpenBSD sys/net/route.h.
		switch code {
		case 0xc:
			return MsgNewAddr, formatAddr
		case 0xd:
			return MsgDelAddr, formatAddr
		case 0xe:
			return MsgIfInfo, formatIf
		case 0xf:
			return MsgIfAnnounce, formatAnnounce
		case 0x10:
			return MsgDesync, formatNone
		case 0x14:
			return MsgChgAddr, formatAddr
		}
	default:
		// FreeBSD, DragonFly and Darwin sys/net/route.h; Darwin has no
		// RTM_IFANNOUNCE (0x11 is unused there).
		switch code {
		case 0xc:
			return MsgNewAddr, formatAddr
		case 0xd:
			return MsgDelAddr, formatAddr
		case 0xe:
			return MsgIfInfo, formatIf
		case 0x11:
			if l.OS != Darwin {
				return MsgIfAnnounce, formatAnnounce
			}
		}
	}
	return MsgOther, formatNone
}

// msgCode is the inverse of msgType for the route requests this package
// writes.
func (l Layout) msgCode(t MsgType) uint8 {
	switch t {
	case MsgAdd:
		return rtmAdd
	case MsgDelete:
		return rtmDelete
	case MsgChange:
		return rtmChange
	case MsgGet:
		return rtmGet
	}
	return 0
}
