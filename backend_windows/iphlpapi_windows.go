//go:build windows

package backend_windows

import (
	"fmt"
	"syscall"
	"unsafe"

	"golang.org/x/sys/windows"
)

// The IP Helper procedures, looked up lazily. x/sys/windows has wrappers
// for some of them, but those panic when the DLL lacks the procedure
// (Wine 8 lacks most setters); every call here goes through call, which
// finds the procedure first and answers EOPNOTSUPP instead. These are
// process-wide handles of a system DLL, immutable once found, as in
// x/sys/windows itself.
var (
	modIphlpapi = windows.NewLazySystemDLL("iphlpapi.dll")

	procGetAdaptersAddresses         = modIphlpapi.NewProc("GetAdaptersAddresses")
	procGetIfTable2                  = modIphlpapi.NewProc("GetIfTable2")
	procGetUnicastIpAddressTable     = modIphlpapi.NewProc("GetUnicastIpAddressTable")
	procGetIpForwardTable2           = modIphlpapi.NewProc("GetIpForwardTable2")
	procGetIpNetTable2               = modIphlpapi.NewProc("GetIpNetTable2")
	procFreeMibTable                 = modIphlpapi.NewProc("FreeMibTable")
	procNotifyIpInterfaceChange      = modIphlpapi.NewProc("NotifyIpInterfaceChange")
	procNotifyUnicastIpAddressChange = modIphlpapi.NewProc("NotifyUnicastIpAddressChange")
	procNotifyRouteChange2           = modIphlpapi.NewProc("NotifyRouteChange2")
	procCancelMibChangeNotify2       = modIphlpapi.NewProc("CancelMibChangeNotify2")
	procCreateUnicastIpAddressEntry  = modIphlpapi.NewProc("CreateUnicastIpAddressEntry")
	procDeleteUnicastIpAddressEntry  = modIphlpapi.NewProc("DeleteUnicastIpAddressEntry")
	procCreateIpForwardEntry2        = modIphlpapi.NewProc("CreateIpForwardEntry2")
	procDeleteIpForwardEntry2        = modIphlpapi.NewProc("DeleteIpForwardEntry2")
	procSetIpForwardEntry2           = modIphlpapi.NewProc("SetIpForwardEntry2")
	procGetIpInterfaceEntry          = modIphlpapi.NewProc("GetIpInterfaceEntry")
	procSetIpInterfaceEntry          = modIphlpapi.NewProc("SetIpInterfaceEntry")
	procCreateIpNetEntry2            = modIphlpapi.NewProc("CreateIpNetEntry2")
	procDeleteIpNetEntry2            = modIphlpapi.NewProc("DeleteIpNetEntry2")
	procGetBestRoute2                = modIphlpapi.NewProc("GetBestRoute2")
)

// A winError is a non-zero result of an IP Helper procedure.
type winError struct {
	proc string
	code uint32
}

func (e *winError) Error() string {
	return fmt.Sprintf("%s: %v", e.proc, windows.Errno(e.code))
}

// Unwrap gives the Windows errno, so errors.Is works with windows.ERROR_*.
func (e *winError) Unwrap() error { return windows.Errno(e.code) }

// A missingProcError is a procedure iphlpapi.dll does not export.
type missingProcError struct{ proc string }

func (e *missingProcError) Error() string {
	return "iphlpapi.dll does not export " + e.proc + ": operation not supported"
}

// Unwrap gives EOPNOTSUPP, what RTNL answers for it.
func (e *missingProcError) Unwrap() error { return syscall.EOPNOTSUPP }

// call finds p, calls it and turns a non-zero result into a *winError.
func call(p *windows.LazyProc, args ...uintptr) error {
	if err := p.Find(); err != nil {
		return &missingProcError{proc: p.Name}
	}
	r, _, _ := syscall.SyscallN(p.Addr(), args...)
	if r != 0 {
		return &winError{proc: p.Name, code: uint32(r)}
	}
	return nil
}

// errorCode returns the Windows error code of an error from call, or 0.
func errorCode(err error) uint32 {
	if e, ok := err.(*winError); ok {
		return e.code
	}
	return 0
}

// readMibTable calls a GetXxxTable2-style procedure (its last argument
// the address of the table pointer), converts every row with conv and
// frees the table. Row is the raw row type; the rows start after the
// ULONG count at the row type's alignment, as the C struct lays them
// out.
func readMibTable[Row, Out any](p *windows.LazyProc, conv func(*Row) Out, args ...uintptr) ([]Out, error) {
	if err := procFreeMibTable.Find(); err != nil {
		return nil, &missingProcError{proc: procFreeMibTable.Name}
	}
	var table unsafe.Pointer
	if err := call(p, append(args, uintptr(unsafe.Pointer(&table)))...); err != nil {
		return nil, err
	}
	if table == nil {
		return nil, nil
	}
	defer syscall.SyscallN(procFreeMibTable.Addr(), uintptr(table))
	n := *(*uint32)(table)
	var zero Row
	off := max(unsafe.Sizeof(uint32(0)), unsafe.Alignof(zero))
	rows := unsafe.Slice((*Row)(unsafe.Add(table, off)), n)
	out := make([]Out, 0, n)
	for i := range rows {
		out = append(out, conv(&rows[i]))
	}
	return out, nil
}

// allProcs lists every procedure the package uses, for diagnostics.
func allProcs() []*windows.LazyProc {
	return []*windows.LazyProc{
		procGetAdaptersAddresses, procGetIfTable2, procGetUnicastIpAddressTable,
		procGetIpForwardTable2, procGetIpNetTable2, procFreeMibTable,
		procNotifyIpInterfaceChange, procNotifyUnicastIpAddressChange, procNotifyRouteChange2,
		procCancelMibChangeNotify2, procCreateUnicastIpAddressEntry, procDeleteUnicastIpAddressEntry,
		procCreateIpForwardEntry2, procDeleteIpForwardEntry2, procSetIpForwardEntry2,
		procGetIpInterfaceEntry, procSetIpInterfaceEntry, procCreateIpNetEntry2, procDeleteIpNetEntry2,
	}
}
