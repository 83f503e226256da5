package netinfo

import (
	"encoding/binary"
	"net/netip"
	"time"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

// DecodeAddr decodes the payload of an RTM_NEWADDR or RTM_DELADDR message
// (the bytes after the 16-byte nlmsghdr): struct ifaddrmsg and its IFA_*
// attributes. Unknown attributes are ignored; a truncated message is an
// error matching ErrTruncated.
// A known attribute shorter than its type needs (a 2-byte u32, a
// 3-byte IPv4 address) is such an error too; a longer one is read from
// its start. The result holds no reference to b.
func DecodeAddr(b []byte) (Addr, error) {
	var a Addr
	err := decodeError("addr", decodeAddr(b, &a))
	return a, err
}

// decodeAddr fills a from an ifaddrmsg payload. a is overwritten, and
// left as it was on error.
//
// Prefix is IFA_LOCAL (else IFA_ADDRESS) with ifa_prefixlen, not masked;
// Peer is IFA_ADDRESS when IFA_LOCAL is present and differs from it.
// Without IFA_CACHEINFO both lifetimes are Forever.
func decodeAddr(b []byte, a *Addr) error { return decodeAddrWith(b, a, nil) }

// decodeAddrWith is decodeAddr with a dump's scratch, which interns the
// labels (most addresses repeat their link's name).
func decodeAddrWith(b []byte, a *Addr, sc *decodeScratch) error {
	if len(b) < linux.SizeofIfAddrmsg {
		return truncated("ifaddrmsg")
	}
	family := b[0]
	prefixLen := b[1]
	out := Addr{
		Family:            Family(family),
		Flags:             AddrFlags(b[2]),
		Scope:             Scope(b[3]),
		Index:             int(int32(binary.NativeEndian.Uint32(b[4:]))),
		ValidLifetime:     Forever,
		PreferredLifetime: Forever,
	}
	var local, address netip.Addr
	var err error
	// The attributes are walked with nlmsg.SplitAttr, which inlines, as in
	// decodeRoute: an address dump is decoded about as fast as the
	// kernel builds it, so a call per attribute shows.
	for p := b[linux.SizeofIfAddrmsg:]; len(p) > 0; {
		typ, val, rest, ok := nlmsg.SplitAttr(p)
		if !ok {
			return attrError(p)
		}
		p = rest
		switch typ {
		case linux.IFA_ADDRESS:
			if family == linux.AF_INET && len(val) == 4 { // the common case, inline
				address = netip.AddrFrom4([4]byte(val))
			} else {
				address, err = readAddr(val, family, "IFA_ADDRESS")
			}
		case linux.IFA_LOCAL:
			if family == linux.AF_INET && len(val) == 4 {
				local = netip.AddrFrom4([4]byte(val))
			} else {
				local, err = readAddr(val, family, "IFA_LOCAL")
			}
		case linux.IFA_BROADCAST:
			out.Broadcast, err = readAddr(val, family, "IFA_BROADCAST")
		case linux.IFA_LABEL:
			out.Label = sc.str(cutNUL(val))
		case linux.IFA_FLAGS:
			if len(val) < 4 {
				return truncated("IFA_FLAGS")
			}
			out.Flags = AddrFlags(binary.NativeEndian.Uint32(val))
		case linux.IFA_RT_PRIORITY:
			if len(val) < 4 {
				return truncated("IFA_RT_PRIORITY")
			}
			out.Metric = binary.NativeEndian.Uint32(val)
		case linux.IFA_CACHEINFO:
			if len(val) < 8 {
				return truncated("IFA_CACHEINFO")
			}
			out.PreferredLifetime = lifetime(binary.NativeEndian.Uint32(val))
			out.ValidLifetime = lifetime(binary.NativeEndian.Uint32(val[4:]))
		}
		if err != nil {
			return err
		}
	}
	addr := local
	if !local.IsValid() {
		addr = address
	} else if address.IsValid() && address != local {
		out.Peer = address
	}
	if addr.IsValid() {
		if out.Prefix, err = makePrefix(addr, prefixLen, "ifa_prefixlen"); err != nil {
			return err
		}
	}
	*a = out // one store: the record's addresses hold pointers
	return nil
}

// lifetime converts an IFA_CACHEINFO lifetime in seconds.
func lifetime(sec uint32) time.Duration {
	if sec == linux.INFINITY_LIFE_TIME {
		return Forever
	}
	return time.Duration(sec) * time.Second
}

// lifetimeSeconds is lifetime's inverse; Forever and anything past the
// u32 range are INFINITY_LIFE_TIME.
func lifetimeSeconds(d time.Duration) uint32 {
	s := d / time.Second
	if d == Forever || s >= linux.INFINITY_LIFE_TIME {
		return linux.INFINITY_LIFE_TIME
	}
	if s < 0 {
		return 0
	}
	return uint32(s)
}

// appendAddr appends the payload of an RTM_NEWADDR or RTM_DELADDR
// request for a, as ip addr add does: IFA_LOCAL is the address, and
// IFA_ADDRESS the peer, or the address again when there is none.
// a.Family, when zero, comes from the address. IFA_CACHEINFO is sent only
// when a lifetime is set and not Forever (a zero lifetime means unset).
func appendAddr(dst []byte, a *Addr) []byte {
	local := a.Prefix.Addr()
	family := uint8(a.Family)
	if family == linux.AF_UNSPEC {
		family = addrFamily(local)
	}
	bits := a.Prefix.Bits()
	if bits < 0 {
		bits = 0
	}
	dst = append(dst, family, uint8(bits), uint8(a.Flags), uint8(a.Scope))
	dst = binary.NativeEndian.AppendUint32(dst, uint32(int32(a.Index)))
	if local.IsValid() {
		dst = appendAttrAddr(dst, linux.IFA_LOCAL, local)
		peer := a.Peer
		if !peer.IsValid() {
			peer = local
		}
		dst = appendAttrAddr(dst, linux.IFA_ADDRESS, peer)
	}
	if a.Broadcast.IsValid() {
		dst = appendAttrAddr(dst, linux.IFA_BROADCAST, a.Broadcast)
	}
	if a.Label != "" {
		dst = nlmsg.AppendString(dst, linux.IFA_LABEL, a.Label)
	}
	if a.Flags != 0 {
		// ifa_flags holds only the low 8 bits; IFA_FLAGS carries them all.
		dst = nlmsg.AppendU32(dst, linux.IFA_FLAGS, uint32(a.Flags))
	}
	if a.Metric != 0 {
		dst = nlmsg.AppendU32(dst, linux.IFA_RT_PRIORITY, a.Metric)
	}
	if hasLifetime(a.ValidLifetime) || hasLifetime(a.PreferredLifetime) {
		valid, preferred := a.ValidLifetime, a.PreferredLifetime
		if valid == 0 {
			valid = Forever
		}
		if preferred == 0 {
			preferred = valid
		}
		var ci [linux.SizeofIfaCacheinfo]byte
		binary.NativeEndian.PutUint32(ci[0:], lifetimeSeconds(preferred))
		binary.NativeEndian.PutUint32(ci[4:], lifetimeSeconds(valid))
		dst = nlmsg.AppendAttr(dst, linux.IFA_CACHEINFO, ci[:])
	}
	return dst
}

// hasLifetime tells whether d is a finite lifetime that was set.
func hasLifetime(d time.Duration) bool { return d != 0 && d != Forever }

// appendAddrDumpRequest appends the payload of an RTM_GETADDR dump
// request. A strict kernel (inet_valid_dump_ifaddr_req,
// inet6_valid_dump_ifaddr_req) filters on ifa_family and ifa_index and
// rejects non-zero prefixlen, flags and scope and any attribute but
// IFA_TARGET_NETNSID; the scope is filtered by match.
func appendAddrDumpRequest(dst []byte, f AddrFilter) []byte {
	dst = append(dst, uint8(f.Family), 0, 0, 0)
	return binary.NativeEndian.AppendUint32(dst, uint32(int32(max(f.Index, 0))))
}

// match tells whether a passes every filter, including those the kernel
// may already have applied (a kernel without strict checking applies
// none). FamilyAll matches IPv4 and IPv6 addresses only: an AF_UNSPEC
// dump may also bring addresses of other families (such as phonet) that
// this API does not model.
func (f AddrFilter) match(a *Addr) bool {
	if !familyMatch(f.Family, a.Family) {
		return false
	}
	if f.Index != 0 && a.Index != f.Index {
		return false
	}
	if f.Scope != nil && a.Scope != *f.Scope {
		return false
	}
	return true
}

// familyMatch applies a filter's family: FamilyAll stands for IPv4 and
// IPv6.
func familyMatch(want, got Family) bool {
	if want == FamilyAll {
		return got == FamilyInet || got == FamilyInet6
	}
	return got == want
}
