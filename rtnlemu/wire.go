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

// rewriteAttrs copies a request body: its first hdrLen bytes, then each
// well-formed attribute up to the first malformed one (where the
// kernel's walk stops), with the value fn makes of it and its type's
// flag bits kept. It builds the body as a handler reads it.
func rewriteAttrs(body []byte, hdrLen int, fn func(typ uint16, val []byte) []byte) []byte {
	return filterAttrs(body, hdrLen, func(typ uint16, val []byte) ([]byte, bool) { return fn(typ, val), true })
}

// filterAttrs is rewriteAttrs keeping only the attributes fn keeps.
func filterAttrs(body []byte, hdrLen int, fn func(typ uint16, val []byte) (out []byte, keep bool)) []byte {
	out := append(make([]byte, 0, len(body)), body[:hdrLen]...)
	attrs := body[hdrLen:]
	for len(attrs) >= linux.SizeofNlAttr {
		typ, val, rest, ok := nlmsg.SplitAttr(attrs)
		if !ok {
			break
		}
		if v, keep := fn(typ, val); keep {
			out = nlmsg.AppendAttr(out, ne.Uint16(attrs[2:]), v)
		}
		attrs = rest
	}
	return out
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
