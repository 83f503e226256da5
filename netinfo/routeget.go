package netinfo

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

// A RouteQuery describes a packet whose route RouteGet asks for, as the
// arguments of `ip route get` do. Only Dst is required; zero fields are
// not sent, and the kernel chooses for them as it would for a socket.
type RouteQuery struct {
	Dst      netip.Addr // to ADDRESS
	Src      netip.Addr // from ADDRESS: the source the packet has
	InIndex  int        // iif: the link the packet comes in through (a forwarded packet)
	OutIndex int        // oif: the link the packet must leave through
	Mark     uint32     // mark: the packet's firewall mark
	UID      *uint32    // uid: the sending socket's owner (the caller's when nil)
	TOS      uint8      // tos
	IPProto  uint8      // ipproto: the transport protocol (6 for TCP, 17 for UDP)
	SPort    uint16     // sport
	DPort    uint16     // dport
	// FIBMatch asks for the routing table's entry that matched (`ip
	// route get fibmatch`) instead of the route computed for the packet.
	FIBMatch bool
}

// A RouteLookup is the answer to RouteGet: how the packet would be
// routed.
type RouteLookup struct {
	// Route is the kernel's answer as a route: for a plain lookup the
	// route computed for the packet (Dst a host prefix, RouteCloned set),
	// with FIBMatch the routing table's entry, multipath next hops and
	// all.
	Route Route
	// NextHop is where the packet goes: the gateway (invalid when the
	// destination is on the link) and the outgoing link. For a FIBMatch
	// answer of a multipath route it holds only what the route itself
	// says; Route.NextHops lists the paths.
	NextHop NextHop
	// Src is the source address: the one the query gave, else the one
	// the kernel selected (ip's "src").
	Src netip.Addr
	// Table and Type are those of the route that matched (Route's, for
	// convenience).
	Table Table
	Type  RouteType
	// InIndex, Mark and UID are those the kernel routed with (RTA_IIF,
	// RTA_MARK, RTA_UID), when it reports them.
	InIndex int
	Mark    uint32
	UID     *uint32
}

// RouteGet asks how a packet described by q would be routed (`ip route
// get`, RTM_GETROUTE). Errors are the kernel's: a destination covered
// by a blackhole route fails with EINVAL, an unreachable route with
// EHOSTUNREACH, a prohibit route with EACCES and a destination no route
// covers with ENETUNREACH; errors.Is matches them against the syscall
// errnos. Every backend answers it: the BSDs and macOS with RTM_GET on
// the routing socket, Windows with GetBestRoute2, Memory with a
// longest-prefix match over its tables.
func (h *Handle) RouteGet(ctx context.Context, q RouteQuery) (RouteLookup, error) {
	if !q.Dst.IsValid() {
		return RouteLookup{}, errors.New("netinfo: route get: no destination")
	}
	if q.Dst.Is4In6() {
		q.Dst = q.Dst.Unmap()
	}
	if q.Src.IsValid() && addrFamily(q.Src) != addrFamily(q.Dst) {
		return RouteLookup{}, fmt.Errorf("netinfo: route get: source %v and destination %v are of different families", q.Src, q.Dst)
	}
	var out RouteLookup
	var derr error
	err := h.request(ctx, "route get", linux.RTM_GETROUTE, 0,
		func(b []byte) []byte { return appendRouteGetRequest(b, &q) },
		func(mh nlmsg.Header, p []byte) error {
			if mh.Type != linux.RTM_NEWROUTE {
				derr = fmt.Errorf("netinfo: route get: answered with message type %d", mh.Type)
				return derr
			}
			out, derr = decodeRouteLookup(p, &q)
			if derr != nil {
				derr = fmt.Errorf("netinfo: route get: %w", derr)
			}
			return derr
		})
	if err != nil {
		return RouteLookup{}, err
	}
	return out, derr
}

// DefaultRoute answers which route, link and source address carry a
// family's traffic to the Internet at large: RouteGet for a public
// address no network routes specially (a root name server's, 192.5.5.241
// or 2001:500:2f::f), which only the default route covers on most hosts,
// or whatever a VPN installed in front of it (0.0.0.0/1 and
// 128.0.0.0/1). The answer's NextHop.OutIndex is the default interface
// and Src the address connections to the Internet would use.
// FamilyAll asks for IPv4.
func (h *Handle) DefaultRoute(ctx context.Context, family Family) (RouteLookup, error) {
	dst := defaultProbe4
	if family == FamilyInet6 {
		dst = defaultProbe6
	}
	return h.RouteGet(ctx, RouteQuery{Dst: dst})
}

