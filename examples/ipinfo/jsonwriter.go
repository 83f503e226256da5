package main

import (
	"net/netip"
	"strconv"
	"unicode/utf8"
)

// jsonObject appends one JSON object to a byte slice, keys in the order
// they are added. ip -j prints its keys in a fixed order that is part of
// what readers compare by eye, and a map would sort them; appending by
// hand also keeps a 100,000-event monitor storm cheap.
type jsonObject struct {
	b     []byte
	count int
}

// beginObject starts an object at the end of b.
func beginObject(b []byte) jsonObject {
	return jsonObject{b: append(b, '{')}
}

// key starts the member named k.
func (o *jsonObject) key(k string) {
	if o.count > 0 {
		o.b = append(o.b, ',')
	}
	o.count++
	o.b = appendJSONString(o.b, k)
	o.b = append(o.b, ':')
}

// str adds a string member.
func (o *jsonObject) str(k, v string) {
	o.key(k)
	o.b = appendJSONString(o.b, v)
}

// addr adds an address member. An address's text needs no escaping, so
// it is appended in place: a streamed table allocates nothing per row.
func (o *jsonObject) addr(k string, a netip.Addr) {
	o.key(k)
	o.b = append(a.AppendTo(append(o.b, '"')), '"')
}

// prefix adds a destination member in ip's words (appendPrefixText).
func (o *jsonObject) prefix(k string, p netip.Prefix) {
	o.key(k)
	o.b = append(appendPrefixText(append(o.b, '"'), p), '"')
}

// uint adds an unsigned number member.
func (o *jsonObject) uint(k string, v uint64) {
	o.key(k)
	o.b = strconv.AppendUint(o.b, v, 10)
}

// uints adds unsigned number members, names[i] with vals[i].
func (o *jsonObject) uints(names []string, vals ...uint64) {
	for i, v := range vals {
		o.uint(names[i], v)
	}
}

// nonZero adds an unsigned number member unless it is zero.
func (o *jsonObject) nonZero(k string, v uint64) {
	if v != 0 {
		o.uint(k, v)
	}
}

// int adds a signed number member.
func (o *jsonObject) int(k string, v int64) {
	o.key(k)
	o.b = strconv.AppendInt(o.b, v, 10)
}

// boolean adds a true/false member.
func (o *jsonObject) boolean(k string, v bool) {
	o.key(k)
	o.b = strconv.AppendBool(o.b, v)
}

// null adds a member whose value is null, as ip prints presence-only
// flags such as a neighbour's "router".
func (o *jsonObject) null(k string) {
	o.key(k)
	o.b = append(o.b, "null"...)
}

// strings adds an array of strings; nil prints as [].
func (o *jsonObject) strings(k string, v []string) {
	o.key(k)
	o.b = append(o.b, '[')
	for i, s := range v {
		if i > 0 {
			o.b = append(o.b, ',')
		}
		o.b = appendJSONString(o.b, s)
	}
	o.b = append(o.b, ']')
}

// end closes the object and returns the grown slice.
func (o *jsonObject) end() []byte {
	return append(o.b, '}')
}

// appendJSONString appends s as a JSON string. Invalid UTF-8 becomes
// U+FFFD, so the output is always valid JSON whatever bytes an interface
// name or alias holds.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != 0x7f {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
