package main

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/rtnlx/rtnlx/netinfo"
)

// This file reads prefixes the way iproute2's get_prefix does for the
// route selectors: the words default, all and any, IPv4 addresses with
// fewer than four parts and octal or hex parts ("10/8"), prefix lengths
// written as netmasks, and its error messages.

// Families a selector's prefix can have besides inet and inet6: `via
// link|mpls|bridge ADDR` names them (linux/socket.h).
const (
	familyPacket netinfo.Family = 17 // AF_PACKET
	familyMPLS   netinfo.Family = 28 // AF_MPLS
)

// An inetPrefix is iproute2's inet_prefix as its route filter keeps one:
// a family (FamilyAll for default, all or any read without -4 or -6), a
// length, whether a length was given (PREFIXLEN_SPECIFIED; "default"
// counts as one), and the address bytes, zero beyond the address.
type inetPrefix struct {
	family    netinfo.Family
	bits      int
	specified bool
	data      [16]byte
}

// given reports whether the filter is in use: ip tests the family and
// PREFIXLEN_SPECIFIED, so "all" without a family filters nothing.
func (p *inetPrefix) given() bool {
	return p.family != netinfo.FamilyAll || p.specified
}

// familyName is family_name_verbose: the words of get_prefix's error.
func familyName(f netinfo.Family) string {
	switch f {
	case netinfo.FamilyAll:
		return "any valid"
	case netinfo.FamilyInet:
		return "inet"
	case netinfo.FamilyInet6:
		return "inet6"
	case familyMPLS:
		return "mpls"
	case netinfo.FamilyBridge:
		return "bridge"
	case familyPacket:
		return "link"
	}
	return "???"
}

// hostBits is af_bit_len: an address's length in bits in family f.
func hostBits(f netinfo.Family) int {
	switch f {
	case netinfo.FamilyInet:
		return 32
	case netinfo.FamilyInet6:
		return 128
	case familyMPLS:
		return 20
	}
	return 0
}

// getPrefix is iproute2's get_prefix: arg read as a prefix of family
// (FamilyAll: either), or ip's error, which ends the command with
// status 1.
func getPrefix(arg string, family netinfo.Family) (inetPrefix, error) {
	if family == familyPacket {
		return inetPrefix{}, &ipError{code: exitFailure, exits: true,
			msg: fmt.Sprintf("Error: %q may be inet prefix, but it is not allowed in this context.", arg)}
	}
	p, ok := parseInetPrefix(arg, family)
	if !ok {
		return inetPrefix{}, badPrefix(familyName(family)+" prefix", arg)
	}
	return p, nil
}

// parseInetPrefix is get_prefix_1.
func parseInetPrefix(arg string, family netinfo.Family) (inetPrefix, bool) {
	addr, length, slash := strings.Cut(arg, "/")
	p, word, ok := parseInetAddr(addr, family)
	if !ok {
		return inetPrefix{}, false
	}
	p.bits = hostBits(p.family)
	switch {
	case slash:
		if word {
			return inetPrefix{}, false // "default/8"
		}
		n, ok := parseNetmask(length)
		if !ok || n > p.bits {
			return inetPrefix{}, false
		}
		p.bits, p.specified = n, true
	case word:
		p.bits = 0
	}
	return p, true
}

// parseInetAddr is get_addr_1: word is true for default, all and any.
func parseInetAddr(s string, family netinfo.Family) (p inetPrefix, word, ok bool) {
	switch s {
	case "default":
		if family == familyMPLS {
			return p, false, false
		}
		p.family, p.specified = family, true
		return p, true, true
	case "all", "any":
		if family == familyMPLS {
			return p, false, false
		}
		p.family = family
		return p, true, true
	}
	switch {
	case strings.ContainsRune(s, ':'):
		if family != netinfo.FamilyAll && family != netinfo.FamilyInet6 {
			return p, false, false
		}
		a, err := netip.ParseAddr(s)
		if err != nil || !a.Is6() || a.Zone() != "" {
			return p, false, false
		}
		p.family, p.data = netinfo.FamilyInet6, a.As16()
		return p, false, true
	case family == familyMPLS:
		// Labels, as mpls_pton reads them; no route selector can match
		// one, but ip accepts them.
		for _, l := range strings.Split(s, "/") {
			if n, err := strconv.ParseUint(l, 10, 32); err != nil || n >= 1<<20 {
				return p, false, false
			}
		}
		p.family = familyMPLS
		return p, false, true
	}
	if family != netinfo.FamilyAll && family != netinfo.FamilyInet {
		return p, false, false
	}
	v4, ok := parseIPv4Parts(s)
	if !ok {
		return p, false, false
	}
	p.family = netinfo.FamilyInet
	copy(p.data[:], v4[:])
	return p, false, true
}

