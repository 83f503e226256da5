package netinfo

import (
	"fmt"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

// messageError is why nlmsg.Next refused b. The readers call nlmsg.Next
// themselves, not through a wrapper, so that a dump pays one call per
// message.
func messageError(h nlmsg.Header, b []byte) error {
	if len(b) < linux.SizeofNlMsghdr {
		return fmt.Errorf("%w: %d bytes left, want a %d-byte header", ErrTruncated, len(b), linux.SizeofNlMsghdr)
	}
	return fmt.Errorf("%w: message length %d in a %d-byte datagram", ErrTruncated, h.Len, len(b))
}

// parseError reads the payload of an NLMSG_ERROR (or the error code of an
// NLMSG_DONE) into an errno and the extended ack, if any. A zero errno on
// NLMSG_ERROR is an ack.
func parseError(h nlmsg.Header, payload []byte, op string) error {
	m, ok := nlmsg.ParseError(h, payload)
	if !ok {
		return fmt.Errorf("%w: %s: error message of %d bytes", ErrTruncated, op, len(payload))
	}
	if m.Code == 0 {
		return nil
	}
	return &OpError{Op: op, Errno: m.Errno(), Message: m.Message, Offset: m.Offset}
}
