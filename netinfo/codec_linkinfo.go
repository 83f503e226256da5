package netinfo

// This file decodes and encodes IFLA_LINKINFO: the kind of a link and
// the attributes particular to it (IFLA_INFO_DATA), and its kind and
// attributes as a port of its master (IFLA_INFO_SLAVE_*).

import (
	"encoding/binary"
	"net"
	"net/netip"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

// linkInfo is what IFLA_LINKINFO holds.
type linkInfo struct {
	kind     string
	info     LinkInfo
	portKind string
	port     LinkPortInfo
}

// decodeLinkInfo reads IFLA_LINKINFO. A kind it does not know keeps its
// name and gets no LinkInfo; a known attribute too short for its type is
// an error matching ErrTruncated.
func decodeLinkInfo(b []byte) (linkInfo, error) {
	var li linkInfo
	var data, portData []byte
	r := attrReader{b: b}
	for r.next() {
		switch r.typ {
		case linux.IFLA_INFO_KIND:
			li.kind = internKind(r.val)
		case linux.IFLA_INFO_DATA:
			data = r.val
		case linux.IFLA_INFO_SLAVE_KIND:
			li.portKind = internKind(r.val)
		case linux.IFLA_INFO_SLAVE_DATA:
			portData = r.val
		}
	}
	if r.err != nil {
		return linkInfo{}, truncated("attribute in IFLA_LINKINFO")
	}
	var err error
	if data != nil {
		if li.info, err = decodeInfoData(li.kind, data); err != nil {
			return linkInfo{}, err
		}
	}
	if portData != nil {
		if li.port, err = decodePortData(li.portKind, portData); err != nil {
			return linkInfo{}, err
		}
	}
	return li, nil
}

// infoReader walks the attributes of an IFLA_INFO_DATA and reads typed
// values, remembering the first error.
type infoReader struct {
	attrReader
	what string // the kind, for errors
}

func (r *infoReader) u8() uint8 {
	if len(r.val) < 1 {
		r.fail()
		return 0
	}
	return r.val[0]
}

func (r *infoReader) u16() uint16 {
	if len(r.val) < 2 {
		r.fail()
		return 0
	}
	return binary.NativeEndian.Uint16(r.val)
}

func (r *infoReader) be16() uint16 {
	if len(r.val) < 2 {
		r.fail()
		return 0
	}
	return binary.BigEndian.Uint16(r.val)
}

func (r *infoReader) u32() uint32 {
	if len(r.val) < 4 {
		r.fail()
		return 0
	}
	return binary.NativeEndian.Uint32(r.val)
}

func (r *infoReader) be32() uint32 {
	if len(r.val) < 4 {
		r.fail()
		return 0
	}
	return binary.BigEndian.Uint32(r.val)
}

func (r *infoReader) addr4() netip.Addr {
	if len(r.val) < 4 {
		r.fail()
		return netip.Addr{}
	}
	return netip.AddrFrom4([4]byte(r.val))
}

func (r *infoReader) addr16() netip.Addr {
	if len(r.val) < 16 {
		r.fail()
		return netip.Addr{}
	}
	return netip.AddrFrom16([16]byte(r.val))
}

func (r *infoReader) fail() {
	if r.err == nil {
		r.err = truncated(r.what + " attribute " + itoa(uint64(r.typ)))
	}
	r.b = nil // stop the walk
}

// decodeInfoData reads the IFLA_INFO_DATA of the kinds it knows; other
// kinds get a nil LinkInfo.
func decodeInfoData(kind string, b []byte) (LinkInfo, error) {
	r := &infoReader{attrReader: attrReader{b: b}, what: kind}
	var info LinkInfo
	switch kind {
	case "bridge":
		info = decodeBridge(r)
	case "tun":
		info = decodeTuntap(r)
	case "vlan":
		v := &Vlan{}
		for r.next() {
			switch r.typ {
			case linux.IFLA_VLAN_ID:
				v.ID = r.u16()
			case linux.IFLA_VLAN_PROTOCOL:
				v.Protocol = r.be16()
			}
		}
		info = v
	case "macvlan", "macvtap":
		m := &Macvlan{Tap: kind == "macvtap"}
		for r.next() {
			if r.typ == linux.IFLA_MACVLAN_MODE {
				m.Mode = MacvlanMode(r.u32())
			}
		}
		info = m
	case "ipvlan":
		v := &IPVlan{}
		for r.next() {
			switch r.typ {
			case linux.IFLA_IPVLAN_MODE:
				v.Mode = IPVlanMode(r.u16())
			case linux.IFLA_IPVLAN_FLAGS:
				v.Flags = IPVlanFlag(r.u16())
			}
		}
		info = v
	case "vxlan":
		info = decodeVxlan(r)
	case "bond":
		b := &Bond{}
		for r.next() {
			switch r.typ {
			case linux.IFLA_BOND_MODE:
				m := BondMode(r.u8())
				b.Mode = &m
			case linux.IFLA_BOND_MIIMON:
				v := r.u32()
				b.MIIMon = &v
			}
		}
		info = b
	case "vrf":
		v := &VRF{}
		for r.next() {
			if r.typ == linux.IFLA_VRF_TABLE {
				v.Table = r.u32()
			}
		}
		info = v
	case "gre", "gretap":
		info = decodeGRE(r, kind == "gretap")
	case "ipip", "sit":
		info = decodeIPTunnel(r, kind == "sit")
	default:
		return nil, nil
	}
	if r.err != nil {
		return nil, r.err
	}
	return info, nil
}

func decodeBridge(r *infoReader) *Bridge {
	br := &Bridge{}
	u32 := func() *uint32 { v := r.u32(); return &v }
	u16 := func() *uint16 { v := r.u16(); return &v }
	flag := func() *bool { v := r.u8() != 0; return &v }
	for r.next() {
		switch r.typ {
		case linux.IFLA_BR_FORWARD_DELAY:
			br.ForwardDelay = u32()
		case linux.IFLA_BR_HELLO_TIME:
			br.HelloTime = u32()
		case linux.IFLA_BR_MAX_AGE:
			br.MaxAge = u32()
		case linux.IFLA_BR_AGEING_TIME:
			br.AgeingTime = u32()
		case linux.IFLA_BR_STP_STATE:
			br.STPState = u32()
		case linux.IFLA_BR_PRIORITY:
			br.Priority = u16()
		case linux.IFLA_BR_VLAN_FILTERING:
			br.VLANFiltering = flag()
		case linux.IFLA_BR_VLAN_PROTOCOL:
			v := r.be16()
			br.VLANProtocol = &v
		case linux.IFLA_BR_VLAN_DEFAULT_PVID:
			br.DefaultPVID = u16()
		case linux.IFLA_BR_GROUP_FWD_MASK:
			br.GroupFwdMask = u16()
		case linux.IFLA_BR_MCAST_SNOOPING:
			br.MulticastSnooping = flag()
		}
	}
	return br
}

func decodeTuntap(r *infoReader) *Tuntap {
	t := &Tuntap{}
	for r.next() {
		switch r.typ {
		case linux.IFLA_TUN_OWNER:
			v := r.u32()
			t.Owner = &v
		case linux.IFLA_TUN_GROUP:
			v := r.u32()
			t.Group = &v
		case linux.IFLA_TUN_TYPE:
			t.Mode = TuntapMode(r.u8())
		case linux.IFLA_TUN_PI:
			t.PI = r.u8() != 0
		case linux.IFLA_TUN_VNET_HDR:
			t.VnetHdr = r.u8() != 0
		case linux.IFLA_TUN_PERSIST:
			t.Persist = r.u8() != 0
		case linux.IFLA_TUN_MULTI_QUEUE:
			t.MultiQueue = r.u8() != 0
		case linux.IFLA_TUN_NUM_QUEUES:
			t.NumQueues = r.u32()
		}
	}
	return t
}

func decodeVxlan(r *infoReader) *Vxlan {
	v := &Vxlan{}
	for r.next() {
		switch r.typ {
		case linux.IFLA_VXLAN_ID:
			v.VNI = r.u32()
		case linux.IFLA_VXLAN_GROUP:
			v.Remote = r.addr4()
		case linux.IFLA_VXLAN_GROUP6:
			v.Remote = r.addr16()
		case linux.IFLA_VXLAN_LOCAL:
			v.Local = r.addr4()
		case linux.IFLA_VXLAN_LOCAL6:
			v.Local = r.addr16()
		case linux.IFLA_VXLAN_LINK:
			v.LinkIndex = int(int32(r.u32()))
		case linux.IFLA_VXLAN_TTL:
			v.TTL = r.u8()
		case linux.IFLA_VXLAN_LEARNING:
			v.NoLearning = r.u8() == 0
		case linux.IFLA_VXLAN_PORT:
			v.Port = r.be16()
		}
	}
	return v
}

func decodeGRE(r *infoReader, tap bool) *GRE {
	g := &GRE{Tap: tap}
	for r.next() {
		switch r.typ {
		case linux.IFLA_GRE_LINK:
			g.LinkIndex = int(int32(r.u32()))
		case linux.IFLA_GRE_IFLAGS:
			g.IFlags = r.be16()
		case linux.IFLA_GRE_OFLAGS:
			g.OFlags = r.be16()
		case linux.IFLA_GRE_IKEY:
			g.IKey = r.be32()
		case linux.IFLA_GRE_OKEY:
			g.OKey = r.be32()
		case linux.IFLA_GRE_LOCAL:
			g.Local = r.addr4()
		case linux.IFLA_GRE_REMOTE:
			g.Remote = r.addr4()
		case linux.IFLA_GRE_TTL:
			g.TTL = r.u8()
		case linux.IFLA_GRE_TOS:
			g.TOS = r.u8()
		case linux.IFLA_GRE_PMTUDISC:
			g.NoPMTUDisc = r.u8() == 0
		case linux.IFLA_GRE_FWMARK:
			g.FirewallMark = r.u32()
		}
	}
	return g
}

func decodeIPTunnel(r *infoReader, sit bool) *IPTunnel {
	t := &IPTunnel{SIT: sit}
	for r.next() {
		switch r.typ {
		case linux.IFLA_IPTUN_LINK:
			t.LinkIndex = int(int32(r.u32()))
		case linux.IFLA_IPTUN_LOCAL:
			t.Local = r.addr4()
		case linux.IFLA_IPTUN_REMOTE:
			t.Remote = r.addr4()
		case linux.IFLA_IPTUN_TTL:
			t.TTL = r.u8()
		case linux.IFLA_IPTUN_TOS:
			t.TOS = r.u8()
		case linux.IFLA_IPTUN_PMTUDISC:
			t.NoPMTUDisc = r.u8() == 0
		case linux.IFLA_IPTUN_FWMARK:
			t.FirewallMark = r.u32()
		case linux.IFLA_IPTUN_PROTO:
			t.Proto = r.u8()
		}
	}
	return t
}

// decodePortData reads the IFLA_INFO_SLAVE_DATA of bridge and bond ports.
func decodePortData(kind string, b []byte) (LinkPortInfo, error) {
	r := &infoReader{attrReader: attrReader{b: b}, what: kind + " port"}
	var port LinkPortInfo
	switch kind {
	case "bridge":
		p := &BridgePort{}
		for r.next() {
			switch r.typ {
			case linux.IFLA_BRPORT_STATE:
				p.State = r.u8()
			case linux.IFLA_BRPORT_PRIORITY:
				p.Priority = r.u16()
			case linux.IFLA_BRPORT_COST:
				p.Cost = r.u32()
			case linux.IFLA_BRPORT_MODE:
				p.Hairpin = r.u8() != 0
			case linux.IFLA_BRPORT_GUARD:
				p.Guard = r.u8() != 0
			case linux.IFLA_BRPORT_FAST_LEAVE:
				p.FastLeave = r.u8() != 0
			case linux.IFLA_BRPORT_LEARNING:
				p.Learning = r.u8() != 0
			case linux.IFLA_BRPORT_UNICAST_FLOOD:
				p.UnicastFlood = r.u8() != 0
			}
		}
		port = p
	case "bond":
		p := &BondPort{}
		for r.next() {
			switch r.typ {
			case linux.IFLA_BOND_SLAVE_STATE:
				p.State = r.u8()
			case linux.IFLA_BOND_SLAVE_MII_STATUS:
				p.MIIStatus = r.u8()
			case linux.IFLA_BOND_SLAVE_PERM_HWADDR:
				p.PermHardware = net.HardwareAddr(append([]byte(nil), r.val...))
			case linux.IFLA_BOND_SLAVE_QUEUE_ID:
				p.QueueID = r.u16()
			}
		}
		port = p
	default:
		return nil, nil
	}
	if r.err != nil {
		return nil, r.err
	}
	return port, nil
}

// appendLinkInfo appends IFLA_LINKINFO for a link being created: the
// kind, as iproute2 6.1 sends it (without a NUL), and IFLA_INFO_DATA when
// the kind has attributes to send (iproute2 leaves an empty one out).
func appendLinkInfo(b []byte, kind string, info LinkInfo) []byte {
	b, nest := nlmsg.BeginNested(b, linux.IFLA_LINKINFO)
	b = nlmsg.AppendAttr(b, linux.IFLA_INFO_KIND, []byte(kind))
	if info != nil {
		var data int
		b, data = nlmsg.BeginNested(b, linux.IFLA_INFO_DATA)
		n := len(b)
		if b = info.appendInfoData(b); len(b) == n {
			b = b[:data] // nothing to send
		} else {
			b = nlmsg.EndNested(b, data)
		}
	}
	return nlmsg.EndNested(b, nest)
}

func appendBE16(b []byte, typ uint16, v uint16) []byte {
	var x [2]byte
	binary.BigEndian.PutUint16(x[:], v)
	return nlmsg.AppendAttr(b, typ, x[:])
}

func appendBE32(b []byte, typ uint16, v uint32) []byte {
	var x [4]byte
	binary.BigEndian.PutUint32(x[:], v)
	return nlmsg.AppendAttr(b, typ, x[:])
}

func appendBool8(b []byte, typ uint16, v bool) []byte {
	var x uint8
	if v {
		x = 1
	}
	return nlmsg.AppendU8(b, typ, x)
}

// appendInfoData of a veth: the peer as a struct ifinfomsg with its own
// attributes, in the order of `ip link add NAME type veth peer
// [address ADDR] [netns NS] name PEER`.
func (v *Veth) appendInfoData(b []byte) []byte {
	if v.PeerName == "" && v.PeerHardwareAddr == nil && v.peerNS == nil {
		return b
	}
	b, peer := nlmsg.BeginNested(b, linux.VETH_INFO_PEER)
	b = appendIfinfomsg(b, 0, 0, 0)
	if v.PeerHardwareAddr != nil {
		b = nlmsg.AppendAttr(b, linux.IFLA_ADDRESS, v.PeerHardwareAddr)
	}
	if v.peerNS != nil {
		b = v.peerNS.append(b)
	}
	if v.PeerName != "" {
		b = nlmsg.AppendString(b, linux.IFLA_IFNAME, v.PeerName)
	}
	return nlmsg.EndNested(b, peer)
}

// appendInfoData of a bridge, in the order of `ip link add NAME type
// bridge forward_delay .. hello_time .. max_age .. ageing_time ..
// stp_state .. priority .. vlan_filtering .. vlan_protocol ..
// vlan_default_pvid .. group_fwd_mask .. mcast_snooping ..`.
func (br *Bridge) appendInfoData(b []byte) []byte {
	if br.ForwardDelay != nil {
		b = nlmsg.AppendU32(b, linux.IFLA_BR_FORWARD_DELAY, *br.ForwardDelay)
	}
	if br.HelloTime != nil {
		b = nlmsg.AppendU32(b, linux.IFLA_BR_HELLO_TIME, *br.HelloTime)
	}
	if br.MaxAge != nil {
		b = nlmsg.AppendU32(b, linux.IFLA_BR_MAX_AGE, *br.MaxAge)
	}
	if br.AgeingTime != nil {
		b = nlmsg.AppendU32(b, linux.IFLA_BR_AGEING_TIME, *br.AgeingTime)
	}
	if br.STPState != nil {
		b = nlmsg.AppendU32(b, linux.IFLA_BR_STP_STATE, *br.STPState)
	}
	if br.Priority != nil {
		b = nlmsg.AppendU16(b, linux.IFLA_BR_PRIORITY, *br.Priority)
	}
	if br.VLANFiltering != nil {
		b = appendBool8(b, linux.IFLA_BR_VLAN_FILTERING, *br.VLANFiltering)
	}
	if br.VLANProtocol != nil {
		b = appendBE16(b, linux.IFLA_BR_VLAN_PROTOCOL, *br.VLANProtocol)
	}
	if br.DefaultPVID != nil {
		b = nlmsg.AppendU16(b, linux.IFLA_BR_VLAN_DEFAULT_PVID, *br.DefaultPVID)
	}
	if br.GroupFwdMask != nil {
		b = nlmsg.AppendU16(b, linux.IFLA_BR_GROUP_FWD_MASK, *br.GroupFwdMask)
	}
	if br.MulticastSnooping != nil {
		b = appendBool8(b, linux.IFLA_BR_MCAST_SNOOPING, *br.MulticastSnooping)
	}
	return b
}

// appendInfoData of a tun/tap device: nothing, it is created through
// /dev/net/tun.
func (*Tuntap) appendInfoData(b []byte) []byte { return b }

// appendInfoData of a VLAN: `type vlan [protocol P] id ID`.
func (v *Vlan) appendInfoData(b []byte) []byte {
	if v.Protocol != 0 {
		b = appendBE16(b, linux.IFLA_VLAN_PROTOCOL, v.Protocol)
	}
	return nlmsg.AppendU16(b, linux.IFLA_VLAN_ID, v.ID)
}

// appendInfoData of a macvlan: `type macvlan [mode M]`.
func (m *Macvlan) appendInfoData(b []byte) []byte {
	if m.Mode != 0 {
		b = nlmsg.AppendU32(b, linux.IFLA_MACVLAN_MODE, uint32(m.Mode))
	}
	return b
}

// appendInfoData of an ipvlan: `type ipvlan mode M [private|vepa]`.
func (v *IPVlan) appendInfoData(b []byte) []byte {
	b = nlmsg.AppendU16(b, linux.IFLA_IPVLAN_MODE, uint16(v.Mode))
	return nlmsg.AppendU16(b, linux.IFLA_IPVLAN_FLAGS, uint16(v.Flags))
}

// appendInfoData of a VXLAN: `type vxlan id VNI [dev DEV] [ttl T]
// [local L] [remote R] [nolearning] [dstport P]`, in the order iproute2
// sends them: the options given in the loop, then the id, the
// addresses, learning and the port.
func (v *Vxlan) appendInfoData(b []byte) []byte {
	if v.LinkIndex != 0 {
		b = nlmsg.AppendU32(b, linux.IFLA_VXLAN_LINK, uint32(v.LinkIndex))
	}
	if v.TTL != 0 {
		b = nlmsg.AppendU8(b, linux.IFLA_VXLAN_TTL, v.TTL)
	}
	b = nlmsg.AppendU32(b, linux.IFLA_VXLAN_ID, v.VNI)
	if v.Local.IsValid() {
		b = appendAttrAddr(b, vxlanAddrType(v.Local, linux.IFLA_VXLAN_LOCAL, linux.IFLA_VXLAN_LOCAL6), v.Local)
	}
	if v.Remote.IsValid() {
		b = appendAttrAddr(b, vxlanAddrType(v.Remote, linux.IFLA_VXLAN_GROUP, linux.IFLA_VXLAN_GROUP6), v.Remote)
	}
	b = appendBool8(b, linux.IFLA_VXLAN_LEARNING, !v.NoLearning)
	if v.Port != 0 {
		b = appendBE16(b, linux.IFLA_VXLAN_PORT, v.Port)
	}
	return b
}

func vxlanAddrType(a netip.Addr, v4, v6 uint16) uint16 {
	if a.Is4() {
		return v4
	}
	return v6
}

// appendInfoData of a bond: `type bond [mode M] [miimon N]`.
func (bd *Bond) appendInfoData(b []byte) []byte {
	if bd.Mode != nil {
		b = nlmsg.AppendU8(b, linux.IFLA_BOND_MODE, uint8(*bd.Mode))
	}
	if bd.MIIMon != nil {
		b = nlmsg.AppendU32(b, linux.IFLA_BOND_MIIMON, *bd.MIIMon)
	}
	return b
}

// appendInfoData of a VRF: `type vrf table T`.
func (v *VRF) appendInfoData(b []byte) []byte {
	return nlmsg.AppendU32(b, linux.IFLA_VRF_TABLE, v.Table)
}

// appendInfoData of a GRE tunnel: everything `ip link add ... type gre`
// sends, in its order, defaults included.
func (g *GRE) appendInfoData(b []byte) []byte {
	b = appendBE32(b, linux.IFLA_GRE_IKEY, g.IKey)
	b = appendBE32(b, linux.IFLA_GRE_OKEY, g.OKey)
	b = appendBE16(b, linux.IFLA_GRE_IFLAGS, g.IFlags)
	b = appendBE16(b, linux.IFLA_GRE_OFLAGS, g.OFlags)
	if g.Local.IsValid() && !g.Local.IsUnspecified() {
		b = appendAttrAddr(b, linux.IFLA_GRE_LOCAL, g.Local)
	}
	if g.Remote.IsValid() && !g.Remote.IsUnspecified() {
		b = appendAttrAddr(b, linux.IFLA_GRE_REMOTE, g.Remote)
	}
	b = appendBool8(b, linux.IFLA_GRE_PMTUDISC, !g.NoPMTUDisc)
	b = nlmsg.AppendU8(b, linux.IFLA_GRE_TOS, g.TOS)
	if g.LinkIndex != 0 {
		b = nlmsg.AppendU32(b, linux.IFLA_GRE_LINK, uint32(g.LinkIndex))
	}
	b = nlmsg.AppendU8(b, linux.IFLA_GRE_TTL, g.TTL)
	b = nlmsg.AppendU32(b, linux.IFLA_GRE_FWMARK, g.FirewallMark)
	b = nlmsg.AppendU16(b, linux.IFLA_GRE_ENCAP_TYPE, 0)
	b = nlmsg.AppendU16(b, linux.IFLA_GRE_ENCAP_FLAGS, 0)
	b = nlmsg.AppendU16(b, linux.IFLA_GRE_ENCAP_SPORT, 0)
	return nlmsg.AppendU16(b, linux.IFLA_GRE_ENCAP_DPORT, 0)
}

// appendInfoData of an ipip or sit tunnel: everything `ip link add ...
// type ipip` sends, in its order, defaults included.
func (t *IPTunnel) appendInfoData(b []byte) []byte {
	b = nlmsg.AppendU8(b, linux.IFLA_IPTUN_PROTO, t.Proto)
	if t.Local.IsValid() && !t.Local.IsUnspecified() {
		b = appendAttrAddr(b, linux.IFLA_IPTUN_LOCAL, t.Local)
	}
	if t.Remote.IsValid() && !t.Remote.IsUnspecified() {
		b = appendAttrAddr(b, linux.IFLA_IPTUN_REMOTE, t.Remote)
	}
	b = appendBool8(b, linux.IFLA_IPTUN_PMTUDISC, !t.NoPMTUDisc)
	b = nlmsg.AppendU8(b, linux.IFLA_IPTUN_TOS, t.TOS)
	b = nlmsg.AppendU8(b, linux.IFLA_IPTUN_TTL, t.TTL)
	b = nlmsg.AppendU32(b, linux.IFLA_IPTUN_LINK, uint32(t.LinkIndex))
	b = nlmsg.AppendU32(b, linux.IFLA_IPTUN_FWMARK, t.FirewallMark)
	b = nlmsg.AppendU16(b, linux.IFLA_IPTUN_ENCAP_TYPE, 0)
	b = nlmsg.AppendU16(b, linux.IFLA_IPTUN_ENCAP_FLAGS, 0)
	b = nlmsg.AppendU16(b, linux.IFLA_IPTUN_ENCAP_SPORT, 0)
	b = nlmsg.AppendU16(b, linux.IFLA_IPTUN_ENCAP_DPORT, 0)
	if t.SIT {
		b = nlmsg.AppendU16(b, linux.IFLA_IPTUN_FLAGS, 0)
	}
	return b
}
