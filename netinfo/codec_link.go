package netinfo

import (
	"encoding/binary"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

const (
	// rtextFilterNone asks for no extra information: no VF list (which
	// makes messages of SR-IOV devices huge) and no bridge VLANs, while
	// keeping the statistics.
	rtextFilterNone = 0

	statsLen   = 10 * 4 // the part of struct rtnl_link_stats that Stats uses
	stats64Len = 10 * 8 // the part of struct rtnl_link_stats64 that Stats uses

	// statsErrorCounters is how many counters follow the first ten up to
	// rx_compressed and tx_compressed; rx_nohandler may follow.
	statsErrorCounters = 13
)

// decodeErrorStats reads the counters after the first ten, u(i) giving
// counter i, when all of them up to tx_compressed are there.
func decodeErrorStats(n int, u func(int) uint64) LinkErrorStats {
	if n < 10+statsErrorCounters {
		return LinkErrorStats{}
	}
	e := LinkErrorStats{
		RxLength: u(10), RxOver: u(11), RxCRC: u(12), RxFrame: u(13), RxFIFO: u(14), RxMissed: u(15),
		TxAborted: u(16), TxCarrier: u(17), TxFIFO: u(18), TxHeartbeat: u(19), TxWindow: u(20),
		RxCompressed: u(21), TxCompressed: u(22),
	}
	if n > 23 {
		e.RxNoHandler = u(23)
	}
	return e
}

// DecodeLink decodes the payload of an RTM_NEWLINK or RTM_DELLINK message
// (the bytes after the 16-byte nlmsghdr): struct ifinfomsg and its IFLA_*
// attributes. Unknown attributes are ignored; a truncated message is an
// error matching ErrTruncated.
// A known attribute shorter than its type needs (a 2-byte u32, a
// 3-byte IPv4 address) is such an error too; a longer one is read from
// its start. The result holds no reference to b.
func DecodeLink(b []byte) (Link, error) {
	var l Link
	err := decodeError("link", decodeLink(b, &l))
	return l, err
}

// decodeLink fills l from an ifinfomsg payload. l is overwritten, and
// left as it was on error.
//
// ParentIndex is IFLA_LINK unless it is the link itself or, with
// IFLA_LINK_NETNSID, an index in another network namespace.
//
// A known attribute shorter than the decoder needs (a 2-byte IFLA_MTU, an
// IFLA_STATS64 without its first ten counters) is an error matching
// ErrTruncated; a longer one is read from its start.
func decodeLink(b []byte, l *Link) error { return decodeLinkWith(b, l, nil) }

// decodeLinkWith is decodeLink with a dump's scratch, which interns the
// names and carves the link-layer addresses and counters out of shared
// blocks: a link read again allocates nothing.
func decodeLinkWith(b []byte, l *Link, sc *decodeScratch) error {
	if len(b) < linux.SizeofIfInfomsg {
		return truncated("ifinfomsg")
	}
	out := Link{
		Type:  LinkType(binary.NativeEndian.Uint16(b[2:])),
		Index: int(int32(binary.NativeEndian.Uint32(b[4:]))),
		Flags: LinkFlags(binary.NativeEndian.Uint32(b[8:])),
	}
	var hw, brd []byte
	parentElsewhere := false
	var err error
	r := attrReader{b: b[linux.SizeofIfInfomsg:]}
	for r.next() {
		switch r.typ {
		case linux.IFLA_IFNAME:
			out.Name = sc.str(cutNUL(r.val))
		case linux.IFLA_IFALIAS:
			out.Alias = readString(r.val)
		case linux.IFLA_ADDRESS:
			hw = r.val
		case linux.IFLA_BROADCAST:
			brd = r.val
		case linux.IFLA_MTU:
			out.MTU, err = readU32(r.val, "IFLA_MTU")
		case linux.IFLA_TXQLEN:
			out.TxQueueLen, err = readU32(r.val, "IFLA_TXQLEN")
		case linux.IFLA_QDISC:
			out.Qdisc = internQdisc(r.val)
		case linux.IFLA_OPERSTATE:
			var s uint8
			s, err = readU8(r.val, "IFLA_OPERSTATE")
			out.OperState = OperState(s)
		case linux.IFLA_LINKMODE:
			var m uint8
			m, err = readU8(r.val, "IFLA_LINKMODE")
			out.Mode = LinkMode(m)
		case linux.IFLA_GROUP:
			out.Group, err = readU32(r.val, "IFLA_GROUP")
		case linux.IFLA_MASTER:
			var v uint32
			v, err = readU32(r.val, "IFLA_MASTER")
			out.MasterIndex = int(int32(v))
		case linux.IFLA_LINK:
			var v uint32
			v, err = readU32(r.val, "IFLA_LINK")
			out.ParentIndex = int(int32(v))
		case linux.IFLA_LINK_NETNSID:
			parentElsewhere = true
		case linux.IFLA_LINKINFO:
			var li linkInfo
			li, err = decodeLinkInfo(r.val)
			out.Kind, out.Info, out.PortKind, out.PortInfo = li.kind, li.info, li.portKind, li.port
		case linux.IFLA_STATS64:
			if out.Stats == nil {
				out.Stats = sc.linkStats()
			}
			err = decodeStats64(r.val, out.Stats)
		case linux.IFLA_STATS:
			if out.Stats == nil { // IFLA_STATS64 wins when both come
				out.Stats = sc.linkStats()
				err = decodeStats32(r.val, out.Stats)
			}
		case linux.IFLA_CARRIER_CHANGES:
			out.CarrierChanges, err = readU32(r.val, "IFLA_CARRIER_CHANGES")
		}
		if err != nil {
			return err
		}
	}
	if r.err != nil {
		return r.err
	}
	if out.ParentIndex == out.Index || parentElsewhere {
		// An index in another namespace (a veth peer moved away) would
		// name the wrong link here: report no parent instead.
		out.ParentIndex = 0
	}
	// One allocation for both link-layer addresses, which live as long
	// as the Link does, or none with a scratch.
	switch {
	case sc != nil:
		out.HardwareAddr = sc.hardwareAddr(hw)
		out.Broadcast = sc.hardwareAddr(brd)
	case len(hw)+len(brd) > 0:
		buf := make([]byte, 0, len(hw)+len(brd))
		buf = append(buf, hw...)
		buf = append(buf, brd...)
		if len(hw) > 0 {
			out.HardwareAddr = buf[:len(hw):len(hw)]
		}
		if len(brd) > 0 {
			out.Broadcast = buf[len(hw):]
		}
	}
	*l = out
	return nil
}

// decodeStats64 reads the counters Stats holds from struct
// rtnl_link_stats64 (rx/tx packets, bytes, errors, dropped, multicast,
// collisions: the first ten u64 fields).
func decodeStats64(v []byte, s *LinkStats) error {
	if len(v) < stats64Len {
		return truncated("IFLA_STATS64")
	}
	u := func(i int) uint64 { return binary.NativeEndian.Uint64(v[i*8:]) }
	*s = LinkStats{
		RxPackets: u(0), TxPackets: u(1),
		RxBytes: u(2), TxBytes: u(3),
		RxErrors: u(4), TxErrors: u(5),
		RxDropped: u(6), TxDropped: u(7),
		Multicast: u(8), Collisions: u(9),
		Errors: decodeErrorStats(len(v)/8, u),
	}
	return nil
}

// decodeStats32 reads the same counters from the older struct
// rtnl_link_stats (u32 fields), for sources that send only IFLA_STATS.
func decodeStats32(v []byte, s *LinkStats) error {
	if len(v) < statsLen {
		return truncated("IFLA_STATS")
	}
	u := func(i int) uint64 { return uint64(binary.NativeEndian.Uint32(v[i*4:])) }
	*s = LinkStats{
		RxPackets: u(0), TxPackets: u(1),
		RxBytes: u(2), TxBytes: u(3),
		RxErrors: u(4), TxErrors: u(5),
		RxDropped: u(6), TxDropped: u(7),
		Multicast: u(8), Collisions: u(9),
		Errors: decodeErrorStats(len(v)/4, u),
	}
	return nil
}

// internKind returns the common link kinds without allocating; the
// compiler turns a switch on string(v) into comparisons that do not copy.
func internKind(v []byte) string {
	v = trimNUL(v)
	switch string(v) {
	case "veth":
		return "veth"
	case "bridge":
		return "bridge"
	case "tun":
		return "tun"
	case "ifb":
		return "ifb"
	case "dummy":
		return "dummy"
	case "vlan":
		return "vlan"
	case "vxlan":
		return "vxlan"
	case "bond":
		return "bond"
	case "macvlan":
		return "macvlan"
	case "wireguard":
		return "wireguard"
	}
	return string(v)
}

// internQdisc returns the common queueing disciplines without allocating.
func internQdisc(v []byte) string {
	v = trimNUL(v)
	switch string(v) {
	case "noqueue":
		return "noqueue"
	case "noop":
		return "noop"
	case "fq_codel":
		return "fq_codel"
	case "pfifo_fast":
		return "pfifo_fast"
	case "mq":
		return "mq"
	case "fq":
		return "fq"
	}
	return string(v)
}

// trimNUL cuts a string value at its first NUL.
func trimNUL(v []byte) []byte {
	for i, c := range v {
		if c == 0 {
			return v[:i]
		}
	}
	return v
}

// linkChange is what an RTM_NEWLINK (change) request sets on an existing
// link.
type linkChange struct {
	Index         int
	Flags, Change LinkFlags // ifi_flags / ifi_change
	MTU           uint32    // 0: leave
	Name          string    // "": leave
	Alias         *string   // nil: leave; "" clears

	HardwareAddr []byte  // nil: leave
	Master       *int    // nil: leave; 0 leaves the master
	TxQueueLen   *uint32 // nil: leave
	Group        *uint32 // nil: leave
	NetNS        *nsAttr // nil: leave; else the namespace to move to
}

// appendLinkChange appends the payload of an RTM_NEWLINK request that
// changes the link c.Index.
func appendLinkChange(dst []byte, c linkChange) []byte {
	dst = appendIfinfomsg(dst, c.Index, uint32(c.Flags), uint32(c.Change))
	if c.MTU != 0 {
		dst = nlmsg.AppendU32(dst, linux.IFLA_MTU, c.MTU)
	}
	if c.Name != "" {
		dst = nlmsg.AppendString(dst, linux.IFLA_IFNAME, c.Name)
	}
	if c.Alias != nil {
		// Without a NUL: the kernel stores nla_len bytes as the alias,
		// so an empty value clears it (iproute2 sends it the same way).
		dst = nlmsg.AppendAttr(dst, linux.IFLA_IFALIAS, []byte(*c.Alias))
	}
	if c.HardwareAddr != nil {
		dst = nlmsg.AppendAttr(dst, linux.IFLA_ADDRESS, c.HardwareAddr)
	}
	if c.Master != nil {
		dst = nlmsg.AppendU32(dst, linux.IFLA_MASTER, uint32(*c.Master))
	}
	if c.TxQueueLen != nil {
		dst = nlmsg.AppendU32(dst, linux.IFLA_TXQLEN, *c.TxQueueLen)
	}
	if c.Group != nil {
		dst = nlmsg.AppendU32(dst, linux.IFLA_GROUP, *c.Group)
	}
	if c.NetNS != nil {
		dst = c.NetNS.append(dst)
	}
	return dst
}

// appendIfinfomsg appends a struct ifinfomsg of family AF_UNSPEC and type
// 0.
func appendIfinfomsg(dst []byte, index int, flags, change uint32) []byte {
	dst = append(dst, linux.AF_UNSPEC, 0, 0, 0) // family, pad, type u16
	dst = binary.NativeEndian.AppendUint32(dst, uint32(int32(index)))
	dst = binary.NativeEndian.AppendUint32(dst, flags)
	return binary.NativeEndian.AppendUint32(dst, change)
}

// appendLinkDumpRequest appends the payload of an RTM_GETLINK dump
// request. A strict kernel (rtnl_valid_dump_ifinfo_req) wants type, flags,
// change and index zero; IFLA_EXT_MASK is one of the attributes it
// accepts, and a mask without RTEXT_FILTER_VF keeps VF lists out.
func appendLinkDumpRequest(dst []byte) []byte {
	dst = appendIfinfomsg(dst, 0, 0, 0)
	return nlmsg.AppendU32(dst, linux.IFLA_EXT_MASK, rtextFilterNone)
}

// appendLinkGetRequest appends the payload of an RTM_GETLINK request for
// one link: by index when index > 0, else by IFLA_IFNAME.
// rtnl_valid_getlink_req accepts ifi_index, IFLA_IFNAME and IFLA_EXT_MASK.
func appendLinkGetRequest(dst []byte, index int, name string) []byte {
	dst = appendIfinfomsg(dst, index, 0, 0)
	if index <= 0 && name != "" {
		dst = nlmsg.AppendString(dst, linux.IFLA_IFNAME, name)
	}
	return nlmsg.AppendU32(dst, linux.IFLA_EXT_MASK, rtextFilterNone)
}
