package backend_bsd

import (
	"encoding/binary"
	"net"
	"net/netip"
)

// Offsets in struct sockaddr_in (netinet/in.h), sockaddr_in6
// (netinet6/in6.h) and sockaddr_dl (net/if_dl.h), the same on every
// kernel: sa_len and sa_family come first in each.
const (
	sinLen       = 16
	sinAddrOff   = 4
	sin6Len      = 28
	sin6AddrOff  = 8
	sin6ScopeOff = 24
	sdlIndexOff  = 2
	sdlTypeOff   = 4
	sdlNlenOff   = 5
	sdlAlenOff   = 6
	sdlDataOff   = 8
)

// Indexes of the sockaddrs that may follow a header (RTAX_*, net/route.h);
// the same on every kernel. OpenBSD defines more (up to RTAX_SEARCH 14),
// which the parser walks past.
const (
	raxDst = iota
	raxGateway
	raxNetmask
	raxGenmask
	raxIFP
	raxIFA
	raxAuthor
	raxBrd
	raxMax = 16
)

// sockaddrKind says what a parsed sockaddr holds.
type sockaddrKind uint8

// sockaddr kinds.
const (
	saNone  sockaddrKind = iota // absent
	saInet                      // AF_INET or AF_INET6: IP (and Zone)
	saLink                      // AF_LINK: Link
	saOther                     // any other family, or a netmask in kernel form: Raw only
)

// A linkSockaddr is a sockaddr_dl (net/if_dl.h).
type linkSockaddr struct {
	Index uint16
	Type  uint8 // IFT_*
	Name  string
	Addr  net.HardwareAddr // nil when sdl_alen is 0
}

// A sockaddr is one parsed sockaddr of a routing message.
type sockaddr struct {
	Kind   sockaddrKind
	Family uint8      // the kernel's sa_family
	IP     netip.Addr // SockaddrInet, without zone
	// Zone is the IPv6 scope: sin6_scope_id, or the interface index a
	// KAME kernel embedded in bytes 2-3 of a link-local address.
	Zone uint32
	Link linkSockaddr
	// Raw is the sockaddr's sa_len bytes, kept to read a netmask by the
	// family of the destination it goes with.
	Raw []byte
}

// parseSockaddr reads one sockaddr from b, whose length is at least 1.
func (l layout) parseSockaddr(b []byte) sockaddr {
	n := int(b[0])
	if n > len(b) {
		n = len(b)
	}
	raw := b[:n]
	sa := sockaddr{Kind: saOther, Raw: raw}
	if n < 2 {
		return sa
	}
	sa.Family = raw[1]
	switch {
	case sa.Family == afInet && n >= sinAddrOff+4:
		sa.Kind = saInet
		sa.IP = netip.AddrFrom4([4]byte(raw[sinAddrOff : sinAddrOff+4]))
	case sa.Family == l.AFInet6 && n >= sin6AddrOff+16:
		sa.Kind = saInet
		a := [16]byte(raw[sin6AddrOff : sin6AddrOff+16])
		if n >= sin6ScopeOff+4 {
			sa.Zone = binary.NativeEndian.Uint32(raw[sin6ScopeOff : sin6ScopeOff+4])
		}
		sa.IP, sa.Zone = unembedScope(a, sa.Zone)
	case sa.Family == afLink && n >= sdlDataOff:
		sa.Kind = saLink
		sa.Link = parseLinkSockaddr(raw)
	}
	return sa
}

// unembedScope undoes the KAME convention of carrying the interface
// index in bytes 2-3 of link-local (fe80::/10) and interface- or
// link-local multicast (ff01::/16, ff02::/16) addresses inside the kernel
// and in routing messages.
func unembedScope(a [16]byte, zone uint32) (netip.Addr, uint32) {
	if a[0] == 0xfe && a[1]&0xc0 == 0x80 || a[0] == 0xff && (a[1]&0x0f == 0x01 || a[1]&0x0f == 0x02) {
		if id := uint32(a[2])<<8 | uint32(a[3]); id != 0 {
			if zone == 0 {
				zone = id
			}
			a[2], a[3] = 0, 0
		}
	}
	return netip.AddrFrom16(a), zone
}

// embedScope is the inverse of unembedScope: the form route(8) of every
// KAME-derived system writes into requests.
func embedScope(a netip.Addr, zone uint32) [16]byte {
	b := a.As16()
	if zone != 0 && (b[0] == 0xfe && b[1]&0xc0 == 0x80 || b[0] == 0xff && (b[1]&0x0f == 0x01 || b[1]&0x0f == 0x02)) {
		b[2], b[3] = byte(zone>>8), byte(zone)
	}
	return b
}

// parseLinkSockaddr reads a sockaddr_dl: sdl_len, sdl_family,
// sdl_index (2), sdl_type, sdl_nlen, sdl_alen, sdl_slen, then sdl_data
// holding the name and the address (net/if_dl.h).
func parseLinkSockaddr(raw []byte) linkSockaddr {
	ls := linkSockaddr{
		Index: binary.NativeEndian.Uint16(raw[sdlIndexOff : sdlIndexOff+2]),
		Type:  raw[sdlTypeOff],
	}
	nlen, alen := int(raw[sdlNlenOff]), int(raw[sdlAlenOff])
	data := raw[sdlDataOff:]
	if nlen > len(data) {
		nlen = len(data)
	}
	ls.Name = string(data[:nlen])
	data = data[nlen:]
	if alen > len(data) {
		alen = len(data)
	}
	if alen > 0 {
		ls.Addr = append(net.HardwareAddr(nil), data[:alen]...)
	}
	return ls
}

// maskBits reads a netmask sockaddr by the family of its destination.
// Netmasks come in the kernel's short form: sa_len may stop after the
// last non-zero byte, may be 0 (a /0 mask), and sa_family may be 0 or
// 255. ok is false for a mask whose ones are not contiguous.
func maskBits(sa sockaddr, v6 bool) (bits int, ok bool) {
	off, size := 4, 4
	if v6 {
		off, size = 8, 16
	}
	var m [16]byte
	if len(sa.Raw) > off {
		copy(m[:size], sa.Raw[off:min(len(sa.Raw), off+size)])
	}
	zero := false
	for _, c := range m[:size] {
		for i := 7; i >= 0; i-- {
			if c&(1<<i) != 0 {
				if zero {
					return 0, false
				}
				bits++
			} else {
				zero = true
			}
		}
	}
	return bits, true
}

// addrSet holds the sockaddrs of one message by RTAX_* index.
type addrSet [raxMax]sockaddr

// parseAddrs walks the sockaddrs named by the bit mask addrs in b.
// It stops at a sockaddr that would run past the end of b and reports
// ok false then.
func (l layout) parseAddrs(addrs uint32, b []byte) (as addrSet, ok bool) {
	for i := 0; i < raxMax; i++ {
		if addrs&(1<<i) == 0 {
			continue
		}
		if len(b) == 0 {
			return as, false
		}
		n := int(b[0])
		if n > len(b) {
			return as, false
		}
		as[i] = l.parseSockaddr(b)
		adv := l.roundup(n)
		if adv > len(b) {
			b = nil
			continue
		}
		b = b[adv:]
	}
	return as, true
}
