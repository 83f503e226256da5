package backend_bsd

import (
	"encoding/binary"
	"net"
	"net/netip"
)

// This file builds routing messages byte by byte the way each kernel
// lays them out, with offsets written out from the C headers (and not
// taken from header.go, so that the parser is checked against an
// independent reading of the headers).

// testAlign is the sockaddr rounding of each kernel in the tests (64-bit
// kernels): sizeof(long) on FreeBSD/DragonFly/OpenBSD (SA_SIZE,
// RT_ROUNDUP), uint64_t on NetBSD (RT_ROUNDUP, net/route.h), uint32_t on
// Darwin (ROUNDUP32, xnu bsd/net/route.h).
func testAlign(o osKind) int {
	if o == osDarwin {
		return 4
	}
	return 8
}

// testAFInet6 is AF_INET6 per kernel (sys/socket.h).
func testAFInet6(o osKind) byte {
	switch o {
	case osFreeBSD, osDragonFly:
		return 28
	case osDarwin:
		return 30
	}
	return 24
}

func put(b []byte, off, size int, v uint64) {
	switch size {
	case 1:
		b[off] = byte(v)
	case 2:
		binary.NativeEndian.PutUint16(b[off:], uint16(v))
	case 4:
		binary.NativeEndian.PutUint32(b[off:], uint32(v))
	case 8:
		binary.NativeEndian.PutUint64(b[off:], v)
	}
}

// sa4 is a struct sockaddr_in (netinet/in.h): len, family, port, addr,
// zero[8].
func sa4(ip string) []byte {
	b := make([]byte, 16)
	b[0], b[1] = 16, afInet
	a := netip.MustParseAddr(ip).As4()
	copy(b[4:8], a[:])
	return b
}

// sa6 is a struct sockaddr_in6 (netinet6/in6.h): len, family, port,
// flowinfo, addr[16], scope_id. embed puts the scope in bytes 2-3 of
// the address as KAME kernels do and leaves sin6_scope_id 0.
func sa6(o osKind, ip string, scope uint32, embed bool) []byte {
	b := make([]byte, 28)
	b[0], b[1] = 28, testAFInet6(o)
	a := netip.MustParseAddr(ip).As16()
	if embed {
		a[2], a[3] = byte(scope>>8), byte(scope)
	} else {
		put(b, 24, 4, uint64(scope))
	}
	copy(b[8:24], a[:])
	return b
}

// sdl is a struct sockaddr_dl (net/if_dl.h): len, family, index(2),
// type, nlen, alen, slen, data[] (at least 12 bytes on Darwin and
// FreeBSD).
func sdl(index uint16, ift byte, name string, mac string) []byte {
	var hw []byte
	if mac != "" {
		hw, _ = net.ParseMAC(mac)
	}
	n := 8 + len(name) + len(hw)
	if n < 20 {
		n = 20
	}
	b := make([]byte, n)
	b[0], b[1] = byte(n), afLink
	put(b, 2, 2, uint64(index))
	b[4], b[5], b[6] = ift, byte(len(name)), byte(len(hw))
	copy(b[8:], name)
	copy(b[8+len(name):], hw)
	return b
}

// mask4 is an IPv4 netmask in the kernel's short form: sa_len stops
// after the last non-zero byte (0 for a /0 mask), family 0.
func mask4(bits int) []byte {
	m := net.CIDRMask(bits, 32)
	n := 4
	for i, c := range m {
		if c != 0 {
			n = 5 + i
		}
	}
	if bits == 0 {
		return []byte{0}
	}
	b := make([]byte, n)
	b[0] = byte(n)
	copy(b[4:], m[:n-4])
	return b
}

// mask6 is an IPv6 netmask as a full sockaddr_in6 (as FreeBSD writes).
func mask6(o osKind, bits int) []byte {
	b := make([]byte, 28)
	b[0], b[1] = 28, testAFInet6(o)
	copy(b[8:24], net.CIDRMask(bits, 128))
	return b
}

// sockaddrs lays sockaddrs out with the kernel's rounding.
func sockaddrs(o osKind, sas ...[]byte) []byte {
	var out []byte
	a := testAlign(o)
	for _, sa := range sas {
		n := len(sa)
		r := a
		if n > 0 {
			r = (n + a - 1) / a * a
		}
		c := make([]byte, r)
		copy(c, sa)
		out = append(out, c...)
	}
	return out
}

