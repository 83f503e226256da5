//go:build windows

package backend_windows

import (
	"unsafe"

	"golang.org/x/sys/windows"

	"github.com/rtnlx/rtnlx/rtnlemu"
)

// GetAdaptersAddresses flags: only the adapter records are used (the
// addresses come from GetUnicastIpAddressTable), so the lists hanging
// off each adapter are skipped.
const (
	gaaFlagSkipUnicast   = 0x1
	gaaFlagSkipAnycast   = 0x2
	gaaFlagSkipMulticast = 0x4
	gaaFlagSkipDNSServer = 0x8

	gaaFlags = gaaFlagSkipUnicast | gaaFlagSkipAnycast | gaaFlagSkipMulticast | gaaFlagSkipDNSServer

	// adapterBufferTries bounds the grow-and-retry loop: the adapter
	// list can grow between the size query and the read.
	adapterBufferTries = 8
	// adapterBufferStart is Microsoft's suggested first buffer size.
	adapterBufferStart = 15 << 10
)

// readTables reads the tables the kinds need: links need adapters and
// interfaces; addresses need adapters (labels); routes need adapters
// (interface metrics) and addresses (local routes); neighbours only
// their own table.
func readTables(kinds rtnlemu.Kind) (*tableSet, error) {
	t := &tableSet{}
	var err error
	if kinds&(rtnlemu.KindLinks|rtnlemu.KindAddrs|rtnlemu.KindRoutes) != 0 {
		if t.Adapters, err = readAdapters(); err != nil {
			return nil, err
		}
	}
	if kinds&rtnlemu.KindLinks != 0 {
		if t.Ifs, err = readMibTable(procGetIfTable2, ifRowFrom); err != nil {
			return nil, err
		}
	}
	if kinds&(rtnlemu.KindAddrs|rtnlemu.KindRoutes) != 0 {
		if t.Addrs, err = readMibTable(procGetUnicastIpAddressTable, addrRowFrom, windows.AF_UNSPEC); err != nil {
			return nil, err
		}
	}
	if kinds&rtnlemu.KindRoutes != 0 {
		if t.Routes, err = readMibTable(procGetIpForwardTable2, routeRowFrom, windows.AF_UNSPEC); err != nil {
			return nil, err
		}
	}
	if kinds&rtnlemu.KindNeighbors != 0 {
		if t.Neighbors, err = readNeighbors(); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// readNeighbors reads the neighbour table one family at a time: some
// implementations reject AF_UNSPEC or a family they do not serve (Wine 8
// has no IPv6 neighbours), and that must not hide the other family.
func readNeighbors() ([]neighRow, error) {
	var all []neighRow
	var firstErr error
	ok := false
	for _, family := range []uintptr{windows.AF_INET, windows.AF_INET6} {
		rows, err := readMibTable(procGetIpNetTable2, neighRowFrom, family)
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		ok = true
		all = append(all, rows...)
	}
	if !ok {
		return nil, firstErr
	}
	return all, nil
}

// readAdapters calls GetAdaptersAddresses, growing the buffer while it
// answers ERROR_BUFFER_OVERFLOW.
func readAdapters() ([]adapterRow, error) {
	size := uint32(adapterBufferStart)
	for range adapterBufferTries {
		// []uint64 keeps the buffer 8-byte aligned, as the records need.
		buf := make([]uint64, (size+7)/8)
		first := (*windows.IpAdapterAddresses)(unsafe.Pointer(&buf[0]))
		err := call(procGetAdaptersAddresses, windows.AF_UNSPEC, gaaFlags, 0,
			uintptr(unsafe.Pointer(first)), uintptr(unsafe.Pointer(&size)))
		switch errorCode(err) {
		case 0:
			if err != nil {
				return nil, err
			}
			return adaptersFrom(first), nil
		case errorBufferOverflow:
			continue // size now holds what is needed
		case errorNoData:
			return nil, nil
		}
		return nil, err
	}
	return nil, &winError{proc: procGetAdaptersAddresses.Name, code: errorBufferOverflow}
}

// adaptersFrom walks the adapter list.
func adaptersFrom(first *windows.IpAdapterAddresses) []adapterRow {
	var out []adapterRow
	for a := first; a != nil; a = a.Next {
		out = append(out, adapterRow{
			Index:        a.IfIndex,
			IPv6Index:    a.Ipv6IfIndex,
			LUID:         a.Luid,
			FriendlyName: windows.UTF16PtrToString(a.FriendlyName),
			Description:  windows.UTF16PtrToString(a.Description),
			HardwareAddr: hardwareAddr(a.PhysicalAddress[:], a.PhysicalAddressLength),
			Flags:        a.Flags,
			MTU:          a.Mtu,
			IfType:       a.IfType,
			OperStatus:   a.OperStatus,
			IPv4Metric:   a.Ipv4Metric,
			IPv6Metric:   a.Ipv6Metric,
		})
	}
	return out
}
