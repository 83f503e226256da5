package nlmsg

import (
	"encoding/binary"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// MaxAttrLen is the longest attribute nla_len can describe, header
// included.
const MaxAttrLen = 0xffff

// SplitAttr splits the first attribute off a run: its type (without
// NLA_F_NESTED and NLA_F_NET_BYTEORDER), its value, and the rest of the
// run (the padding after the last attribute may be missing). ok is false
// when the run does not start with a whole attribute: a partial header,
// or a length below the header's size or past the end of the run. It is
// small enough to be inlined, and the hottest decoders rely on that.
func SplitAttr(p []byte) (typ uint16, val, rest []byte, ok bool) {
	if len(p) < linux.SizeofNlAttr {
		return 0, nil, nil, false
	}
	n := int(binary.NativeEndian.Uint16(p))
	if n < linux.SizeofNlAttr || n > len(p) {
		return 0, nil, nil, false
	}
	return binary.NativeEndian.Uint16(p[2:]) & linux.NLA_TYPE_MASK, p[linux.SizeofNlAttr:n], p[min(Align(n), len(p)):], true
}

// AppendAttr appends an attribute holding val, with its padding. A value
// too long for nla_len (MaxAttrLen) is left out: b is returned as it is.
func AppendAttr(b []byte, typ uint16, val []byte) []byte {
	if linux.SizeofNlAttr+len(val) > MaxAttrLen {
		return b
	}
	b = binary.NativeEndian.AppendUint16(b, uint16(linux.SizeofNlAttr+len(val)))
	b = binary.NativeEndian.AppendUint16(b, typ)
	b = append(b, val...)
	return Pad(b)
}

// AppendU8 appends a u8 attribute.
func AppendU8(b []byte, typ uint16, v uint8) []byte {
	b = binary.NativeEndian.AppendUint16(b, linux.SizeofNlAttr+1)
	b = binary.NativeEndian.AppendUint16(b, typ)
	return append(b, v, 0, 0, 0)
}

// AppendU16 appends a u16 attribute.
func AppendU16(b []byte, typ uint16, v uint16) []byte {
	b = binary.NativeEndian.AppendUint16(b, linux.SizeofNlAttr+2)
	b = binary.NativeEndian.AppendUint16(b, typ)
	b = binary.NativeEndian.AppendUint16(b, v)
	return append(b, 0, 0)
}

// AppendU32 appends a u32 attribute.
func AppendU32(b []byte, typ uint16, v uint32) []byte {
	b = binary.NativeEndian.AppendUint16(b, linux.SizeofNlAttr+4)
	b = binary.NativeEndian.AppendUint16(b, typ)
	return binary.NativeEndian.AppendUint32(b, v)
}

// AppendString appends a NUL-terminated string attribute, as the kernel
// writes names and labels. A string too long for nla_len is left out.
func AppendString(b []byte, typ uint16, s string) []byte {
	if linux.SizeofNlAttr+len(s)+1 > MaxAttrLen {
		return b
	}
	b = binary.NativeEndian.AppendUint16(b, uint16(linux.SizeofNlAttr+len(s)+1))
	b = binary.NativeEndian.AppendUint16(b, typ)
	b = append(b, s...)
	b = append(b, 0)
	return Pad(b)
}

// BeginNested starts a nested attribute and returns where its header
// is, for EndNested.
func BeginNested(b []byte, typ uint16) ([]byte, int) {
	start := len(b)
	b = binary.NativeEndian.AppendUint16(b, 0)
	b = binary.NativeEndian.AppendUint16(b, typ)
	return b, start
}

// EndNested writes the length of the nested attribute begun at start. A
// nest grown too long for nla_len is left out: b is cut back to start.
func EndNested(b []byte, start int) []byte {
	if len(b)-start > MaxAttrLen {
		return b[:start]
	}
	binary.NativeEndian.PutUint16(b[start:], uint16(len(b)-start))
	return b
}
