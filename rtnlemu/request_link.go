package rtnlemu

import (
	"bytes"
	"context"
	"errors"
	"math/bits"
	"strconv"
	"strings"
	"syscall"

	"github.com/jsimonetti/rtnetlink/v2"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// A linkRequest is a link change as rtnl_setlink and rtnl_newlink read
// it, after the policy check: the ifinfomsg and the attributes do_setlink
// acts on, decoded as the kernel decodes them. Every other attribute the
// policy let through is ignored, as the kernel ignores it (statistics,
// IFLA_QDISC, counters a dump reports, ...).
type linkRequest struct {
	msg rtnetlink.LinkMessage
	// name is the name the request looks its link up by (IFLA_IFNAME,
	// else IFLA_ALT_IFNAME), named whether it has one.
	name  string
	named bool
	// group is IFLA_GROUP, hasGroup whether it is there.
	group    uint32
	hasGroup bool
}

// decodeLinkRequest decodes a link change whose attributes have passed
// linkPolicy (fixed-size values have their size or were cut to it).
// Attributes is nil when the request has none, as for the rtnetlink
// decoder.
func decodeLinkRequest(body []byte) linkRequest {
	r := linkRequest{msg: rtnetlink.LinkMessage{
		Family: ne.Uint16(body[0:]),
		Type:   ne.Uint16(body[2:]),
		Index:  ne.Uint32(body[4:]),
		Flags:  ne.Uint32(body[8:]),
		Change: ne.Uint32(body[12:]),
	}}
	attrs := body[linux.SizeofIfInfomsg:]
	if len(attrs) == 0 {
		return r
	}
	a := &rtnetlink.LinkAttributes{}
	r.msg.Attributes = a
	forEachAttr(attrs, func(typ uint16, v []byte) bool {
		switch typ {
		case linux.IFLA_IFNAME:
			a.Name = cString(v) // nla_strscpy; the policy bounds it
		case linux.IFLA_MTU:
			a.MTU = ne.Uint32(v)
		case linux.IFLA_ADDRESS:
			a.Address = v // checked against the link by checkLinkAddress
		case linux.IFLA_BROADCAST:
			a.Broadcast = v
		case linux.IFLA_IFALIAS:
			s := cString(v) // netif_set_alias keeps what precedes a NUL
			a.Alias = &s
		case linux.IFLA_TXQLEN:
			a.TxQueueLen = ptrTo(ne.Uint32(v))
		case linux.IFLA_GROUP:
			a.NetDevGroup = ptrTo(ne.Uint32(v))
			r.group, r.hasGroup = ne.Uint32(v), true
		case linux.IFLA_MASTER:
			a.Master = ptrTo(ne.Uint32(v))
		case linux.IFLA_OPERSTATE:
			a.OperationalState = rtnetlink.OperationalState(v[0])
		case linux.IFLA_LINKMODE:
			a.LinkMode = ptrTo(v[0])
		case linux.IFLA_CARRIER:
			a.Carrier = ptrTo(v[0])
		case linux.IFLA_LINKINFO:
			// Only the kind: a Source cannot change a link's
			// driver data, and says so when asked to.
			a.Info = &rtnetlink.LinkInfo{}
			forEachAttr(v, func(t uint16, d []byte) bool {
				if t == linux.IFLA_INFO_KIND {
					a.Info.Kind = cString(d)
				}
				return true
			})
		}
		return true
	})
	if v := lastAttr(attrs, linux.IFLA_IFNAME); v != nil {
		r.name, r.named = cString(v), true
	} else if v := lastAttr(attrs, linux.IFLA_ALT_IFNAME); v != nil {
		r.name, r.named = cString(v), true
	}
	return r
}

func ptrTo[T any](v T) *T { return &v }

// findRequestedLink is the link a request names, by a positive index or
// else by name (the kernel's __dev_get_by_index, rtnl_dev_get), or nil.
func (c *Conn) findRequestedLink(ctx context.Context, r *linkRequest) (*rtnetlink.LinkMessage, error) {
	if r.msg.Index == 0 && !r.named {
		return nil, nil
	}
	snap, err := c.t.src.Snapshot(ctx, KindLinks)
	if err != nil || snap == nil {
		return nil, err
	}
	for i := range snap.Links {
		l := &snap.Links[i]
		if r.msg.Index != 0 && l.Index == r.msg.Index ||
			r.msg.Index == 0 && r.name != "" && l.Attributes != nil && l.Attributes.Name == r.name {
			return l, nil
		}
	}
	return nil, nil
}

// groupLinks are the links in group g, as rtnl_group_changelink finds
// them (a link without IFLA_GROUP is in group 0).
func (c *Conn) groupLinks(ctx context.Context, g uint32) ([]rtnetlink.LinkMessage, error) {
	snap, err := c.t.src.Snapshot(ctx, KindLinks)
	if err != nil || snap == nil {
		return nil, err
	}
	var out []rtnetlink.LinkMessage
	for _, l := range snap.Links {
		lg := uint32(0)
		if l.Attributes != nil && l.Attributes.NetDevGroup != nil {
			lg = *l.Attributes.NetDevGroup
		}
		if lg == g {
			out = append(out, l)
		}
	}
	return out, nil
}

// doSetLink is do_setlink on link l: the checks it makes, in its order,
// around the Source's change. m is the request, its index l's.
func (c *Conn) doSetLink(ctx context.Context, setter LinkSetter, m *rtnetlink.LinkMessage, attrs []byte, l *rtnetlink.LinkMessage) error {
	var links []rtnetlink.LinkMessage
	if snap, err := c.t.src.Snapshot(ctx, KindLinks); err == nil && snap != nil {
		links = snap.Links
	}
	if err := checkLinkAddress(m, attrs, l, tsoMaxSize(l, links)); err != nil {
		return err
	}
	if err := c.checkMTU(ctx, m, attrs); err != nil {
		return err
	}
	if a := m.Attributes; a != nil && a.Name != "" && (l.Attributes == nil || a.Name != l.Attributes.Name) {
		if !validLinkName(a.Name) {
			return syscall.EINVAL // netif_change_name: dev_valid_name
		}
		if strings.IndexByte(a.Name, '%') >= 0 {
			name, err := allocLinkName(a.Name, links)
			if err != nil {
				return err
			}
			a.Name = name
		}
	}
	if err := setter.SetLink(ctx, m); err != nil {
		return err
	}
	if carrier := lastAttr(attrs, linux.IFLA_CARRIER); carrier != nil {
		// dev_change_carrier: only devices with ndo_change_carrier
		// (dummy, tun, ...) take it; veth and bridges do not. A tun
		// takes carrier on only with a queue attached, which no
		// emulated tun has; carrier off is a change a Source cannot
		// make.
		if l.Attributes == nil || l.Attributes.Info == nil || l.Attributes.Info.Kind != "tun" {
			return syscall.EOPNOTSUPP
		}
		if carrier[0] != 0 {
			return syscall.EPERM
		}
		return kerr(syscall.EOPNOTSUPP, "changing a link's carrier is not supported by this emulated network")
	}
	if list := lastAttr(attrs, linux.IFLA_VFINFO_LIST); list != nil {
		if err := checkVFInfo(list); err != nil {
			return err
		}
	}
	if err := checkPorts(attrs); err != nil {
		return err
	}
	if err := c.setAFSpec(ctx, attrs, l); err != nil {
		return err
	}
	switch {
	case lastAttr(attrs, linux.IFLA_PROTO_DOWN) != nil || lastAttr(attrs, linux.IFLA_PROTO_DOWN_REASON) != nil:
		// do_setlink sets protodown last, after the request's other
		// changes, and only devices that have it (macvlan, vxlan,
		// ...) accept it; a Source's links are not such devices.
		return kerr(syscall.EOPNOTSUPP, "Protodown not supported by device")
	}
	if xdp := lastAttr(attrs, linux.IFLA_XDP); xdp != nil {
		return checkXDP(xdp)
	}
	return nil
}

// checkLinkAddress applies do_setlink's checks of IFLA_ADDRESS and
// IFLA_BROADCAST against link l, whose address length is the device's
// addr_len: shorter values are EINVAL (validate_linkmsg, which then checks
// the offload sizes against l's, tso_max_size tsoMax, and IFLA_AF_SPEC),
// IFLA_MAP needs
// ndo_set_config (no emulated link has it), a link without an address
// cannot take one (no ndo_set_mac_address), and a new Ethernet address
// must be unicast and not zero (eth_prepare_mac_addr_change). m's address is
// cut to the device's length, as the kernel copies that many bytes.
func checkLinkAddress(m *rtnetlink.LinkMessage, attrs []byte, l *rtnetlink.LinkMessage, tsoMax uint32) error {
	var devAddr []byte
	if l.Attributes != nil {
		devAddr = l.Attributes.Address
	}
	addr := lastAttr(attrs, linux.IFLA_ADDRESS)
	if addr != nil && len(addr) < len(devAddr) {
		return syscall.EINVAL
	}
	if b := lastAttr(attrs, linux.IFLA_BROADCAST); b != nil && len(b) < len(devAddr) {
		return syscall.EINVAL
	}
	if err := checkOffloadSizes(attrs, tsoMax); err != nil {
		return err
	}
	if err := validateAFSpec(attrs, l); err != nil {
		return err
	}
	if lastAttr(attrs, linux.IFLA_MAP) != nil {
		return syscall.EOPNOTSUPP
	}
	if m.Attributes == nil {
		return nil // no attributes, nothing to check
	}
	if b := m.Attributes.Broadcast; b != nil {
		m.Attributes.Broadcast = bytes.Clone(b[:len(devAddr)])
	}
	if addr == nil {
		return nil
	}
	if len(devAddr) == 0 {
		return syscall.EOPNOTSUPP
	}
	addr = addr[:len(devAddr)]
	// netif_set_mac_address calls the driver only for a new address.
	if !bytes.Equal(addr, devAddr) && (l.Type == linux.ARPHRD_ETHER || l.Type == linux.ARPHRD_LOOPBACK) &&
		len(addr) == 6 && (addr[0]&1 != 0 || bytes.Equal(addr, make([]byte, 6))) {
		return syscall.EADDRNOTAVAIL
	}
	m.Attributes.Address = bytes.Clone(addr)
	return nil
}

// checkNewLinkInfo is what rtnl_newlink does with IFLA_LINKINFO before it
// looks the link up: the nested attributes pass linkInfoPolicy, and a
// kind the emulated network has (veth, bridge, tun) validates the
// request as its driver does (ops->validate). Other kinds' drivers are
// not emulated: their requests go on as for a kind the kernel does not
// know.
func checkNewLinkInfo(attrs []byte) error {
	info := lastAttr(attrs, linux.IFLA_LINKINFO)
	if info == nil {
		return nil
	}
	if _, err := linkInfoPolicy.validate(info, parseLiberal); err != nil {
		var ke *kernelError
		if errors.As(err, &ke) {
			return ke.errno // parsed without an extended ack
		}
		return err
	}
	switch linkInfoKind(info) {
	case "tun":
		return kerr(syscall.EOPNOTSUPP, "tun/tap creation via rtnetlink is not supported.")
	case "veth", "bridge":
		// veth_validate, br_validate.
		if a := lastAttr(attrs, linux.IFLA_ADDRESS); a != nil {
			if len(a) != 6 {
				return syscall.EINVAL
			}
			if a[0]&1 != 0 || bytes.Equal(a, make([]byte, 6)) {
				return syscall.EADDRNOTAVAIL
			}
		}
		if mtu := lastAttr(attrs, linux.IFLA_MTU); mtu != nil && linkInfoKind(info) == "veth" {
			if v := ne.Uint32(mtu); v < ethMinMTU || v > ethMaxMTU {
				return syscall.EINVAL
			}
		}
	}
	return nil
}

// changeLinkInfo is rtnl_changelink's handling of IFLA_LINKINFO on
// existing link l: driver data (IFLA_INFO_DATA) needs the link's own
// kind and a driver that can change it, port data (IFLA_INFO_SLAVE_DATA)
// a master whose driver can. Of the emulated kinds only a bridge can (a
// bridge's options, a bridge port's); a Source has neither, so those are
// EOPNOTSUPP too, a difference rtnlemu documents.
func (c *Conn) changeLinkInfo(ctx context.Context, attrs []byte, l *rtnetlink.LinkMessage) error {
	info := lastAttr(attrs, linux.IFLA_LINKINFO)
	if info == nil {
		return nil
	}
	if data := lastAttr(info, linux.IFLA_INFO_DATA); data != nil {
		kind := linkInfoKind(info)
		if kind != "bridge" || l.Attributes == nil || l.Attributes.Info == nil || l.Attributes.Info.Kind != kind {
			return syscall.EOPNOTSUPP // no such driver, not the link's, or one without changelink
		}
		if len(data) >= linux.SizeofNlAttr { // options without attributes change nothing
			return kerr(syscall.EOPNOTSUPP, "changing a link's driver options is not supported by this emulated network")
		}
	}
	if data := lastAttr(info, linux.IFLA_INFO_SLAVE_DATA); data != nil {
		if l.Attributes == nil || l.Attributes.Master == nil {
			return syscall.EOPNOTSUPP
		}
		master := c.findLink(ctx, *l.Attributes.Master)
		if master == nil || master.Attributes == nil || master.Attributes.Info == nil || master.Attributes.Info.Kind != "bridge" {
			return syscall.EOPNOTSUPP // no master driver with slave_changelink
		}
		if _, err := brPortPolicy.validate(data, parseLiberal); err != nil {
			return err
		}
		changes := false // types above the maxtype are ignored
		forEachAttr(data, func(typ uint16, _ []byte) bool {
			changes = changes || typ >= 1 && typ <= brPortPolicy.maxType
			return true
		})
		if changes {
			return kerr(syscall.EOPNOTSUPP, "changing a port's options is not supported by this emulated network")
		}
	}
	return nil
}

// brPortPolicy is br_port_policy, the bridge's slave_policy
// (IFLA_BRPORT_MAX is IFLA_BRPORT_BPDU_FILTER; strict from
// IFLA_BRPORT_MCAST_EHT_HOSTS_CNT on).
var brPortPolicy = &policy{maxType: 45, strictStart: 38, attrs: map[uint16]attrPolicy{
	1:  u8Policy,             // IFLA_BRPORT_STATE
	2:  u16Policy,            // IFLA_BRPORT_PRIORITY
	3:  u32Policy,            // IFLA_BRPORT_COST
	4:  u8Policy,             // IFLA_BRPORT_MODE
	5:  u8Policy,             // IFLA_BRPORT_GUARD
	6:  u8Policy,             // IFLA_BRPORT_PROTECT
	7:  u8Policy,             // IFLA_BRPORT_FAST_LEAVE
	8:  u8Policy,             // IFLA_BRPORT_LEARNING
	9:  u8Policy,             // IFLA_BRPORT_UNICAST_FLOOD
	10: u8Policy,             // IFLA_BRPORT_PROXYARP
	12: u8Policy,             // IFLA_BRPORT_PROXYARP_WIFI
	25: u8Policy,             // IFLA_BRPORT_MULTICAST_ROUTER
	27: u8Policy,             // IFLA_BRPORT_MCAST_FLOOD
	28: u8Policy,             // IFLA_BRPORT_MCAST_TO_UCAST
	29: u8Policy,             // IFLA_BRPORT_VLAN_TUNNEL
	30: u8Policy,             // IFLA_BRPORT_BCAST_FLOOD
	31: u16Policy,            // IFLA_BRPORT_GROUP_FWD_MASK
	32: u8Policy,             // IFLA_BRPORT_NEIGH_SUPPRESS
	33: u8Policy,             // IFLA_BRPORT_ISOLATED
	34: u32Policy,            // IFLA_BRPORT_BACKUP_PORT
	37: u32Policy,            // IFLA_BRPORT_MCAST_EHT_HOSTS_LIMIT
	39: u8Policy,             // IFLA_BRPORT_LOCKED
	40: u8Policy,             // IFLA_BRPORT_MAB
	41: rejPolicy,            // IFLA_BRPORT_MCAST_N_GROUPS
	42: u32Policy,            // IFLA_BRPORT_MCAST_MAX_GROUPS
	43: {typ: nlaU8, max: 1}, // IFLA_BRPORT_NEIGH_VLAN_SUPPRESS
	44: u32Policy,            // IFLA_BRPORT_BACKUP_NHID
	45: u8Policy,             // IFLA_BRPORT_BPDU_FILTER
}}

// Offload bounds of validate_linkmsg: GSO_MAX_SEGS and GRO_MAX_SIZE are
// the kernel's; tsoLegacyMaxSize is the tso_max_size of a device whose
// driver does not raise it.
const (
	gsoMaxSegs       = 65535
	groMaxSize       = 8 * 65535
	tsoLegacyMaxSize = 65536
)

// tsoMaxSize is link l's tso_max_size as its driver sets it: loopback
// and veth raise it to GSO_MAX_SIZE, a bridge takes the smallest of its
// ports' (the legacy size without ports), other drivers keep the legacy
// size.
func tsoMaxSize(l *rtnetlink.LinkMessage, links []rtnetlink.LinkMessage) uint32 {
	kind := ""
	if l.Attributes != nil && l.Attributes.Info != nil {
		kind = l.Attributes.Info.Kind
	}
	switch {
	case l.Type == linux.ARPHRD_LOOPBACK, kind == "veth":
		return groMaxSize // GSO_MAX_SIZE
	case kind == "bridge":
		size := uint32(0)
		for i := range links {
			p := &links[i]
			if p.Index != l.Index && p.Attributes != nil && p.Attributes.Master != nil && *p.Attributes.Master == l.Index {
				if s := tsoMaxSize(p, nil); size == 0 || s < size {
					size = s
				}
			}
		}
		if size != 0 {
			return size
		}
	}
	return tsoLegacyMaxSize
}

// checkOffloadSizes is validate_linkmsg's check of the GSO and GRO
// limits a request sets against those of link l, whose tso_max_size is
// tsoMax.
func checkOffloadSizes(attrs []byte, tsoMax uint32) error {
	u32 := func(typ uint16) (uint32, bool) {
		if v := lastAttr(attrs, typ); len(v) >= 4 {
			return ne.Uint32(v), true
		}
		return 0, false
	}
	if v, ok := u32(linux.IFLA_GSO_MAX_SIZE); ok && v > tsoMax {
		return kerr(syscall.EINVAL, "too big gso_max_size")
	}
	if v, ok := u32(linux.IFLA_GSO_MAX_SEGS); ok && v > gsoMaxSegs {
		return kerr(syscall.EINVAL, "too big gso_max_segs")
	}
	if v, ok := u32(linux.IFLA_GRO_MAX_SIZE); ok && v > groMaxSize {
		return kerr(syscall.EINVAL, "too big gro_max_size")
	}
	if v, ok := u32(linux.IFLA_GSO_IPV4_MAX_SIZE); ok && v > tsoMax {
		return kerr(syscall.EINVAL, "too big gso_ipv4_max_size")
	}
	if v, ok := u32(linux.IFLA_GRO_IPV4_MAX_SIZE); ok && v > groMaxSize {
		return kerr(syscall.EINVAL, "too big gro_ipv4_max_size")
	}
	return nil
}

// portPolicy is ifla_port_policy (IFLA_PORT_MAX is IFLA_PORT_RESPONSE;
// PORT_PROFILE_MAX 40, PORT_UUID_MAX 16, struct ifla_port_vsi 8 bytes).
var portPolicy = &policy{maxType: 7, attrs: map[uint16]attrPolicy{
	1: u32Policy,                 // IFLA_PORT_VF
	2: {typ: nlaString, len: 40}, // IFLA_PORT_PROFILE
	3: {typ: nlaBinary, len: 8},  // IFLA_PORT_VSI_TYPE
	4: {typ: nlaBinary, len: 16}, // IFLA_PORT_INSTANCE_UUID
	5: {typ: nlaString, len: 16}, // IFLA_PORT_HOST_UUID
	6: u8Policy,                  // IFLA_PORT_REQUEST
	7: {typ: nlaU16},             // IFLA_PORT_RESPONSE
}}

// checkPorts is do_setlink's handling of virtual-function ports, which
// need ndo_set_vf_port, which no emulated link has: IFLA_VF_PORTS is
// EOPNOTSUPP at once; IFLA_PORT_SELF is parsed with portPolicy first
// (no extended ack), then EOPNOTSUPP.
func checkPorts(attrs []byte) error {
	if lastAttr(attrs, linux.IFLA_VF_PORTS) != nil {
		return syscall.EOPNOTSUPP
	}
	self := lastAttr(attrs, linux.IFLA_PORT_SELF)
	if self == nil {
		return nil
	}
	if _, err := portPolicy.validate(self, parseLiberal); err != nil {
		var ke *kernelError
		if errors.As(err, &ke) {
			return ke.errno
		}
		return err
	}
	return syscall.EOPNOTSUPP
}

// xdpPolicy is ifla_xdp_policy (IFLA_XDP_MAX is IFLA_XDP_EXPECTED_FD,
// which is validated strictly).
var xdpPolicy = &policy{maxType: 8, strictStart: 8, attrs: map[uint16]attrPolicy{
	1: s32Policy, // IFLA_XDP_FD
	2: u8Policy,  // IFLA_XDP_ATTACHED
	3: u32Policy, // IFLA_XDP_FLAGS
	4: u32Policy, // IFLA_XDP_PROG_ID
	8: s32Policy, // IFLA_XDP_EXPECTED_FD
}}

// XDP flags (linux/if_link.h): XDP_FLAGS_MASK and XDP_FLAGS_MODES.
const (
	xdpFlagsReplace = 1 << 4
	xdpFlagsMask    = 0x1f
	xdpFlagsModes   = 0xe
)

// checkXDP is do_setlink's handling of IFLA_XDP, the last it makes: the
// nested attributes pass xdpPolicy (no extended ack), a request cannot
// set what a dump reports (IFLA_XDP_ATTACHED, IFLA_XDP_PROG_ID), flags
// are known and name one mode at most, a replace names the program it
// replaces. Detaching (a negative IFLA_XDP_FD) finds nothing attached;
// attaching a program is EOPNOTSUPP: an emulated link runs no BPF, and
// the descriptor is the requester's, which rtnlemu cannot see.
func checkXDP(xdp []byte) error {
	if _, err := xdpPolicy.validate(xdp, parseLiberal); err != nil {
		var ke *kernelError
		if errors.As(err, &ke) {
			return ke.errno
		}
		return err
	}
	if lastAttr(xdp, 2) != nil || lastAttr(xdp, 4) != nil {
		return syscall.EINVAL
	}
	var flags uint32
	if f := lastAttr(xdp, 3); f != nil {
		flags = ne.Uint32(f)
		if flags&^xdpFlagsMask != 0 || bits.OnesCount32(flags&xdpFlagsModes) > 1 {
			return syscall.EINVAL
		}
	}
	fd := lastAttr(xdp, 1)
	if fd == nil {
		return nil
	}
	if flags&xdpFlagsReplace != 0 && lastAttr(xdp, 8) == nil {
		return syscall.EINVAL
	}
	if int32(ne.Uint32(fd)) < 0 {
		return nil
	}
	return kerr(syscall.EOPNOTSUPP, "XDP programs are not supported by this emulated network")
}

// validLinkName is dev_valid_name for a name that fits IFNAMSIZ: not "."
// or "..", no '/', ':' or white space (the kernel's isspace, which counts
// the Latin-1 no-break space).
func validLinkName(name string) bool {
	if name == "." || name == ".." {
		return false
	}
	for i := 0; i < len(name); i++ {
		switch c := name[i]; {
		case c == '/', c == ':', c == ' ', c >= '\t' && c <= '\r', c == 0xa0:
			return false
		}
	}
	return true
}

// maxNetdevices is the number of units __dev_alloc_name tries
// (8*PAGE_SIZE).
const maxNetdevices = 8 * 4096

// allocLinkName is __dev_alloc_name: a new name holding "%d" (once, and
// no other '%') becomes the name with the lowest unit that no link's name
// has, cut to IFNAMSIZ-1 bytes.
func allocLinkName(format string, links []rtnetlink.LinkMessage) (string, error) {
	p := strings.IndexByte(format, '%')
	if !strings.HasPrefix(format[p:], "%d") || strings.IndexByte(format[p+2:], '%') >= 0 {
		return "", syscall.EINVAL
	}
	prefix, suffix := format[:p], format[p+2:]
	unit := func(i int) string {
		name := prefix + strconv.Itoa(i) + suffix
		return name[:min(len(name), linux.IFNAMSIZ-1)]
	}
	inUse := make(map[int]bool)
	for i := range links {
		if links[i].Attributes == nil {
			continue
		}
		name := links[i].Attributes.Name
		// sscanf reads the unit after the prefix; the name counts if
		// printing that unit gives it back.
		rest, ok := strings.CutPrefix(name, prefix)
		if !ok {
			continue
		}
		digits := len(rest) - len(strings.TrimLeft(rest, "0123456789"))
		if digits == 0 {
			continue
		}
		if i, err := strconv.Atoi(rest[:digits]); err == nil && i < maxNetdevices && unit(i) == name {
			inUse[i] = true
		}
	}
	for i := 0; i < maxNetdevices; i++ {
		if !inUse[i] {
			return unit(i), nil
		}
	}
	return "", syscall.ENFILE
}
