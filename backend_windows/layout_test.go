package backend_windows

import (
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
)

// fieldLayout is the size of a structure or the offset of one of its
// fields, named as in the C headers (STRUCT or STRUCT.Field).
type fieldLayout struct {
	name string
	got  uintptr
}

// rawLayouts lists the sizes and offsets the raw rows must share with
// the C structures. layoutWant gives the values for 64-bit Windows; the
// Wine test compares the same list with what mingw-w64's headers say.
func rawLayouts() []fieldLayout {
	var (
		sa  rawSockaddrInet
		pfx rawAddressPrefix
		ifr rawIfRow2
		uni rawUnicastRow
		fwd rawForwardRow2
		nr  rawNetRow2
		ipi rawIPInterfaceRow
	)
	return []fieldLayout{
		{"SOCKADDR_INET", unsafe.Sizeof(sa)},
		{"IP_ADDRESS_PREFIX", unsafe.Sizeof(pfx)},
		{"MIB_IF_ROW2", unsafe.Sizeof(ifr)},
		{"MIB_IF_ROW2.InterfaceIndex", unsafe.Offsetof(ifr.InterfaceIndex)},
		{"MIB_IF_ROW2.Alias", unsafe.Offsetof(ifr.Alias)},
		{"MIB_IF_ROW2.Description", unsafe.Offsetof(ifr.Description)},
		{"MIB_IF_ROW2.PhysicalAddressLength", unsafe.Offsetof(ifr.PhysicalAddressLength)},
		{"MIB_IF_ROW2.PhysicalAddress", unsafe.Offsetof(ifr.PhysicalAddress)},
		{"MIB_IF_ROW2.Mtu", unsafe.Offsetof(ifr.Mtu)},
		{"MIB_IF_ROW2.Type", unsafe.Offsetof(ifr.Type)},
		{"MIB_IF_ROW2.OperStatus", unsafe.Offsetof(ifr.OperStatus)},
		{"MIB_IF_ROW2.AdminStatus", unsafe.Offsetof(ifr.AdminStatus)},
		{"MIB_IF_ROW2.MediaConnectState", unsafe.Offsetof(ifr.MediaConnectState)},
		{"MIB_IF_ROW2.InOctets", unsafe.Offsetof(ifr.InOctets)},
		{"MIB_IF_ROW2.InMulticastOctets", unsafe.Offsetof(ifr.InMulticastOctets)},
		{"MIB_IF_ROW2.OutOctets", unsafe.Offsetof(ifr.OutOctets)},
		{"MIB_IF_ROW2.OutErrors", unsafe.Offsetof(ifr.OutErrors)},
		{"MIB_UNICASTIPADDRESS_ROW", unsafe.Sizeof(uni)},
		{"MIB_UNICASTIPADDRESS_ROW.InterfaceIndex", unsafe.Offsetof(uni.InterfaceIndex)},
		{"MIB_UNICASTIPADDRESS_ROW.PrefixOrigin", unsafe.Offsetof(uni.PrefixOrigin)},
		{"MIB_UNICASTIPADDRESS_ROW.SuffixOrigin", unsafe.Offsetof(uni.SuffixOrigin)},
		{"MIB_UNICASTIPADDRESS_ROW.ValidLifetime", unsafe.Offsetof(uni.ValidLifetime)},
		{"MIB_UNICASTIPADDRESS_ROW.PreferredLifetime", unsafe.Offsetof(uni.PreferredLifetime)},
		{"MIB_UNICASTIPADDRESS_ROW.OnLinkPrefixLength", unsafe.Offsetof(uni.OnLinkPrefixLength)},
		{"MIB_UNICASTIPADDRESS_ROW.DadState", unsafe.Offsetof(uni.DadState)},
		{"MIB_IPFORWARD_ROW2", unsafe.Sizeof(fwd)},
		{"MIB_IPFORWARD_ROW2.InterfaceIndex", unsafe.Offsetof(fwd.InterfaceIndex)},
		{"MIB_IPFORWARD_ROW2.DestinationPrefix", unsafe.Offsetof(fwd.DestinationPrefix)},
		{"MIB_IPFORWARD_ROW2.NextHop", unsafe.Offsetof(fwd.NextHop)},
		{"MIB_IPFORWARD_ROW2.ValidLifetime", unsafe.Offsetof(fwd.ValidLifetime)},
		{"MIB_IPFORWARD_ROW2.PreferredLifetime", unsafe.Offsetof(fwd.PreferredLifetime)},
		{"MIB_IPFORWARD_ROW2.Metric", unsafe.Offsetof(fwd.Metric)},
		{"MIB_IPFORWARD_ROW2.Protocol", unsafe.Offsetof(fwd.Protocol)},
		{"MIB_IPFORWARD_ROW2.Loopback", unsafe.Offsetof(fwd.Loopback)},
		{"MIB_IPFORWARD_ROW2.AutoconfigureAddress", unsafe.Offsetof(fwd.AutoconfigureAddress)},
		{"MIB_IPFORWARD_ROW2.Origin", unsafe.Offsetof(fwd.Origin)},
		{"MIB_IPNET_ROW2", unsafe.Sizeof(nr)},
		{"MIB_IPNET_ROW2.InterfaceIndex", unsafe.Offsetof(nr.InterfaceIndex)},
		{"MIB_IPNET_ROW2.PhysicalAddress", unsafe.Offsetof(nr.PhysicalAddress)},
		{"MIB_IPNET_ROW2.PhysicalAddressLength", unsafe.Offsetof(nr.PhysicalAddressLength)},
		{"MIB_IPNET_ROW2.State", unsafe.Offsetof(nr.State)},
		{"MIB_IPNET_ROW2.Flags", unsafe.Offsetof(nr.Flags)},
		{"MIB_IPINTERFACE_ROW", unsafe.Sizeof(ipi)},
		{"MIB_IPINTERFACE_ROW.InterfaceIndex", unsafe.Offsetof(ipi.InterfaceIndex)},
		{"MIB_IPINTERFACE_ROW.SitePrefixLength", unsafe.Offsetof(ipi.SitePrefixLength)},
		{"MIB_IPINTERFACE_ROW.Metric", unsafe.Offsetof(ipi.Metric)},
		{"MIB_IPINTERFACE_ROW.NlMtu", unsafe.Offsetof(ipi.NlMtu)},
	}
}

