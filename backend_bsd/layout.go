package backend_bsd

// A layout describes how one kernel lays out its routing-socket
// messages: the header field offsets, the sockaddr rounding, the message
// type codes and flag bits. The parser and the encoder take a Layout so
// that every kernel's conventions run, and are tested, on any host.
type layout struct {
	OS osKind
	// WordSize is the size of the kernel's C long: 8 on 64-bit kernels,
	// 4 on 32-bit ones. It sizes FreeBSD's rt_metrics and sockaddr
	// rounding.
	WordSize int
	// SockaddrAlign is the rounding of each sockaddr after a header:
	// sizeof(long) on FreeBSD, DragonFly and OpenBSD, 8 on NetBSD
	// (RT_ROUNDUP, sys/net/route.h), 4 on Darwin (ROUNDUP32). A sockaddr
	// whose sa_len is 0 still takes SockaddrAlign bytes.
	SockaddrAlign int
	// Version is RTM_VERSION, written into requests.
	Version uint8
	// AFInet6 is the kernel's AF_INET6 (AF_INET and AF_LINK are 2 and
	// 18 everywhere).
	AFInet6 uint8
	// ExpireWall tells whether rmx_expire of a neighbour entry is wall
	// clock time (Darwin, NetBSD, OpenBSD, DragonFly, whose
	// netinet/if_ether.c counts in time_second) rather than uptime
	// (FreeBSD's lltable la_expire, time_uptime).
	ExpireWall bool
	// int64Align is the alignment of a 64-bit integer inside a struct:
	// 4 on i386, 8 elsewhere (0 means 8).
	int64Align int
}

// Address families shared by every BSD kernel (sys/socket.h).
const (
	afUnspec = 0
	afInet   = 2
	afLink   = 18
)

// layoutFor returns the layout of the given kernel with the given word
// size (4 or 8). DragonFly exists only on amd64; NetBSD's messages are
// the same on every architecture.
func layoutFor(o osKind, wordSize int) layout {
	if wordSize != 4 {
		wordSize = 8
	}
	l := layout{OS: o, WordSize: wordSize, SockaddrAlign: wordSize, Version: 5}
	switch o {
	case osFreeBSD:
		l.AFInet6 = 28
	case osDragonFly:
		l.AFInet6, l.Version, l.WordSize, l.SockaddrAlign, l.ExpireWall = 28, 7, 8, 8, true
	case osOpenBSD:
		l.AFInet6, l.ExpireWall = 24, true
	case osNetBSD:
		l.AFInet6, l.Version, l.SockaddrAlign, l.ExpireWall = 24, 4, 8, true
	case osDarwin:
		l.AFInet6, l.SockaddrAlign, l.ExpireWall = 30, 4, true
	}
	return l
}

// layoutForArch returns the layout of the given kernel as a program
// built for goarch sees it.
func layoutForArch(o osKind, goarch string) layout {
	word := 8
	switch goarch {
	case "386", "arm", "mips", "mipsle", "ppc":
		word = 4
	}
	l := layoutFor(o, word)
	l.int64Align = 8
	if goarch == "386" {
		l.int64Align = 4
	}
	return l
}

// Routing sysctl MIB values: CTL_NET (sys/sysctl.h), NET_RT_*
// (net/route.h or sys/socket.h), and IFNAMSIZ and IFAN_DEPARTURE
// (net/if.h), the same on every kernel but for NET_RT_IFLIST.
const (
	ctlNet        = 4
	netRTDump     = 1
	netRTFlags    = 2
	ifNameSize    = 16
	ifanDeparture = 1
)

// netRTIfList is NET_RT_IFLIST: 5 on NetBSD (3 and 4 are its old
// formats), 3 elsewhere.
func netRTIfList(o osKind) int {
	if o == osNetBSD {
		return 5
	}
	return 3
}

// roundup rounds a sockaddr length the way the kernel advances past it.
func (l layout) roundup(n int) int {
	a := l.SockaddrAlign
	if a <= 0 {
		a = 4
	}
	if n == 0 {
		return a
	}
	return (n + a - 1) &^ (a - 1)
}
