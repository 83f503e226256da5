package backend_bsd

// Offsets of header fields, per kernel. Each comes from the kernel's
// struct definition, cited where it is built; -1 marks a field the
// kernel does not have.

// rtHeader locates struct rt_msghdr's fields.
type rtHeader struct {
	hdrlen              int // offset of OpenBSD's rtm_hdrlen, else -1
	size                int // the header size where hdrlen is -1
	index, flags, addrs int
	pid, seq, errno     int
	table, priority     int // OpenBSD rtm_tableid, rtm_priority
	mtu, mtuSize        int // rmx_mtu
	expire, expireSize  int // rmx_expire
}

func (l layout) rtHeader() rtHeader {
	switch l.OS {
	case osOpenBSD:
		// OpenBSD sys/net/route.h: struct rt_msghdr { u_short msglen;
		// u_char version, type; u_short hdrlen, index, tableid;
		// u_char priority, mpls; int addrs, flags, fmask; pid_t pid;
		// int seq, errno; u_int inits; struct rt_metrics rmx; } with
		// rt_metrics { u_int64_t pksent; int64_t expire; u_int locks,
		// mtu, ... }.
		return rtHeader{hdrlen: 4, size: 96, index: 6, table: 8, priority: 10, addrs: 12, flags: 16,
			pid: 24, seq: 28, errno: 32, expire: 48, expireSize: 8, mtu: 60, mtuSize: 4}
	case osNetBSD:
		// NetBSD sys/net/route.h 1.114: rt_msghdr (64-bit aligned) {
		// u_short msglen; u_char version, type; u_short index; int
		// flags, addrs; pid_t pid; int seq, errno, use, inits; struct
		// rt_metrics rmx (at 40) } with rt_metrics { uint64_t locks,
		// mtu, hopcount, recvpipe, sendpipe, ssthresh, rtt, rttvar;
		// time_t expire, pksent }.
		return rtHeader{hdrlen: -1, size: 120, index: 4, flags: 8, addrs: 12, pid: 16, seq: 20, errno: 24,
			table: -1, priority: -1, mtu: 48, mtuSize: 8, expire: 104, expireSize: 8}
	case osDarwin:
		// xnu bsd/net/route.h: rt_msghdr { u_short msglen; u_char
		// version, type; u_short index; int flags, addrs; pid_t pid;
		// int seq, errno, use; u_int32_t inits; struct rt_metrics rmx
		// (at 36) } with rt_metrics { u_int32_t locks, mtu, hopcount;
		// int32_t expire; ... 14 words }.
		return rtHeader{hdrlen: -1, size: 92, index: 4, flags: 8, addrs: 12, pid: 16, seq: 20, errno: 24,
			table: -1, priority: -1, mtu: 40, mtuSize: 4, expire: 48, expireSize: 4}
	case osDragonFly:
		// DragonFly sys/net/route.h: rt_msghdr { u_short msglen;
		// u_char version, type; u_short index; int flags, addrs; pid_t
		// pid; int seq, errno, use; u_long inits; struct rt_metrics rmx
		// (at 40) } with rt_metrics { u_long locks, mtu, pksent, expire,
		// ... }.
		return rtHeader{hdrlen: -1, size: 152, index: 4, flags: 8, addrs: 12, pid: 16, seq: 20, errno: 24,
			table: -1, priority: -1, mtu: 48, mtuSize: 8, expire: 64, expireSize: 8}
	default:
		// FreeBSD sys/net/route.h: rt_msghdr { u_short msglen; u_char
		// version, type; u_short index; u_short _spare1; int flags,
		// addrs; pid_t pid; int seq, errno, fmask; u_long inits; struct
		// rt_metrics rmx } with rt_metrics { u_long locks, mtu,
		// hopcount, expire, recvpipe, sendpipe, ssthresh, rtt, rttvar,
		// pksent, weight, nhidx, filler[2] }.
		w := l.WordSize
		rmx := 32 + w
		return rtHeader{hdrlen: -1, size: rmx + 14*w, index: 4, flags: 8, addrs: 12, pid: 16, seq: 20, errno: 24,
			table: -1, priority: -1, mtu: rmx + w, mtuSize: w, expire: rmx + 3*w, expireSize: w}
	}
}