// layoutWant are the 64-bit Windows values (amd64 and arm64 agree).
var layoutWant = map[string]uintptr{
	"SOCKADDR_INET":                               28,
	"IP_ADDRESS_PREFIX":                           32,
	"MIB_IF_ROW2":                                 1352,
	"MIB_IF_ROW2.InterfaceIndex":                  8,
	"MIB_IF_ROW2.Alias":                           28,
	"MIB_IF_ROW2.Description":                     542,
	"MIB_IF_ROW2.PhysicalAddressLength":           1056,
	"MIB_IF_ROW2.PhysicalAddress":                 1060,
	"MIB_IF_ROW2.Mtu":                             1124,
	"MIB_IF_ROW2.Type":                            1128,
	"MIB_IF_ROW2.OperStatus":                      1156,
	"MIB_IF_ROW2.AdminStatus":                     1160,
	"MIB_IF_ROW2.MediaConnectState":               1164,
	"MIB_IF_ROW2.InOctets":                        1208,
	"MIB_IF_ROW2.InMulticastOctets":               1264,
	"MIB_IF_ROW2.OutOctets":                       1280,
	"MIB_IF_ROW2.OutErrors":                       1312,
	"MIB_UNICASTIPADDRESS_ROW":                    80,
	"MIB_UNICASTIPADDRESS_ROW.InterfaceIndex":     40,
	"MIB_UNICASTIPADDRESS_ROW.PrefixOrigin":       44,
	"MIB_UNICASTIPADDRESS_ROW.SuffixOrigin":       48,
	"MIB_UNICASTIPADDRESS_ROW.ValidLifetime":      52,
	"MIB_UNICASTIPADDRESS_ROW.PreferredLifetime":  56,
	"MIB_UNICASTIPADDRESS_ROW.OnLinkPrefixLength": 60,
	"MIB_UNICASTIPADDRESS_ROW.DadState":           64,
	"MIB_IPFORWARD_ROW2":                          104,
	"MIB_IPFORWARD_ROW2.InterfaceIndex":           8,
	"MIB_IPFORWARD_ROW2.DestinationPrefix":        12,
	"MIB_IPFORWARD_ROW2.NextHop":                  44,
	"MIB_IPFORWARD_ROW2.ValidLifetime":            76,
	"MIB_IPFORWARD_ROW2.PreferredLifetime":        80,
	"MIB_IPFORWARD_ROW2.Metric":                   84,
	"MIB_IPFORWARD_ROW2.Protocol":                 88,
	"MIB_IPFORWARD_ROW2.Loopback":                 92,
	"MIB_IPFORWARD_ROW2.AutoconfigureAddress":     93,
	"MIB_IPFORWARD_ROW2.Origin":                   100,
	"MIB_IPNET_ROW2":                              88,
	"MIB_IPNET_ROW2.InterfaceIndex":               28,
	"MIB_IPNET_ROW2.PhysicalAddress":              40,
	"MIB_IPNET_ROW2.PhysicalAddressLength":        72,
	"MIB_IPNET_ROW2.State":                        76,
	"MIB_IPNET_ROW2.Flags":                        80,
	"MIB_IPINTERFACE_ROW":                         168,
	"MIB_IPINTERFACE_ROW.InterfaceIndex":          16,
	"MIB_IPINTERFACE_ROW.SitePrefixLength":        144,
	"MIB_IPINTERFACE_ROW.Metric":                  148,
	"MIB_IPINTERFACE_ROW.NlMtu":                   152,
}

// TestRawLayout pins the raw rows to the Windows ABI on 64-bit hosts
// (the layout is the same on every 64-bit GOOS, since the rows use only
// fixed-size fields).
func TestRawLayout(t *testing.T) {
	if unsafe.Sizeof(uintptr(0)) != 8 {
		t.Skip("the raw rows mirror the 64-bit Windows ABI; this host is 32-bit")
	}
	for _, f := range rawLayouts() {
		want, ok := layoutWant[f.name]
		require.True(t, ok, "no expected value for %s", f.name)
		require.Equal(t, want, f.got, f.name)
	}
}
