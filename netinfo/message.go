package netinfo

import (
	"encoding/binary"
	"fmt"
	"syscall"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// header is a decoded struct nlmsghdr.
type header struct {
	Len   uint32
	Type  uint16
	Flags uint16
	Seq   uint32
	Pid   uint32
}

// appendHeader appends an nlmsghdr whose length is patched by
// finishMessage once the payload is appended.
func appendHeader(dst []byte, typ, flags uint16, seq uint32) []byte {
	var h [linux.SizeofNlMsghdr]byte
	binary.NativeEndian.PutUint16(h[4:], typ)
	binary.NativeEndian.PutUint16(h[6:], flags)
	binary.NativeEndian.PutUint32(h[8:], seq)
	return append(dst, h[:]...)
}

// finishMessage writes the length of the message that starts at start.
func finishMessage(b []byte, start int) []byte {
	binary.NativeEndian.PutUint32(b[start:], uint32(len(b)-start))
	return b
}

// nextMessage splits the first netlink message off a datagram. It never
// reads past b and rejects a length that lies.
func nextMessage(b []byte) (h header, payload, rest []byte, err error) {
	if len(b) < linux.SizeofNlMsghdr {
		return h, nil, nil, fmt.Errorf("%w: %d bytes left, want a %d-byte header", ErrTruncated, len(b), linux.SizeofNlMsghdr)
	}
	h = header{
		Len:   binary.NativeEndian.Uint32(b[0:]),
		Type:  binary.NativeEndian.Uint16(b[4:]),
		Flags: binary.NativeEndian.Uint16(b[6:]),
		Seq:   binary.NativeEndian.Uint32(b[8:]),
		Pid:   binary.NativeEndian.Uint32(b[12:]),
	}
	if h.Len < linux.SizeofNlMsghdr || uint64(h.Len) > uint64(len(b)) {
		return h, nil, nil, fmt.Errorf("%w: message length %d in a %d-byte datagram", ErrTruncated, h.Len, len(b))
	}
	next := (int(h.Len) + 3) &^ 3
	if next > len(b) {
		next = len(b)
	}
	return h, b[linux.SizeofNlMsghdr:h.Len], b[next:], nil
}

// parseError reads the payload of an NLMSG_ERROR (or the error code of an
// NLMSG_DONE) into an errno and the extended ack, if any. A zero errno on
// NLMSG_ERROR is an ack.
func parseError(h header, payload []byte, op string) error {
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
		off := min((echoed+3)&^3, len(tlvs))
		tlvs = tlvs[off:]
	}
	for len(tlvs) >= 4 {
		alen := int(binary.NativeEndian.Uint16(tlvs))
		atype := binary.NativeEndian.Uint16(tlvs[2:]) & 0x3fff
		if alen < 4 || alen > len(tlvs) {
			break
		}
		val := tlvs[4:alen]
		switch atype {
		case linux.NLMSGERR_ATTR_MSG:
			e.Message = cString(val)
		case linux.NLMSGERR_ATTR_OFFS:
			if len(val) >= 4 {
				e.Offset = binary.NativeEndian.Uint32(val)
			}
		}
		next := (alen + 3) &^ 3
		if next > len(tlvs) {
			break
		}
		tlvs = tlvs[next:]
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
