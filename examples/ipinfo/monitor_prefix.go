package main

import (
	"encoding/binary"
	"net/netip"
	"strconv"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// appendPrefix appends an RTM_NEWPREFIX payload (a prefix a router
// advertised) as ip monitor prints it (ip/ipprefix.c print_prefix),
// without a space before "dev", as there: "prefix 2001:db8::/64dev eth0
// onlink autoconf valid 2592000 preferred 604800". ip prints it only for
// IPv6, which is all the kernel sends.
func (p *eventPrinter) appendPrefix(b []byte, payload []byte) []byte {
	if len(payload) < linux.SizeofPrefixmsg || payload[0] != linux.AF_INET6 || payload[8] != linux.ND_OPT_PREFIX_INFORMATION {
		return b // ip complains on stderr and prints nothing
	}
	ifindex := int(int32(binary.NativeEndian.Uint32(payload[4:])))
	plen, flags := payload[9], payload[10]
	tb := parseAttrs(payload[linux.SizeofPrefixmsg:], linux.PREFIX_CACHEINFO)
	if a, ok := netip.AddrFromSlice(tb.get(linux.PREFIX_ADDRESS)); ok {
		b = append(b, "prefix "...)
		b = append(b, a.String()...)
		b = append(b, '/')
		b = strconv.AppendUint(b, uint64(plen), 10)
	}
	b = append(b, "dev "...)
	b = append(b, p.cache.name(ifindex)...)
	b = append(b, ' ')
	if flags&linux.IF_PREFIX_ONLINK != 0 {
		b = append(b, "onlink "...)
	}
	if flags&linux.IF_PREFIX_AUTOCONF != 0 {
		b = append(b, "autoconf "...)
	}
	if ci := tb.get(linux.PREFIX_CACHEINFO); len(ci) >= 8 {
		b = append(b, "valid "...)
		b = strconv.AppendUint(b, uint64(binary.NativeEndian.Uint32(ci[4:])), 10)
		b = append(b, " preferred "...)
		b = strconv.AppendUint(b, uint64(binary.NativeEndian.Uint32(ci[0:])), 10)
	}
	return append(trimSpaces(b), '\n')
}
