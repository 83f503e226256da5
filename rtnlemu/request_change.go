package rtnlemu

import (
	"context"
	"errors"
	"net"
	"syscall"

	"github.com/jsimonetti/rtnetlink/v2"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

// requestFlags keeps the change flags of a request's nlmsg_flags.
func requestFlags(h nlmsg.Header) Flags {
	return Flags(h.Flags) & (FlagReplace | FlagExcl | FlagCreate | FlagAppend)
}

// setLink answers RTM_NEWLINK and RTM_SETLINK on an existing link. The
// emulator cannot create links: RTM_NEWLINK with NLM_F_CREATE for a
// missing link is EOPNOTSUPP.
func (c *Conn) setLink(ctx context.Context, h nlmsg.Header, body []byte) error {
	if len(body) < linux.SizeofIfInfomsg {
		return kerr(syscall.EINVAL, "Invalid header for link request")
	}
	body, err := c.liberal(body, linux.SizeofIfInfomsg, linkPolicy)
	if err != nil {
		return err
	}
	if err := checkUniqueNetNS(body[linux.SizeofIfInfomsg:]); err != nil {
		return err
	}
	if h.Type == linux.RTM_NEWLINK {
		if err := checkNewLinkInfo(body[linux.SizeofIfInfomsg:]); err != nil {
			return err
		}
	}
	if err := checkLinkNetNS(body[linux.SizeofIfInfomsg:]); err != nil {
		return err
	}
	if h.Type == linux.RTM_NEWLINK && lastAttr(body[linux.SizeofIfInfomsg:], linux.IFLA_LINK_NETNSID) != nil {
		return kerr(syscall.EINVAL, "Unknown network namespace id") // rtnl_newlink: no ids here
	}
	r := decodeLinkRequest(body)
	m := &r.msg
	setter, ok := c.t.src.(LinkSetter)
	if !ok {
		return syscall.EOPNOTSUPP
	}
	if int32(m.Index) < 0 {
		if h.Type == linux.RTM_NEWLINK {
			return kerr(syscall.EINVAL, "ifindex can't be negative")
		}
		m.Index = 0 // rtnl_setlink looks up positive indexes only
	}
	l, err := c.findRequestedLink(ctx, &r)
	if err != nil {
		return err
	}
	attrs := body[linux.SizeofIfInfomsg:]
	if h.Type == linux.RTM_NEWLINK {
		switch {
		case l != nil && h.Flags&uint16(FlagExcl) != 0:
			return syscall.EEXIST
		case l != nil && h.Flags&uint16(FlagReplace) != 0:
			return syscall.EOPNOTSUPP // __rtnl_newlink refuses to replace a device
		case l == nil && h.Flags&uint16(FlagCreate) != 0:
			return kerr(syscall.EOPNOTSUPP, "creating links is not supported by this emulated network")
		case l == nil && m.Index == 0 && !r.named && r.hasGroup:
			return c.setLinkGroup(ctx, setter, m, attrs, r.group)
		case l == nil:
			return syscall.ENODEV
		}
		if err := c.changeLinkInfo(ctx, attrs, l); err != nil {
			return err
		}
	}
	if m.Index == 0 && !r.named {
		return syscall.EINVAL // rtnl_setlink: no ifindex or name given
	}
	if l == nil {
		// rtnl_setlink finds the device before do_setlink checks
		// what the request sets.
		return syscall.ENODEV
	}
	m.Index = l.Index
	return c.doSetLink(ctx, setter, m, attrs, l)
}

// setLinkGroup is rtnl_group_changelink: a new-link request naming no
// link but a group changes every link of that group, stopping at the
// first refusal; a group without links is success.
func (c *Conn) setLinkGroup(ctx context.Context, setter LinkSetter, m *rtnetlink.LinkMessage, attrs []byte, group uint32) error {
	links, err := c.groupLinks(ctx, group)
	if err != nil {
		return err
	}
	for i := range links {
		one := *m
		one.Index = links[i].Index
		if m.Attributes != nil {
			a := *m.Attributes
			one.Attributes = &a
		}
		if err := c.doSetLink(ctx, setter, &one, attrs, &links[i]); err != nil {
			return err
		}
	}
	return nil
}

// changeAddr answers RTM_NEWADDR and RTM_DELADDR after the checks every
// family's handler makes.
func (c *Conn) changeAddr(ctx context.Context, h nlmsg.Header, body []byte) error {
	family := body[0]
	if family != linux.AF_INET && family != linux.AF_INET6 {
		return syscall.EOPNOTSUPP
	}
	if len(body) < linux.SizeofIfAddrmsg {
		return kerr(syscall.EINVAL, "Invalid header for address request")
	}
	policy := addr4Policy
	if family == linux.AF_INET6 {
		policy = addr6Policy
	}
	body, err := c.liberal(body, linux.SizeofIfAddrmsg, policy)
	if err != nil {
		return err
	}
	if family == linux.AF_INET6 {
		body = onlyRead(body, linux.SizeofIfAddrmsg, addr6Reads)
	} else {
		body = onlyRead(body, linux.SizeofIfAddrmsg, addr4Reads)
	}
	var m rtnetlink.AddressMessage
	if err := m.UnmarshalBinary(body); err != nil {
		return kerr(syscall.EINVAL, err.Error())
	}
	maxLen := uint8(32)
	if family == linux.AF_INET6 {
		maxLen = 128
	}
	// inet6_rtm_newaddr looks the link up before inet6_addr_add checks
	// the prefix length; the other handlers check it first.
	prefixLater := family == linux.AF_INET6 && h.Type == linux.RTM_NEWADDR
	if m.PrefixLength > maxLen && !prefixLater {
		return kerr(syscall.EINVAL, "Invalid prefix length")
	}
	switch {
	case family == linux.AF_INET && h.Type == linux.RTM_NEWADDR && (m.Attributes == nil || m.Attributes.Local == nil):
		return kerr(syscall.EINVAL, "ipv4: Local address is not supplied")
	case addrLocal(&m) == nil:
		return syscall.EINVAL // inet6_rtm_newaddr, inet6_rtm_deladdr
	}
	if h.Type == linux.RTM_NEWADDR {
		if err := checkAddrLifetimes(body, family); err != nil {
			return err
		}
		if family == linux.AF_INET && net.IP(addrLocal(&m)).IsUnspecified() {
			return nil // inet_rtm_newaddr: no address, nothing to add
		}
	}
	setter, ok := c.t.src.(AddrSetter)
	if !ok {
		return syscall.EOPNOTSUPP
	}
	if !c.linkExists(ctx, m.Index) {
		return kerr(syscall.ENODEV, "Device not found")
	}
	if l := c.findLink(ctx, m.Index); l != nil && h.Type == linux.RTM_DELADDR && family == linux.AF_INET6 && !hasFamily(l, linux.AF_INET6) {
		return kerr(syscall.ENXIO, "IPv6 is disabled on this device") // inet6_addr_del: no inet6_dev
	}
	if l := c.findLink(ctx, m.Index); l != nil && h.Type == linux.RTM_NEWADDR {
		flags := addrRequestFlags(body)
		if family == linux.AF_INET6 {
			err = c.checkNewAddr6(ctx, h, &m, flags, l)
		} else {
			err = c.checkNewAddr4(ctx, &m, flags, l)
		}
		if err != nil {
			return err
		}
	}
	if m.PrefixLength > maxLen {
		return kerr(syscall.EINVAL, "Invalid prefix length")
	}
	if h.Type == linux.RTM_NEWADDR {
		// An IPv4 address the link has is EEXIST first, unless replaced
		// (inet_rtm_newaddr).
		exists := family == linux.AF_INET && (h.Flags&uint16(FlagExcl) != 0 || h.Flags&uint16(FlagReplace) == 0) &&
			c.hasMatchingAddr4(ctx, &m)
		if p := lastAttr(body[linux.SizeofIfAddrmsg:], linux.IFA_RT_PRIORITY); len(p) >= 4 && ne.Uint32(p) != 0 && !exists {
			// A Source keeps no metric for an address's prefix route:
			// refused, not dropped.
			return kerr(syscall.EOPNOTSUPP, "address metric (IFA_RT_PRIORITY) is not supported by this emulated network")
		}
	}
	if h.Type == linux.RTM_DELADDR {
		err = setter.DelAddr(ctx, &m)
	} else {
		err = setter.AddAddr(ctx, &m, requestFlags(h))
	}
	// The kernel says which, in an extended ack.
	switch {
	case errors.Is(err, syscall.EEXIST):
		return kerr(syscall.EEXIST, "Address already assigned")
	case errors.Is(err, syscall.EADDRNOTAVAIL):
		return kerr(syscall.EADDRNOTAVAIL, "Address not found")
	}
	return err
}

// changeRoute answers RTM_NEWROUTE and RTM_DELROUTE. Table 0 means the
// main table, as for the kernel; the setter gets the full table id in
// both rtm_table and RTA_TABLE.
func (c *Conn) changeRoute(ctx context.Context, h nlmsg.Header, body []byte) error {
	family := body[0]
	if family != linux.AF_INET && family != linux.AF_INET6 {
		return syscall.EOPNOTSUPP
	}
	if len(body) < linux.SizeofRtMsg {
		return syscall.EINVAL // nlmsg_parse_deprecated
	}
	policy := route4Policy
	if family == linux.AF_INET6 {
		policy = route6Policy
	}
	body, err := c.liberal(body, linux.SizeofRtMsg, policy)
	if err != nil {
		return err
	}
	shortPrefix := false
	if family == linux.AF_INET6 {
		body, shortPrefix = ip6RoutePrefixes(onlyRead(body, linux.SizeofRtMsg, route6Reads))
	} else {
		body = onlyRead(body, linux.SizeofRtMsg, route4Reads)
	}
	var m rtnetlink.RouteMessage
	if err := m.UnmarshalBinary(decodableRoute(body)); err != nil {
		return kerr(syscall.EINVAL, err.Error())
	}
	if family == linux.AF_INET6 {
		// rtm_to_fib6_config's checks, for adds and deletes alike: no
		// TOS, no flow label, a nexthop id alone, no RTA_VIA, then
		// RTA_DST and RTA_SRC read for as many bytes as the prefix
		// length needs.
		attrs := body[linux.SizeofRtMsg:]
		switch {
		case body[3] != 0:
			return kerr(syscall.EINVAL, "Invalid dsfield (tos): option not available for IPv6")
		case hasAttr(attrs, linux.RTA_FLOWLABEL):
			return kerr(syscall.EINVAL, "Flow label cannot be specified for this operation")
		case hasAttr(attrs, linux.RTA_NH_ID) && (hasAttr(attrs, linux.RTA_GATEWAY) || hasAttr(attrs, linux.RTA_OIF) ||
			hasAttr(attrs, linux.RTA_MULTIPATH) || hasAttr(attrs, linux.RTA_ENCAP)):
			return kerr(syscall.EINVAL, "Nexthop specification and nexthop id are mutually exclusive")
		case hasAttr(attrs, linux.RTA_VIA):
			return kerr(syscall.EINVAL, "IPv6 does not support RTA_VIA attribute")
		case shortPrefix:
			return syscall.EINVAL
		}
		if mp := lastAttr(attrs, linux.RTA_MULTIPATH); mp != nil {
			if err := checkMultipath6(mp, hasAttr(attrs, linux.RTA_GATEWAY), h.Type == linux.RTM_NEWROUTE); err != nil {
				return err
			}
		}
		if t := lastAttr(attrs, linux.RTA_ENCAP_TYPE); len(t) >= 2 {
			if err := checkEncapType(ne.Uint16(t)); err != nil {
				return err
			}
		}
		if h.Type == linux.RTM_NEWROUTE { // fib6_config_validate, then ip6_route_info_create
			switch {
			case ne.Uint32(body[8:])&linux.RTM_F_CLONED != 0:
				return kerr(syscall.EINVAL, "Userspace can not set RTF_CACHE")
			case m.Type > linux.RTN_MAX:
				return kerr(syscall.EINVAL, "Invalid route type")
			case m.DstLength > 128:
				return kerr(syscall.EINVAL, "Invalid prefix length")
			case m.SrcLength > 128:
				return kerr(syscall.EINVAL, "Invalid source address length")
			case hasAttr(attrs, linux.RTA_NH_ID) && m.SrcLength != 0:
				return kerr(syscall.EINVAL, "Nexthops can not be used with source routing")
			}
			if err := c.checkNewRoute6(ctx, &m, body); err != nil {
				return err
			}
		}
	} else {
		// rtm_to_fib_config, for adds and deletes alike.
		if body[3]&3 != 0 {
			return kerr(syscall.EINVAL, "Invalid dsfield (tos): ECN bits must be 0")
		}
		if m.Type > linux.RTN_MAX {
			return kerr(syscall.EINVAL, "Invalid route type")
		}
		// The checks rtm_to_fib_config makes as it walks the attributes.
		var walkErr error
		forEachAttr(body[linux.SizeofRtMsg:], func(t uint16, v []byte) bool {
			switch t {
			case linux.RTA_VIA:
				walkErr = checkVia(v)
			case linux.RTA_MULTIPATH:
				walkErr = checkHopEncapTypes(v)
			case linux.RTA_ENCAP_TYPE:
				walkErr = checkEncapType(ne.Uint16(v))
			}
			return walkErr == nil
		})
		if walkErr != nil {
			return walkErr
		}
		if int(m.DstLength) > 32 {
			return kerr(syscall.EINVAL, "Invalid prefix length")
		}
		m.SrcLength = 0 // IPv4 routes have no source prefix: rtm_src_len is not read
		if dst := m.Attributes.Dst.To4(); dst != nil && m.DstLength < 32 &&
			ne.Uint32(dst)&^ne.Uint32(net.CIDRMask(int(m.DstLength), 32)) != 0 {
			return kerr(syscall.EINVAL, "Invalid prefix for given prefix length")
		}
		attrs := body[linux.SizeofRtMsg:]
		gw := m.Attributes.Gateway != nil && !m.Attributes.Gateway.IsUnspecified()
		switch {
		case hasAttr(attrs, linux.RTA_NH_ID) && (m.Attributes.OutIface != 0 || gw || hasAttr(attrs, linux.RTA_VIA) ||
			hasAttr(attrs, linux.RTA_ENCAP) || hasAttr(attrs, linux.RTA_MULTIPATH)):
			return kerr(syscall.EINVAL, "Nexthop specification and nexthop id are mutually exclusive")
		case hasAttr(attrs, linux.RTA_GATEWAY) && hasAttr(attrs, linux.RTA_VIA):
			return kerr(syscall.EINVAL, "Nexthop configuration can not contain both GATEWAY and VIA")
		}
		if h.Type == linux.RTM_NEWROUTE {
			if err := c.checkNewRoute4(ctx, &m, body); err != nil {
				return err
			}
		}
	}
	table := routeTable(&m)
	if table == 0 {
		table = linux.RT_TABLE_MAIN
	}
	m.Attributes.Table = table
	m.Table = linux.RT_TABLE_COMPAT
	if table < 256 {
		m.Table = uint8(table)
	}
	setter, ok := c.t.src.(RouteSetter)
	if !ok {
		return syscall.EOPNOTSUPP
	}
	if family == linux.AF_INET6 && h.Type == linux.RTM_NEWROUTE && m.Attributes.Priority == 0 {
		m.Attributes.Priority = ip6RoutePrioUser // the kernel's default metric
	}
	if h.Type == linux.RTM_DELROUTE {
		if !c.routeTableExists(ctx, family, table) {
			return kerr(syscall.ESRCH, "FIB table does not exist")
		}
		if family == linux.AF_INET6 && ne.Uint32(body[8:])&linux.RTM_F_CLONED != 0 && !hasAttr(body[linux.SizeofRtMsg:], linux.RTA_NH_ID) {
			// ip6_route_del looks only in the route cache of the longest
			// match, and finding nothing there is success: rtnlemu keeps
			// no route cache.
			return nil
		}
		c.withoutSubtree(ctx, &m)
		err := setter.DelRoute(ctx, &m)
		if errors.Is(err, syscall.ESRCH) && family == linux.AF_INET6 && c.deletesNullEntry(ctx, &m, body) {
			return syscall.ENOENT
		}
		return err
	}
	if family == linux.AF_INET {
		if h.Flags&uint16(FlagExcl) != 0 && c.hasRoute4Prefix(ctx, &m) {
			return syscall.EEXIST // fib_table_insert: any route of that prefix, TOS and metric
		}
		dumpedRoute4(&m)
		if h.Flags&uint16(FlagReplace) != 0 {
			if done, err := c.replaceNoop4(ctx, &m, body); done {
				return err
			}
		}
	}
	if err := setter.AddRoute(ctx, &m, requestFlags(h)); err != nil {
		return err
	}
	if h.Flags&uint16(FlagReplace) != 0 {
		k := routeKey(&m)
		c.replaced = &k
	}
	return nil
}

// changeNeigh answers RTM_NEWNEIGH and RTM_DELNEIGH (neigh_add,
// neigh_delete).
func (c *Conn) changeNeigh(ctx context.Context, h nlmsg.Header, body []byte) error {
	if len(body) < linux.SizeofNdMsg {
		return kerr(syscall.EINVAL, "Invalid header for neighbor request")
	}
	var err error
	if h.Type == linux.RTM_DELNEIGH {
		// neigh_delete parses nothing: it looks for the first NDA_DST.
		body = firstAttrBody(body, linux.SizeofNdMsg, linux.NDA_DST)
	} else if body, err = c.liberal(body, linux.SizeofNdMsg, neighPolicy); err != nil {
		return err
	} else {
		body = onlyRead(body, linux.SizeofNdMsg, neighReads)
	}
	var m rtnetlink.NeighMessage
	if err := m.UnmarshalBinary(body); err != nil {
		return kerr(syscall.EINVAL, err.Error())
	}
	if m.Attributes != nil && m.Attributes.LLAddress == nil && lastAttr(body[linux.SizeofNdMsg:], linux.NDA_LLADDR) != nil {
		// The decoder drops an empty NDA_LLADDR; the kernel checks
		// its length against the device's.
		m.Attributes.LLAddress = []byte{}
	}
	// The checks of neigh_add and neigh_delete, in their order.
	if uint8(m.Family) == linux.AF_BRIDGE {
		return syscall.EOPNOTSUPP // the bridge FDB is not emulated
	}
	if m.Attributes == nil || m.Attributes.Address == nil {
		return kerr(syscall.EINVAL, "Network address not specified")
	}
	if m.Index != 0 {
		l := c.findLink(ctx, m.Index)
		if l == nil {
			return syscall.ENODEV
		}
		if h.Type == linux.RTM_NEWNEIGH && l.Attributes != nil && m.Attributes.LLAddress != nil &&
			len(m.Attributes.LLAddress) < len(l.Attributes.Address) {
			return kerr(syscall.EINVAL, "Invalid link address")
		}
	}
	var width int
	switch uint8(m.Family) {
	case linux.AF_INET:
		width = 4
	case linux.AF_INET6:
		width = 16
	default:
		return syscall.EAFNOSUPPORT
	}
	// The kernel reads as many bytes as the family's key has.
	if len(m.Attributes.Address) < width {
		return kerr(syscall.EINVAL, "Invalid network address")
	}
	m.Attributes.Address = m.Attributes.Address[:width]
	nflags := neighFlags(&m, body[linux.SizeofNdMsg:])
	if h.Type == linux.RTM_NEWNEIGH && nflags&linux.NTF_PROXY != 0 && nflags&(ntfManaged|ntfExtValidated) != 0 {
		return kerr(syscall.EINVAL, "Invalid NTF_* flag combination")
	}
	if m.Index == 0 && m.Flags&linux.NTF_PROXY == 0 {
		if h.Type == linux.RTM_DELNEIGH {
			return syscall.EINVAL // neigh_delete says nothing more
		}
		return kerr(syscall.EINVAL, "Device not specified")
	}
	setter, ok := c.t.src.(NeighSetter)
	if !ok {
		return syscall.EOPNOTSUPP
	}
	if h.Type == linux.RTM_DELNEIGH {
		return setter.DelNeighbor(ctx, &m)
	}
	flags := requestFlags(h)
	if m.Flags&linux.NTF_PROXY == 0 {
		if l := c.findLink(ctx, m.Index); l != nil {
			if err := checkNewNeigh(&m, flags, nflags, l, c.neighState(ctx, &m)); err != nil {
				return err
			}
		}
	}
	if uint8(m.Family) == linux.AF_INET && m.Flags&linux.NTF_PROXY == 0 && !c.hasNeighbor(ctx, &m) {
		if l := c.findLink(ctx, m.Index); l != nil && l.Flags&(linux.IFF_LOOPBACK|linux.IFF_POINTOPOINT) != 0 {
			// arp_constructor keys a new entry on a loopback or
			// point-to-point link 0.0.0.0: the request creates or
			// updates that one.
			m.Attributes.Address = net.IPv4zero.To4()
			flags = flags&^FlagExcl | FlagCreate | FlagReplace
		}
	}
	if err := c.checkLLAddr(ctx, &m, nflags); err != nil {
		return err
	}
	if nflags>>8 != 0 {
		// No Source keeps NDA_FLAGS_EXT's flags: refused, not dropped.
		return kerr(syscall.EOPNOTSUPP, "NDA_FLAGS_EXT: extended neighbour flags (managed, extern_valid) are not emulated")
	}
	if nflags&(linux.NTF_USE|ntfManaged) != 0 && m.Flags&linux.NTF_PROXY == 0 {
		c.useNeigh(ctx, &m)
	}
	return setter.AddNeighbor(ctx, &m, flags)
}

// firstAttrBody is body with only its first attribute of type typ after
// the hdrLen-byte header, as nlmsg_find_attr finds it (stopping at the
// first malformed attribute).
func firstAttrBody(body []byte, hdrLen int, typ uint16) []byte {
	out := append(make([]byte, 0, len(body)), body[:hdrLen]...)
	forEachAttr(body[hdrLen:], func(t uint16, data []byte) bool {
		if t != typ {
			return true
		}
		out = nlmsg.AppendAttr(out, typ, data)
		return false
	})
	return out
}

// deletesNullEntry tells whether an IPv6 delete that matched no route
// reaches the kernel's null entry: the leaf of an empty ::/0 in its
// table (fib6_null_entry, protocol kernel, metric ~0, on loopback, no
// gateway), which ip6_route_del matches and __ip6_del_rt refuses with
// ENOENT.
func (c *Conn) deletesNullEntry(ctx context.Context, m *rtnetlink.RouteMessage, body []byte) bool {
	a := &m.Attributes
	switch {
	case m.DstLength != 0 || m.SrcLength != 0,
		m.Protocol != 0 && m.Protocol != linux.RTPROT_KERNEL,
		a.Priority != 0 && a.Priority != 0xffffffff,
		a.Gateway != nil && !a.Gateway.IsUnspecified():
		return false
	}
	if a.OutIface != 0 {
		l := c.findLink(ctx, a.OutIface)
		if l == nil || l.Type != linux.ARPHRD_LOOPBACK {
			return false
		}
	}
	snap, err := c.t.src.Snapshot(ctx, KindRoutes)
	if err != nil || snap == nil {
		return false
	}
	for i := range snap.Routes {
		r := &snap.Routes[i]
		if r.Family == linux.AF_INET6 && r.DstLength == 0 && r.SrcLength == 0 && routeTable(r) == a.Table {
			return false // ::/0 has routes: the null entry is not among them
		}
	}
	return true
}

// fibPropsScope is the narrowest scope fib_create_info takes for an IPv4
// route of type typ (fib_props[typ].scope): a route of that type with a
// wider scope is EINVAL.
func fibPropsScope(typ uint8) uint8 {
	switch typ {
	case linux.RTN_UNSPEC, linux.RTN_NAT, linux.RTN_XRESOLVE:
		return linux.RT_SCOPE_NOWHERE
	case linux.RTN_LOCAL:
		return linux.RT_SCOPE_HOST
	case linux.RTN_BROADCAST, linux.RTN_ANYCAST:
		return linux.RT_SCOPE_LINK
	}
	return linux.RT_SCOPE_UNIVERSE
}
