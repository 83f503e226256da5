package backend_bsd

import (
	"net/netip"
	"syscall"

	"github.com/jsimonetti/rtnetlink/v2"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// A routeRequest is a route to add, change or delete, as a routing
// socket takes it.
type routeRequest struct {
	Type    msgKind // MsgAdd, MsgChange or MsgDelete
	Dst     netip.Prefix
	Gateway netip.Addr // invalid for an interface route
	// Index is the outgoing interface: rtm_index, and the sockaddr_dl
	// gateway of an interface route.
	Index    uint16
	Flags    routeFlags
	FIB      uint32 // OpenBSD writes it in rtm_tableid; FreeBSD sets it on the socket
	Priority uint8  // OpenBSD rtm_priority
	Pid      int32
	Seq      int32
}

// RouteRequestFromRTNL turns an RTM_NEWROUTE/RTM_DELROUTE request into
// a routing-socket request. Errors are errnos as Linux would answer
// them, EOPNOTSUPP for what PF_ROUTE cannot express.
func (l layout) RouteRequestFromRTNL(m *rtnetlink.RouteMessage, typ msgKind) (routeRequest, error) {
	r := routeRequest{Type: typ, Flags: routeUp | routeStatic}
	var size int
	switch m.Family {
	case linux.AF_INET:
		size = 4
	case linux.AF_INET6:
		size = 16
	default:
		return r, syscall.EAFNOSUPPORT
	}
	if int(m.DstLength) > size*8 {
		return r, syscall.EINVAL
	}
	if m.SrcLength != 0 || len(m.Attributes.Multipath) > 0 || m.Attributes.Src != nil && typ != msgDelete {
		return r, syscall.EOPNOTSUPP
	}
	dst := netip.IPv4Unspecified()
	if size == 16 {
		dst = netip.IPv6Unspecified()
	}
	if m.Attributes.Dst != nil {
		a, ok := netip.AddrFromSlice(m.Attributes.Dst)
		if !ok || a.Unmap().BitLen() != size*8 && a.BitLen() != size*8 {
			return r, syscall.EINVAL
		}
		if size == 4 {
			a = a.Unmap()
		}
		dst = a
	}
	r.Dst = netip.PrefixFrom(dst, int(m.DstLength)).Masked()
	if int(m.DstLength) == size*8 {
		r.Flags |= routeHost
	}
	table := m.Attributes.Table
	if table == 0 {
		table = uint32(m.Table)
	}
	r.FIB = fibOf(table)
	if r.FIB != 0 && l.OS != osFreeBSD && l.OS != osOpenBSD {
		return r, syscall.EOPNOTSUPP // only FreeBSD FIBs and OpenBSD rtables
	}
	if m.Attributes.OutIface > 0xffff {
		return r, syscall.ENODEV
	}
	r.Index = uint16(m.Attributes.OutIface)
	if p := m.Attributes.Priority; p != 0 && l.OS == osOpenBSD {
		if p > 0xff {
			return r, syscall.EINVAL
		}
		r.Priority = uint8(p)
	}
	if m.Attributes.Gateway != nil {
		gw, ok := netip.AddrFromSlice(m.Attributes.Gateway)
		if !ok {
			return r, syscall.EINVAL
		}
		if size == 4 {
			gw = gw.Unmap()
		}
		if gw.BitLen() != size*8 {
			return r, syscall.EOPNOTSUPP // RTA_VIA: another family's gateway
		}
		r.Gateway = gw
		r.Flags |= routeGateway
	}
	switch m.Type {
	case 0, linux.RTN_UNICAST:
	case linux.RTN_BLACKHOLE:
		r.Flags |= routeBlackhole
	case linux.RTN_UNREACHABLE, 8: // RTN_PROHIBIT
		r.Flags |= routeReject
	default:
		if typ != msgDelete {
			return r, syscall.EOPNOTSUPP
		}
	}
	if typ == msgDelete {
		return r, nil
	}
	if r.Flags&(routeBlackhole|routeReject) != 0 && !r.Gateway.IsValid() {
		// BSD kernels want a gateway even for routes that drop: route(8)
		// uses the loopback address.
		r.Gateway = netip.AddrFrom4([4]byte{127, 0, 0, 1})
		if size == 16 {
			r.Gateway = netip.IPv6Loopback()
		}
		r.Flags |= routeGateway
	}
	if !r.Gateway.IsValid() && r.Index == 0 {
		return r, syscall.EINVAL // neither a gateway nor an interface
	}
	return r, nil
}

// MarshalRouteRequest writes r as a routing message: the kernel's
// rt_msghdr, then RTA_DST, RTA_GATEWAY (an IP, or the interface's
// sockaddr_dl) and RTA_NETMASK (left out for host routes).
func (l layout) MarshalRouteRequest(r routeRequest) ([]byte, error) {
	code := l.msgCode(r.Type)
	if code == 0 || !r.Dst.IsValid() {
		return nil, syscall.EINVAL
	}
	var sas [][]byte
	var addrs uint32
	sas = append(sas, l.marshalIP(r.Dst.Addr(), 0))
	addrs |= 1 << raxDst
	switch {
	case r.Gateway.IsValid():
		sas = append(sas, l.marshalIP(r.Gateway, uint32(r.Index)))
		addrs |= 1 << raxGateway
	case r.Index != 0 && r.Type != msgDelete:
		sas = append(sas, marshalLink(r.Index))
		addrs |= 1 << raxGateway
	}
	if r.Flags&routeHost == 0 {
		sas = append(sas, l.marshalMask(r.Dst))
		addrs |= 1 << raxNetmask
	}
	h := l.rtHeader()
	size := h.size
	n := size
	for _, sa := range sas {
		n += l.roundup(len(sa))
	}
	if n > 0xffff {
		return nil, syscall.EINVAL
	}
	b := make([]byte, n)
	put16(b, 0, uint16(n))
	b[2], b[3] = l.Version, code
	if h.hdrlen >= 0 {
		put16(b, h.hdrlen, uint16(size))
	}
	put16(b, h.index, r.Index)
	put32(b, h.flags, l.rawRouteFlags(r.Flags))
	put32(b, h.addrs, addrs)
	put32(b, h.pid, uint32(r.Pid))
	put32(b, h.seq, uint32(r.Seq))
	if h.table >= 0 {
		put16(b, h.table, uint16(r.FIB))
	}
	if h.priority >= 0 {
		b[h.priority] = r.Priority
	}
	off := size
	for _, sa := range sas {
		copy(b[off:], sa)
		off += l.roundup(len(sa))
	}
	return b, nil
}

func put16(b []byte, off int, v uint16) { nativePut16(b[off:], v) }

func put32(b []byte, off int, v uint32) { nativePut32(b[off:], v) }

// marshalIP writes a sockaddr_in or sockaddr_in6. A link-local IPv6
// address gets its zone embedded in bytes 2-3, as route(8) of every
// KAME-derived system writes it.
func (l layout) marshalIP(a netip.Addr, zone uint32) []byte {
	if a.Is4() {
		b := make([]byte, sinLen)
		b[0], b[1] = sinLen, afInet
		v := a.As4()
		copy(b[sinAddrOff:sinAddrOff+4], v[:])
		return b
	}
	b := make([]byte, sin6Len)
	b[0], b[1] = sin6Len, l.AFInet6
	if z := a.Zone(); z != "" && zone == 0 {
		zone = zoneIndex(z)
	}
	v := embedScope(a.WithZone(""), zone)
	copy(b[sin6AddrOff:sin6AddrOff+16], v[:])
	return b
}

// zoneIndex reads a numeric zone; names are resolved by the caller.
func zoneIndex(z string) uint32 {
	var n uint32
	for _, c := range z {
		if c < '0' || c > '9' {
			return 0
		}
		n = n*10 + uint32(c-'0')
	}
	return n
}

// marshalMask writes a netmask as a full sockaddr of the prefix's
// family.
func (l layout) marshalMask(p netip.Prefix) []byte {
	bits := p.Bits()
	if p.Addr().Is4() {
		b := make([]byte, sinLen)
		b[0], b[1] = sinLen, afInet
		fillMask(b[sinAddrOff:sinAddrOff+4], bits)
		return b
	}
	b := make([]byte, sin6Len)
	b[0], b[1] = sin6Len, l.AFInet6
	fillMask(b[sin6AddrOff:sin6AddrOff+16], bits)
	return b
}

func fillMask(b []byte, bits int) {
	for i := range b {
		switch {
		case bits >= 8:
			b[i] = 0xff
			bits -= 8
		case bits > 0:
			b[i] = byte(0xff << (8 - bits))
			bits = 0
		}
	}
}

// marshalLink writes a sockaddr_dl naming an interface by index, the
// gateway of an interface route (route add -interface).
func marshalLink(index uint16) []byte {
	b := make([]byte, 20)
	b[0], b[1] = 20, afLink
	nativePut16(b[2:], index)
	return b
}
