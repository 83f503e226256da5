package netinfo

// This file holds the attribute walker and the value readers and writers
// shared by the link, address, route and neighbour codecs. Everything is
// in host byte order, as netlink is, and walks the bytes by hand: the
// decoder sits on the hot path of every dump and event.

import (
	"encoding/binary"
	"fmt"
	"net/netip"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

// truncated reports that what did not fit in the bytes given, or was
// shorter than its type needs. The error matches ErrTruncated.
func truncated(what string) error { return &truncatedError{what} }

// decodeError names the package and the record for the exported
// decoders; inside a dump, the dump's operation does (once).
func decodeError(record string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("netinfo: decode %s: %w", record, err)
}

// truncatedError names the part of a message that was cut short.
type truncatedError struct{ what string }

func (e *truncatedError) Error() string { return "truncated " + e.what }

// Unwrap makes errors.Is(err, ErrTruncated) hold.
func (e *truncatedError) Unwrap() error { return ErrTruncated }

// attrReader walks a run of netlink attributes without allocating:
//
//	r := attrReader{b: payload}
//	for r.next() {
//		switch r.typ { ... r.val ... }
//	}
//	if r.err != nil { ... }
//
// An attribute whose length is below the header size or runs past the
// end of the run stops the walk with an error matching ErrTruncated, as
// does a partial header at the end. The padding after the last attribute
// may be missing.
type attrReader struct {
	b   []byte // the attributes not yet read
	typ uint16 // the current attribute's type, flags stripped
	val []byte // the current attribute's value
	err error  // why the walk stopped early, if it did
}

// next moves to the next attribute. It returns false at the end of the
// run or on a malformed attribute, which sets err.
func (r *attrReader) next() bool {
	if len(r.b) == 0 {
		return false
	}
	typ, val, rest, ok := nlmsg.SplitAttr(r.b)
	if !ok {
		r.err = attrError(r.b)
		return false
	}
	r.typ, r.val, r.b = typ, val, rest
	return true
}

// attrError is why nlmsg.SplitAttr refused p: a partial header, or a length
// below the header's size or past the end of the run.
func attrError(p []byte) error {
	if len(p) < linux.SizeofNlAttr {
		return truncated("attribute header")
	}
	return truncated("attribute")
}

// readU32 reads a u32 attribute value. Longer values use their first four
// bytes (a wider future field); shorter ones are an error.
func readU32(v []byte, what string) (uint32, error) {
	if len(v) < 4 {
		return 0, truncated(what)
	}
	return binary.NativeEndian.Uint32(v), nil
}

// readU8 reads a u8 attribute value.
func readU8(v []byte, what string) (uint8, error) {
	if len(v) < 1 {
		return 0, truncated(what)
	}
	return v[0], nil
}

// readString reads a string attribute: up to the first NUL, or all of it
// when there is none (IFLA_IFALIAS is sent without one).
func readString(v []byte) string { return string(cutNUL(v)) }

// readAddr reads an address attribute of a message of the given family.
// For AF_INET and AF_INET6 the value must hold at least 4 or 16 bytes
// (extra bytes are ignored), and an AF_INET6 address stays a 16-byte
// address even when it is IPv4-mapped. One exception: a 4-byte value in
// an AF_INET6 message is read as the IPv4-mapped address, because
// encoders built on net.IP.To4 (jsimonetti/rtnetlink's, which rtnlemu's
// records use) shorten ::ffff:a.b.c.d that way, and BSD routing tables
// hold such routes (::ffff:0.0.0.0/96). Conversely a 16-byte
// IPv4-mapped value in an AF_INET message is read as its IPv4 address:
// jsimonetti/rtnetlink copies NDA_DST from a net.IP as it is, and
// net.ParseIP gives IPv4 addresses in that 16-byte form. For any other
// family the length decides: 4 or 16 bytes make an address, anything
// else the zero Addr.
func readAddr(v []byte, family uint8, what string) (netip.Addr, error) {
	switch family {
	case linux.AF_INET:
		if len(v) < 4 {
			return netip.Addr{}, truncated(what)
		}
		if len(v) == 16 {
			if a := netip.AddrFrom16([16]byte(v)); a.Is4In6() {
				return a.Unmap(), nil
			}
		}
		return netip.AddrFrom4([4]byte(v[:4])), nil
	case linux.AF_INET6:
		if len(v) == 4 {
			return netip.AddrFrom16(netip.AddrFrom4([4]byte(v)).As16()), nil
		}
		if len(v) < 16 {
			return netip.Addr{}, truncated(what)
		}
		return netip.AddrFrom16([16]byte(v[:16])), nil
	}
	return addrByLen(v), nil
}

// addrByLen makes an address from a value of exactly 4 or 16 bytes, and
// the zero Addr from anything else.
func addrByLen(v []byte) netip.Addr {
	switch len(v) {
	case 4:
		return netip.AddrFrom4([4]byte(v))
	case 16:
		return netip.AddrFrom16([16]byte(v))
	}
	return netip.Addr{}
}

// makePrefix joins an address and a prefix length from a message header,
// without masking. A length beyond the address's bits is an error.
func makePrefix(a netip.Addr, bits uint8, what string) (netip.Prefix, error) {
	if int(bits) > a.BitLen() {
		return netip.Prefix{}, prefixLenError(a, bits, what)
	}
	return netip.PrefixFrom(a, int(bits)), nil
}

// prefixLenError reports a prefix length beyond the address's bits.
func prefixLenError(a netip.Addr, bits uint8, what string) error {
	return fmt.Errorf("%s: prefix length %d exceeds the address's %d bits", what, bits, a.BitLen())
}

// zeroAddr is the unspecified address of an IP family, and the zero Addr
// for any other family.
func zeroAddr(family uint8) netip.Addr {
	switch family {
	case linux.AF_INET:
		return netip.IPv4Unspecified()
	case linux.AF_INET6:
		return netip.IPv6Unspecified()
	}
	return netip.Addr{}
}

// appendAttrAddr appends an address attribute: 4 bytes for an IPv4
// address, 16 for any other (IPv4-mapped IPv6 addresses stay 16 bytes).
func appendAttrAddr(dst []byte, typ uint16, a netip.Addr) []byte {
	if a.Is4() {
		b := a.As4()
		return nlmsg.AppendAttr(dst, typ, b[:])
	}
	b := a.As16()
	return nlmsg.AppendAttr(dst, typ, b[:])
}

// addrFamily is the AF_* number of an address: AF_INET for IPv4, AF_INET6
// for IPv6 (IPv4-mapped included), AF_UNSPEC for the zero Addr.
func addrFamily(a netip.Addr) uint8 {
	switch {
	case a.Is4():
		return linux.AF_INET
	case a.Is6():
		return linux.AF_INET6
	}
	return linux.AF_UNSPEC
}