// rtm are the rt_msghdr fields the tests set.
type rtm struct {
	typ      byte
	index    uint16
	flags    uint32
	addrs    uint32
	errno    int32
	table    uint16
	priority byte
	expire   int64
	mtu      uint64
}

// buildRtm writes a struct rt_msghdr followed by body.
func buildRtm(o osKind, f rtm, body []byte) []byte {
	var hdr int
	switch o {
	case osFreeBSD, osDragonFly:
		hdr = 152
	case osNetBSD:
		hdr = 120
	case osDarwin:
		hdr = 92
	case osOpenBSD:
		hdr = 96
	}
	b := make([]byte, hdr+len(body))
	copy(b[hdr:], body)
	put(b, 0, 2, uint64(len(b)))
	b[2], b[3] = 5, f.typ
	switch o {
	case osFreeBSD:
		// sys/net/route.h: index@4, flags@8, addrs@12, pid@16, seq@20,
		// errno@24, fmask@28, inits@32 (u_long), rmx@40 {locks, mtu,
		// hopcount, expire, ...} of u_long.
		put(b, 4, 2, uint64(f.index))
		put(b, 8, 4, uint64(f.flags))
		put(b, 12, 4, uint64(f.addrs))
		put(b, 24, 4, uint64(f.errno))
		put(b, 48, 8, f.mtu)
		put(b, 64, 8, uint64(f.expire))
	case osDragonFly:
		// sys/net/route.h: index@4, flags@8, addrs@12, ..., errno@24,
		// use@28, inits@32, rmx@40 {locks, mtu, pksent, expire, ...}.
		b[2] = 7
		put(b, 4, 2, uint64(f.index))
		put(b, 8, 4, uint64(f.flags))
		put(b, 12, 4, uint64(f.addrs))
		put(b, 24, 4, uint64(f.errno))
		put(b, 48, 8, f.mtu)
		put(b, 64, 8, uint64(f.expire))
	case osNetBSD:
		// sys/net/route.h 1.114: index@4, flags@8, addrs@12, pid@16,
		// seq@20, errno@24, use@28, inits@32, rmx@40 {locks, mtu,
		// hopcount, recvpipe, sendpipe, ssthresh, rtt, rttvar, expire,
		// pksent}.
		b[2] = 4
		put(b, 4, 2, uint64(f.index))
		put(b, 8, 4, uint64(f.flags))
		put(b, 12, 4, uint64(f.addrs))
		put(b, 24, 4, uint64(f.errno))
		put(b, 48, 8, f.mtu)
		put(b, 104, 8, uint64(f.expire))
	case osDarwin:
		// xnu bsd/net/route.h: index@4, flags@8, addrs@12, ...,
		// errno@24, use@28, inits@32, rmx@36 {locks, mtu, hopcount,
		// expire (int32), ...}.
		put(b, 4, 2, uint64(f.index))
		put(b, 8, 4, uint64(f.flags))
		put(b, 12, 4, uint64(f.addrs))
		put(b, 24, 4, uint64(f.errno))
		put(b, 40, 4, f.mtu)
		put(b, 48, 4, uint64(f.expire))
	case osOpenBSD:
		// sys/net/route.h: hdrlen@4, index@6, tableid@8, priority@10,
		// mpls@11, addrs@12, flags@16, fmask@20, pid@24, seq@28,
		// errno@32, inits@36, rmx@40 {pksent u64, expire i64, locks,
		// mtu, ...}.
		put(b, 4, 2, uint64(hdr))
		put(b, 6, 2, uint64(f.index))
		put(b, 8, 2, uint64(f.table))
		b[10] = f.priority
		put(b, 12, 4, uint64(f.addrs))
		put(b, 16, 4, uint64(f.flags))
		put(b, 32, 4, uint64(f.errno))
		put(b, 48, 8, uint64(f.expire))
		put(b, 60, 4, f.mtu)
	}
	return b
}

// ifm are the if_msghdr and if_data fields the tests set.
type ifm struct {
	index     uint16
	flags     uint32
	addrs     uint32
	ift       byte
	linkState uint64
	mtu       uint64
	ipackets  uint64
	obytes    uint64
	table     uint16
}

// ifinfoCode is RTM_IFINFO per kernel.
func ifinfoCode(o osKind) byte {
	if o == osNetBSD {
		return 0x14
	}
	return 0xe
}

