package backend_windows

import (
	"net"
	"net/netip"
	"syscall"
	"testing"
	"unicode/utf16"

	"github.com/stretchr/testify/require"
)

func TestSockaddrRoundTrip(t *testing.T) {
	tests := []string{"192.0.2.1", "0.0.0.0", "2001:db8::1", "::", "fe80::1"}
	for _, s := range tests {
		a := netip.MustParseAddr(s)
		sa := sockaddrFrom(a)
		require.Equal(t, a, sockaddrAddr(&sa), s)
	}
	sa := sockaddrFrom(netip.MustParseAddr("::ffff:192.0.2.1"))
	require.Equal(t, uint16(winAFInet), sa.Family, "a v4-mapped address is stored as IPv4")
	require.False(t, sockaddrAddr(&rawSockaddrInet{Family: 99}).IsValid(), "unknown family")
}

func TestSockaddrLayout(t *testing.T) {
	// SOCKADDR_IN: family, port, then sin_addr at byte 4.
	var sa rawSockaddrInet
	sa.Family = winAFInet
	copy(sa.Data[:], []byte{10, 1, 2, 3})
	require.Equal(t, "10.1.2.3", sockaddrAddr(&sa).String())
	// SOCKADDR_IN6: family, port, flowinfo, then sin6_addr at byte 8.
	sa = rawSockaddrInet{Family: winAFInet6}
	copy(sa.Data[4:], net.ParseIP("2001:db8::5"))
	require.Equal(t, "2001:db8::5", sockaddrAddr(&sa).String())
}

func TestUTF16String(t *testing.T) {
	var a [8]uint16
	copy(a[:], utf16.Encode([]rune("Wi-Fi é")))
	require.Equal(t, "Wi-Fi é", utf16String(a[:]))
	full := utf16.Encode([]rune("abc"))
	require.Equal(t, "abc", utf16String(full), "no terminator")
}

func TestRawRowConversions(t *testing.T) {
	var ifr rawIfRow2
	ifr.InterfaceIndex = 7
	copy(ifr.Alias[:], utf16.Encode([]rune("Ethernet")))
	copy(ifr.Description[:], utf16.Encode([]rune("Intel")))
	ifr.PhysicalAddressLength = 6
	copy(ifr.PhysicalAddress[:], []byte{2, 0, 0, 0, 0, 7})
	ifr.Mtu, ifr.Type, ifr.OperStatus, ifr.AdminStatus = 1500, ifTypeEthernetCSMACD, ifOperStatusUp, netIfAdminStatusUp
	ifr.InOctets, ifr.OutErrors = 10, 2
	row := ifRowFrom(&ifr)
	require.Equal(t, ifRow{Index: 7, Alias: "Ethernet", Description: "Intel", HardwareAddr: net.HardwareAddr{2, 0, 0, 0, 0, 7},
		MTU: 1500, Type: ifTypeEthernetCSMACD, OperStatus: ifOperStatusUp, AdminStatus: netIfAdminStatusUp,
		Stats: ifStats{InOctets: 10, OutErrors: 2}}, row)

	ifr.PhysicalAddressLength = 1000
	require.Len(t, ifRowFrom(&ifr).HardwareAddr, 32, "a length beyond the array is clamped")

	uni := rawUnicastRow{Address: sockaddrFrom(netip.MustParseAddr("10.0.0.1")), InterfaceIndex: 3, OnLinkPrefixLength: 8,
		ValidLifetime: infiniteLifetime, PreferredLifetime: 5, DadState: nldsPreferred, PrefixOrigin: 1, SuffixOrigin: 4}
	require.Equal(t, addrRow{Index: 3, Addr: netip.MustParseAddr("10.0.0.1"), PrefixLength: 8, PrefixOrigin: 1, SuffixOrigin: 4,
		ValidLifetime: infiniteLifetime, PreferredLifetime: 5, DadState: nldsPreferred}, addrRowFrom(&uni))

	fwd := rawForwardRow2{InterfaceIndex: 3, NextHop: sockaddrFrom(netip.MustParseAddr("10.0.0.254")), Metric: 5, Protocol: 3, Loopback: 1}
	fwd.DestinationPrefix.Prefix = sockaddrFrom(netip.MustParseAddr("10.1.2.3"))
	fwd.DestinationPrefix.PrefixLength = 16
	r := routeRowFrom(&fwd)
	require.Equal(t, netip.MustParsePrefix("10.1.0.0/16"), r.Dst, "prefixes come out masked")
	require.Equal(t, netip.MustParseAddr("10.0.0.254"), r.NextHop)
	require.True(t, r.Loopback)
	fwd.DestinationPrefix.PrefixLength = 40
	require.False(t, routeRowFrom(&fwd).Dst.IsValid(), "an impossible prefix length gives no prefix")

	nr := rawNetRow2{Address: sockaddrFrom(netip.MustParseAddr("10.0.0.9")), InterfaceIndex: 3, PhysicalAddressLength: 6, State: nlnsStale, Flags: 3}
	n := neighRowFrom(&nr)
	require.True(t, n.IsRouter)
	require.True(t, n.Unreachable)
	require.Len(t, n.HardwareAddr, 6)
}

func TestErrnoFor(t *testing.T) {
	tests := []struct {
		code uint32
		want syscall.Errno
	}{
		{errorObjectAlreadyExists, syscall.EEXIST},
		{errorAlreadyExists, syscall.EEXIST},
		{errorNotFound, syscall.ESRCH},
		{errorFileNotFound, syscall.ESRCH},
		{errorAccessDenied, syscall.EPERM},
		{errorNotSupported, syscall.EOPNOTSUPP},
		{errorCallNotImplemented, syscall.EOPNOTSUPP},
		{errorProcNotFound, syscall.EOPNOTSUPP},
		{errorNotEnoughMemory, syscall.ENOMEM},
		{errorInvalidParameter, syscall.EINVAL},
		{99999, syscall.EINVAL},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, errnoFor(tt.code, syscall.ESRCH), "code %d", tt.code)
	}
}
