package netinfo

import (
	"encoding/binary"
	"fmt"
	"syscall"
)

// Netlink and rtnetlink numbers (linux/netlink.h, linux/rtnetlink.h).
// They are the wire format on every OS, so they are spelled out here
// rather than taken from a per-OS package.
const (
	headerLen = 16 // sizeof(struct nlmsghdr)

	msgNoop    = 1
	msgError   = 2
	msgDone    = 3
	msgOverrun = 4

	flagRequest   = 0x1
	flagMulti     = 0x2
	flagAck       = 0x4
	flagEcho      = 0x8
	flagDumpIntr  = 0x10
	flagReplace   = 0x100
	flagExcl      = 0x200
	flagCreate    = 0x400
	flagDump      = 0x300
	flagCapped    = 0x100 // on NLMSG_ERROR
	flagAckTLVs   = 0x200 // on NLMSG_ERROR and NLMSG_DONE
	errAttrMsg    = 1     // NLMSGERR_ATTR_MSG
	errAttrOffset = 2     // NLMSGERR_ATTR_OFFS

	rtmNewLink  = 16
	rtmDelLink  = 17
	rtmGetLink  = 18
	rtmNewAddr  = 20
	rtmDelAddr  = 21
	rtmGetAddr  = 22
	rtmNewRoute = 24
	rtmDelRoute = 25
	rtmGetRoute = 26
	rtmNewNeigh = 28
	rtmDelNeigh = 29
	rtmGetNeigh = 30

	groupLink      = 1  // RTNLGRP_LINK
	groupNeigh     = 3  // RTNLGRP_NEIGH
	groupIPv4Addr  = 5  // RTNLGRP_IPV4_IFADDR
	groupIPv4Route = 7  // RTNLGRP_IPV4_ROUTE
	groupIPv6Addr  = 9  // RTNLGRP_IPV6_IFADDR
	groupIPv6Route = 11 // RTNLGRP_IPV6_ROUTE
	groupIPv6Info  = 12 // RTNLGRP_IPV6_IFINFO
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
	var h [headerLen]byte
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
	if len(b) < headerLen {
		return h, nil, nil, fmt.Errorf("%w: %d bytes left, want a %d-byte header", ErrTruncated, len(b), headerLen)
	}
	h = header{
		Len:   binary.NativeEndian.Uint32(b[0:]),
		Type:  binary.NativeEndian.Uint16(b[4:]),
		Flags: binary.NativeEndian.Uint16(b[6:]),
		Seq:   binary.NativeEndian.Uint32(b[8:]),
		Pid:   binary.NativeEndian.Uint32(b[12:]),
	}
	if h.Len < headerLen || uint64(h.Len) > uint64(len(b)) {
		return h, nil, nil, fmt.Errorf("%w: message length %d in a %d-byte datagram", ErrTruncated, h.Len, len(b))
	}
	next := (int(h.Len) + 3) &^ 3
	if next > len(b) {
		next = len(b)
	}
	return h, b[headerLen:h.Len], b[next:], nil
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
	if h.Flags&flagAckTLVs == 0 {
		return e
	}
	// Extended ack attributes follow the echoed request: its header only
	// when capped, the whole request otherwise. NLMSG_DONE carries none.
	tlvs := payload[4:]
	if h.Type == msgError {
		if len(tlvs) < headerLen {
			return e
		}
		echoed := headerLen
		if h.Flags&flagCapped == 0 {
			echoed = int(binary.NativeEndian.Uint32(tlvs))
		}
		if echoed < headerLen || echoed > len(tlvs) {
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
		case errAttrMsg:
			e.Message = cString(val)
		case errAttrOffset:
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
