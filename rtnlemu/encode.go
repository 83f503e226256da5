package rtnlemu

import (
	"net"

	"github.com/jsimonetti/rtnetlink/v2"
	"github.com/mdlayher/netlink"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

// The encoders below write a record as the kernel's RTM_NEW* message for
// it (rtnl_fill_ifinfo, inet_fill_ifaddr, fib_dump_info, neigh_fill_info),
// header included, with the given type, flags, sequence number and port
// id. They append to b and allocate nothing on the common paths.

// ipBytes gives ip in the family's width (4 bytes for AF_INET, 16 for
// AF_INET6), or nil when it does not fit. Other families get the bytes
// as they are.
func ipBytes(family uint8, ip net.IP) []byte {
	switch family {
	case linux.AF_INET:
		return ip.To4()
	case linux.AF_INET6:
		if len(ip) == net.IPv6len {
			return ip
		}
		return nil
	}
	return ip
}

func appendIP(b []byte, typ uint16, family uint8, ip net.IP) []byte {
	if ip == nil {
		return b
	}
	if raw := ipBytes(family, ip); raw != nil {
		return nlmsg.AppendAttr(b, typ, raw)
	}
	return b
}

// appendLinkMsg encodes a link.
func appendLinkMsg(b []byte, m *rtnetlink.LinkMessage, typ, flags uint16, seq, pid uint32) []byte {
	start := len(b)
	b = nlmsg.AppendHeader(b, typ, flags, seq, pid)
	b = append(b, uint8(m.Family), 0)
	b = ne.AppendUint16(b, m.Type)
	b = ne.AppendUint32(b, m.Index)
	b = ne.AppendUint32(b, m.Flags)
	b = ne.AppendUint32(b, m.Change)
	if a := m.Attributes; a != nil {
		b = appendLinkAttrs(b, a)
	}
	return nlmsg.Finish(nlmsg.Pad(b), start)
}

func appendLinkAttrs(b []byte, a *rtnetlink.LinkAttributes) []byte {
	b = nlmsg.AppendString(b, linux.IFLA_IFNAME, a.Name)
	if a.TxQueueLen != nil {
		b = nlmsg.AppendU32(b, linux.IFLA_TXQLEN, *a.TxQueueLen)
	}
	b = nlmsg.AppendU8(b, linux.IFLA_OPERSTATE, uint8(a.OperationalState))
	if a.LinkMode != nil {
		b = nlmsg.AppendU8(b, linux.IFLA_LINKMODE, *a.LinkMode)
	}
	b = nlmsg.AppendU32(b, linux.IFLA_MTU, a.MTU)
	if a.NetDevGroup != nil {
		b = nlmsg.AppendU32(b, linux.IFLA_GROUP, *a.NetDevGroup)
	}
	if a.Type != 0 {
		b = nlmsg.AppendU32(b, linux.IFLA_LINK, a.Type)
	}
	if a.Master != nil {
		b = nlmsg.AppendU32(b, linux.IFLA_MASTER, *a.Master)
	}
	if a.Carrier != nil {
		b = nlmsg.AppendU8(b, linux.IFLA_CARRIER, *a.Carrier)
	}
	if a.CarrierChanges != nil {
		b = nlmsg.AppendU32(b, linux.IFLA_CARRIER_CHANGES, *a.CarrierChanges)
	}
	if a.CarrierUpCount != nil {
		b = nlmsg.AppendU32(b, linux.IFLA_CARRIER_UP_COUNT, *a.CarrierUpCount)
	}
	if a.CarrierDownCount != nil {
		b = nlmsg.AppendU32(b, linux.IFLA_CARRIER_DOWN_COUNT, *a.CarrierDownCount)
	}
	if a.QueueDisc != "" {
		b = nlmsg.AppendString(b, linux.IFLA_QDISC, a.QueueDisc)
	}
	if a.Alias != nil && *a.Alias != "" {
		b = nlmsg.AppendString(b, linux.IFLA_IFALIAS, *a.Alias)
	}
	if len(a.Address) > 0 {
		b = nlmsg.AppendAttr(b, linux.IFLA_ADDRESS, a.Address)
	}
	if len(a.Broadcast) > 0 {
		b = nlmsg.AppendAttr(b, linux.IFLA_BROADCAST, a.Broadcast)
	}
	if a.PhysPortID != nil {
		b = nlmsg.AppendString(b, linux.IFLA_PHYS_PORT_ID, *a.PhysPortID)
	}
	if a.PhysPortName != nil {
		b = nlmsg.AppendString(b, linux.IFLA_PHYS_PORT_NAME, *a.PhysPortName)
	}
	if a.PhysSwitchID != nil {
		b = nlmsg.AppendString(b, linux.IFLA_PHYS_SWITCH_ID, *a.PhysSwitchID)
	}
	if s := a.Stats64; s != nil {
		b = appendStats64(b, s)
	}
	if s := a.Stats; s != nil {
		b = appendStats32(b, s)
	}
	if x := a.XDP; x != nil {
		var nest int
		b, nest = nlmsg.BeginNested(b, linux.IFLA_XDP)
		b = nlmsg.AppendU8(b, linux.IFLA_XDP_ATTACHED, x.Attached)
		if x.Flags != 0 {
			b = nlmsg.AppendU32(b, linux.IFLA_XDP_FLAGS, x.Flags)
		}
		if x.ProgID != 0 {
			b = nlmsg.AppendU32(b, linux.IFLA_XDP_PROG_ID, x.ProgID)
		}
		b = nlmsg.EndNested(b, nest)
	}
	if info := a.Info; info != nil {
		b = appendLinkInfo(b, info)
	}
	return b
}

// appendStats64 writes struct rtnl_link_stats64 in its current 200-byte
// layout.
func appendStats64(b []byte, s *rtnetlink.LinkStats64) []byte {
	b = ne.AppendUint16(b, linux.SizeofNlAttr+200)
	b = ne.AppendUint16(b, linux.IFLA_STATS64)
	for _, v := range [...]uint64{
		s.RXPackets, s.TXPackets, s.RXBytes, s.TXBytes, s.RXErrors, s.TXErrors,
		s.RXDropped, s.TXDropped, s.Multicast, s.Collisions,
		s.RXLengthErrors, s.RXOverErrors, s.RXCRCErrors, s.RXFrameErrors, s.RXFIFOErrors, s.RXMissedErrors,
		s.TXAbortedErrors, s.TXCarrierErrors, s.TXFIFOErrors, s.TXHeartbeatErrors, s.TXWindowErrors,
		s.RXCompressed, s.TXCompressed, s.RXNoHandler, s.RXOtherhostDropped,
	} {
		b = ne.AppendUint64(b, v)
	}
	return b
}

// appendStats32 writes struct rtnl_link_stats in its 96-byte layout (the
// one every decoder in use accepts).
func appendStats32(b []byte, s *rtnetlink.LinkStats) []byte {
	b = ne.AppendUint16(b, linux.SizeofNlAttr+96)
	b = ne.AppendUint16(b, linux.IFLA_STATS)
	for _, v := range [...]uint32{
		s.RXPackets, s.TXPackets, s.RXBytes, s.TXBytes, s.RXErrors, s.TXErrors,
		s.RXDropped, s.TXDropped, s.Multicast, s.Collisions,
		s.RXLengthErrors, s.RXOverErrors, s.RXCRCErrors, s.RXFrameErrors, s.RXFIFOErrors, s.RXMissedErrors,
		s.TXAbortedErrors, s.TXCarrierErrors, s.TXFIFOErrors, s.TXHeartbeatErrors, s.TXWindowErrors,
		s.RXCompressed, s.TXCompressed, s.RXNoHandler,
	} {
		b = ne.AppendUint32(b, v)
	}
	return b
}

// appendLinkInfo writes IFLA_LINKINFO. Raw driver data (LinkData, what a
// decode of an unregistered kind gives) is written back as it came; a
// registered driver encodes itself.
func appendLinkInfo(b []byte, info *rtnetlink.LinkInfo) []byte {
	var nest int
	b, nest = nlmsg.BeginNested(b, linux.IFLA_LINKINFO)
	if info.Kind != "" {
		b = nlmsg.AppendString(b, linux.IFLA_INFO_KIND, info.Kind)
	}
	b = appendDriverData(b, linux.IFLA_INFO_DATA, info.Data)
	if info.SlaveKind != "" {
		b = nlmsg.AppendString(b, linux.IFLA_INFO_SLAVE_KIND, info.SlaveKind)
	}
	b = appendDriverData(b, linux.IFLA_INFO_SLAVE_DATA, info.SlaveData)
	return nlmsg.EndNested(b, nest)
}

func appendDriverData(b []byte, typ uint16, d rtnetlink.LinkDriver) []byte {
	switch d := d.(type) {
	case nil:
		return b
	case *rtnetlink.LinkData:
		if len(d.Data) == 0 {
			return b
		}
		return nlmsg.AppendAttr(b, typ, d.Data)
	default:
		ae := netlink.NewAttributeEncoder()
		if err := d.Encode(ae); err != nil {
			return b
		}
		data, err := ae.Encode()
		if err != nil {
			return b
		}
		return nlmsg.AppendAttr(b, typ, data)
	}
}

// addrFlags gives the full IFA_F_* flags of an address: IFA_FLAGS when
// set, with the header's 8 bits merged in so that either way of filling
// the record reads back the same.
func addrFlags(m *rtnetlink.AddressMessage) uint32 {
	f := uint32(m.Flags)
	if m.Attributes != nil {
		f |= m.Attributes.Flags
	}
	return f
}

// appendAddrMsg encodes an address.
func appendAddrMsg(b []byte, m *rtnetlink.AddressMessage, typ, flags uint16, seq, pid uint32) []byte {
	start := len(b)
	b = nlmsg.AppendHeader(b, typ, flags, seq, pid)
	f := addrFlags(m)
	b = append(b, m.Family, m.PrefixLength, uint8(f), m.Scope)
	b = ne.AppendUint32(b, m.Index)
	if a := m.Attributes; a != nil {
		b = appendIP(b, linux.IFA_ADDRESS, m.Family, a.Address)
		b = appendIP(b, linux.IFA_LOCAL, m.Family, a.Local)
		b = appendIP(b, linux.IFA_BROADCAST, m.Family, a.Broadcast)
		b = appendIP(b, linux.IFA_ANYCAST, m.Family, a.Anycast)
		b = appendIP(b, linux.IFA_MULTICAST, m.Family, a.Multicast)
		if a.Label != "" {
			b = nlmsg.AppendString(b, linux.IFA_LABEL, a.Label)
		}
		b = nlmsg.AppendU32(b, linux.IFA_FLAGS, f)
		if c := a.CacheInfo; c != (rtnetlink.CacheInfo{}) {
			b = ne.AppendUint16(b, linux.SizeofNlAttr+linux.SizeofIfaCacheinfo)
			b = ne.AppendUint16(b, linux.IFA_CACHEINFO)
			b = ne.AppendUint32(b, c.Preferred)
			b = ne.AppendUint32(b, c.Valid)
			b = ne.AppendUint32(b, c.Created)
			b = ne.AppendUint32(b, c.Updated)
		}
	}
	return nlmsg.Finish(nlmsg.Pad(b), start)
}

// routeTable gives a route's full table id: RTA_TABLE, else rtm_table.
func routeTable(m *rtnetlink.RouteMessage) uint32 {
	if m.Attributes.Table != 0 {
		return m.Attributes.Table
	}
	return uint32(m.Table)
}

// appendRouteMsg encodes a route.
func appendRouteMsg(b []byte, m *rtnetlink.RouteMessage, typ, flags uint16, seq, pid uint32) []byte {
	start := len(b)
	b = nlmsg.AppendHeader(b, typ, flags, seq, pid)
	table := routeTable(m)
	hdrTable := m.Table
	if hdrTable == 0 && table != 0 {
		hdrTable = linux.RT_TABLE_COMPAT
		if table < 256 {
			hdrTable = uint8(table)
		}
	}
	b = append(b, m.Family, m.DstLength, m.SrcLength, m.Tos, hdrTable, m.Protocol, m.Scope, m.Type)
	b = ne.AppendUint32(b, m.Flags)
	a := &m.Attributes
	b = nlmsg.AppendU32(b, linux.RTA_TABLE, table)
	b = appendIP(b, linux.RTA_DST, m.Family, a.Dst)
	if a.Priority != 0 {
		b = nlmsg.AppendU32(b, linux.RTA_PRIORITY, a.Priority)
	}
	if mt := a.Metrics; mt != nil {
		var nest int
		b, nest = nlmsg.BeginNested(b, linux.RTA_METRICS)
		if mt.MTU != 0 {
			b = nlmsg.AppendU32(b, linux.RTAX_MTU, mt.MTU)
		}
		if mt.AdvMSS != 0 {
			b = nlmsg.AppendU32(b, linux.RTAX_ADVMSS, mt.AdvMSS)
		}
		if mt.InitCwnd != 0 {
			b = nlmsg.AppendU32(b, linux.RTAX_INITCWND, mt.InitCwnd)
		}
		if mt.Features != 0 {
			b = nlmsg.AppendU32(b, linux.RTAX_FEATURES, mt.Features)
		}
		if mt.InitRwnd != 0 {
			b = nlmsg.AppendU32(b, linux.RTAX_INITRWND, mt.InitRwnd)
		}
		b = nlmsg.EndNested(b, nest)
	}
	b = appendIP(b, linux.RTA_PREFSRC, m.Family, a.Src)
	b = appendGateway(b, m.Family, a.Gateway)
	if a.OutIface != 0 {
		b = nlmsg.AppendU32(b, linux.RTA_OIF, a.OutIface)
	}
	if a.Mark != 0 {
		b = nlmsg.AppendU32(b, linux.RTA_MARK, a.Mark)
	}
	if a.Pref != nil {
		b = nlmsg.AppendU8(b, linux.RTA_PREF, *a.Pref)
	}
	if a.Expires != nil {
		b = nlmsg.AppendU32(b, linux.RTA_EXPIRES, *a.Expires)
	}
	if len(a.Multipath) > 0 {
		var nest int
		b, nest = nlmsg.BeginNested(b, linux.RTA_MULTIPATH)
		for i := range a.Multipath {
			b = appendNextHop(b, m.Family, &a.Multipath[i])
		}
		b = nlmsg.EndNested(b, nest)
	}
	return nlmsg.Finish(nlmsg.Pad(b), start)
}

// appendGateway writes RTA_GATEWAY, or RTA_VIA when the gateway's family
// differs from the route's, as the kernel does.
func appendGateway(b []byte, family uint8, gw net.IP) []byte {
	if gw == nil {
		return b
	}
	if raw := ipBytes(family, gw); raw != nil {
		return nlmsg.AppendAttr(b, linux.RTA_GATEWAY, raw)
	}
	if family == linux.AF_INET && len(gw) == net.IPv6len {
		b = ne.AppendUint16(b, uint16(linux.SizeofNlAttr+2+net.IPv6len))
		b = ne.AppendUint16(b, linux.RTA_VIA)
		b = ne.AppendUint16(b, linux.AF_INET6)
		b = append(b, gw...)
		return nlmsg.Pad(b)
	}
	return b
}

// appendNextHop writes one struct rtnexthop with its attributes.
func appendNextHop(b []byte, family uint8, nh *rtnetlink.NextHop) []byte {
	start := len(b)
	b = ne.AppendUint16(b, 0)
	b = append(b, nh.Hop.Flags, nh.Hop.Hops)
	b = ne.AppendUint32(b, nh.Hop.IfIndex)
	b = appendGateway(b, family, nh.Gateway)
	if len(nh.MPLS) > 0 {
		b = nlmsg.AppendU16(b, linux.RTA_ENCAP_TYPE, linux.LWTUNNEL_ENCAP_MPLS)
		var nest, dst int
		b, nest = nlmsg.BeginNested(b, linux.RTA_ENCAP)
		b, dst = nlmsg.BeginNested(b, linux.MPLS_IPTUNNEL_DST)
		for _, l := range nh.MPLS {
			v := uint32(l.Label)<<12 | uint32(l.TrafficClass&7)<<9 | uint32(l.TTL)
			if l.BottomOfStack {
				v |= 0x100
			}
			b = append(b, byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
		}
		b = nlmsg.EndNested(b, dst)
		b = nlmsg.EndNested(b, nest)
	}
	if len(b)-start > nlmsg.MaxAttrLen {
		return b[:start]
	}
	ne.PutUint16(b[start:], uint16(len(b)-start))
	return b
}

// appendNeighMsg encodes a neighbour.
func appendNeighMsg(b []byte, m *rtnetlink.NeighMessage, typ, flags uint16, seq, pid uint32) []byte {
	start := len(b)
	b = nlmsg.AppendHeader(b, typ, flags, seq, pid)
	b = append(b, uint8(m.Family), 0, 0, 0)
	b = ne.AppendUint32(b, m.Index)
	b = ne.AppendUint16(b, m.State)
	b = append(b, m.Flags, m.Type)
	if a := m.Attributes; a != nil {
		b = appendIP(b, linux.NDA_DST, uint8(m.Family), a.Address)
		if len(a.LLAddress) > 0 {
			b = nlmsg.AppendAttr(b, linux.NDA_LLADDR, a.LLAddress)
		}
		if c := a.CacheInfo; c != nil {
			b = ne.AppendUint16(b, linux.SizeofNlAttr+16)
			b = ne.AppendUint16(b, linux.NDA_CACHEINFO)
			b = ne.AppendUint32(b, c.Confirmed)
			b = ne.AppendUint32(b, c.Used)
			b = ne.AppendUint32(b, c.Updated)
			b = ne.AppendUint32(b, c.RefCount)
		}
		if a.IfIndex != 0 {
			b = nlmsg.AppendU32(b, linux.NDA_IFINDEX, a.IfIndex)
		}
	}
	return nlmsg.Finish(nlmsg.Pad(b), start)
}
