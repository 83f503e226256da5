package rtnlemu

import (
	"encoding/binary"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

// Low-level netlink framing. Everything appends to a caller's slice so
// that a dump writes straight into one reused buffer without allocating.

var ne = binary.NativeEndian

// forEachAttr walks the attributes in b, calling fn for each with its
// type (without the NLA_F_NESTED/NLA_F_NET_BYTEORDER bits) and payload.
// It reports false when b is malformed, as the kernel's nla_parse
// rejects it.
func forEachAttr(b []byte, fn func(typ uint16, data []byte) bool) bool {
	// The kernel tolerates trailing bytes shorter than an attribute
	// header (it warns and ignores them).
	for len(b) >= linux.SizeofNlAttr {
		typ, data, rest, ok := nlmsg.SplitAttr(b)
		if !ok || !fn(typ, data) {
			return false
		}
		b = rest
	}
	return true
}

// strictAttrs is forEachAttr as a strict kernel parses: bytes left over
// after the last attribute are an error too.
func strictAttrs(b []byte, fn func(typ uint16, data []byte) bool) bool {
	for len(b) >= linux.SizeofNlAttr {
		typ, data, rest, ok := nlmsg.SplitAttr(b)
		if !ok || !fn(typ, data) {
			return false
		}
		b = rest
	}
	return len(b) == 0
}
