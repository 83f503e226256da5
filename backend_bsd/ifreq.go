package backend_bsd

import (
	"net/netip"
)

// ioctl request numbers are built as sys/ioccom.h does: direction, the
// argument's size, the group letter and the number.
const (
	iocIn    = 0x80000000
	iocInOut = 0xc0000000
)

func iow(group byte, num uint8, size int) uint32 {
	return iocIn | uint32(size&0x1fff)<<16 | uint32(group)<<8 | uint32(num)
}

func iowr(group byte, num uint8, size int) uint32 {
	return iocInOut | uint32(size&0x1fff)<<16 | uint32(group)<<8 | uint32(num)
}

// ioctlSet are the interface ioctl request numbers of a kernel and the
// sizes of the structures they take (64-bit kernels).
type ioctlSet struct {
	IfreqSize        int // struct ifreq: 32, NetBSD 144 (its union holds a sockaddr_storage)
	AliasReqSize     int // struct ifaliasreq / in_aliasreq
	In6AliasReqSize  int // struct in6_aliasreq
	In6IfreqSize     int // struct in6_ifreq
	SetFlags         uint32
	GetFlags         uint32
	SetMTU           uint32
	AddAddr          uint32 // SIOCAIFADDR
	DelAddr          uint32 // SIOCDIFADDR
	AddAddr6         uint32 // SIOCAIFADDR_IN6
	DelAddr6         uint32 // SIOCDIFADDR_IN6
	GetAddrFlags6    uint32 // SIOCGIFAFLAG_IN6
	MediaReqSize     int    // struct ifmediareq
	MediaStatusOff   int    // ifm_status in struct ifmediareq
	MediaStatusSize  int
	GetMedia         uint32 // SIOCGIFMEDIA
	FlagsHighInIfreq bool   // FreeBSD's ifr_flagshigh holds if_flags' upper 16 bits
}

// ioctlSet gives the kernel's interface ioctls (sys/sockio.h and
// netinet6/in6_var.h of each).
func (l layout) Ioctls() ioctlSet {
	io := ioctlSet{IfreqSize: 32, AliasReqSize: 64, In6AliasReqSize: 128, In6IfreqSize: 288}
	mtuNum := uint8(52)
	add6 := uint8(26)
	switch l.OS {
	case osFreeBSD:
		// FreeBSD 10 and later: SIOCAIFADDR is _IOW('i', 43) with
		// ifra_vhid (26 is OSIOCAIFADDR of FreeBSD 9), SIOCAIFADDR_IN6
		// is 27 with ifra_vhid too.
		io.AliasReqSize, io.In6AliasReqSize, add6 = 68, 136, 27
		io.FlagsHighInIfreq = true
	case osNetBSD:
		io.IfreqSize, mtuNum, add6 = 144, 127, 107
	case osOpenBSD:
		mtuNum = 127
	}
	io.SetFlags = iow('i', 16, io.IfreqSize)
	io.GetFlags = iowr('i', 17, io.IfreqSize)
	io.SetMTU = iow('i', mtuNum, io.IfreqSize)
	io.DelAddr = iow('i', 25, io.IfreqSize)
	if l.OS == osFreeBSD {
		io.AddAddr = iow('i', 43, io.AliasReqSize)
	} else {
		io.AddAddr = iow('i', 26, io.AliasReqSize)
	}
	io.AddAddr6 = iow('i', add6, io.In6AliasReqSize)
	io.DelAddr6 = iow('i', 25, io.In6IfreqSize)
	io.GetAddrFlags6 = iowr('i', 73, io.In6IfreqSize)
	// struct ifmediareq (net/if_media.h, sys/sockio.h): name, then int
	// ifm_current, mask, status, active, count, then the ifm_ulist
	// pointer; 48 bytes on 64-bit kernels, 40 on 32-bit ones, 44 on
	// Darwin (#pragma pack(4)). OpenBSD's ifm_current, mask, status and
	// active are uint64_t (64 bytes, 56 on 32-bit). NetBSD numbers it
	// 54, the others 56.
	io.MediaStatusOff, io.MediaStatusSize = 24, 4
	mediaNum := uint8(56)
	switch {
	case l.OS == osDarwin:
		io.MediaReqSize = 44
	case l.OS == osOpenBSD:
		io.MediaStatusOff, io.MediaStatusSize = 32, 8
		io.MediaReqSize = 52 + l.WordSize
		if l.WordSize == 8 {
			io.MediaReqSize = 64
		}
	default:
		io.MediaReqSize = 40 + 2*(l.WordSize-4)
	}
	if l.OS == osNetBSD {
		mediaNum = 54
	}
	io.GetMedia = iowr('i', mediaNum, io.MediaReqSize)
	return io
}

// ifreq writes a struct ifreq: the name, then the union at 16.
func (io ioctlSet) ifreq(name string) []byte {
	b := make([]byte, io.IfreqSize)
	copy(b[:15], name)
	return b
}

// FlagsReq is a struct ifreq for SIOCSIFFLAGS carrying if_flags.
func (io ioctlSet) FlagsReq(name string, flags uint32) []byte {
	b := io.ifreq(name)
	nativePut16(b[16:], uint16(flags))
	if io.FlagsHighInIfreq {
		nativePut16(b[18:], uint16(flags>>16))
	}
	return b
}

