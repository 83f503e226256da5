package backend_windows

import (
	"net"
	"slices"
	"strconv"

	"github.com/jsimonetti/rtnetlink/v2"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// translateLinks makes one RTM_NEWLINK record per adapter, in index
// order, completed with its MIB_IF_ROW2 when GetIfTable2 has one.
func translateLinks(t *tableSet, ix *index) []rtnetlink.LinkMessage {
	links := make([]rtnetlink.LinkMessage, 0, len(t.Adapters))
	seen := make(map[uint32]bool, len(t.Adapters))
	for i := range t.Adapters {
		a := &t.Adapters[i]
		n := linkIndex(a)
		if n == 0 || seen[n] || vanished(a, ix.ifs[n]) {
			continue
		}
		seen[n] = true
		links = append(links, linkMessage(a, ix.ifs[n], ix.names[n]))
	}
	slices.SortFunc(links, func(x, y rtnetlink.LinkMessage) int { return int(x.Index) - int(y.Index) })
	return links
}

// vanished reports an interface that is listed but gone: Wine keeps a
// deleted link in both GetAdaptersAddresses and GetIfTable2, with MTU 0
// and operational and media states unknown. Windows itself never lists
// an adapter that way (a present adapter has an MTU and a media state; an
// absent one is IfOperStatusNotPresent, which is kept).
func vanished(a *adapterRow, row *ifRow) bool {
	return a.MTU == 0 && a.OperStatus == ifOperStatusUnknown &&
		(row == nil || (row.MTU == 0 && row.MediaConnectState == mediaConnectStateUnknown))
}

// linkIndex is an adapter's interface index: the IPv4 one, else (an
// adapter without IPv4) the IPv6 one. Windows gives both the same value
// whenever both exist.
func linkIndex(a *adapterRow) uint32 {
	if a.Index != 0 {
		return a.Index
	}
	return a.IPv6Index
}

// linkName is the name a link is known by: the adapter's friendly name
// ("Ethernet", what netsh and Get-NetAdapter show), else the interface
// alias, else "ifN" so that a name is never empty.
func linkName(a *adapterRow, row *ifRow) string {
	switch {
	case a.FriendlyName != "":
		return a.FriendlyName
	case row != nil && row.Alias != "":
		return row.Alias
	}
	return "if" + strconv.FormatUint(uint64(linkIndex(a)), 10)
}

// linkMessage translates one adapter. row may be nil.
func linkMessage(a *adapterRow, row *ifRow, name string) rtnetlink.LinkMessage {
	operStatus := a.OperStatus
	if row != nil && operStatus == 0 {
		operStatus = row.OperStatus
	}
	// Linux folds the carrier into the operational state (an up link
	// without carrier is DOWN); Windows reports the media state apart,
	// and Wine reports such a link as operationally up.
	if row != nil && row.MediaConnectState == mediaConnectStateDisconnected && operStatus == ifOperStatusUp {
		operStatus = ifOperStatusDown
	}
	attrs := &rtnetlink.LinkAttributes{
		Name:             name,
		MTU:              a.MTU,
		OperationalState: rtnetlink.OperationalState(operState(operStatus)),
	}
	if attrs.MTU == 0 && row != nil {
		attrs.MTU = row.MTU
	}
	// An alias that only repeats the name says nothing (Wine gives the
	// name as description); Linux links have no alias unless one is set.
	if a.Description != "" && a.Description != name {
		alias := a.Description
		attrs.Alias = &alias
	}
	hw := a.HardwareAddr
	if len(hw) == 0 && row != nil {
		hw = row.HardwareAddr
	}
	if len(hw) > 0 {
		attrs.Address = slices.Clone(hw)
		if broadcastCapable(a.IfType) {
			attrs.Broadcast = broadcastHW(len(hw))
		}
	}
	if row != nil {
		attrs.Stats64 = linkStats64(&row.Stats)
		attrs.Stats = linkStats32(attrs.Stats64)
	}
	return rtnetlink.LinkMessage{
		Family:     linux.AF_UNSPEC,
		Type:       arphrd(a.IfType),
		Index:      linkIndex(a),
		Flags:      linkFlags(a, row, operStatus),
		Attributes: attrs,
	}
}

// arphrd maps an IF_TYPE_* to the ARPHRD_* Linux gives such a device.
// Wi-Fi is ether on Linux too; types with no Linux counterpart (tunnels,
// WWAN, anything unknown) are ARPHRD_NONE, as for Linux's layer-3 tun.
func arphrd(ifType uint32) uint16 {
	switch ifType {
	case ifTypeEthernetCSMACD, ifTypeIEEE80211:
		return linux.ARPHRD_ETHER
	case ifTypeSoftwareLoopback:
		return linux.ARPHRD_LOOPBACK
	case ifTypePPP:
		return linux.ARPHRD_PPP
	case ifTypeISO88025:
		return linux.ARPHRD_IEEE802
	case ifTypeATM:
		return linux.ARPHRD_ATM
	case ifTypeIEEE1394:
		return linux.ARPHRD_IEEE1394
	}
	return linux.ARPHRD_NONE
}

// broadcastCapable reports whether links of the type have a link-layer
// broadcast (IFF_BROADCAST and an IFLA_BROADCAST of all ones).
func broadcastCapable(ifType uint32) bool {
	switch ifType {
	case ifTypeEthernetCSMACD, ifTypeIEEE80211, ifTypeISO88025, ifTypeIEEE1394:
		return true
	}
	return false
}

// broadcastHW is the all-ones hardware address of length n.
func broadcastHW(n int) net.HardwareAddr {
	b := make(net.HardwareAddr, n)
	for i := range b {
		b[i] = 0xff
	}
	return b
}

// operState maps IfOperStatus to IF_OPER_*.
func operState(s uint32) uint8 {
	switch s {
	case ifOperStatusUp:
		return linux.IF_OPER_UP
	case ifOperStatusDown:
		return linux.IF_OPER_DOWN
	case ifOperStatusTesting:
		return linux.IF_OPER_TESTING
	case ifOperStatusDormant:
		return linux.IF_OPER_DORMANT
	case ifOperStatusNotPresent:
		return linux.IF_OPER_NOTPRESENT
	case ifOperStatusLowerLayerDown:
		return linux.IF_OPER_LOWERLAYERDOWN
	}
	return linux.IF_OPER_UNKNOWN
}

// linkFlags computes IFF_*: UP from the administrative status (the
// operational one when GetIfTable2 has no row), RUNNING and LOWER_UP
// from the operational status as Linux does, the rest from the type and
// the adapter's flags.
func linkFlags(a *adapterRow, row *ifRow, operStatus uint32) uint32 {
	var f uint32
	up := operStatus == ifOperStatusUp
	if row != nil {
		up = row.AdminStatus == netIfAdminStatusUp
	}
	if up {
		f |= linux.IFF_UP
	}
	if operStatus == ifOperStatusUp {
		f |= linux.IFF_RUNNING | linux.IFF_LOWER_UP
	}
	if operStatus == ifOperStatusDormant {
		f |= linux.IFF_DORMANT
	}
	switch {
	case a.IfType == ifTypeSoftwareLoopback:
		f |= linux.IFF_LOOPBACK
	case broadcastCapable(a.IfType):
		f |= linux.IFF_BROADCAST
	case a.IfType == ifTypePPP || a.IfType == ifTypeTunnel || a.IfType == ifTypeWWANPP || a.IfType == ifTypeWWANPP2:
		f |= linux.IFF_POINTOPOINT | linux.IFF_NOARP
	}
	if a.Flags&ipAdapterNoMulticast == 0 {
		f |= linux.IFF_MULTICAST
	}
	return f
}

// linkStats64 maps MIB_IF_ROW2's counters to rtnl_link_stats64. Windows
// counts multicast and broadcast packets together (NUcast), which is what
// Multicast gets.
func linkStats64(s *ifStats) *rtnetlink.LinkStats64 {
	return &rtnetlink.LinkStats64{
		RXPackets: s.InUcastPkts + s.InNUcastPkts,
		TXPackets: s.OutUcastPkts + s.OutNUcastPkts,
		RXBytes:   s.InOctets,
		TXBytes:   s.OutOctets,
		RXErrors:  s.InErrors,
		TXErrors:  s.OutErrors,
		RXDropped: s.InDiscards,
		TXDropped: s.OutDiscards,
		Multicast: s.InNUcastPkts,
	}
}

// linkStats32 is the 32-bit rtnl_link_stats the kernel sends beside the
// 64-bit one: the same counters, wrapped as the kernel wraps them.
func linkStats32(s *rtnetlink.LinkStats64) *rtnetlink.LinkStats {
	return &rtnetlink.LinkStats{
		RXPackets: uint32(s.RXPackets),
		TXPackets: uint32(s.TXPackets),
		RXBytes:   uint32(s.RXBytes),
		TXBytes:   uint32(s.TXBytes),
		RXErrors:  uint32(s.RXErrors),
		TXErrors:  uint32(s.TXErrors),
		RXDropped: uint32(s.RXDropped),
		TXDropped: uint32(s.TXDropped),
		Multicast: uint32(s.Multicast),
	}
}
