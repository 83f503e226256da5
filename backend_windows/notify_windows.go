//go:build windows

package backend_windows

import (
	"sync"
	"sync/atomic"
	"unsafe"

	"golang.org/x/sys/windows"

	"github.com/rtnlx/rtnlx/rtnlemu"
)

// Windows cannot free a callback made by windows.NewCallback and allows
// only a couple of thousand per process, so there is one trampoline for
// the whole process. The three notifications share its signature
// (context, row, notification type); the caller context is a number
// naming the registration in callbackTable, never a Go pointer.
var (
	trampoline    = sync.OnceValue(func() uintptr { return windows.NewCallback(notifyTrampoline) })
	callbackTable sync.Map // uintptr id -> func()
	nextID        atomic.Uintptr
)

// notifyTrampoline runs on a Windows thread pool thread. It only looks up
// the registration and calls its fire function, which never blocks.
func notifyTrampoline(callerContext, row, notificationType uintptr) uintptr {
	if f, ok := callbackTable.Load(callerContext); ok {
		f.(func())()
	}
	return 0
}

// notifySubscriptions are the change notifications IP Helper offers.
func notifySubscriptions() []subscription {
	return []subscription{
		{name: procNotifyIpInterfaceChange.Name, kinds: rtnlemu.KindLinks, register: notifyRegister(procNotifyIpInterfaceChange)},
		{name: procNotifyUnicastIpAddressChange.Name, kinds: rtnlemu.KindAddrs, register: notifyRegister(procNotifyUnicastIpAddressChange)},
		{name: procNotifyRouteChange2.Name, kinds: rtnlemu.KindRoutes, register: notifyRegister(procNotifyRouteChange2)},
	}
}

// notifyRegister registers fire with one Notify* procedure for both
// families, without the initial notification (it reports no change).
func notifyRegister(p *windows.LazyProc) func(fire func()) (func() error, error) {
	return func(fire func()) (func() error, error) {
		if err := procCancelMibChangeNotify2.Find(); err != nil {
			return nil, &missingProcError{proc: procCancelMibChangeNotify2.Name}
		}
		id := nextID.Add(1)
		callbackTable.Store(id, fire)
		var handle windows.Handle
		err := call(p, windows.AF_UNSPEC, trampoline(), id, 0, uintptr(unsafe.Pointer(&handle)))
		if err != nil {
			callbackTable.Delete(id)
			return nil, err
		}
		return func() error {
			// CancelMibChangeNotify2 waits for running callbacks; the
			// trampoline takes no lock, so this cannot deadlock. Only
			// then is the id forgotten.
			err := call(procCancelMibChangeNotify2, uintptr(handle))
			callbackTable.Delete(id)
			return err
		}, nil
	}
}