// The destinations DefaultRoute asks for.
var (
	defaultProbe4 = netip.AddrFrom4([4]byte{192, 5, 5, 241})
	defaultProbe6 = netip.MustParseAddr("2001:500:2f::f")
)

// appendRouteGetRequest appends the payload of an RTM_GETROUTE request
// for one route, as `ip route get` builds it: rtm_dst_len and
// rtm_src_len the full length for the addresses given, rtm_flags
// RTM_F_LOOKUP_TABLE (the answer names the table it came from) and
// RTM_F_FIB_MATCH when asked, then the attributes in iproute2's order.
func appendRouteGetRequest(dst []byte, q *RouteQuery) []byte {
	family := addrFamily(q.Dst)
	// IPv6 names the table without being asked and refuses the flag
	// from a strict socket (inet6_rtm_valid_getroute_req).
	flags := uint32(linux.RTM_F_LOOKUP_TABLE)
	if family == linux.AF_INET6 {
		flags = 0
	}
	if q.FIBMatch {
		flags |= linux.RTM_F_FIB_MATCH
	}
	srcLen := uint8(0)
	if q.Src.IsValid() {
		srcLen = uint8(q.Src.BitLen())
	}
	dst = append(dst, family, uint8(q.Dst.BitLen()), srcLen, q.TOS, 0, 0, 0, 0)
	dst = binary.NativeEndian.AppendUint32(dst, flags)
	dst = appendAttrAddr(dst, linux.RTA_DST, q.Dst)
	if q.Src.IsValid() {
		dst = appendAttrAddr(dst, linux.RTA_SRC, q.Src)
	}
	if q.UID != nil {
		dst = nlmsg.AppendU32(dst, linux.RTA_UID, *q.UID)
	}
	if q.IPProto != 0 {
		dst = nlmsg.AppendAttr(dst, linux.RTA_IP_PROTO, []byte{q.IPProto})
	}
	if q.SPort != 0 {
		dst = nlmsg.AppendAttr(dst, linux.RTA_SPORT, binary.BigEndian.AppendUint16(nil, q.SPort))
	}
	if q.DPort != 0 {
		dst = nlmsg.AppendAttr(dst, linux.RTA_DPORT, binary.BigEndian.AppendUint16(nil, q.DPort))
	}
	if q.InIndex != 0 {
		dst = nlmsg.AppendU32(dst, linux.RTA_IIF, uint32(int32(q.InIndex)))
	}
	if q.OutIndex != 0 {
		dst = nlmsg.AppendU32(dst, linux.RTA_OIF, uint32(int32(q.OutIndex)))
	}
	if q.Mark != 0 {
		dst = nlmsg.AppendU32(dst, linux.RTA_MARK, q.Mark)
	}
	return dst
}

// decodeRouteLookup reads the RTM_NEWROUTE answer to a route get.
func decodeRouteLookup(p []byte, q *RouteQuery) (RouteLookup, error) {
	var out RouteLookup
	if err := decodeRoute(p, &out.Route); err != nil {
		return out, err
	}
	r := &out.Route
	out.Table, out.Type = r.Table, r.Type
	out.NextHop = NextHop{Gateway: r.Gateway, OutIndex: r.OutIndex, Weight: 1}
	out.Src = r.PrefSrc
	if !out.Src.IsValid() {
		out.Src = q.Src
	}
	ar := attrReader{b: p[linux.SizeofRtMsg:]}
	for ar.next() {
		switch ar.typ {
		case linux.RTA_IIF:
			v, err := readU32(ar.val, "RTA_IIF")
			if err != nil {
				return out, err
			}
			out.InIndex = int(int32(v))
		case linux.RTA_MARK:
			v, err := readU32(ar.val, "RTA_MARK")
			if err != nil {
				return out, err
			}
			out.Mark = v
		case linux.RTA_UID:
			v, err := readU32(ar.val, "RTA_UID")
			if err != nil {
				return out, err
			}
			out.UID = &v
		}
	}
	return out, nil
}
