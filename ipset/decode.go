package ipset

import (
	"encoding/binary"
	"errors"
	"net"
	"net/netip"

	"github.com/mdlayher/netlink"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

// decodeHeader reads a set's create data (IPSET_ATTR_DATA of a list or
// header reply).
func decodeHeader(d *netlink.AttributeDecoder, s *Set) {
	for d.Next() {
		switch d.Type() {
		case linux.IPSET_ATTR_HASHSIZE:
			s.HashSize = beU32(d.Bytes())
		case linux.IPSET_ATTR_MAXELEM:
			s.MaxElem = beU32(d.Bytes())
		case linux.IPSET_ATTR_BUCKETSIZE:
			s.BucketSize = d.Uint8()
		case linux.IPSET_ATTR_MARKMASK:
			s.MarkMask = beU32(d.Bytes())
		case linux.IPSET_ATTR_NETMASK:
			s.Netmask = d.Uint8()
		case linux.IPSET_ATTR_IP:
			s.From = nestedAddr(d.Bytes())
		case linux.IPSET_ATTR_IP_TO:
			s.To = nestedAddr(d.Bytes())
		case linux.IPSET_ATTR_PORT:
			s.PortFrom = beU16(d.Bytes())
		case linux.IPSET_ATTR_PORT_TO:
			s.PortTo = beU16(d.Bytes())
		case linux.IPSET_ATTR_SIZE:
			s.Size = beU32(d.Bytes())
		case linux.IPSET_ATTR_TIMEOUT:
			t := beU32(d.Bytes())
			s.Timeout = &t
		case linux.IPSET_ATTR_CADT_FLAGS:
			f := beU32(d.Bytes())
			s.Counters = f&linux.IPSET_FLAG_WITH_COUNTERS != 0
			s.Comment = f&linux.IPSET_FLAG_WITH_COMMENT != 0
			s.SkbInfo = f&linux.IPSET_FLAG_WITH_SKBINFO != 0
			s.ForceAdd = f&linux.IPSET_FLAG_WITH_FORCEADD != 0
		case linux.IPSET_ATTR_INITVAL:
			s.InitVal = beU32(d.Bytes())
		case linux.IPSET_ATTR_ELEMENTS:
			s.Entries = beU32(d.Bytes())
		case linux.IPSET_ATTR_REFERENCES:
			s.References = beU32(d.Bytes())
		case linux.IPSET_ATTR_MEMSIZE:
			s.MemSize = beU32(d.Bytes())
		}
	}
}

// nestedAddr reads a nested IPSET_ATTR_IPADDR_IPV4/6.
func nestedAddr(b []byte) netip.Addr {
	_, v, _, ok := nlmsg.SplitAttr(b)
	if !ok {
		return netip.Addr{}
	}
	a, _ := netip.AddrFromSlice(v)
	return a
}

// decodeEntry decodes one member's data attributes. Which of them a
// member has depends on its set's type, which a dump's continuation
// messages do not repeat: whatever is there is read.
func decodeEntry(b []byte, e *Entry) error {
	var addr, addr2 netip.Addr
	bits, bits2 := -1, -1
	for len(b) > 0 {
		typ, v, rest, ok := nlmsg.SplitAttr(b)
		if !ok {
			return errors.New("ipset: list reply: malformed member")
		}
		b = rest
		switch typ {
		case linux.IPSET_ATTR_IP:
			addr = nestedAddr(v)
		case linux.IPSET_ATTR_CIDR:
			if len(v) == 1 {
				bits = int(v[0])
			}
		case linux.IPSET_ATTR_IP2:
			addr2 = nestedAddr(v)
		case linux.IPSET_ATTR_CIDR2:
			if len(v) == 1 {
				bits2 = int(v[0])
			}
		case linux.IPSET_ATTR_PORT:
			e.Port = beU16(v)
		case linux.IPSET_ATTR_PROTO:
			if len(v) == 1 {
				e.Proto = v[0]
			}
		case linux.IPSET_ATTR_MARK:
			e.Mark = beU32(v)
		case linux.IPSET_ATTR_IFACE:
			e.Iface = string(bytesTrimNUL(v))
		case linux.IPSET_ATTR_ETHER:
			if len(v) == 6 {
				e.MAC = net.HardwareAddr(append([]byte(nil), v...))
			}
		case linux.IPSET_ATTR_NAME:
			e.Name = string(bytesTrimNUL(v))
		case linux.IPSET_ATTR_TIMEOUT:
			t := beU32(v)
			e.Timeout = &t
		case linux.IPSET_ATTR_CADT_FLAGS:
			f := beU32(v)
			e.NoMatch = f&linux.IPSET_FLAG_NOMATCH != 0
			e.Phys = f&linux.IPSET_FLAG_PHYSDEV != 0
			e.Wildcard = f&linux.IPSET_FLAG_IFACE_WILDCARD != 0
		case linux.IPSET_ATTR_PACKETS:
			n := beU64(v)
			e.Packets = &n
		case linux.IPSET_ATTR_BYTES:
			n := beU64(v)
			e.Bytes = &n
		case linux.IPSET_ATTR_COMMENT:
			e.Comment = string(bytesTrimNUL(v))
		case linux.IPSET_ATTR_SKBMARK:
			if len(v) == 8 {
				e.SkbMark, e.SkbMarkMask = binary.BigEndian.Uint32(v), binary.BigEndian.Uint32(v[4:])
			}
		case linux.IPSET_ATTR_SKBPRIO:
			e.SkbPrio = beU32(v)
		case linux.IPSET_ATTR_SKBQUEUE:
			e.SkbQueue = beU16(v)
		}
	}
	e.Addr = prefix(addr, bits)
	e.Addr2 = prefix(addr2, bits2)
	return nil
}

// prefix makes an entry's address component: full length without a
// CIDR attribute.
func prefix(a netip.Addr, bits int) netip.Prefix {
	if !a.IsValid() {
		return netip.Prefix{}
	}
	if bits < 0 || bits > a.BitLen() {
		bits = a.BitLen()
	}
	return netip.PrefixFrom(a, bits)
}

func beU16(b []byte) uint16 {
	if len(b) != 2 {
		return 0
	}
	return binary.BigEndian.Uint16(b)
}