// ifHeader locates struct if_msghdr's fields and its struct if_data.
type ifHeader struct {
	hdrlen, size               int
	addrs, flags, index, table int
	data                       int // offset of if_data
	datalen                    int // FreeBSD ifi_datalen within if_data, else -1
	// Offsets within if_data.
	typ, addrlen             int
	linkState, linkStateSize int
	mtu, mtuSize             int
	metric, metricSize       int
	// counters is the offset of ifi_ipackets, the first of ten
	// counters of counterSize bytes each, in order ipackets, ierrors,
	// opackets, oerrors, collisions, ibytes, obytes, imcasts, omcasts,
	// iqdrops. oqdrops (-1 where the kernel keeps none) and noproto
	// follow at their own offsets.
	counters, counterSize int
	oqdrops, noproto      int
}

func (l layout) ifHeader() ifHeader {
	switch l.OS {
	case osOpenBSD:
		// OpenBSD net/if.h: if_msghdr { u_short msglen; u_char version,
		// type; u_short hdrlen, index, tableid; u_char pad1, pad2; int
		// addrs, flags, xflags; struct if_data data (at 24) } with
		// if_data { u_char type, addrlen, hdrlen, link_state; u_int32_t
		// mtu, metric, rdomain; u_int64_t baudrate, ipackets, ierrors,
		// opackets, oerrors, collisions, ibytes, obytes, imcasts,
		// omcasts, iqdrops, oqdrops, noproto; u_int32_t capabilities;
		// struct timeval lastchange; }: 144 bytes, but 136 on i386,
		// where a 64-bit timeval's tv_sec needs only 4-byte alignment
		// and the struct ends 12 bytes after capabilities, unpadded.
		size := 24 + 144
		if l.int64Align == 4 {
			size = 24 + 136
		}
		return ifHeader{hdrlen: 4, size: size, index: 6, table: 8, addrs: 12, flags: 16, data: 24, datalen: -1,
			typ: 0, addrlen: 1, linkState: 3, linkStateSize: 1, mtu: 4, mtuSize: 4, metric: 8, metricSize: 4,
			counters: 24, counterSize: 8, oqdrops: 104, noproto: 112}
	case osNetBSD:
		// NetBSD net/if.h: if_msghdr (64-bit aligned) { u_short msglen;
		// u_char version, type; int addrs, flags; u_short index; struct
		// if_data data (at 16) } with if_data { u_char type, addrlen,
		// hdrlen; int link_state; uint64_t mtu, metric, baudrate,
		// ipackets, ierrors, opackets, oerrors, collisions, ibytes,
		// obytes, imcasts, omcasts, iqdrops, noproto; struct timespec
		// lastchange }.
		return ifHeader{hdrlen: -1, size: 152, addrs: 4, flags: 8, index: 12, table: -1, data: 16, datalen: -1,
			typ: 0, addrlen: 1, linkState: 4, linkStateSize: 4, mtu: 8, mtuSize: 8, metric: 16, metricSize: 8,
			counters: 32, counterSize: 8, oqdrops: -1, noproto: 112}
	case osDarwin:
		// xnu bsd/net/if.h: if_msghdr { u_short msglen; u_char version,
		// type; int addrs, flags; u_short index; struct if_data data (at
		// 16) } with if_data { u_char type, typelen, physical, addrlen,
		// hdrlen, recvquota, xmitquota, unused1; u_int32_t mtu, metric,
		// baudrate, ipackets, ierrors, opackets, oerrors, collisions,
		// ibytes, obytes, imcasts, omcasts, iqdrops, noproto; ... }: no
		// link state.
		return ifHeader{hdrlen: -1, size: 112, addrs: 4, flags: 8, index: 12, table: -1, data: 16, datalen: -1,
			typ: 0, addrlen: 3, linkState: -1, mtu: 8, mtuSize: 4, metric: 12, metricSize: 4,
			counters: 20, counterSize: 4, oqdrops: -1, noproto: 60}
	case osDragonFly:
		// DragonFly net/if.h: if_msghdr { u_short msglen; u_char
		// version, type; u_short index; int flags, addrs; struct if_data
		// data (at 16) } with if_data { u_char type, physical, addrlen,
		// hdrlen, recvquota, xmitquota; u_long mtu, metric, link_state,
		// baudrate, ipackets, ierrors, opackets, oerrors, collisions,
		// ibytes, obytes, imcasts, omcasts, iqdrops, noproto, hwassist,
		// oqdrops; struct timeval lastchange; }: ifi_oqdrops comes
		// after ifi_hwassist (DragonFly 4.0 and later; the 176-byte
		// header x/net knows as DragonFlyBSD4 already holds it).
		return ifHeader{hdrlen: -1, size: 176, index: 4, flags: 8, addrs: 12, table: -1, data: 16, datalen: -1,
			typ: 0, addrlen: 2, linkState: 24, linkStateSize: 8, mtu: 8, mtuSize: 8, metric: 16, metricSize: 8,
			counters: 40, counterSize: 8, oqdrops: 136, noproto: 120}
	default:
		// FreeBSD net/if.h (11 and later, the same on every
		// architecture): if_msghdr { u_short msglen; u_char version,
		// type; int addrs, flags; u_short index; u_short _spare1; struct
		// if_data data (at 16) } with if_data { uint8_t type, physical,
		// addrlen, hdrlen, link_state, vhid; uint16_t datalen; uint32_t
		// mtu, metric; uint64_t baudrate, ipackets, ierrors, opackets,
		// oerrors, collisions, ibytes, obytes, imcasts, omcasts,
		// iqdrops, oqdrops, noproto, hwassist; ... } of 152 bytes.
		return ifHeader{hdrlen: -1, size: 168, addrs: 4, flags: 8, index: 12, table: -1, data: 16, datalen: 6,
			typ: 0, addrlen: 2, linkState: 4, linkStateSize: 1, mtu: 8, mtuSize: 4, metric: 12, metricSize: 4,
			counters: 24, counterSize: 8, oqdrops: 104, noproto: 112}
	}
}

