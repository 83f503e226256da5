//go:build windows

package conformance_test

import (
	"syscall"

	"golang.org/x/sys/windows"
)

// isPrivileged reports whether the test runs elevated (as
// Administrator).
func isPrivileged() bool {
	return windows.GetCurrentProcessToken().IsElevated()
}

// runningUnderWine reports whether Wine's ntdll is underneath: it
// exports wine_get_version, Windows' own does not.
func runningUnderWine() bool {
	return syscall.NewLazyDLL("ntdll.dll").NewProc("wine_get_version").Find() == nil
}
