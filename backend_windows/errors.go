package backend_windows

import "syscall"

// Windows error codes (winerror.h) the IP Helper functions return.
const (
	errorFileNotFound        = 2
	errorAccessDenied        = 5
	errorNotEnoughMemory     = 8
	errorNotSupported        = 50
	errorInvalidParameter    = 87
	errorBufferOverflow      = 111
	errorCallNotImplemented  = 120
	errorInsufficientBuffer  = 122
	errorProcNotFound        = 127
	errorAlreadyExists       = 183
	errorNoData              = 232
	errorNotFound            = 1168
	errorObjectAlreadyExists = 5010
)

// errnoFor maps a Windows error code from a setter to the errno Linux
// answers for the same failure. notFound is the errno of a missing
// object, which differs by request as on Linux (ESRCH for a route,
// EADDRNOTAVAIL for an address, ENOENT for a neighbour). Codes with no
// Linux counterpart are EINVAL.
func errnoFor(code uint32, notFound syscall.Errno) syscall.Errno {
	switch code {
	case errorAlreadyExists, errorObjectAlreadyExists:
		return syscall.EEXIST
	case errorNotFound, errorFileNotFound:
		return notFound
	case errorAccessDenied:
		return syscall.EPERM
	case errorNotSupported, errorCallNotImplemented, errorProcNotFound:
		return syscall.EOPNOTSUPP
	case errorNotEnoughMemory:
		return syscall.ENOMEM
	}
	return syscall.EINVAL
}