// FlagsOf reads if_flags back from a struct ifreq SIOCGIFFLAGS filled.
func (io ioctlSet) FlagsOf(b []byte) uint32 {
	if len(b) < 20 {
		return 0
	}
	f := uint32(u16(b, 16))
	if io.FlagsHighInIfreq {
		f |= uint32(u16(b, 18)) << 16
	}
	return f
}

// MTUReq is a struct ifreq for SIOCSIFMTU (ifr_mtu, an int at 16).
func (io ioctlSet) MTUReq(name string, mtu uint32) []byte {
	b := io.ifreq(name)
	nativePut32(b[16:], mtu)
	return b
}

// sockaddrIn writes a struct sockaddr_in into b.
func sockaddrIn(b []byte, a netip.Addr) {
	b[0], b[1] = sinLen, afInet
	v := a.As4()
	copy(b[sinAddrOff:sinAddrOff+4], v[:])
}

// sockaddrIn6 writes a struct sockaddr_in6 into b, the zone as
// sin6_scope_id.
func (l layout) sockaddrIn6(b []byte, a netip.Addr, zone uint32) {
	b[0], b[1] = sin6Len, l.AFInet6
	v := a.As16()
	copy(b[sin6AddrOff:sin6AddrOff+16], v[:])
	nativePut32(b[sin6ScopeOff:], zone)
}

// maskBytes gives a netmask of bits ones.
func maskBytes(size, bits int) []byte {
	b := make([]byte, size)
	fillMask(b, bits)
	return b
}

// DelAddrReq is a struct ifreq holding the IPv4 address to delete.
func (io ioctlSet) DelAddrReq(name string, a netip.Addr) []byte {
	b := io.ifreq(name)
	sockaddrIn(b[16:], a)
	return b
}

// AddAddrReq is a struct ifaliasreq (in_aliasreq): name, address,
// broadcast or point-to-point destination, netmask, and on FreeBSD
// ifra_vhid 0.
func (io ioctlSet) AddAddrReq(name string, p netip.Prefix, dst netip.Addr) []byte {
	b := make([]byte, io.AliasReqSize)
	copy(b[:15], name)
	sockaddrIn(b[16:], p.Addr())
	if dst.IsValid() && dst.Is4() {
		sockaddrIn(b[32:], dst)
	}
	m := b[48:64]
	m[0], m[1] = 16, afInet
	copy(m[4:8], maskBytes(4, p.Bits()))
	return b
}

// ND6_INFINITE_LIFETIME (netinet6/nd6.h).
const nd6Infinite = 0xffffffff

// AddAddr6Req is a struct in6_aliasreq: name, address, destination,
// prefix mask (sockaddr_in6 each), flags, a lifetime with infinite
// valid and preferred times, and on FreeBSD ifra_vhid 0.
func (l layout) AddAddr6Req(name string, p netip.Prefix, dst netip.Addr, zone uint32) []byte {
	io := l.Ioctls()
	b := make([]byte, io.In6AliasReqSize)
	copy(b[:15], name)
	l.sockaddrIn6(b[16:], p.Addr(), zone)
	if dst.IsValid() && dst.Is6() {
		l.sockaddrIn6(b[44:], dst, zone)
	}
	m := b[72:100]
	m[0], m[1] = 28, l.AFInet6
	copy(m[8:24], maskBytes(16, p.Bits()))
	// in6_addrlifetime at 104: time_t expire, preferred; u_int32_t
	// vltime, pltime.
	nativePut32(b[120:], nd6Infinite)
	nativePut32(b[124:], nd6Infinite)
	return b
}

// In6Ifreq is a struct in6_ifreq holding an IPv6 address, for
// SIOCDIFADDR_IN6 and SIOCGIFAFLAG_IN6.
func (l layout) In6Ifreq(name string, a netip.Addr, zone uint32) []byte {
	b := make([]byte, l.Ioctls().In6IfreqSize)
	copy(b[:15], name)
	l.sockaddrIn6(b[16:], a, zone)
	return b
}

// addrFlags6Of reads ifru_flags6 (an int at 16) from a struct in6_ifreq
// SIOCGIFAFLAG_IN6 filled.
func addrFlags6Of(b []byte) uint32 {
	if len(b) < 20 {
		return 0
	}
	return u32(b, 16)
}

// MediaReq is a struct ifmediareq for SIOCGIFMEDIA with no media list.
func (io ioctlSet) MediaReq(name string) []byte {
	b := make([]byte, io.MediaReqSize)
	copy(b[:15], name)
	return b
}

// Media status bits (net/if_media.h).
const (
	ifmAvalid = 0x1
	ifmActive = 0x2
)

// mediaLinkState reads ifm_status of a struct ifmediareq
// SIOCGIFMEDIA filled; ok is false when the status is not valid.
func (io ioctlSet) mediaLinkState(b []byte) (linkState, bool) {
	if len(b) < io.MediaStatusOff+io.MediaStatusSize {
		return stateUnknown, false
	}
	st := uintAt(b, io.MediaStatusOff, io.MediaStatusSize)
	switch {
	case st&ifmAvalid == 0:
		return stateUnknown, false
	case st&ifmActive != 0:
		return stateUp, true
	}
	return stateDown, true
}
