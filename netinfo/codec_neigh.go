package netinfo

import (
	"encoding/binary"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

// DecodeNeighbor decodes the payload of an RTM_NEWNEIGH or RTM_DELNEIGH
// message (the bytes after the 16-byte nlmsghdr): struct ndmsg and its
// NDA_* attributes. Unknown attributes are ignored; a truncated message
// is an error matching ErrTruncated.
// A known attribute shorter than its type needs (a 2-byte u32, a
// 3-byte IPv4 address) is such an error too; a longer one is read from
// its start. The result holds no reference to b.
func DecodeNeighbor(b []byte) (Neighbor, error) {
	var n Neighbor
	err := decodeError("neighbor", decodeNeighbor(b, &n))
	return n, err
}

// decodeNeighbor fills n from an ndmsg payload. n is overwritten, and
// left as it was on error. It allocates only for the link-layer address
// and the cache info.
func decodeNeighbor(b []byte, n *Neighbor) error { return decodeNeighborWith(b, n, nil) }

// decodeNeighborWith is decodeNeighbor with a dump's scratch, which
// carves hardware addresses out of shared blocks.
func decodeNeighborWith(b []byte, n *Neighbor, sc *decodeScratch) error {
	if len(b) < linux.SizeofNdMsg {
		return truncated("ndmsg")
	}
	family := b[0]
	out := Neighbor{
		Family: Family(family),
		Index:  int(int32(binary.NativeEndian.Uint32(b[4:]))),
		State:  NeighState(binary.NativeEndian.Uint16(b[8:])),
		Flags:  NeighFlags(b[10]),
		Type:   RouteType(b[11]),
	}
	var lladdr []byte
	var err error
	var cache, probes []byte // NDA_CACHEINFO and NDA_PROBES, read once the message is known good
	r := attrReader{b: b[linux.SizeofNdMsg:]}
	for r.next() {
		switch r.typ {
		case linux.NDA_DST:
			out.IP, err = readAddr(r.val, family, "NDA_DST")
		case linux.NDA_LLADDR:
			lladdr = r.val
		case linux.NDA_PROTOCOL:
			if len(r.val) < 1 {
				return truncated("NDA_PROTOCOL")
			}
			out.Protocol = RouteProtocol(r.val[0])
		case linux.NDA_CACHEINFO:
			if len(r.val) < linux.SizeofNdaCacheinfo {
				return truncated("NDA_CACHEINFO")
			}
			cache = r.val
		case linux.NDA_PROBES:
			if len(r.val) < 4 {
				return truncated("NDA_PROBES")
			}
			probes = r.val
		case linux.NDA_FLAGS_EXT:
			if len(r.val) < 4 {
				return truncated("NDA_FLAGS_EXT")
			}
			// Above ndm_flags, as the kernel keeps them; it has no
			// room for the top NTF_EXT_SHIFT bits either.
			out.Flags |= NeighFlags(binary.NativeEndian.Uint32(r.val)) << linux.NTF_EXT_SHIFT
		}
		if err != nil {
			return err
		}
	}
	if r.err != nil {
		return r.err
	}
	if cache != nil {
		out.CacheInfo = sc.neighCacheInfo()
		out.CacheInfo.decode(cache)
		if probes != nil {
			out.CacheInfo.Probes = binary.NativeEndian.Uint32(probes)
		}
	}
	out.HardwareAddr = sc.hardwareAddr(lladdr) // copied only once the message is known good
	*n = out
	return nil
}

// appendNdmsg appends a struct ndmsg; flags' extended ones, above its
// byte, are not in it (see appendNeighbor).
func appendNdmsg(dst []byte, family uint8, index int, state NeighState, flags NeighFlags, typ RouteType) []byte {
	dst = append(dst, family, 0, 0, 0)
	dst = binary.NativeEndian.AppendUint32(dst, uint32(int32(index)))
	dst = binary.NativeEndian.AppendUint16(dst, uint16(state))
	return append(dst, uint8(flags), uint8(typ))
}

// appendNeighbor appends the payload of an RTM_NEWNEIGH or RTM_DELNEIGH
// request for n, encoded as it is (ip neigh add defaults the state to
// PERMANENT; the caller chooses). n.Family, when zero, comes from n.IP.
func appendNeighbor(dst []byte, n *Neighbor) []byte {
	family := uint8(n.Family)
	if family == linux.AF_UNSPEC {
		family = addrFamily(n.IP)
	}
	dst = appendNdmsg(dst, family, n.Index, n.State, n.Flags, n.Type)
	if n.IP.IsValid() {
		dst = appendAttrAddr(dst, linux.NDA_DST, n.IP)
	}
	if ext := uint32(n.Flags >> linux.NTF_EXT_SHIFT); ext != 0 {
		dst = nlmsg.AppendU32(dst, linux.NDA_FLAGS_EXT, ext)
	}
	if len(n.HardwareAddr) > 0 {
		dst = nlmsg.AppendAttr(dst, linux.NDA_LLADDR, n.HardwareAddr)
	}
	if n.Protocol != 0 {
		dst = nlmsg.AppendAttr(dst, linux.NDA_PROTOCOL, []byte{uint8(n.Protocol)})
	}
	return dst
}

// appendNeighDumpRequest appends the payload of an RTM_GETNEIGH dump
// request. A strict kernel (neigh_valid_dump_req) filters on ndm_family
// and NDA_IFINDEX, and rejects a non-zero ndm_ifindex, state or type, so
// the link goes in NDA_IFINDEX and the state is filtered by match; its
// one flag, NTF_PROXY, asks for the proxy entries instead of the cache.
func appendNeighDumpRequest(dst []byte, f NeighFilter) []byte {
	var flags NeighFlags
	if f.Proxy {
		flags = NeighProxy
	}
	dst = appendNdmsg(dst, uint8(f.Family), 0, 0, flags, 0)
	if f.Index > 0 {
		dst = nlmsg.AppendU32(dst, linux.NDA_IFINDEX, uint32(f.Index))
	}
	return dst
}

// match tells whether n passes every filter. State matches a neighbour in
// any of the given states, NeighExplicitNone one in none. FamilyAll matches IPv4 and IPv6 neighbours;
// bridge FDB entries (FamilyBridge) only when asked for by family.
func (f NeighFilter) match(n *Neighbor) bool {
	if !familyMatch(f.Family, n.Family) {
		return false
	}
	if f.Index != 0 && n.Index != f.Index {
		return false
	}
	if f.State != 0 && n.State&f.State == 0 && (n.State != NeighNone || f.State&NeighExplicitNone == 0) {
		return false
	}
	return f.Proxy == (n.Flags&NeighProxy != 0)
}
