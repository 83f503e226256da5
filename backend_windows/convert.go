package backend_windows

import (
	"net"
	"net/netip"
	"unicode/utf16"
)

// Conversions from the raw rows (Windows memory) to the plain rows the
// translation reads. They never fail: a field Windows fills with nonsense
// becomes a zero value, and the translation leaves such rows out.

// sockaddrAddr returns the address in a SOCKADDR_INET, unmapped, or the
// zero Addr when the family is neither AF_INET nor AF_INET6.
func sockaddrAddr(sa *rawSockaddrInet) netip.Addr {
	switch sa.Family {
	case winAFInet:
		return netip.AddrFrom4([4]byte(sa.Data[0:4]))
	case winAFInet6:
		return netip.AddrFrom16([16]byte(sa.Data[4:20])).Unmap()
	}
	return netip.Addr{}
}

// utf16String decodes a NUL-terminated UTF-16 array.
func utf16String(s []uint16) string {
	for i, c := range s {
		if c == 0 {
			s = s[:i]
			break
		}
	}
	return string(utf16.Decode(s))
}

// hardwareAddr copies the first n bytes of a physical-address array, or
// returns nil when there are none.
func hardwareAddr(b []byte, n uint32) net.HardwareAddr {
	if n == 0 {
		return nil
	}
	if n > uint32(len(b)) {
		n = uint32(len(b))
	}
	return net.HardwareAddr(append([]byte(nil), b[:n]...))
}

// ifRowFrom converts a MIB_IF_ROW2.
func ifRowFrom(r *rawIfRow2) ifRow {
	return ifRow{
		Index:             r.InterfaceIndex,
		LUID:              r.InterfaceLuid,
		Alias:             utf16String(r.Alias[:]),
		Description:       utf16String(r.Description[:]),
		HardwareAddr:      hardwareAddr(r.PhysicalAddress[:], r.PhysicalAddressLength),
		MTU:               r.Mtu,
		Type:              r.Type,
		OperStatus:        r.OperStatus,
		AdminStatus:       r.AdminStatus,
		MediaConnectState: r.MediaConnectState,
		Stats: ifStats{
			InOctets:          r.InOctets,
			InUcastPkts:       r.InUcastPkts,
			InNUcastPkts:      r.InNUcastPkts,
			InDiscards:        r.InDiscards,
			InErrors:          r.InErrors,
			OutOctets:         r.OutOctets,
			OutUcastPkts:      r.OutUcastPkts,
			OutNUcastPkts:     r.OutNUcastPkts,
			OutDiscards:       r.OutDiscards,
			OutErrors:         r.OutErrors,
			InMulticastOctets: r.InMulticastOctets,
		},
	}
}

// addrRowFrom converts a MIB_UNICASTIPADDRESS_ROW.
func addrRowFrom(r *rawUnicastRow) addrRow {
	return addrRow{
		Index:             r.InterfaceIndex,
		Addr:              sockaddrAddr(&r.Address),
		PrefixLength:      r.OnLinkPrefixLength,
		PrefixOrigin:      r.PrefixOrigin,
		SuffixOrigin:      r.SuffixOrigin,
		ValidLifetime:     r.ValidLifetime,
		PreferredLifetime: r.PreferredLifetime,
		DadState:          r.DadState,
	}
}

// routeRowFrom converts a MIB_IPFORWARD_ROW2. A prefix whose length does
// not fit its family comes out invalid, and the translation skips it.
func routeRowFrom(r *rawForwardRow2) routeRow {
	var dst netip.Prefix
	if a := sockaddrAddr(&r.DestinationPrefix.Prefix); a.IsValid() {
		if p, err := a.Prefix(int(r.DestinationPrefix.PrefixLength)); err == nil {
			dst = p
		}
	}
	return routeRow{
		Index:             r.InterfaceIndex,
		Dst:               dst,
		NextHop:           sockaddrAddr(&r.NextHop),
		Metric:            r.Metric,
		Protocol:          r.Protocol,
		Origin:            r.Origin,
		Loopback:          r.Loopback != 0,
		ValidLifetime:     r.ValidLifetime,
		PreferredLifetime: r.PreferredLifetime,
	}
}

// neighRowFrom converts a MIB_IPNET_ROW2.
func neighRowFrom(r *rawNetRow2) neighRow {
	return neighRow{
		Index:        r.InterfaceIndex,
		Addr:         sockaddrAddr(&r.Address),
		HardwareAddr: hardwareAddr(r.PhysicalAddress[:], r.PhysicalAddressLength),
		State:        r.State,
		IsRouter:     r.Flags&1 != 0,
		Unreachable:  r.Flags&2 != 0,
	}
}

// sockaddrFrom fills a SOCKADDR_INET for an address: the reverse of
// sockaddrAddr, for the setters.
func sockaddrFrom(a netip.Addr) rawSockaddrInet {
	var sa rawSockaddrInet
	a = a.Unmap()
	switch {
	case a.Is4():
		sa.Family = winAFInet
		b := a.As4()
		copy(sa.Data[0:4], b[:])
	case a.Is6():
		sa.Family = winAFInet6
		b := a.As16()
		copy(sa.Data[4:20], b[:])
	}
	return sa
}
