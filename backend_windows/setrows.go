package backend_windows

import (
	"net"
	"net/netip"
	"syscall"

	"github.com/jsimonetti/rtnetlink/v2"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// The rows the setters hand to IP Helper, built from RTNL requests. This
// part has no build tags so the request checks are tested on every OS;
// an impossible request is answered with the errno Linux gives for it.

// ipOf returns a message IP as an unmapped netip.Addr of the family.
func ipOf(ip net.IP, family uint8) (netip.Addr, bool) {
	a, ok := netip.AddrFromSlice(ip)
	if !ok {
		return netip.Addr{}, false
	}
	a = a.Unmap()
	if (family == linux.AF_INET) != a.Is4() {
		return netip.Addr{}, false
	}
	return a, true
}

// unicastRow fills the key of a MIB_UNICASTIPADDRESS_ROW: the local
// address (IFA_LOCAL, else IFA_ADDRESS) and the interface.
func unicastRow(msg *rtnetlink.AddressMessage) (*rawUnicastRow, error) {
	if msg.Attributes == nil || msg.Index == 0 {
		return nil, syscall.EINVAL
	}
	ip := msg.Attributes.Local
	if ip == nil {
		ip = msg.Attributes.Address
	}
	a, ok := ipOf(ip, msg.Family)
	if !ok || int(msg.PrefixLength) > a.BitLen() {
		return nil, syscall.EINVAL
	}
	return &rawUnicastRow{Address: sockaddrFrom(a), InterfaceIndex: msg.Index}, nil
}

// forwardRow fills the key of a MIB_IPFORWARD_ROW2 from a route request.
func forwardRow(msg *rtnetlink.RouteMessage) (*rawForwardRow2, error) {
	table := msg.Attributes.Table
	if table == 0 {
		table = uint32(msg.Table)
	}
	if (table != 0 && table != linux.RT_TABLE_MAIN) || (msg.Type != 0 && msg.Type != linux.RTN_UNICAST) ||
		len(msg.Attributes.Multipath) > 0 || msg.SrcLength != 0 {
		return nil, syscall.EOPNOTSUPP
	}
	if msg.Family != linux.AF_INET && msg.Family != linux.AF_INET6 {
		return nil, syscall.EAFNOSUPPORT
	}
	if msg.Attributes.OutIface == 0 {
		return nil, syscall.ENODEV // Windows routes always name an interface
	}
	dst := netip.IPv4Unspecified()
	if msg.Family == linux.AF_INET6 {
		dst = netip.IPv6Unspecified()
	}
	if msg.Attributes.Dst != nil {
		a, ok := ipOf(msg.Attributes.Dst, msg.Family)
		if !ok {
			return nil, syscall.EINVAL
		}
		dst = a
	}
	prefix, err := dst.Prefix(int(msg.DstLength))
	if err != nil {
		return nil, syscall.EINVAL
	}
	row := &rawForwardRow2{InterfaceIndex: msg.Attributes.OutIface}
	row.DestinationPrefix.Prefix = sockaddrFrom(prefix.Addr())
	row.DestinationPrefix.PrefixLength = uint8(prefix.Bits())
	nextHop := netip.IPv4Unspecified()
	if msg.Family == linux.AF_INET6 {
		nextHop = netip.IPv6Unspecified()
	}
	if msg.Attributes.Gateway != nil {
		a, ok := ipOf(msg.Attributes.Gateway, msg.Family)
		if !ok {
			return nil, syscall.EINVAL
		}
		nextHop = a
	}
	row.NextHop = sockaddrFrom(nextHop)
	return row, nil
}

// netRow fills the key of a MIB_IPNET_ROW2.
func netRow(msg *rtnetlink.NeighMessage) (*rawNetRow2, error) {
	if msg.Attributes == nil || msg.Index == 0 {
		return nil, syscall.EINVAL
	}
	a, ok := ipOf(msg.Attributes.Address, uint8(msg.Family))
	if !ok {
		return nil, syscall.EINVAL
	}
	return &rawNetRow2{Address: sockaddrFrom(a), InterfaceIndex: msg.Index}, nil
}

// netRowState is the NL_NEIGHBOR_STATE an added entry of RTNL state st
// gets: PERMANENT stays, any other state is reachable. Windows keeps no
// entry in no state (NUD_NONE, ip neigh ... nud none): EOPNOTSUPP.
func netRowState(st uint16) (uint32, error) {
	switch {
	case st == linux.NUD_NONE:
		return 0, syscall.EOPNOTSUPP
	case st&linux.NUD_PERMANENT != 0:
		return nlnsPermanent, nil
	}
	return nlnsReachable, nil
}
