package nlmsg

import (
	"encoding/binary"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// A Header is a struct nlmsghdr.
type Header struct {
	Len   uint32
	Type  uint16
	Flags uint16
	Seq   uint32
	Pid   uint32
}

// Align rounds n up to NLMSG_ALIGNTO and NLA_ALIGNTO (both 4), the
// alignment of messages and of attributes.
func Align(n int) int { return (n + 3) &^ 3 }

// AppendHeader appends an nlmsghdr whose length Finish writes once the
// payload is appended. The message starts at len(b) before the call.
func AppendHeader(b []byte, typ, flags uint16, seq, pid uint32) []byte {
	var h [linux.SizeofNlMsghdr]byte
	binary.NativeEndian.PutUint16(h[4:], typ)
	binary.NativeEndian.PutUint16(h[6:], flags)
	binary.NativeEndian.PutUint32(h[8:], seq)
	binary.NativeEndian.PutUint32(h[12:], pid)
	return append(b, h[:]...)
}

// Finish writes the length of the message that starts at start: all of
// b after it. Pad first for a message whose payload may end unaligned
// and whose length must count the padding, as the kernel's nlmsg_end.
func Finish(b []byte, start int) []byte {
	binary.NativeEndian.PutUint32(b[start:], uint32(len(b)-start))
	return b
}

// Pad appends zero bytes up to the next 4-byte boundary.
func Pad(b []byte) []byte {
	for len(b)%4 != 0 {
		b = append(b, 0)
	}
	return b
}

// ParseHeader reads the nlmsghdr at the start of b, which must hold
// linux.SizeofNlMsghdr bytes.
func ParseHeader(b []byte) Header {
	return Header{
		Len:   binary.NativeEndian.Uint32(b[0:]),
		Type:  binary.NativeEndian.Uint16(b[4:]),
		Flags: binary.NativeEndian.Uint16(b[6:]),
		Seq:   binary.NativeEndian.Uint32(b[8:]),
		Pid:   binary.NativeEndian.Uint32(b[12:]),
	}
}

// Next splits the first message off a datagram: its header, its payload
// and the rest of the datagram (the padding after the last message may
// be missing). ok is false when b does not start with a whole header, or
// the header's length is below a header's size or past the end of b.
func Next(b []byte) (h Header, payload, rest []byte, ok bool) {
	if len(b) >= linux.SizeofNlMsghdr {
		h = ParseHeader(b)
		// On 32-bit systems a length past 2 GiB turns negative: refused.
		if n := int(h.Len); n >= linux.SizeofNlMsghdr && n <= len(b) {
			return h, b[linux.SizeofNlMsghdr:n], b[min(Align(n), len(b)):], true
		}
	}
	return h, nil, nil, false
}
