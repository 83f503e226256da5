package rtnlemu

import (
	"encoding/binary"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// Low-level netlink framing. Everything appends to a caller's slice so
// that a dump writes straight into one reused buffer without allocating.

var ne = binary.NativeEndian

// nlaAlign rounds n up to the 4-byte netlink alignment.
func nlaAlign(n int) int { return (n + 3) &^ 3 }

// pad appends zero bytes up to the next 4-byte boundary.
func pad(b []byte) []byte {
	for len(b)%4 != 0 {
		b = append(b, 0)
	}
	return b
}

// beginMsg appends a netlink header whose length endMsg fills in later,
// and returns where the message starts.
func beginMsg(b []byte, typ, flags uint16, seq, pid uint32) ([]byte, int) {
	start := len(b)
	b = ne.AppendUint32(b, 0)
	b = ne.AppendUint16(b, typ)
	b = ne.AppendUint16(b, flags)
	b = ne.AppendUint32(b, seq)
	b = ne.AppendUint32(b, pid)
	return b, start
}

// endMsg pads the message that starts at start and writes its length.
func endMsg(b []byte, start int) []byte {
	b = pad(b)
	ne.PutUint32(b[start:], uint32(len(b)-start))
	return b
}

// maxAttrLen is the longest attribute nla_len can describe. A record
// with a longer value (no kernel has one) loses that attribute rather
// than yield a malformed message.
const maxAttrLen = 0xffff

// appendAttr appends one attribute holding data.
func appendAttr(b []byte, typ uint16, data []byte) []byte {
	if linux.SizeofNlAttr+len(data) > maxAttrLen {
		return b
	}
	b = ne.AppendUint16(b, uint16(linux.SizeofNlAttr+len(data)))
	b = ne.AppendUint16(b, typ)
	b = append(b, data...)
	return pad(b)
}

func appendU8(b []byte, typ uint16, v uint8) []byte {
	b = ne.AppendUint16(b, linux.SizeofNlAttr+1)
	b = ne.AppendUint16(b, typ)
	return append(b, v, 0, 0, 0)
}

func appendU16(b []byte, typ uint16, v uint16) []byte {
	b = ne.AppendUint16(b, linux.SizeofNlAttr+2)
	b = ne.AppendUint16(b, typ)
	b = ne.AppendUint16(b, v)
	return append(b, 0, 0)
}

func appendU32(b []byte, typ uint16, v uint32) []byte {
	b = ne.AppendUint16(b, linux.SizeofNlAttr+4)
	b = ne.AppendUint16(b, typ)
	return ne.AppendUint32(b, v)
}

// appendString appends a NUL-terminated string attribute, as the kernel
// writes names and labels.
func appendString(b []byte, typ uint16, s string) []byte {
	if linux.SizeofNlAttr+len(s)+1 > maxAttrLen {
		return b
	}
	b = ne.AppendUint16(b, uint16(linux.SizeofNlAttr+len(s)+1))
	b = ne.AppendUint16(b, typ)
	b = append(b, s...)
	b = append(b, 0)
	return pad(b)
}

// beginNested starts a nested attribute; endNested writes its length.
func beginNested(b []byte, typ uint16) ([]byte, int) {
	start := len(b)
	b = ne.AppendUint16(b, 0)
	b = ne.AppendUint16(b, typ)
	return b, start
}

func endNested(b []byte, start int) []byte {
	if len(b)-start > maxAttrLen {
		return b[:start]
	}
	ne.PutUint16(b[start:], uint16(len(b)-start))
	return b
}

// A header is a parsed struct nlmsghdr.
type header struct {
	Len   uint32
	Type  uint16
	Flags uint16
	Seq   uint32
	Pid   uint32
}

func parseHeader(b []byte) header {
	return header{
		Len:   ne.Uint32(b[0:4]),
		Type:  ne.Uint16(b[4:6]),
		Flags: ne.Uint16(b[6:8]),
		Seq:   ne.Uint32(b[8:12]),
		Pid:   ne.Uint32(b[12:16]),
	}
}

// forEachAttr walks the attributes in b, calling fn for each with its
// type (without the NLA_F_NESTED/NLA_F_NET_BYTEORDER bits) and payload.
// It reports false when b is malformed, as the kernel's nla_parse
// rejects it.
func forEachAttr(b []byte, fn func(typ uint16, data []byte) bool) bool {
	for len(b) >= linux.SizeofNlAttr {
		n := int(ne.Uint16(b[0:2]))
		typ := ne.Uint16(b[2:4]) & 0x3fff
		if n < linux.SizeofNlAttr || n > len(b) {
			return false
		}
		if !fn(typ, b[linux.SizeofNlAttr:n]) {
			return false
		}
		if a := nlaAlign(n); a < len(b) {
			b = b[a:]
		} else {
			b = nil
		}
	}
	// The kernel tolerates trailing bytes shorter than an attribute
	// header (it warns and ignores them).
	return true
}