// buildIfm writes a struct if_msghdr (RTM_IFINFO) followed by body.
func buildIfm(o osKind, f ifm, body []byte) []byte {
	var hdr int
	switch o {
	case osFreeBSD, osOpenBSD:
		hdr = 168
	case osDragonFly:
		hdr = 176
	case osNetBSD:
		hdr = 152
	case osDarwin:
		hdr = 112
	}
	b := make([]byte, hdr+len(body))
	copy(b[hdr:], body)
	put(b, 0, 2, uint64(len(b)))
	b[2], b[3] = 5, ifinfoCode(o)
	switch o {
	case osFreeBSD:
		// net/if.h: addrs@4, flags@8, index@12, if_data@16 {type,
		// physical, addrlen, hdrlen, link_state, vhid, datalen(2),
		// mtu(4)@8, metric(4), baudrate(8)@16, ipackets@24, ierrors,
		// opackets, oerrors, collisions, ibytes, obytes@72, ...}.
		put(b, 4, 4, uint64(f.addrs))
		put(b, 8, 4, uint64(f.flags))
		put(b, 12, 2, uint64(f.index))
		b[16], b[18], b[20] = f.ift, 6, byte(f.linkState)
		put(b, 22, 2, 152)
		put(b, 24, 4, f.mtu)
		put(b, 40, 8, f.ipackets)
		put(b, 16+72, 8, f.obytes)
	case osDragonFly:
		// net/if.h: index@4, flags@8, addrs@12, if_data@16 {type,
		// physical, addrlen, hdrlen, recvquota, xmitquota, mtu(8)@8,
		// metric@16, link_state@24, baudrate@32, ipackets@40, ierrors,
		// opackets, oerrors, collisions, ibytes, obytes@88, ...}.
		b[2] = 7
		put(b, 4, 2, uint64(f.index))
		put(b, 8, 4, uint64(f.flags))
		put(b, 12, 4, uint64(f.addrs))
		b[16], b[18] = f.ift, 6
		put(b, 24, 8, f.mtu)
		put(b, 40, 8, f.linkState)
		put(b, 56, 8, f.ipackets)
		put(b, 16+88, 8, f.obytes)
	case osNetBSD:
		// net/if.h: addrs@4, flags@8, index@12, if_data@16 {type,
		// addrlen, hdrlen, link_state(int)@4, mtu(8)@8, metric@16,
		// baudrate@24, ipackets@32, ierrors, opackets, oerrors,
		// collisions, ibytes, obytes@80, ...}.
		b[2] = 4
		put(b, 4, 4, uint64(f.addrs))
		put(b, 8, 4, uint64(f.flags))
		put(b, 12, 2, uint64(f.index))
		b[16], b[17] = f.ift, 6
		put(b, 20, 4, f.linkState)
		put(b, 24, 8, f.mtu)
		put(b, 48, 8, f.ipackets)
		put(b, 16+80, 8, f.obytes)
	case osDarwin:
		// xnu net/if.h: addrs@4, flags@8, index@12, if_data@16 {type,
		// typelen, physical, addrlen, hdrlen, recvquota, xmitquota,
		// unused1, mtu(4)@8, metric, baudrate, ipackets@20, ierrors,
		// opackets, oerrors, collisions, ibytes, obytes@44, ...}.
		put(b, 4, 4, uint64(f.addrs))
		put(b, 8, 4, uint64(f.flags))
		put(b, 12, 2, uint64(f.index))
		b[16], b[19] = f.ift, 6
		put(b, 24, 4, f.mtu)
		put(b, 36, 4, f.ipackets)
		put(b, 16+44, 4, f.obytes)
	case osOpenBSD:
		// net/if.h: hdrlen@4, index@6, tableid@8, pad1, pad2,
		// addrs@12, flags@16, xflags@20, if_data@24 {type, addrlen,
		// hdrlen, link_state, mtu(4)@4, metric, rdomain,
		// baudrate(8)@16, ipackets@24, ierrors, opackets, oerrors,
		// collisions, ibytes, obytes@72, ...}.
		put(b, 4, 2, uint64(hdr))
		put(b, 6, 2, uint64(f.index))
		put(b, 8, 2, uint64(f.table))
		put(b, 12, 4, uint64(f.addrs))
		put(b, 16, 4, uint64(f.flags))
		b[24], b[25], b[27] = f.ift, 6, byte(f.linkState)
		put(b, 28, 4, f.mtu)
		put(b, 48, 8, f.ipackets)
		put(b, 24+72, 8, f.obytes)
	}
	return b
}

