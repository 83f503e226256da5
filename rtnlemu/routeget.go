package rtnlemu

import (
	"context"
	"errors"
	"net/netip"
	"syscall"

	"github.com/jsimonetti/rtnetlink/v2"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

// A RouteQuery is a route lookup (RTM_GETROUTE for one route, `ip route
// get`): the packet whose route is asked for.
type RouteQuery struct {
	Dst     netip.Addr // RTA_DST; always valid
	Src     netip.Addr // RTA_SRC; the zero Addr when not given
	IIF     uint32     // RTA_IIF
	OIF     uint32     // RTA_OIF
	Mark    uint32     // RTA_MARK
	UID     uint32     // RTA_UID, when HasUID
	HasUID  bool
	TOS     uint8
	IPProto uint8  // RTA_IP_PROTO
	SPort   uint16 // RTA_SPORT
	DPort   uint16 // RTA_DPORT
	// FIBMatch asks for the table's route that matched rather than the
	// route computed for the packet (RTM_F_FIB_MATCH).
	FIBMatch bool
}

// A RouteLookup is a Source's answer to a RouteQuery.
type RouteLookup struct {
	// Route is the table's route that matched, as the Source stores it.
	Route rtnetlink.RouteMessage
	// Gateway and OIF are the next hop chosen (one of a multipath
	// route's); Src the source address selected for the packet, the
	// zero Addr for none.
	Gateway netip.Addr
	OIF     uint32
	Src     netip.Addr
	// Local says the destination is one of the host's own addresses:
	// the packet goes out through the loopback link.
	Local bool
}

// A RouteGetter answers route lookups with the OS's own answer (RTM_GET
// on a BSD routing socket, GetBestRoute2 on Windows). An error that is
// a syscall.Errno is answered as that errno. A Source without it, or
// one whose GetRoute fails with errors.ErrUnsupported (an OS that lacks
// the call), is answered by a longest-prefix match over its snapshot.
type RouteGetter interface {
	GetRoute(ctx context.Context, q *RouteQuery) (*RouteLookup, error)
}

// getRoute answers RTM_GETROUTE for one route (inet_rtm_getroute,
// inet6_rtm_getroute), checking the request as a strict kernel does
// (inet_rtm_valid_getroute_req).
func (c *Conn) getRoute(ctx context.Context, h nlmsg.Header, body []byte) error {
	if len(body) < linux.SizeofRtMsg {
		return kerr(syscall.EINVAL, "Invalid header for get route request")
	}
	hdr, attrs := body[:linux.SizeofRtMsg], body[linux.SizeofRtMsg:]
	family := hdr[0]
	var width uint8
	switch family {
	case linux.AF_INET:
		width = 32
	case linux.AF_INET6:
		width = 128
	default:
		return syscall.EOPNOTSUPP
	}
	if hdr[1] != 0 && hdr[1] != width || hdr[2] != 0 && hdr[2] != width ||
		hdr[4] != 0 || hdr[5] != 0 || hdr[6] != 0 || hdr[7] != 0 {
		return kerr(syscall.EINVAL, "Invalid values in header for get route request")
	}
	flags := ne.Uint32(hdr[8:])
	allowed, ipv := uint32(linux.RTM_F_NOTIFY|linux.RTM_F_LOOKUP_TABLE|linux.RTM_F_FIB_MATCH), "ipv4: "
	if family == linux.AF_INET6 {
		allowed, ipv = linux.RTM_F_FIB_MATCH, "ipv6: "
	}
	if flags&^allowed != 0 {
		return kerr(syscall.EINVAL, ipv+"Invalid flags for get route request")
	}
	q := RouteQuery{TOS: hdr[3], FIBMatch: flags&linux.RTM_F_FIB_MATCH != 0}
	var bad error
	ok := strictAttrs(attrs, func(typ uint16, data []byte) bool {
		switch typ {
		case linux.RTA_DST, linux.RTA_SRC:
			a, ok := netip.AddrFromSlice(data)
			if !ok || len(data) != int(width/8) {
				bad = kerr(syscall.EINVAL, "Invalid address in get route request")
				return false
			}
			if typ == linux.RTA_DST {
				q.Dst = a
			} else {
				q.Src = a
			}
		case linux.RTA_IIF, linux.RTA_OIF, linux.RTA_MARK, linux.RTA_UID:
			if len(data) < 4 {
				bad = errPolicy
				return false
			}
			v := ne.Uint32(data)
			switch typ {
			case linux.RTA_IIF:
				q.IIF = v
			case linux.RTA_OIF:
				q.OIF = v
			case linux.RTA_MARK:
				q.Mark = v
			default:
				q.UID, q.HasUID = v, true
			}
		case linux.RTA_IP_PROTO:
			if len(data) < 1 {
				bad = errPolicy
				return false
			}
			q.IPProto = data[0]
		case linux.RTA_SPORT, linux.RTA_DPORT:
			if len(data) < 2 {
				bad = errPolicy
				return false
			}
			if typ == linux.RTA_SPORT {
				q.SPort = uint16(data[0])<<8 | uint16(data[1])
			} else {
				q.DPort = uint16(data[0])<<8 | uint16(data[1])
			}
		default:
			return false
		}
		return true
	})
	if bad != nil {
		return bad
	}
	if !ok {
		return kerr(syscall.EINVAL, "Unsupported attribute in get route request")
	}
	if !q.Dst.IsValid() {
		// The kernel routes the unspecified address (to the host itself
		// for IPv4); the emulator asks for a destination.
		return kerr(syscall.EINVAL, "Missing destination in get route request")
	}
	var res *RouteLookup
	err := errors.ErrUnsupported
	if g, ok := c.t.src.(RouteGetter); ok {
		res, err = g.GetRoute(ctx, &q)
	}
	if errors.Is(err, errors.ErrUnsupported) {
		var snap *Snapshot
		snap, err = c.t.src.Snapshot(ctx, KindLinks|KindAddrs|KindRoutes)
		if err == nil {
			res, err = lookupRoute(snap, &q)
		}
	}
	if err != nil {
		return err
	}
	c.reply(appendRouteGetReply(nil, &q, res, flags, h.Seq, c.port))
	return nil
}

// appendRouteGetReply encodes the answer as the kernel does: with
// RTM_F_FIB_MATCH the table's route as a dump shows it; otherwise the
// route computed for the packet (rt_fill_info, rt6_fill_node): the
// destination as a host route, RTM_F_CLONED, the next hop chosen, the
// source selected, the route's metrics and the packet's mark and uid.
func appendRouteGetReply(b []byte, q *RouteQuery, res *RouteLookup, reqFlags uint32, seq, pid uint32) []byte {
	m := res.Route
	m.Attributes.Multipath = append([]rtnetlink.NextHop(nil), m.Attributes.Multipath...)
	if m.Family == linux.AF_INET && routeTable(&m) == linux.RT_TABLE_LOCAL {
		// Without policy rules of its own the kernel keeps IPv4's local
		// and main tables in one trie, and names it main.
		m.Table, m.Attributes.Table = linux.RT_TABLE_MAIN, linux.RT_TABLE_MAIN
	}
	if q.FIBMatch {
		m.Flags = 0
		return appendRouteMsg(b, &m, linux.RTM_NEWROUTE, 0, seq, pid)
	}
	width := uint8(q.Dst.BitLen())
	m.DstLength, m.SrcLength = width, 0
	m.Attributes.Dst = q.Dst.AsSlice()
	m.Attributes.Multipath = nil
	m.Attributes.Gateway = nil
	if res.Gateway.IsValid() {
		m.Attributes.Gateway = res.Gateway.AsSlice()
	}
	m.Attributes.OutIface = res.OIF
	m.Attributes.Src = nil // RTA_PREFSRC
	if !q.Src.IsValid() && res.Src.IsValid() {
		m.Attributes.Src = res.Src.AsSlice()
	}
	m.Attributes.Mark = q.Mark
	m.Attributes.Expires = nil
	// IPv4 answers with a cached route; IPv6 with the table's route
	// narrowed to the destination, which is not flagged cloned.
	m.Flags = 0
	switch {
	case m.Family != linux.AF_INET:
	case m.Type == linux.RTN_LOCAL:
		m.Flags = linux.RTM_F_CLONED | linux.RTCF_LOCAL
	case m.Type == linux.RTN_BROADCAST:
		m.Flags = linux.RTM_F_CLONED | linux.RTCF_BROADCAST | linux.RTCF_LOCAL
	default:
		m.Flags = linux.RTM_F_CLONED
	}
	if m.Family == linux.AF_INET {
		m.Protocol, m.Scope = 0, 0
		m.Attributes.Priority = 0
		m.Attributes.Pref = nil
	}
	if q.Src.IsValid() {
		m.SrcLength = width
	}
	start := len(b)
	b = appendRouteMsg(b, &m, linux.RTM_NEWROUTE, 0, seq, pid)
	if q.Src.IsValid() {
		b = nlmsg.AppendAttr(b, linux.RTA_SRC, q.Src.AsSlice())
	} else if m.Family == linux.AF_INET6 {
		b = nlmsg.AppendAttr(b, linux.RTA_SRC, make([]byte, 16))
	}
	if q.IIF != 0 {
		b = nlmsg.AppendU32(b, linux.RTA_IIF, q.IIF)
	}
	if m.Family == linux.AF_INET {
		b = nlmsg.AppendU32(b, linux.RTA_UID, q.UID)
	}
	return nlmsg.Finish(b, start)
}
