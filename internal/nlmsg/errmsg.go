package nlmsg

import (
	"encoding/binary"
	"syscall"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// An ErrorMsg is what an NLMSG_ERROR, or the NLMSG_DONE that ends a
// dump, carries: the kernel's error code (0 acknowledges a request) and,
// when the header has NLM_F_ACK_TLVS, the extended ack.
type ErrorMsg struct {
	Code    int32  // a negative errno, or 0
	Message string // NLMSGERR_ATTR_MSG
	Offset  uint32 // NLMSGERR_ATTR_OFFS: where in the request the fault is
}

// Errno is the error number of a non-zero Code. The kernel sends it
// negated; a positive code (which no kernel sends) is taken as it is
// rather than turned into a nonsense number.
func (e ErrorMsg) Errno() syscall.Errno {
	if e.Code < 0 {
		return syscall.Errno(-e.Code)
	}
	return syscall.Errno(e.Code)
}

// ParseError reads the payload of an NLMSG_ERROR or NLMSG_DONE whose
// header is h. ok is false when the payload is too short for the code.
// An extended ack that cannot be framed is left out, not an error: the
// code is what matters.
func ParseError(h Header, payload []byte) (e ErrorMsg, ok bool) {
	if len(payload) < 4 {
		return e, false
	}
	e.Code = int32(binary.NativeEndian.Uint32(payload))
	if e.Code == 0 || h.Flags&linux.NLM_F_ACK_TLVS == 0 {
		return e, true
	}
	// The attributes follow the echoed request: its header alone when
	// capped, the whole request otherwise. NLMSG_DONE echoes nothing.
	tlvs := payload[4:]
	if h.Type == linux.NLMSG_ERROR {
		if len(tlvs) < linux.SizeofNlMsghdr {
			return e, true
		}
		echoed := linux.SizeofNlMsghdr
		if h.Flags&linux.NLM_F_CAPPED == 0 {
			echoed = int(binary.NativeEndian.Uint32(tlvs))
		}
		if echoed < linux.SizeofNlMsghdr || echoed > len(tlvs) {
			return e, true
		}
		tlvs = tlvs[min(Align(echoed), len(tlvs)):]
	}
	for len(tlvs) > 0 {
		typ, val, rest, ok := SplitAttr(tlvs)
		if !ok {
			break
		}
		switch typ {
		case linux.NLMSGERR_ATTR_MSG:
			e.Message = cString(val)
		case linux.NLMSGERR_ATTR_OFFS:
			if len(val) >= 4 {
				e.Offset = binary.NativeEndian.Uint32(val)
			}
		}
		tlvs = rest
	}
	return e, true
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
