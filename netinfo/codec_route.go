package netinfo

import (
	"encoding/binary"
	"math"
	"net/netip"
	"time"

	"github.com/rtnlx/rtnlx/internal/kernel"
	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

const (
	// rtaCacheInfoExpires is where struct rta_cacheinfo holds rta_expires
	// (after rta_clntref and rta_lastuse), a signed count of clock ticks.
	rtaCacheInfoExpires = 8
	// clockTick is a clock_t tick as the kernel reports it to user space
	// (USER_HZ, 100 on every architecture this package builds for).
	clockTick = 10 * time.Millisecond

	rtTableMax8 = 255 // the largest id rtm_table can hold
)

// DecodeRoute decodes the payload of an RTM_NEWROUTE or RTM_DELROUTE
// message (the bytes after the 16-byte nlmsghdr): struct rtmsg and its
// RTA_* attributes. Unknown attributes are ignored; a truncated message,
// including a next hop of RTA_MULTIPATH that claims more bytes than it
// has, is an error matching ErrTruncated.
// A known attribute shorter than its type needs (a 2-byte u32, a
// 3-byte IPv4 address) is such an error too; a longer one is read from
// its start. The result holds no reference to b.
func DecodeRoute(b []byte) (Route, error) {
	var r Route
	err := decodeError("route", decodeRoute(b, &r))
	return r, err
}

// decodeRoute fills r from an rtmsg payload. r is overwritten. It
// allocates only for the next-hop slice of a multipath route.
//
// This is the hottest decoder (a full table can hold millions of
// routes), so it walks the attributes with nlmsg.SplitAttr, which inlines, and
// builds the record on the stack, storing it through r once: netip.Addr
// holds a pointer, and a store per field into a heap record would pay a
// write barrier each.
func decodeRoute(b []byte, r *Route) error {
	if len(b) < linux.SizeofRtMsg {
		return truncated("rtmsg")
	}
	family := b[0]
	dstLen, srcLen := b[1], b[2]
	out := Route{
		Family:   Family(family),
		TOS:      b[3],
		Table:    Table(b[4]),
		Protocol: RouteProtocol(b[5]),
		Scope:    Scope(b[6]),
		Type:     RouteType(b[7]),
		Flags:    RouteFlags(binary.NativeEndian.Uint32(b[8:])),
	}
	var dst, src netip.Addr
	var multipath []byte
	var err error
	for p := b[linux.SizeofRtMsg:]; len(p) > 0; {
		typ, val, rest, ok := nlmsg.SplitAttr(p)
		if !ok {
			return attrError(p)
		}
		p = rest
		switch typ {
		case linux.RTA_DST:
			if family == linux.AF_INET && len(val) == 4 { // the common case, inline
				dst = netip.AddrFrom4([4]byte(val))
			} else {
				dst, err = readAddr(val, family, "RTA_DST")
			}
		case linux.RTA_SRC:
			src, err = readAddr(val, family, "RTA_SRC")
		case linux.RTA_GATEWAY:
			if family == linux.AF_INET && len(val) == 4 {
				out.Gateway = netip.AddrFrom4([4]byte(val))
			} else {
				out.Gateway, err = readAddr(val, family, "RTA_GATEWAY")
			}
		case linux.RTA_VIA:
			out.Gateway, err = readVia(val)
		case linux.RTA_PREFSRC:
			out.PrefSrc, err = readAddr(val, family, "RTA_PREFSRC")
		case linux.RTA_OIF:
			if len(val) < 4 {
				return truncated("RTA_OIF")
			}
			out.OutIndex = int(int32(binary.NativeEndian.Uint32(val)))
		case linux.RTA_PRIORITY:
			out.Priority, err = readU32(val, "RTA_PRIORITY")
		case linux.RTA_FLOW:
			out.Realms, err = readU32(val, "RTA_FLOW")
		case linux.RTA_TABLE:
			if len(val) < 4 {
				return truncated("RTA_TABLE")
			}
			out.Table = Table(binary.NativeEndian.Uint32(val))
		case linux.RTA_MULTIPATH:
			multipath = val
		case linux.RTA_METRICS:
			var m RouteMetrics
			if m, err = decodeMetrics(val); err == nil && m != (RouteMetrics{}) {
				out.Metrics = &m
			}
		case linux.RTA_NH_ID:
			out.NHID, err = readU32(val, "RTA_NH_ID")
		case linux.RTA_PREF:
			if len(val) < 1 {
				return truncated("RTA_PREF")
			}
			out.Pref = prefFromKernel(val[0])
		// The kernel reports the time left in RTA_CACHEINFO; a request,
		// and sources that build messages as requests are built (rtnlemu's
		// records), carry RTA_EXPIRES in seconds. RTA_CACHEINFO's wins,
		// in either order, when it has one.
		case linux.RTA_CACHEINFO:
			if len(val) < rtaCacheInfoExpires+4 {
				return truncated("RTA_CACHEINFO")
			}
			if ticks := int32(binary.NativeEndian.Uint32(val[rtaCacheInfoExpires:])); ticks != 0 {
				out.Expires = time.Duration(ticks) * clockTick
			}
		case linux.RTA_EXPIRES:
			if len(val) < 4 {
				return truncated("RTA_EXPIRES")
			}
			if out.Expires == 0 {
				out.Expires = time.Duration(binary.NativeEndian.Uint32(val)) * time.Second
			}
		}
		if err != nil {
			return err
		}
	}
	if !dst.IsValid() {
		dst = zeroAddr(family)
	}
	// netip.PrefixFrom inlines and refuses a length beyond the address's
	// bits by returning the invalid Prefix; the error is built only then.
	if dst.IsValid() {
		if out.Dst = netip.PrefixFrom(dst, int(dstLen)); !out.Dst.IsValid() {
			return prefixLenError(dst, dstLen, "rtm_dst_len")
		}
	}
	if src.IsValid() {
		if out.Src = netip.PrefixFrom(src, int(srcLen)); !out.Src.IsValid() {
			return prefixLenError(src, srcLen, "rtm_src_len")
		}
	}
	if multipath != nil {
		if out.NextHops, err = decodeNextHops(multipath, family); err != nil {
			return err
		}
	}
	*r = out
	return nil
}

// prefFromKernel reads RTA_PREF. Any value but low and high counts as
// medium, as the kernel itself reads one in a request.
func prefFromKernel(v uint8) RoutePref {
	switch v {
	case linux.ICMPV6_ROUTER_PREF_LOW:
		return RoutePrefLow
	case linux.ICMPV6_ROUTER_PREF_HIGH:
		return RoutePrefHigh
	}
	return RoutePrefMedium
}

// prefToKernel is RTA_PREF's value for p, which is not RoutePrefNone.
func prefToKernel(p RoutePref) uint8 {
	switch p {
	case RoutePrefLow:
		return linux.ICMPV6_ROUTER_PREF_LOW
	case RoutePrefHigh:
		return linux.ICMPV6_ROUTER_PREF_HIGH
	}
	return linux.ICMPV6_ROUTER_PREF_MEDIUM
}

// expiresSeconds is RTA_EXPIRES for d > 0: whole seconds, rounded up so
// that a route due to expire never becomes one that does not.
func expiresSeconds(d time.Duration) uint32 {
	secs := (d + time.Second - 1) / time.Second
	return uint32(min(int64(secs), math.MaxUint32))
}

// readVia reads struct rtvia: an address of its own family, which may
// differ from the route's (an IPv4 route via an IPv6 gateway).
func readVia(v []byte) (netip.Addr, error) {
	if len(v) < linux.SizeofRtVia {
		return netip.Addr{}, truncated("RTA_VIA")
	}
	family := binary.NativeEndian.Uint16(v)
	if family > 0xff {
		return netip.Addr{}, nil // not an address family this API knows
	}
	return readAddr(v[linux.SizeofRtVia:], uint8(family), "RTA_VIA")
}

// decodeNextHops reads RTA_MULTIPATH: struct rtnexthop records, each
// followed by its own attributes, every record 4-byte aligned. The slice
// is sized by a first pass, so it is the only allocation.
func decodeNextHops(b []byte, family uint8) ([]NextHop, error) {
	n := 0
	for rest := b; len(rest) > 0; n++ {
		size, err := nextHopLen(rest)
		if err != nil {
			return nil, err
		}
		rest = rest[min(nlmsg.Align(size), len(rest)):]
	}
	if n == 0 {
		return nil, nil
	}
	hops := make([]NextHop, n)
	for i := range hops {
		size, _ := nextHopLen(b)
		h := &hops[i]
		h.Flags = RouteFlags(b[2])
		h.Weight = int(b[3]) + 1
		h.OutIndex = int(int32(binary.NativeEndian.Uint32(b[4:])))
		var err error
		ar := attrReader{b: b[linux.SizeofRtNexthop:size]}
		for ar.next() {
			switch ar.typ {
			case linux.RTA_GATEWAY:
				h.Gateway, err = readAddr(ar.val, family, "RTA_MULTIPATH RTA_GATEWAY")
			case linux.RTA_VIA:
				h.Gateway, err = readVia(ar.val)
			}
			if err != nil {
				return nil, err
			}
		}
		if ar.err != nil {
			return nil, truncated("attribute in rtnexthop")
		}
		b = b[min(nlmsg.Align(size), len(b)):]
	}
	return hops, nil
}

// nextHopLen checks the header of the rtnexthop at the start of b and
// returns its length (rtnh_len), which must cover the header and fit in b.
func nextHopLen(b []byte) (int, error) {
	if len(b) < linux.SizeofRtNexthop {
		return 0, truncated("rtnexthop")
	}
	size := int(binary.NativeEndian.Uint16(b))
	if size < linux.SizeofRtNexthop || size > len(b) {
		return 0, truncated("rtnexthop")
	}
	return size, nil
}

// appendRoute appends the payload of an RTM_NEWROUTE or RTM_DELROUTE
// request for r, as ip route does. It encodes r as it is: a caller adding
// a route chooses Type (RTN_UNICAST; 0 would be refused), Protocol and
// Scope, while for a delete zeros match any. r.Family, when zero, comes
// from Dst, else from Gateway. A table above 255 goes in RTA_TABLE with
// rtm_table RT_TABLE_UNSPEC; a smaller one in rtm_table. A default route
// (Dst of length 0) sends no RTA_DST. A gateway of the other family goes
// in RTA_VIA. NextHops become RTA_MULTIPATH, with rtnh_hops = Weight-1.
// Pref and a positive Expires go in RTA_PREF and RTA_EXPIRES for IPv6
// routes; the kernel ignores both for IPv4, so they are not sent there.
func appendRoute(dst []byte, r *Route) []byte {
	family := uint8(r.Family)
	if family == linux.AF_UNSPEC {
		family = addrFamily(r.Dst.Addr())
		if family == linux.AF_UNSPEC {
			family = addrFamily(r.Gateway)
		}
	}
	table := uint8(linux.RT_TABLE_UNSPEC)
	if r.Table <= rtTableMax8 {
		table = uint8(r.Table)
	}
	dst = append(dst, family, prefixBits(r.Dst), prefixBits(r.Src), r.TOS,
		table, uint8(r.Protocol), uint8(r.Scope), uint8(r.Type))
	dst = binary.NativeEndian.AppendUint32(dst, uint32(r.Flags))
	if r.Table > rtTableMax8 {
		dst = nlmsg.AppendU32(dst, linux.RTA_TABLE, uint32(r.Table))
	}
	if r.Dst.IsValid() && r.Dst.Bits() > 0 {
		dst = appendAttrAddr(dst, linux.RTA_DST, r.Dst.Addr())
	}
	if r.Src.IsValid() && r.Src.Bits() > 0 {
		dst = appendAttrAddr(dst, linux.RTA_SRC, r.Src.Addr())
	}
	if r.NHID != 0 {
		// The kernel refuses a next hop given beside the id.
		dst = nlmsg.AppendU32(dst, linux.RTA_NH_ID, r.NHID)
	} else {
		if r.OutIndex != 0 {
			dst = nlmsg.AppendU32(dst, linux.RTA_OIF, uint32(int32(r.OutIndex)))
		}
		dst = appendGateway(dst, family, r.Gateway)
	}
	if r.PrefSrc.IsValid() {
		dst = appendAttrAddr(dst, linux.RTA_PREFSRC, r.PrefSrc)
	}
	if r.Priority != 0 {
		dst = nlmsg.AppendU32(dst, linux.RTA_PRIORITY, r.Priority)
	}
	if r.Realms != 0 {
		dst = nlmsg.AppendU32(dst, linux.RTA_FLOW, r.Realms)
	}
	if r.Metrics != nil {
		dst = appendMetrics(dst, r.Metrics)
	}
	if family == linux.AF_INET6 && r.Pref != RoutePrefNone {
		dst = nlmsg.AppendAttr(dst, linux.RTA_PREF, []byte{prefToKernel(r.Pref)})
	}
	if family == linux.AF_INET6 && r.Expires > 0 {
		dst = nlmsg.AppendU32(dst, linux.RTA_EXPIRES, expiresSeconds(r.Expires))
	}
	if len(r.NextHops) > 0 && r.NHID == 0 {
		var at int
		dst, at = nlmsg.BeginNested(dst, linux.RTA_MULTIPATH)
		for _, h := range r.NextHops {
			start := len(dst)
			hops := uint8(0)
			if h.Weight > 1 {
				hops = uint8(min(h.Weight-1, 0xff))
			}
			dst = append(dst, 0, 0, uint8(h.Flags), hops)
			dst = binary.NativeEndian.AppendUint32(dst, uint32(int32(h.OutIndex)))
			dst = appendGateway(dst, family, h.Gateway)
			binary.NativeEndian.PutUint16(dst[start:], uint16(len(dst)-start))
		}
		dst = nlmsg.EndNested(dst, at)
	}
	return dst
}

// appendGateway appends RTA_GATEWAY for a gateway of the route's family,
// RTA_VIA for one of the other, and nothing for the zero Addr.
func appendGateway(dst []byte, family uint8, gw netip.Addr) []byte {
	if !gw.IsValid() {
		return dst
	}
	gwFamily := addrFamily(gw)
	if gwFamily == family {
		return appendAttrAddr(dst, linux.RTA_GATEWAY, gw)
	}
	var via [linux.SizeofRtVia + 16]byte
	binary.NativeEndian.PutUint16(via[:], uint16(gwFamily))
	n := linux.SizeofRtVia + copy(via[linux.SizeofRtVia:], gw.AsSlice())
	return nlmsg.AppendAttr(dst, linux.RTA_VIA, via[:n])
}

// prefixBits is a prefix's length for rtm_dst_len/rtm_src_len: 0 for the
// zero Prefix.
func prefixBits(p netip.Prefix) uint8 {
	if !p.IsValid() {
		return 0
	}
	return uint8(p.Bits())
}

// appendRouteDumpRequest appends the payload of an RTM_GETROUTE dump
// request. A strict kernel (ip_valid_fib_dump_req, used by IPv4 and IPv6)
// filters on rtm_family, rtm_table (and RTA_TABLE), rtm_protocol,
// rtm_type and RTA_OIF, dumps the cache instead of the routes for
// RTM_F_CLONED in rtm_flags, and rejects non-zero dst_len, src_len, tos,
// scope and any other attribute, so only those are sent. match applies the
// rest (Dst), and all of them again for kernels that do not filter.
func appendRouteDumpRequest(dst []byte, f RouteFilter) []byte {
	table := uint8(linux.RT_TABLE_UNSPEC)
	if f.Table <= rtTableMax8 {
		table = uint8(f.Table)
	}
	dst = append(dst, uint8(f.Family), 0, 0, 0, table, uint8(f.Protocol), 0, uint8(f.Type))
	var flags uint32
	if f.Cloned {
		flags = linux.RTM_F_CLONED
	}
	dst = binary.NativeEndian.AppendUint32(dst, flags)
	if f.Table != TableUnspec {
		dst = nlmsg.AppendU32(dst, linux.RTA_TABLE, uint32(f.Table))
	}
	if f.OutIndex > 0 {
		dst = nlmsg.AppendU32(dst, linux.RTA_OIF, uint32(f.OutIndex))
	}
	return dst
}

// match tells whether r passes every filter. OutIndex matches a route out
// of that link or a multipath route with a next hop out of it, as the
// kernel's filter does. Dst compares masked prefixes. FamilyAll matches
// IPv4 and IPv6 routes only: an AF_UNSPEC dump also brings multicast
// (RTNL_FAMILY_IPMR) and MPLS routes, which this API does not model.
func (f RouteFilter) match(r *Route) bool {
	if !familyMatch(f.Family, r.Family) {
		return false
	}
	if f.Table != TableUnspec && r.Table != f.Table {
		return false
	}
	if f.Protocol != ProtoUnspec && r.Protocol != f.Protocol {
		return false
	}
	if f.Type != RouteUnspec && r.Type != f.Type {
		return false
	}
	if f.OutIndex != 0 && !routeUsesLink(r, f.OutIndex) {
		return false
	}
	if f.Dst != nil && r.Dst.Masked() != f.Dst.Masked() {
		return false
	}
	if f.Root != nil && !(r.Dst.Bits() >= f.Root.Bits() && f.Root.Masked().Contains(r.Dst.Addr())) {
		return false
	}
	if f.Match != nil && !(r.Dst.Bits() <= f.Match.Bits() && r.Dst.Masked().Contains(f.Match.Addr())) {
		return false
	}
	if f.Gateway.IsValid() && r.Gateway != f.Gateway {
		return false
	}
	if f.PrefSrc.IsValid() && r.PrefSrc != f.PrefSrc {
		return false
	}
	if f.Priority != nil && r.Priority != *f.Priority {
		return false
	}
	if f.Cloned && r.Flags&RouteCloned == 0 {
		return false
	}
	return true
}

// routeUsesLink is kernel.RouteUsesLink for a Route.
func routeUsesLink(r *Route, index int) bool {
	return kernel.RouteUsesLink(r.OutIndex, len(r.NextHops), func(i int) int { return r.NextHops[i].OutIndex }, index)
}
