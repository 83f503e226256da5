package netinfo

import (
	"encoding/binary"
	"fmt"
	"syscall"

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
	if len(payload) < 4 {
		return fmt.Errorf("%w: %s: error message of %d bytes", ErrTruncated, op, len(payload))
	}
	code := int32(binary.NativeEndian.Uint32(payload))
	if code == 0 {
		return nil
	}
	e := &OpError{Op: op, Errno: syscall.Errno(-code)}
	if code > 0 {
		e.Errno = syscall.Errno(code)
	}
	if h.Flags&linux.NLM_F_ACK_TLVS == 0 {
		return e
	}
	// Extended ack attributes follow the echoed request: its header only
	// when capped, the whole request otherwise. NLMSG_DONE carries none.
	tlvs := payload[4:]
	if h.Type == linux.NLMSG_ERROR {
		if len(tlvs) < linux.SizeofNlMsghdr {
			return e
		}
		echoed := linux.SizeofNlMsghdr
		if h.Flags&linux.NLM_F_CAPPED == 0 {
			echoed = int(binary.NativeEndian.Uint32(tlvs))
		}
		if echoed < linux.SizeofNlMsghdr || echoed > len(tlvs) {
			return e
		}
		off := min(nlmsg.Align(echoed), len(tlvs))
		tlvs = tlvs[off:]
	}
	for len(tlvs) > 0 {
		atype, val, rest, ok := nlmsg.SplitAttr(tlvs)
		if !ok {
			break
		}
		switch atype {
		case linux.NLMSGERR_ATTR_MSG:
			e.Message = cString(val)
		case linux.NLMSGERR_ATTR_OFFS:
			if len(val) >= 4 {
				e.Offset = binary.NativeEndian.Uint32(val)
			}
		}
		tlvs = rest
	}
	return e
}

// cString reads a NUL-terminated (or unterminated) string.
func cString(b []byte) string {
	for i, c := range b {
		if c == 0 {
			return string(b[:i])
		}
	}
	return string(b)
}
