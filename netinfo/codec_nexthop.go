package netinfo

import (
	"encoding/binary"
	"time"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

// DecodeNexthop decodes the payload of an RTM_NEWNEXTHOP or
// RTM_DELNEXTHOP message (the bytes after the nlmsghdr): struct nhmsg
// and its NHA_* attributes. Unknown attributes are ignored; a truncated
// message is an error matching ErrTruncated.
func DecodeNexthop(b []byte) (Nexthop, error) {
	var n Nexthop
	err := decodeError("nexthop", decodeNexthop(b, &n))
	return n, err
}

func decodeNexthopWith(b []byte, n *Nexthop, _ *decodeScratch) error { return decodeNexthop(b, n) }

// decodeNexthop fills n, which it overwrites, from an nhmsg payload.
func decodeNexthop(b []byte, n *Nexthop) error {
	if len(b) < linux.SizeofNhMsg {
		return truncated("nhmsg")
	}
	family := b[0]
	out := Nexthop{
		Family:   Family(family),
		Scope:    Scope(b[1]),
		Protocol: RouteProtocol(b[2]),
		Flags:    RouteFlags(binary.NativeEndian.Uint32(b[4:])),
	}
	var err error
	ar := attrReader{b: b[linux.SizeofNhMsg:]}
	for ar.next() && err == nil {
		v := ar.val
		switch ar.typ {
		case linux.NHA_ID:
			out.ID, err = readU32(v, "NHA_ID")
		case linux.NHA_OIF:
			var u uint32
			u, err = readU32(v, "NHA_OIF")
			out.OutIndex = int(int32(u))
		case linux.NHA_GATEWAY:
			out.Gateway, err = readAddr(v, family, "NHA_GATEWAY")
		case linux.NHA_BLACKHOLE:
			out.Blackhole = true
		case linux.NHA_FDB:
			out.FDB = true
		case linux.NHA_GROUP:
			if len(v)%linux.SizeofNexthopGrp != 0 {
				return truncated("NHA_GROUP")
			}
			out.Group = make([]NexthopGroupMember, 0, len(v)/linux.SizeofNexthopGrp)
			for ; len(v) > 0; v = v[linux.SizeofNexthopGrp:] {
				// weight holds the weight less one; weight_high, its
				// high byte on kernels with 16-bit weights, is 0 on others.
				w := int(v[4]) | int(v[5])<<8
				out.Group = append(out.Group, NexthopGroupMember{ID: binary.NativeEndian.Uint32(v), Weight: w + 1})
			}
		case linux.NHA_GROUP_TYPE:
			if len(v) < 2 {
				return truncated("NHA_GROUP_TYPE")
			}
			out.GroupType = NexthopGroupType(binary.NativeEndian.Uint16(v))
		case linux.NHA_RES_GROUP:
			out.Resilient, err = decodeResilient(v)
		}
	}
	if err != nil {
		return err
	}
	if ar.err != nil {
		return ar.err
	}
	*n = out
	return nil
}

// decodeResilient reads NHA_RES_GROUP's nested attributes.
func decodeResilient(b []byte) (*NexthopResilient, error) {
	r := &NexthopResilient{}
	ar := attrReader{b: b}
	for ar.next() {
		v := ar.val
		switch ar.typ {
		case linux.NHA_RES_GROUP_BUCKETS:
			if len(v) < 2 {
				return nil, truncated("NHA_RES_GROUP_BUCKETS")
			}
			r.Buckets = binary.NativeEndian.Uint16(v)
		case linux.NHA_RES_GROUP_IDLE_TIMER, linux.NHA_RES_GROUP_UNBALANCED_TIMER:
			u, err := readU32(v, "NHA_RES_GROUP timer")
			if err != nil {
				return nil, err
			}
			d := time.Duration(u) * clockTick
			if ar.typ == linux.NHA_RES_GROUP_IDLE_TIMER {
				r.IdleTimer = d
			} else {
				r.UnbalancedTimer = d
			}
		case linux.NHA_RES_GROUP_UNBALANCED_TIME:
			if len(v) < 8 {
				return nil, truncated("NHA_RES_GROUP_UNBALANCED_TIME")
			}
			r.UnbalancedTime = time.Duration(binary.NativeEndian.Uint64(v)) * clockTick
		}
	}
	if ar.err != nil {
		return nil, ar.err
	}
	return r, nil
}

// appendNexthop appends the payload of an RTM_NEWNEXTHOP request for n,
// as ip nexthop add does, or of an RTM_DELNEXTHOP or RTM_GETNEXTHOP
// request for n.ID alone.
func appendNexthop(dst []byte, n *Nexthop) []byte {
	dst = append(dst, uint8(n.Family), 0, uint8(n.Protocol), 0)
	dst = binary.NativeEndian.AppendUint32(dst, uint32(n.Flags))
	if n.ID != 0 {
		dst = nlmsg.AppendU32(dst, linux.NHA_ID, n.ID)
	}
	if len(n.Group) > 0 {
		v := make([]byte, 0, len(n.Group)*linux.SizeofNexthopGrp)
		for _, m := range n.Group {
			w := max(m.Weight, 1) - 1
			v = binary.NativeEndian.AppendUint32(v, m.ID)
			v = append(v, uint8(w), uint8(w>>8), 0, 0)
		}
		dst = nlmsg.AppendAttr(dst, linux.NHA_GROUP, v)
		if n.GroupType != NexthopGroupMultipath {
			dst = nlmsg.AppendU16(dst, linux.NHA_GROUP_TYPE, uint16(n.GroupType))
		}
	}
	if r := n.Resilient; r != nil {
		var at int
		dst, at = nlmsg.BeginNested(dst, linux.NHA_RES_GROUP|linux.NLA_F_NESTED)
		if r.Buckets != 0 {
			dst = nlmsg.AppendU16(dst, linux.NHA_RES_GROUP_BUCKETS, r.Buckets)
		}
		if r.IdleTimer != 0 {
			dst = nlmsg.AppendU32(dst, linux.NHA_RES_GROUP_IDLE_TIMER, uint32(r.IdleTimer/clockTick))
		}
		if r.UnbalancedTimer != 0 {
			dst = nlmsg.AppendU32(dst, linux.NHA_RES_GROUP_UNBALANCED_TIMER, uint32(r.UnbalancedTimer/clockTick))
		}
		dst = nlmsg.EndNested(dst, at)
	}
	if n.Blackhole {
		dst = nlmsg.AppendAttr(dst, linux.NHA_BLACKHOLE, nil)
	}
	if n.OutIndex != 0 {
		dst = nlmsg.AppendU32(dst, linux.NHA_OIF, uint32(int32(n.OutIndex)))
	}
	if n.Gateway.IsValid() {
		dst = appendAttrAddr(dst, linux.NHA_GATEWAY, n.Gateway)
	}
	if n.FDB {
		dst = nlmsg.AppendAttr(dst, linux.NHA_FDB, nil)
	}
	return dst
}

// appendNexthopDumpRequest appends an RTM_GETNEXTHOP dump request's
// payload with the filters the kernel applies itself.
func appendNexthopDumpRequest(dst []byte, f NexthopFilter) []byte {
	dst = append(dst, 0, 0, 0, 0, 0, 0, 0, 0)
	if f.OutIndex > 0 {
		dst = nlmsg.AppendU32(dst, linux.NHA_OIF, uint32(f.OutIndex))
	}
	if f.Groups {
		dst = nlmsg.AppendAttr(dst, linux.NHA_GROUPS, nil)
	}
	if f.FDB {
		dst = nlmsg.AppendAttr(dst, linux.NHA_FDB, nil)
	}
	return dst
}