// ifaHeader locates struct ifa_msghdr's fields.
type ifaHeader struct {
	hdrlen, size               int
	addrs, flags, index, table int
	metric, addrflags          int
}

func (l layout) ifaHeader(format msgFormat, version uint8) ifaHeader {
	switch l.OS {
	case osOpenBSD:
		// OpenBSD net/if.h: ifa_msghdr { u_short msglen; u_char
		// version, type; u_short hdrlen, index, tableid; u_char pad1,
		// pad2; int addrs, flags, metric; }.
		return ifaHeader{hdrlen: 4, size: 24, index: 6, table: 8, addrs: 12, flags: 16, metric: 20, addrflags: -1}
	case osNetBSD:
		if format == formatAddrOld {
			// NetBSD before 8.0 (RTM_ONEWADDR): ifa_msghdr { u_short
			// msglen; u_char version, type; int addrs, flags, metric;
			// u_short index; } 64-bit aligned.
			return ifaHeader{hdrlen: -1, size: 24, addrs: 4, flags: 8, metric: 12, index: 16, table: -1, addrflags: -1}
		}
		// NetBSD 8.0 net/if.h: ifa_msghdr (64-bit aligned) { u_short
		// msglen; u_char version, type; u_short index; int flags, addrs;
		// pid_t pid; int addrflags, metric; }.
		return ifaHeader{hdrlen: -1, size: 32, index: 4, flags: 8, addrs: 12, addrflags: 20, metric: 24, table: -1}
	case osDragonFly:
		if version >= 7 {
			// DragonFly 5.8 net/if.h: ifa_msghdr { u_short msglen;
			// u_char version, type; u_short index; int flags, addrs,
			// addrflags, metric; }.
			return ifaHeader{hdrlen: -1, size: 24, index: 4, flags: 8, addrs: 12, addrflags: 16, metric: 20, table: -1}
		}
		// Older DragonFly: { u_short msglen; u_char version, type; int
		// addrs, flags; u_short index; int metric; }.
		return ifaHeader{hdrlen: -1, size: 20, addrs: 4, flags: 8, index: 12, metric: 16, table: -1, addrflags: -1}
	default:
		// FreeBSD net/if.h and xnu bsd/net/if.h: ifa_msghdr { u_short
		// msglen; u_char version, type; int addrs, flags; u_short index;
		// (u_short spare;) int metric; }.
		return ifaHeader{hdrlen: -1, size: 20, addrs: 4, flags: 8, index: 12, metric: 16, table: -1, addrflags: -1}
	}
}

// annHeader locates struct if_announcemsghdr's fields.
type annHeader struct {
	hdrlen, size      int
	index, name, what int
}

func (l layout) annHeader() annHeader {
	if l.OS == osOpenBSD {
		// OpenBSD net/if.h: if_announcemsghdr { u_short msglen; u_char
		// version, type; u_short hdrlen, index, what; char
		// name[IFNAMSIZ]; }.
		return annHeader{hdrlen: 4, size: 26, index: 6, what: 8, name: 10}
	}
	// FreeBSD, NetBSD, DragonFly net/if.h: if_announcemsghdr { u_short
	// msglen; u_char version, type; u_short index; char
	// name[IFNAMSIZ]; u_short what; }.
	return annHeader{hdrlen: -1, size: 24, index: 4, name: 6, what: 22}
}
