package rtnlemu

import (
	"cmp"
	"net"
	"net/netip"
	"slices"
	"syscall"

	"github.com/jsimonetti/rtnetlink/v2"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// lookupTables are the tables the kernel's default policy rules consult,
// in their order (priority 0, 32766, 32767). A Source has no rules of
// its own, so these are the only ones.
var lookupTables = [...]uint32{linux.RT_TABLE_LOCAL, linux.RT_TABLE_MAIN, linux.RT_TABLE_DEFAULT}

// routeTypeErrno is the kernel's answer to a lookup that ends on a
// route of a reject type (fib_props, ip6_route_info_create); throw
// goes on to the next table.
func routeTypeErrno(typ uint8) syscall.Errno {
	switch typ {
	case linux.RTN_BLACKHOLE:
		return syscall.EINVAL
	case linux.RTN_UNREACHABLE:
		return syscall.EHOSTUNREACH
	case linux.RTN_PROHIBIT:
		return syscall.EACCES
	}
	return 0
}

// lookupRoute answers q from a snapshot as the kernel's output route
// lookup (ip_route_output_key, ip6_route_output) does without policy
// rules: the tables local, main and default in turn; in each, the
// longest prefix covering the destination, of the TOS asked for or
// none, lowest metric first; a reject route ends the lookup with its
// errno, a throw route moves to the next table. With an output link,
// only next hops through it count, and an IPv4 destination no route
// covers is taken to be on that link. A multipath route's next hop is
// its first usable one (the kernel hashes the flow; the emulator
// cannot know its hash seed). Input lookups (RTA_IIF) are not emulated.
func lookupRoute(snap *Snapshot, q *RouteQuery) (*RouteLookup, error) {
	if q.IIF != 0 {
		return nil, kerr(syscall.EOPNOTSUPP, "Input route lookups (iif) are not emulated")
	}
	v4 := q.Dst.Is4()
	family := uint8(linux.AF_INET6)
	if v4 {
		family = linux.AF_INET
	}
	var oifLink *rtnetlink.LinkMessage
	if q.OIF != 0 {
		for i := range snap.Links {
			if snap.Links[i].Index == q.OIF {
				oifLink = &snap.Links[i]
			}
		}
		if oifLink == nil {
			return nil, syscall.ENODEV
		}
		if oifLink.Flags&linux.IFF_UP == 0 {
			return nil, syscall.ENETUNREACH
		}
	}
	if q.Src.IsValid() && v4 {
		if q.Src.IsMulticast() || q.Src == netip.AddrFrom4([4]byte{255, 255, 255, 255}) || q.Src.As4()[0] == 0 {
			return nil, syscall.EINVAL
		}
		if !isLocalAddr(snap, family, q.Src) {
			return nil, syscall.ENETUNREACH
		}
	}
	for _, table := range lookupTables {
		cands := candidates(snap, family, table, q)
		for _, r := range cands {
			if errno := routeTypeErrno(r.Type); errno != 0 {
				return nil, errno
			}
			if r.Type == linux.RTN_THROW {
				break
			}
			gw, oif, ok := pickNextHop(r, q.OIF)
			if !ok {
				continue
			}
			res := &RouteLookup{Route: *r, Gateway: gw, OIF: oif}
			if r.Type == linux.RTN_LOCAL {
				res.Local = true
				if !q.FIBMatch {
					res.OIF = loopbackIndex(snap, res.OIF)
				}
			}
			res.Src = selectSource(snap, r, q, oif, gw)
			return res, nil
		}
	}
	if res := ownAddrLookup(snap, family, q); res != nil {
		return res, nil
	}
	if v4 && oifLink != nil {
		// ip_route_output_key_hash_rcu: "Apparently, routing tables are
		// wrong. Assume, that the destination is on link."
		res := &RouteLookup{OIF: q.OIF}
		res.Route = rtnetlink.RouteMessage{Family: family, Type: linux.RTN_UNICAST, Attributes: rtnetlink.RouteAttributes{OutIface: q.OIF}}
		res.Src = selectSource4(snap, q.OIF, netip.Addr{}, linux.RT_SCOPE_LINK)
		return res, nil
	}
	return nil, syscall.ENETUNREACH
}

// ownAddrLookup answers a destination that is one of the host's own
// addresses (or in 127.0.0.0/8, with a loopback address there) as the
// kernel's local routes would, for a Source whose tables lack them
// (Wine's hold table main only); nil for any other destination.
func ownAddrLookup(snap *Snapshot, family uint8, q *RouteQuery) *RouteLookup {
	loop4 := netip.MustParsePrefix("127.0.0.0/8")
	own := isLocalAddr(snap, family, q.Dst)
	if !own && q.Dst.Is4() && loop4.Contains(q.Dst) {
		for i := range snap.Addrs {
			a := &snap.Addrs[i]
			own = own || a.Family == linux.AF_INET && loop4.Contains(ipAddr(net.IP(addrLocal(a))))
		}
	}
	if !own {
		return nil
	}
	lo := loopbackIndex(snap, 0)
	bits := uint8(q.Dst.BitLen())
	m := rtnetlink.RouteMessage{
		Family: family, DstLength: bits, Table: linux.RT_TABLE_LOCAL, Protocol: linux.RTPROT_KERNEL,
		Scope: linux.RT_SCOPE_HOST, Type: linux.RTN_LOCAL,
		Attributes: rtnetlink.RouteAttributes{Dst: q.Dst.AsSlice(), Table: linux.RT_TABLE_LOCAL, OutIface: lo, Src: q.Dst.AsSlice()},
	}
	return &RouteLookup{Route: m, OIF: lo, Src: q.Dst, Local: true}
}

// candidates lists the routes of one table that cover q's destination,
// in the order the kernel tries them.
func candidates(snap *Snapshot, family uint8, table uint32, q *RouteQuery) []*rtnetlink.RouteMessage {
	var out []*rtnetlink.RouteMessage
	for i := range snap.Routes {
		r := &snap.Routes[i]
		if r.Family != family || routeTable(r) != table {
			continue
		}
		if r.Tos != 0 && r.Tos != q.TOS {
			continue
		}
		if r.Attributes.Src != nil && r.SrcLength != 0 {
			continue // source-specific routes: not emulated
		}
		dst := netip.IPv4Unspecified()
		if family == linux.AF_INET6 {
			dst = netip.IPv6Unspecified()
		}
		if r.Attributes.Dst != nil {
			a, ok := netip.AddrFromSlice(r.Attributes.Dst)
			if !ok {
				continue
			}
			dst = a.Unmap()
			if family == linux.AF_INET6 {
				dst = a
			}
		}
		p := netip.PrefixFrom(dst, int(r.DstLength))
		if !p.IsValid() || !p.Contains(q.Dst) {
			continue
		}
		out = append(out, r)
	}
	slices.SortStableFunc(out, func(a, b *rtnetlink.RouteMessage) int {
		return cmp.Or(cmp.Compare(b.DstLength, a.DstLength), cmp.Compare(b.Tos, a.Tos),
			cmp.Compare(a.Attributes.Priority, b.Attributes.Priority))
	})
	return out
}

// pickNextHop chooses the route's next hop: the first path that is not
// dead and, when oif is given, leaves through it. Reject and local
// routes without a link pass when no link is asked for.
func pickNextHop(r *rtnetlink.RouteMessage, oif uint32) (gw netip.Addr, out uint32, ok bool) {
	if len(r.Attributes.Multipath) == 0 {
		if r.Flags&linux.RTNH_F_DEAD != 0 {
			return gw, 0, false
		}
		if oif != 0 && r.Attributes.OutIface != oif {
			return gw, 0, false
		}
		return ipAddr(r.Attributes.Gateway), r.Attributes.OutIface, true
	}
	for _, nh := range r.Attributes.Multipath {
		if nh.Hop.Flags&linux.RTNH_F_DEAD != 0 || oif != 0 && nh.Hop.IfIndex != oif {
			continue
		}
		return ipAddr(nh.Gateway), nh.Hop.IfIndex, true
	}
	return gw, 0, false
}

func ipAddr(ip net.IP) netip.Addr {
	if ip == nil {
		return netip.Addr{}
	}
	if v4 := ip.To4(); v4 != nil {
		return netip.AddrFrom4([4]byte(v4))
	}
	a, _ := netip.AddrFromSlice(ip)
	return a
}

// loopbackIndex is the index of the loopback link, where packets to the
// host's own addresses go; def when there is none.
func loopbackIndex(snap *Snapshot, def uint32) uint32 {
	for i := range snap.Links {
		if snap.Links[i].Flags&linux.IFF_LOOPBACK != 0 {
			return snap.Links[i].Index
		}
	}
	return def
}

// isLocalAddr tells whether a is one of the host's addresses.
func isLocalAddr(snap *Snapshot, family uint8, a netip.Addr) bool {
	for i := range snap.Addrs {
		ad := &snap.Addrs[i]
		if ad.Family == family && ipAddr(net.IP(addrLocal(ad))) == a {
			return true
		}
	}
	return false
}

// selectSource is the source address of the answer: the route's
// preferred source, else one chosen as the kernel chooses it.
func selectSource(snap *Snapshot, r *rtnetlink.RouteMessage, q *RouteQuery, oif uint32, gw netip.Addr) netip.Addr {
	if q.Src.IsValid() {
		return q.Src
	}
	if p := ipAddr(r.Attributes.Src); p.IsValid() {
		return p
	}
	if r.Type == linux.RTN_LOCAL {
		return q.Dst
	}
	if q.Dst.Is4() {
		return selectSource4(snap, oif, gw, r.Scope)
	}
	return selectSource6(snap, oif, q.Dst)
}

// selectSource4 follows inet_select_addr: a primary address of the link
// of at most the route's scope, preferring one whose subnet holds the
// gateway; failing that, a primary address of another link of global
// or site scope.
func selectSource4(snap *Snapshot, oif uint32, gw netip.Addr, scope uint8) netip.Addr {
	var first netip.Addr
	for i := range snap.Addrs {
		a := &snap.Addrs[i]
		if a.Family != linux.AF_INET || a.Index != oif || addrFlags(a)&linux.IFA_F_SECONDARY != 0 || a.Scope > scope {
			continue
		}
		local := ipAddr(net.IP(addrLocal(a)))
		if !gw.IsValid() {
			return local
		}
		if netip.PrefixFrom(local, int(a.PrefixLength)).Masked().Contains(gw) {
			return local
		}
		if !first.IsValid() {
			first = local
		}
	}
	if first.IsValid() {
		return first
	}
	for i := range snap.Addrs {
		a := &snap.Addrs[i]
		if a.Family != linux.AF_INET || addrFlags(a)&linux.IFA_F_SECONDARY != 0 || a.Scope > scope && scope < linux.RT_SCOPE_LINK || a.Scope >= linux.RT_SCOPE_LINK {
			continue
		}
		return ipAddr(net.IP(addrLocal(a)))
	}
	return netip.Addr{}
}

// selectSource6 is a short form of RFC 6724's source selection
// (ipv6_dev_get_saddr): usable addresses (not tentative or failed DAD),
// the destination itself first, then an address whose scope is the
// smallest that reaches the destination's, then one of the outgoing
// link, then the longest prefix shared with the destination.
func selectSource6(snap *Snapshot, oif uint32, dst netip.Addr) netip.Addr {
	dstScope := scope6(dst)
	var best netip.Addr
	var bestA *rtnetlink.AddressMessage
	better := func(a *rtnetlink.AddressMessage, addr netip.Addr) bool {
		if bestA == nil {
			return true
		}
		if addr == dst || best == dst {
			return addr == dst
		}
		sa, sb := scope6(addr), scope6(best)
		if sa != sb {
			if sa < sb {
				return sa >= dstScope
			}
			return sb < dstScope
		}
		if (a.Index == oif) != (bestA.Index == oif) {
			return a.Index == oif
		}
		return commonPrefix(addr, dst) > commonPrefix(best, dst)
	}
	for i := range snap.Addrs {
		a := &snap.Addrs[i]
		if a.Family != linux.AF_INET6 || addrFlags(a)&(linux.IFA_F_TENTATIVE|linux.IFA_F_DADFAILED) != 0 {
			continue
		}
		addr := ipAddr(net.IP(addrLocal(a)))
		if addr.IsLinkLocalUnicast() && a.Index != oif {
			continue // a link-local address belongs to its link
		}
		if better(a, addr) {
			best, bestA = addr, a
		}
	}
	return best
}

// scope6 is an IPv6 address's scope as RFC 4007 numbers it.
func scope6(a netip.Addr) int {
	switch {
	case a.IsLoopback():
		return 1
	case a.IsLinkLocalUnicast():
		return 2
	case a.IsMulticast():
		return int(a.As16()[1] & 0x0f)
	}
	return 14
}

// commonPrefix counts the leading bits two addresses share.
func commonPrefix(a, b netip.Addr) int {
	x, y := a.As16(), b.As16()
	n := 0
	for i := range x {
		d := x[i] ^ y[i]
		if d == 0 {
			n += 8
			continue
		}
		for d&0x80 == 0 {
			n++
			d <<= 1
		}
		break
	}
	return n
}