// ifam are the ifa_msghdr fields the tests set.
type ifam struct {
	typ       byte // RTM_NEWADDR etc. as the kernel numbers it
	index     uint16
	flags     uint32
	addrs     uint32
	addrflags uint32
	table     uint16
}

// newaddrCode is RTM_NEWADDR (and deladdr is +1) per kernel: NetBSD 8
// renumbered it (RTM_ONEWADDR stays 0xc).
func newaddrCode(o osKind) byte {
	if o == osNetBSD {
		return 0x16
	}
	return 0xc
}

// buildIfam writes a struct ifa_msghdr followed by body.
func buildIfam(o osKind, f ifam, body []byte) []byte {
	var hdr int
	switch {
	case o == osFreeBSD || o == osDarwin:
		hdr = 20
	case o == osNetBSD && f.typ >= 0x16:
		hdr = 32
	default:
		hdr = 24
	}
	b := make([]byte, hdr+len(body))
	copy(b[hdr:], body)
	put(b, 0, 2, uint64(len(b)))
	b[2], b[3] = 5, f.typ
	switch {
	case o == osFreeBSD || o == osDarwin:
		// addrs@4, flags@8, index@12, metric@16.
		put(b, 4, 4, uint64(f.addrs))
		put(b, 8, 4, uint64(f.flags))
		put(b, 12, 2, uint64(f.index))
	case o == osDragonFly:
		// DragonFly 5.8: index@4, flags@8, addrs@12, addrflags@16,
		// metric@20.
		b[2] = 7
		put(b, 4, 2, uint64(f.index))
		put(b, 8, 4, uint64(f.flags))
		put(b, 12, 4, uint64(f.addrs))
		put(b, 16, 4, uint64(f.addrflags))
	case o == osNetBSD && f.typ >= 0x16:
		// NetBSD 8: index@4, flags@8, addrs@12, pid@16, addrflags@20,
		// metric@24.
		b[2] = 4
		put(b, 4, 2, uint64(f.index))
		put(b, 8, 4, uint64(f.flags))
		put(b, 12, 4, uint64(f.addrs))
		put(b, 20, 4, uint64(f.addrflags))
	case o == osNetBSD:
		// NetBSD before 8 (RTM_ONEWADDR): addrs@4, flags@8, metric@12,
		// index@16.
		b[2] = 4
		put(b, 4, 4, uint64(f.addrs))
		put(b, 8, 4, uint64(f.flags))
		put(b, 16, 2, uint64(f.index))
	case o == osOpenBSD:
		// hdrlen@4, index@6, tableid@8, pad1, pad2, addrs@12,
		// flags@16, metric@20.
		put(b, 4, 2, uint64(hdr))
		put(b, 6, 2, uint64(f.index))
		put(b, 8, 2, uint64(f.table))
		put(b, 12, 4, uint64(f.addrs))
		put(b, 16, 4, uint64(f.flags))
	}
	return b
}

// announceCode is RTM_IFANNOUNCE per kernel (Darwin has none).
func announceCode(o osKind) byte {
	switch o {
	case osNetBSD:
		return 0x10
	case osOpenBSD:
		return 0xf
	}
	return 0x11
}

// buildAnnounce writes a struct if_announcemsghdr.
func buildAnnounce(o osKind, index uint16, name string, departure bool) []byte {
	what := uint64(0)
	if departure {
		what = 1
	}
	if o == osOpenBSD {
		// hdrlen@4, index@6, what@8, name@10.
		b := make([]byte, 26)
		put(b, 0, 2, 26)
		b[2], b[3] = 5, announceCode(o)
		put(b, 4, 2, 26)
		put(b, 6, 2, uint64(index))
		put(b, 8, 2, what)
		copy(b[10:26], name)
		return b
	}
	// index@4, name@6, what@22.
	b := make([]byte, 24)
	put(b, 0, 2, 24)
	b[2], b[3] = 5, announceCode(o)
	put(b, 4, 2, uint64(index))
	copy(b[6:22], name)
	put(b, 22, 2, what)
	return b
}

// allOS lists the kernels every table-driven test runs for.
func allOS() []osKind { return []osKind{osFreeBSD, osOpenBSD, osNetBSD, osDragonFly, osDarwin} }

// Bits of rtm_addrs (net/route.h RTA_*).
const (
	rtaDst     = 0x1
	rtaGateway = 0x2
	rtaNetmask = 0x4
	rtaIFP     = 0x10
	rtaIFA     = 0x20
	rtaBrd     = 0x80
)
