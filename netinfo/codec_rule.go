package netinfo

import (
	"encoding/binary"
	"net/netip"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

// DecodeRule decodes the payload of an RTM_NEWRULE or RTM_DELRULE
// message (the bytes after the nlmsghdr): struct fib_rule_hdr and its
// FRA_* attributes. Unknown attributes are ignored; a truncated message
// is an error matching ErrTruncated.
func DecodeRule(b []byte) (Rule, error) {
	var r Rule
	err := decodeError("rule", decodeRule(b, &r))
	return r, err
}

func decodeRuleWith(b []byte, r *Rule, _ *decodeScratch) error { return decodeRule(b, r) }

// decodeRule fills r, which it overwrites, from a fib_rule_hdr payload.
func decodeRule(b []byte, r *Rule) error {
	if len(b) < linux.SizeofFibRuleHdr {
		return truncated("fib_rule_hdr")
	}
	family := b[0]
	dstLen, srcLen := b[1], b[2]
	out := Rule{
		Family: Family(family),
		TOS:    b[3],
		Table:  Table(b[4]),
		Action: RuleAction(b[7]),
		Flags:  RuleFlags(binary.NativeEndian.Uint32(b[8:])),
	}
	var err error
	ar := attrReader{b: b[linux.SizeofFibRuleHdr:]}
	for ar.next() && err == nil {
		v := ar.val
		switch ar.typ {
		case linux.FRA_SRC:
			out.Src, err = rulePrefixAttr(v, family, srcLen, "FRA_SRC")
		case linux.FRA_DST:
			out.Dst, err = rulePrefixAttr(v, family, dstLen, "FRA_DST")
		case linux.FRA_PRIORITY:
			out.Priority, err = readU32(v, "FRA_PRIORITY")
		case linux.FRA_TABLE:
			var t uint32
			t, err = readU32(v, "FRA_TABLE")
			if t != 0 {
				out.Table = Table(t)
			}
		case linux.FRA_FWMARK:
			out.Mark, err = readU32(v, "FRA_FWMARK")
		case linux.FRA_FWMASK:
			out.Mask, err = readU32(v, "FRA_FWMASK")
		case linux.FRA_IIFNAME:
			out.IIf = readString(v)
		case linux.FRA_OIFNAME:
			out.OIf = readString(v)
		case linux.FRA_GOTO:
			out.Goto, err = readU32(v, "FRA_GOTO")
		case linux.FRA_FLOW:
			out.Realms, err = readU32(v, "FRA_FLOW")
		case linux.FRA_SUPPRESS_PREFIXLEN:
			var u uint32
			if u, err = readU32(v, "FRA_SUPPRESS_PREFIXLEN"); err == nil && int32(u) != -1 {
				n := int(int32(u))
				out.SuppressPrefixLen = &n
			}
		case linux.FRA_SUPPRESS_IFGROUP:
			var u uint32
			if u, err = readU32(v, "FRA_SUPPRESS_IFGROUP"); err == nil && u != 0xffffffff {
				out.SuppressIfGroup = &u
			}
		case linux.FRA_L3MDEV:
			var u uint8
			u, err = readU8(v, "FRA_L3MDEV")
			out.L3MDev = u != 0
		case linux.FRA_UID_RANGE:
			if len(v) < linux.SizeofFibRuleUIDRange {
				return truncated("FRA_UID_RANGE")
			}
			out.UIDRange = &RuleUIDRange{binary.NativeEndian.Uint32(v), binary.NativeEndian.Uint32(v[4:])}
		case linux.FRA_PROTOCOL:
			var u uint8
			u, err = readU8(v, "FRA_PROTOCOL")
			out.Protocol = RouteProtocol(u)
		case linux.FRA_IP_PROTO:
			out.IPProto, err = readU8(v, "FRA_IP_PROTO")
		case linux.FRA_SPORT_RANGE:
			out.SPort, err = readPortRange(v, "FRA_SPORT_RANGE")
		case linux.FRA_DPORT_RANGE:
			out.DPort, err = readPortRange(v, "FRA_DPORT_RANGE")
		case linux.FRA_TUN_ID:
			if len(v) < 8 {
				err = truncated("FRA_TUN_ID")
				break
			}
			out.TunID = binary.BigEndian.Uint64(v) // network order (be64)
		}
	}
	if err != nil {
		return err
	}
	if ar.err != nil {
		return ar.err
	}
	*r = out
	return nil
}

// rulePrefixAttr joins FRA_SRC or FRA_DST with its length from the
// header.
func rulePrefixAttr(v []byte, family, bits uint8, what string) (netip.Prefix, error) {
	a, err := readAddr(v, family, what)
	if err != nil || !a.IsValid() {
		return netip.Prefix{}, err
	}
	return makePrefix(a, bits, what)
}

// readPortRange reads struct fib_rule_port_range; a single port comes
// back with End 0, as RulePortRange writes it.
func readPortRange(v []byte, what string) (RulePortRange, error) {
	if len(v) < linux.SizeofFibRulePortRange {
		return RulePortRange{}, truncated(what)
	}
	r := RulePortRange{binary.NativeEndian.Uint16(v), binary.NativeEndian.Uint16(v[2:])}
	if r.End == r.Start {
		r.End = 0
	}
	return r, nil
}

// appendRule appends the payload of an RTM_NEWRULE or RTM_DELRULE
// request for r, as ip rule does: a table above 255 in FRA_TABLE with
// the header's table RT_TABLE_UNSPEC, a smaller one in the header;
// every other field, when set, in its attribute. r.Family is set.
func appendRule(dst []byte, r *Rule) []byte {
	table := uint8(linux.RT_TABLE_UNSPEC)
	if r.Table <= rtTableMax8 {
		table = uint8(r.Table)
	}
	dst = append(dst, uint8(r.Family), prefixBits(r.Dst), prefixBits(r.Src), r.TOS,
		table, 0, 0, uint8(r.Action))
	dst = binary.NativeEndian.AppendUint32(dst, uint32(r.Flags))
	if r.Table > rtTableMax8 {
		dst = nlmsg.AppendU32(dst, linux.FRA_TABLE, uint32(r.Table))
	}
	if r.Priority != 0 {
		dst = nlmsg.AppendU32(dst, linux.FRA_PRIORITY, r.Priority)
	}
	if r.Src.IsValid() && r.Src.Bits() > 0 {
		dst = appendAttrAddr(dst, linux.FRA_SRC, r.Src.Addr())
	}
	if r.Dst.IsValid() && r.Dst.Bits() > 0 {
		dst = appendAttrAddr(dst, linux.FRA_DST, r.Dst.Addr())
	}
	if r.Mark != 0 || r.Mask != 0 {
		dst = nlmsg.AppendU32(dst, linux.FRA_FWMARK, r.Mark)
	}
	if r.Mask != 0 {
		dst = nlmsg.AppendU32(dst, linux.FRA_FWMASK, r.Mask)
	}
	if r.Realms != 0 {
		dst = nlmsg.AppendU32(dst, linux.FRA_FLOW, r.Realms)
	}
	if p := r.SuppressPrefixLen; p != nil {
		dst = nlmsg.AppendU32(dst, linux.FRA_SUPPRESS_PREFIXLEN, uint32(int32(*p)))
	}
	if g := r.SuppressIfGroup; g != nil {
		dst = nlmsg.AppendU32(dst, linux.FRA_SUPPRESS_IFGROUP, *g)
	}
	if r.IIf != "" {
		dst = nlmsg.AppendString(dst, linux.FRA_IIFNAME, r.IIf)
	}
	if r.OIf != "" {
		dst = nlmsg.AppendString(dst, linux.FRA_OIFNAME, r.OIf)
	}
	if r.L3MDev {
		dst = nlmsg.AppendU8(dst, linux.FRA_L3MDEV, 1)
	}
	if u := r.UIDRange; u != nil {
		var v [linux.SizeofFibRuleUIDRange]byte
		binary.NativeEndian.PutUint32(v[:], u.Start)
		binary.NativeEndian.PutUint32(v[4:], u.End)
		dst = nlmsg.AppendAttr(dst, linux.FRA_UID_RANGE, v[:])
	}
	if r.Goto != 0 {
		dst = nlmsg.AppendU32(dst, linux.FRA_GOTO, r.Goto)
	}
	if r.Protocol != ProtoUnspec {
		dst = nlmsg.AppendU8(dst, linux.FRA_PROTOCOL, uint8(r.Protocol))
	}
	if r.IPProto != 0 {
		dst = nlmsg.AppendU8(dst, linux.FRA_IP_PROTO, r.IPProto)
	}
	dst = appendPortRange(dst, linux.FRA_SPORT_RANGE, r.SPort)
	dst = appendPortRange(dst, linux.FRA_DPORT_RANGE, r.DPort)
	if r.TunID != 0 {
		var v [8]byte
		binary.BigEndian.PutUint64(v[:], r.TunID)
		dst = nlmsg.AppendAttr(dst, linux.FRA_TUN_ID, v[:])
	}
	return dst
}

func appendPortRange(dst []byte, typ uint16, r RulePortRange) []byte {
	if r.IsZero() {
		return dst
	}
	var v [linux.SizeofFibRulePortRange]byte
	binary.NativeEndian.PutUint16(v[:], r.Start)
	binary.NativeEndian.PutUint16(v[2:], r.last())
	return nlmsg.AppendAttr(dst, typ, v[:])
}

// appendRuleDumpRequest appends an RTM_GETRULE dump request's payload: a
// header with only the family, which is all a strict kernel accepts.
func appendRuleDumpRequest(dst []byte, family Family) []byte {
	dst = append(dst, uint8(family), 0, 0, 0, 0, 0, 0, 0)
	return binary.NativeEndian.AppendUint32(dst, 0)
}
