package rtnlemu

import (
	"github.com/jsimonetti/rtnetlink/v2"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// A recordKey identifies an object the way the kernel does, so that the
// diff engine and Memory agree with it on what "the same object" is:
//
//	link:      ifindex
//	address:   family, ifindex, prefix length, local address (IFA_LOCAL, else IFA_ADDRESS)
//	route:     family, table, destination prefix, source prefix length
//	           (IPv6 source routing: a RouteMessage keeps no RTA_SRC
//	           address), tos, priority, and the
//	           next hop (output link, gateway): the kernel keeps routes to
//	           one destination and metric apart when their next hops
//	           differ (IPv6 link routes on two links, ip route append)
//	neighbour: family, ifindex, destination address, proxy or not (proxy
//	           entries live in a table of their own)
type recordKey struct {
	kind     Kind
	family   uint8
	plen     uint8
	splen    uint8 // an IPv6 route's source prefix length (RTA_SRC's address is not kept)
	tos      uint8
	proxy    bool
	index    uint32
	table    uint32
	priority uint32
	oif      uint32
	addr     [16]byte
	gw       [16]byte
}

func linkKey(m *rtnetlink.LinkMessage) recordKey {
	return recordKey{kind: KindLinks, index: m.Index}
}

// addrLocal is the address that identifies an address record.
func addrLocal(m *rtnetlink.AddressMessage) []byte {
	if m.Attributes == nil {
		return nil
	}
	if m.Attributes.Local != nil {
		return ipBytes(m.Family, m.Attributes.Local)
	}
	return ipBytes(m.Family, m.Attributes.Address)
}

func addrKey(m *rtnetlink.AddressMessage) recordKey {
	k := recordKey{kind: KindAddrs, family: m.Family, plen: m.PrefixLength, index: m.Index}
	copy(k.addr[:], addrLocal(m))
	return k
}

func routeKey(m *rtnetlink.RouteMessage) recordKey {
	k := recordKey{
		kind:     KindRoutes,
		family:   m.Family,
		plen:     m.DstLength,
		splen:    m.SrcLength,
		tos:      m.Tos,
		table:    routeTable(m),
		priority: m.Attributes.Priority,
	}
	copy(k.addr[:], ipBytes(m.Family, m.Attributes.Dst))
	k.oif = m.Attributes.OutIface
	// One address, one key, whether it came in 4 or 16 bytes (To4
	// slices; To16 would allocate).
	if gw := m.Attributes.Gateway; gw != nil {
		if v4 := gw.To4(); v4 != nil {
			copy(k.gw[:], v4)
		} else {
			copy(k.gw[:], gw)
		}
	}
	return k
}

// routeDstKey is the part of a route's key the kernel checks for
// NLM_F_EXCL and NLM_F_REPLACE and matches on deletion: everything but
// the metric and the next hop.
func routeDstKey(m *rtnetlink.RouteMessage) recordKey {
	k := routeKey(m)
	k.priority, k.oif, k.gw = 0, 0, [16]byte{}
	return k
}

func neighKey(m *rtnetlink.NeighMessage) recordKey {
	k := recordKey{kind: KindNeighbors, family: uint8(m.Family), index: m.Index, proxy: m.Flags&linux.NTF_PROXY != 0}
	if m.Attributes != nil {
		copy(k.addr[:], ipBytes(uint8(m.Family), m.Attributes.Address))
	}
	return k
}
