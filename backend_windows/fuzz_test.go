package backend_windows

import (
	"encoding/binary"
	"net/netip"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/rtnlemu"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// rowsFrom fills raw rows from bytes as Windows memory would hold them:
// the bytes are copied over the row's memory, padding included.
func rowsFrom[T any](b []byte, n int) ([]T, []byte) {
	var zero T
	size := int(unsafe.Sizeof(zero))
	rows := make([]T, 0, n)
	for range n {
		if len(b) < size {
			break
		}
		var r T
		copy(unsafe.Slice((*byte)(unsafe.Pointer(&r)), size), b[:size])
		rows = append(rows, r)
		b = b[size:]
	}
	return rows, b
}

// bytesOf is the memory of a raw row.
func bytesOf[T any](r *T) []byte {
	return append([]byte(nil), unsafe.Slice((*byte)(unsafe.Pointer(r)), unsafe.Sizeof(*r))...)
}

// fuzzTables turns fuzz input into tables: four counts, then that many
// raw MIB rows of each table (interfaces, addresses, routes,
// neighbours) converted as the Windows reader converts them, then
// adapters built from the interfaces so links exist.
func fuzzTables(data []byte) *tableSet {
	if len(data) < 4 {
		return &tableSet{}
	}
	counts, rest := data[:4], data[4:]
	t := &tableSet{}
	ifs, rest := rowsFrom[rawIfRow2](rest, int(counts[0]%4))
	addrs, rest := rowsFrom[rawUnicastRow](rest, int(counts[1]%16))
	routes, rest := rowsFrom[rawForwardRow2](rest, int(counts[2]%16))
	neighs, _ := rowsFrom[rawNetRow2](rest, int(counts[3]%16))
	for i := range ifs {
		row := ifRowFrom(&ifs[i])
		t.Ifs = append(t.Ifs, row)
		t.Adapters = append(t.Adapters, adapterRow{
			Index: row.Index, IPv6Index: row.Index, FriendlyName: row.Alias, Description: row.Description,
			HardwareAddr: row.HardwareAddr, MTU: row.MTU, IfType: row.Type, OperStatus: row.OperStatus,
			IPv4Metric: uint32(row.Stats.InOctets), IPv6Metric: uint32(row.Stats.OutOctets),
		})
	}
	for i := range addrs {
		t.Addrs = append(t.Addrs, addrRowFrom(&addrs[i]))
	}
	for i := range routes {
		t.Routes = append(t.Routes, routeRowFrom(&routes[i]))
	}
	for i := range neighs {
		t.Neighbors = append(t.Neighbors, neighRowFrom(&neighs[i]))
	}
	return t
}

// FuzzTranslate feeds arbitrary table memory through the conversion and
// the translation: nothing may panic, every record must encode, and
// every record must hold what RTNL can carry.
func FuzzTranslate(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{1, 1, 1, 1})
	var seed []byte
	seed = append(seed, 1, 1, 2, 1)
	ifr := rawIfRow2{InterfaceIndex: 7, Mtu: 1500, Type: ifTypeEthernetCSMACD, OperStatus: ifOperStatusUp, PhysicalAddressLength: 6}
	seed = append(seed, bytesOf(&ifr)...)
	uni := rawUnicastRow{Address: sockaddrFrom(netip.MustParseAddr("10.0.0.1")), InterfaceIndex: 7, OnLinkPrefixLength: 24}
	seed = append(seed, bytesOf(&uni)...)
	fwd := rawForwardRow2{InterfaceIndex: 7, NextHop: sockaddrFrom(netip.MustParseAddr("10.0.0.254"))}
	fwd.DestinationPrefix.Prefix = sockaddrFrom(netip.IPv4Unspecified())
	seed = append(seed, bytesOf(&fwd)...)
	fwd.DestinationPrefix.Prefix = sockaddrFrom(netip.MustParseAddr("10.0.0.1"))
	fwd.DestinationPrefix.PrefixLength = 32
	fwd.NextHop = sockaddrFrom(netip.IPv4Unspecified())
	seed = append(seed, bytesOf(&fwd)...)
	nr := rawNetRow2{Address: sockaddrFrom(netip.MustParseAddr("fe80::1")), InterfaceIndex: 7, PhysicalAddressLength: 40, State: nlnsStale}
	seed = append(seed, bytesOf(&nr)...)
	f.Add(seed)

	f.Fuzz(func(t *testing.T, data []byte) {
		tables := fuzzTables(data)
		s := translate(tables, rtnlemu.KindAll)
		for _, m := range s.Links {
			require.NotZero(t, m.Index)
			require.NotEmpty(t, m.Attributes.Name)
			_, err := m.MarshalBinary()
			require.NoError(t, err)
		}
		for _, m := range s.Addrs {
			require.NotZero(t, m.Index)
			require.Contains(t, []uint8{linux.AF_INET, linux.AF_INET6}, m.Family)
			max := uint8(32)
			if m.Family == linux.AF_INET6 {
				max = 128
			}
			require.LessOrEqual(t, m.PrefixLength, max)
			_, err := m.MarshalBinary()
			require.NoError(t, err)
		}
		for _, m := range s.Routes {
			require.NotZero(t, m.Attributes.OutIface)
			require.Contains(t, []uint8{linux.AF_INET, linux.AF_INET6}, m.Family)
			require.Contains(t, []uint8{linux.RT_TABLE_MAIN, linux.RT_TABLE_LOCAL}, m.Table)
			if m.Attributes.Dst != nil {
				require.Equal(t, map[uint8]int{linux.AF_INET: 4, linux.AF_INET6: 16}[m.Family], len(m.Attributes.Dst))
			}
			_, err := m.MarshalBinary()
			require.NoError(t, err)
		}
		for _, m := range s.Neighbors {
			require.NotZero(t, m.Index)
			require.Contains(t, []uint16{linux.AF_INET, linux.AF_INET6}, m.Family)
			_, err := m.MarshalBinary()
			require.NoError(t, err)
		}
		_ = dumpOf(s)
	})
}

// TestFuzzTablesReadsRows makes sure the fuzz harness really reaches the
// translation (a harness that never produced rows would pass vacuously).
func TestFuzzTablesReadsRows(t *testing.T) {
	var data []byte
	data = append(data, 1, 1, 0, 0)
	ifr := rawIfRow2{InterfaceIndex: 3, Type: ifTypeEthernetCSMACD}
	data = append(data, bytesOf(&ifr)...)
	uni := rawUnicastRow{Address: sockaddrFrom(netip.MustParseAddr("10.0.0.1")), InterfaceIndex: 3, OnLinkPrefixLength: 24}
	data = append(data, bytesOf(&uni)...)
	s := translate(fuzzTables(data), rtnlemu.KindAll)
	require.Len(t, s.Links, 1)
	require.Len(t, s.Addrs, 1)
	require.Equal(t, uint32(3), binary.LittleEndian.Uint32(bytesOf(&ifr)[8:12]), "rows are laid out as in memory")
}