// parseIPv4Parts is iproute2's get_addr_ipv4: up to four parts, each a
// C number (0x hex, 0 octal, else decimal) up to 255; missing parts are
// zero, so "10" is 10.0.0.0.
func parseIPv4Parts(s string) (a [4]byte, ok bool) {
	for i := range 4 {
		n, rest, ok := parseCUint(s)
		if !ok || n > 255 {
			return a, false
		}
		a[i] = byte(n)
		if rest == "" {
			return a, true
		}
		if i == 3 || rest[0] != '.' {
			return a, false
		}
		s = rest[1:]
	}
	return a, false
}

// parseCUint reads the number at the start of s as strtoul with base 0
// does (digits only: no sign or spaces) and returns what follows it.
func parseCUint(s string) (n uint64, rest string, ok bool) {
	base, digits := cBase(s)
	i := 0
	for i < len(digits) && isDigitIn(digits[i], base) {
		n = n*uint64(base) + uint64(digitValue(digits[i]))
		if n > 1<<32 {
			n = 1 << 32 // too big for every caller; stop growing
		}
		i++
	}
	if i == 0 {
		return 0, s, false
	}
	return n, digits[i:], true
}

// cBase is the base strtoul(3) with base 0 reads s in, and the digits
// after its prefix: 16 after "0x" or "0X" and a hex digit, 8 after a
// leading "0", else 10.
func cBase(s string) (base int, digits string) {
	switch {
	case len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && isDigitIn(s[2], 16):
		return 16, s[2:]
	case len(s) > 0 && s[0] == '0':
		return 8, s
	}
	return 10, s
}

func isDigitIn(c byte, base int) bool {
	v := digitValue(c)
	return v >= 0 && v < base
}

func digitValue(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// parseNetmask is get_netmask: a C number, or an IPv4 netmask in dotted
// form ("255.255.0.0" is 16).
func parseNetmask(s string) (int, bool) {
	if n, rest, ok := parseCUint(s); ok && rest == "" {
		if n > 1<<31 {
			return 0, false
		}
		return int(n), true
	}
	v4, ok := parseIPv4Parts(s)
	if !ok {
		return 0, false
	}
	mask := uint32(v4[0])<<24 | uint32(v4[1])<<16 | uint32(v4[2])<<8 | uint32(v4[3])
	host := ^mask
	if host&(host+1) != 0 {
		return 0, false // not 1...10...0
	}
	bits := 0
	for ; mask != 0; mask <<= 1 {
		bits++
	}
	return bits, true
}

// inetMatch is inet_addr_match == 0: the first bits bits of a and b are
// equal.
func inetMatch(a, b *[16]byte, bits int) bool {
	if bits > 128 {
		bits = 128
	}
	full := bits / 8
	if string(a[:full]) != string(b[:full]) {
		return false
	}
	if rem := bits % 8; rem != 0 {
		mask := byte(0xff << (8 - rem))
		return a[full]&mask == b[full]&mask
	}
	return true
}

// addrData is an address as inet_prefix data: its bytes from the start,
// zero after; the zero Addr is all zeros.
func addrData(a netip.Addr) (d [16]byte) {
	switch {
	case a.Is4():
		v4 := a.As4()
		copy(d[:], v4[:])
	case a.Is6():
		d = a.As16()
	}
	return d
}
