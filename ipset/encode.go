package ipset

import (
	"encoding/binary"
	"net/netip"

	"github.com/mdlayher/netlink"

	"github.com/rtnlx/rtnlx/internal/linux"
)

func be16(ae *netlink.AttributeEncoder, typ uint16, v uint16) {
	ae.Bytes(typ|netlink.NetByteOrder, binary.BigEndian.AppendUint16(nil, v))
}

func be32(ae *netlink.AttributeEncoder, typ uint16, v uint32) {
	ae.Bytes(typ|netlink.NetByteOrder, binary.BigEndian.AppendUint32(nil, v))
}

func be64(ae *netlink.AttributeEncoder, typ uint16, v uint64) {
	ae.Bytes(typ|netlink.NetByteOrder, binary.BigEndian.AppendUint64(nil, v))
}

// addr writes an address as the kernel wants it: nested, by family.
func addr(ae *netlink.AttributeEncoder, typ uint16, a netip.Addr) {
	a = a.Unmap()
	ae.Nested(typ, func(ip *netlink.AttributeEncoder) error {
		if a.Is4() {
			b := a.As4()
			ip.Bytes(linux.IPSET_ATTR_IPADDR_IPV4|netlink.NetByteOrder, b[:])
		} else {
			b := a.As16()
			ip.Bytes(linux.IPSET_ATTR_IPADDR_IPV6|netlink.NetByteOrder, b[:])
		}
		return nil
	})
}

// encodeCreate writes a create command's data attributes.
func encodeCreate(d *netlink.AttributeEncoder, t setType, s Set) {
	switch t.kind {
	case "hash":
		if s.HashSize != 0 {
			be32(d, linux.IPSET_ATTR_HASHSIZE, s.HashSize)
		}
		if s.MaxElem != 0 {
			be32(d, linux.IPSET_ATTR_MAXELEM, s.MaxElem)
		}
		if s.BucketSize != 0 {
			d.Uint8(linux.IPSET_ATTR_BUCKETSIZE, s.BucketSize)
		}
		if s.MarkMask != 0 {
			be32(d, linux.IPSET_ATTR_MARKMASK, s.MarkMask)
		}
		if s.InitVal != 0 {
			be32(d, linux.IPSET_ATTR_INITVAL, s.InitVal)
		}
	case "bitmap":
		if s.From.IsValid() {
			addr(d, linux.IPSET_ATTR_IP, s.From)
			addr(d, linux.IPSET_ATTR_IP_TO, s.To)
		}
		if t.has(compPort) {
			be16(d, linux.IPSET_ATTR_PORT, s.PortFrom)
			be16(d, linux.IPSET_ATTR_PORT_TO, s.PortTo)
		}
	case "list":
		if s.Size != 0 {
			be32(d, linux.IPSET_ATTR_SIZE, s.Size)
		}
	}
	if s.Netmask != 0 {
		d.Uint8(linux.IPSET_ATTR_NETMASK, s.Netmask)
	}
	if s.Timeout != nil {
		be32(d, linux.IPSET_ATTR_TIMEOUT, *s.Timeout)
	}
	var cadt uint32
	if s.Counters {
		cadt |= linux.IPSET_FLAG_WITH_COUNTERS
	}
	if s.Comment {
		cadt |= linux.IPSET_FLAG_WITH_COMMENT
	}
	if s.SkbInfo {
		cadt |= linux.IPSET_FLAG_WITH_SKBINFO
	}
	if s.ForceAdd {
		cadt |= linux.IPSET_FLAG_WITH_FORCEADD
	}
	if cadt != 0 {
		be32(d, linux.IPSET_ATTR_CADT_FLAGS, cadt)
	}
}

// encodeEntry writes an entry's data attributes for a set of type t.
func encodeEntry(d *netlink.AttributeEncoder, t setType, e Entry) {
	var cadt uint32
	for _, c := range t.comps {
		switch c {
		case compIP, compNet:
			addr(d, linux.IPSET_ATTR_IP, e.Addr.Addr())
			if c == compNet || e.Addr.Bits() < e.Addr.Addr().BitLen() {
				d.Uint8(linux.IPSET_ATTR_CIDR, uint8(e.Addr.Bits()))
			}
			if e.AddrTo.IsValid() {
				addr(d, linux.IPSET_ATTR_IP_TO, e.AddrTo)
			}
		case compIP2, compNet2:
			addr(d, linux.IPSET_ATTR_IP2, e.Addr2.Addr())
			if c == compNet2 || e.Addr2.Bits() < e.Addr2.Addr().BitLen() {
				d.Uint8(linux.IPSET_ATTR_CIDR2, uint8(e.Addr2.Bits()))
			}
		case compPort:
			be16(d, linux.IPSET_ATTR_PORT, e.Port)
			if e.PortTo != 0 {
				be16(d, linux.IPSET_ATTR_PORT_TO, e.PortTo)
			}
			if t.kind == "hash" {
				d.Uint8(linux.IPSET_ATTR_PROTO, e.Proto)
			}
		case compMark:
			be32(d, linux.IPSET_ATTR_MARK, e.Mark)
		case compIface:
			d.String(linux.IPSET_ATTR_IFACE, e.Iface)
			if e.Wildcard {
				cadt |= linux.IPSET_FLAG_IFACE_WILDCARD
			}
			if e.Phys {
				cadt |= linux.IPSET_FLAG_PHYSDEV
			}
		case compMAC:
			if len(e.MAC) == 6 {
				d.Bytes(linux.IPSET_ATTR_ETHER, e.MAC)
			}
		case compSet:
			d.String(linux.IPSET_ATTR_NAME, e.Name)
			if e.Ref != "" {
				d.String(linux.IPSET_ATTR_NAMEREF, e.Ref)
				if e.Before {
					cadt |= linux.IPSET_FLAG_BEFORE
				}
			}
		}
	}
	if e.Timeout != nil {
		be32(d, linux.IPSET_ATTR_TIMEOUT, *e.Timeout)
	}
	if e.NoMatch {
		cadt |= linux.IPSET_FLAG_NOMATCH
	}
	if cadt != 0 {
		be32(d, linux.IPSET_ATTR_CADT_FLAGS, cadt)
	}
	if e.Packets != nil {
		be64(d, linux.IPSET_ATTR_PACKETS, *e.Packets)
	}
	if e.Bytes != nil {
		be64(d, linux.IPSET_ATTR_BYTES, *e.Bytes)
	}
	if e.Comment != "" {
		d.String(linux.IPSET_ATTR_COMMENT, e.Comment)
	}
	if e.SkbMark != 0 || e.SkbMarkMask != 0 {
		mask := e.SkbMarkMask
		if mask == 0 {
			mask = 0xffffffff
		}
		be64(d, linux.IPSET_ATTR_SKBMARK, uint64(e.SkbMark)<<32|uint64(mask))
	}
	if e.SkbPrio != 0 {
		be32(d, linux.IPSET_ATTR_SKBPRIO, e.SkbPrio)
	}
	if e.SkbQueue != 0 {
		be16(d, linux.IPSET_ATTR_SKBQUEUE, e.SkbQueue)
	}
}
