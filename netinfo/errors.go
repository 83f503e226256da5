package netinfo

import (
	"errors"
	"fmt"
	"syscall"
)

var (
	// ErrNotSupported reports an operation the platform or backend cannot
	// do. Errors carrying EOPNOTSUPP from a transport match it too.
	ErrNotSupported = errors.New("operation not supported")

	// ErrClosed reports use of a Handle, Watcher or RawConn after Close.
	ErrClosed = errors.New("use of closed handle")

	// ErrNotFound reports a lookup (LinkByName, LinkByIndex, ...) that
	// matched nothing. Kernel answers of ENODEV or ENOENT match it too.
	ErrNotFound = errors.New("not found")

	// ErrDumpInterrupted reports a dump that kept being interrupted by
	// concurrent changes (NLM_F_DUMP_INTR) after every retry.
	ErrDumpInterrupted = errors.New("dump interrupted by concurrent changes")

	// ErrTruncated reports a message or datagram cut short.
	ErrTruncated = errors.New("truncated message")
)

// An OpError is an error answered by the kernel (or an emulator) to a
// request: its errno and, when the sender included one, the extended-ack
// message. errors.Is matches it against its errno and, where one fits,
// against ErrNotSupported or ErrNotFound.
type OpError struct {
	Op      string        // what was asked, such as "route add"
	Errno   syscall.Errno // the errno from NLMSG_ERROR
	Message string        // extended-ack text, if any
	Offset  uint32        // extended-ack offset of the faulty attribute, if any
}

// Error prints the operation, the errno's text and the extended ack.
func (e *OpError) Error() string {
	s := fmt.Sprintf("netinfo: %s: %v", e.Op, e.Errno)
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

// Unwrap gives the errno, so errors.Is(err, syscall.EEXIST) holds.
func (e *OpError) Unwrap() error { return e.Errno }

// Is lets EOPNOTSUPP match ErrNotSupported, and ENODEV/ENOENT match
// ErrNotFound.
func (e *OpError) Is(target error) bool {
	switch target {
	case ErrNotSupported:
		return e.Errno == syscall.EOPNOTSUPP || e.Errno == syscall.ENOTSUP
	case ErrNotFound:
		return e.Errno == syscall.ENODEV || e.Errno == syscall.ENOENT || e.Errno == syscall.ESRCH
	}
	return false
}
