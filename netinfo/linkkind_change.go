package netinfo

import (
	"context"
	"fmt"
	"net/netip"
	"strings"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

// maxAddrLen is the longest link-layer address a device may have
// (MAX_ADDR_LEN).
const maxAddrLen = 32

// AddLink creates a link, as `ip link add` does; the error matches
// syscall.EEXIST if the name is taken, ErrNotSupported if the kernel
// (or the backend) has no such kind.
//
// The kind is l.Info's, or l.Kind for kinds without attributes (dummy,
// ifb, wireguard). AddLink sends Name ("" lets the kernel choose),
// HardwareAddr, Broadcast, TxQueueLen, MTU, MasterIndex, Group and
// ParentIndex (the lower link of a vlan, macvlan, ipvlan) when they are
// set, and LinkUp in Flags; the other fields are what the kernel reports
// and must be left zero. A tun/tap device (*Tuntap) is made through
// /dev/net/tun, as `ip tuntap add` does, and takes only Name and Info.
func (h *Handle) AddLink(ctx context.Context, l Link) error {
	const op = "link add"
	kind, err := l.validateNew(op)
	if err != nil {
		return err
	}
	if t, ok := l.Info.(*Tuntap); ok {
		return h.addTuntap(ctx, op, l.Name, t)
	}
	info := l.Info
	if v, ok := info.(*Veth); ok && v.PeerNetNS != nil {
		ns, err := v.PeerNetNS.resolve(h, op, "Veth.PeerNetNS")
		if err != nil {
			return err
		}
		defer ns.close()
		peer := *v
		peer.peerNS = &ns
		info = &peer
	}
	return h.change(ctx, op, linux.RTM_NEWLINK, linux.NLM_F_CREATE|linux.NLM_F_EXCL, func(b []byte) []byte {
		return appendNewLink(b, &l, kind, info)
	})
}

// DelLink deletes a link, as `ip link del` does. Deleting one end of a
// veth pair deletes both.
func (h *Handle) DelLink(ctx context.Context, index int) error {
	const op = "link del"
	if index <= 0 {
		return fmt.Errorf("netinfo: %s: link index %d: %w", op, index, ErrNotFound)
	}
	return h.change(ctx, op, linux.RTM_DELLINK, 0, func(b []byte) []byte {
		return appendIfinfomsg(b, index, 0, 0)
	})
}

// appendNewLink appends the payload of an RTM_NEWLINK create request in
// the order `ip link add [link PARENT] name NAME [up] [address A]
// [broadcast B] [txqueuelen N] [mtu M] [master X] [group G] type KIND
// ...` sends it: the options as given, then IFLA_LINK, IFLA_IFNAME and
// IFLA_LINKINFO.
func appendNewLink(b []byte, l *Link, kind string, info LinkInfo) []byte {
	var flags uint32
	if l.Flags&LinkUp != 0 {
		flags = linux.IFF_UP
	}
	b = appendIfinfomsg(b, 0, flags, flags)
	if l.HardwareAddr != nil {
		b = nlmsg.AppendAttr(b, linux.IFLA_ADDRESS, l.HardwareAddr)
	}
	if l.Broadcast != nil {
		b = nlmsg.AppendAttr(b, linux.IFLA_BROADCAST, l.Broadcast)
	}
	if l.TxQueueLen != 0 {
		b = nlmsg.AppendU32(b, linux.IFLA_TXQLEN, l.TxQueueLen)
	}
	if l.MTU != 0 {
		b = nlmsg.AppendU32(b, linux.IFLA_MTU, l.MTU)
	}
	if l.MasterIndex != 0 {
		b = nlmsg.AppendU32(b, linux.IFLA_MASTER, uint32(l.MasterIndex))
	}
	if l.Group != 0 {
		b = nlmsg.AppendU32(b, linux.IFLA_GROUP, l.Group)
	}
	if l.ParentIndex != 0 {
		b = nlmsg.AppendU32(b, linux.IFLA_LINK, uint32(l.ParentIndex))
	}
	if l.Name != "" {
		b = nlmsg.AppendString(b, linux.IFLA_IFNAME, l.Name)
	}
	return appendLinkInfo(b, kind, info)
}

// validateNew checks a link given to AddLink and returns its kind.
func (l *Link) validateNew(op string) (string, error) {
	kind := l.Kind
	if l.Info != nil {
		if kind != "" && kind != l.Info.Kind() {
			return "", invalid(op, "Kind", "%q, but Info is for %q", kind, l.Info.Kind())
		}
		kind = l.Info.Kind()
	}
	switch {
	case kind == "":
		return "", invalid(op, "Kind", "none given")
	case strings.ContainsRune(kind, 0) || len(kind) > 64:
		return "", invalid(op, "Kind", "%q is not a kind name", kind)
	}
	if l.Name != "" {
		if err := checkLinkName(op, l.Name); err != nil {
			return "", err
		}
	}
	switch {
	case l.Index != 0:
		return "", invalid(op, "Index", "the kernel chooses it (leave 0)")
	case l.Alias != "":
		return "", invalid(op, "Alias", "not set by a create request (use SetLinkAlias after)")
	case len(l.HardwareAddr) > maxAddrLen || l.HardwareAddr != nil && len(l.HardwareAddr) == 0:
		return "", invalid(op, "HardwareAddr", "%d bytes", len(l.HardwareAddr))
	case len(l.Broadcast) > maxAddrLen || l.Broadcast != nil && len(l.Broadcast) == 0:
		return "", invalid(op, "Broadcast", "%d bytes", len(l.Broadcast))
	case l.Flags&^LinkUp != 0:
		return "", invalid(op, "Flags", "only LinkUp can be set when creating (%s)", l.Flags&^LinkUp)
	}
	if err := checkIndex(op, "MasterIndex", l.MasterIndex); err != nil {
		return "", err
	}
	if err := checkIndex(op, "ParentIndex", l.ParentIndex); err != nil {
		return "", err
	}
	if l.Info != nil {
		if err := l.Info.validate(op); err != nil {
			return "", err
		}
	}
	if _, ok := l.Info.(*Tuntap); ok {
		if l.HardwareAddr != nil || l.Broadcast != nil || l.TxQueueLen != 0 || l.MTU != 0 ||
			l.MasterIndex != 0 || l.Group != 0 || l.ParentIndex != 0 || l.Flags != 0 {
			return "", invalid(op, "Link", "a tun/tap device takes only Name and Info when created (use the setters after)")
		}
	}
	return kind, nil
}

func (v *Veth) validate(op string) error {
	if v.PeerName != "" {
		if err := checkLinkName(op, v.PeerName); err != nil {
			return fmt.Errorf("%w (Veth.PeerName)", err)
		}
	}
	if len(v.PeerHardwareAddr) > maxAddrLen || v.PeerHardwareAddr != nil && len(v.PeerHardwareAddr) == 0 {
		return invalid(op, "Veth.PeerHardwareAddr", "%d bytes", len(v.PeerHardwareAddr))
	}
	if v.PeerNetNS != nil {
		return v.PeerNetNS.validate(op, "Veth.PeerNetNS")
	}
	return nil
}

func (br *Bridge) validate(op string) error {
	if br.STPState != nil && *br.STPState > 2 {
		return invalid(op, "Bridge.STPState", "%d is not 0, 1 or 2", *br.STPState)
	}
	if br.VLANProtocol != nil {
		if err := checkVLANProtocol(op, "Bridge.VLANProtocol", *br.VLANProtocol); err != nil {
			return err
		}
	}
	if br.DefaultPVID != nil && *br.DefaultPVID > 4094 {
		return invalid(op, "Bridge.DefaultPVID", "%d is above 4094", *br.DefaultPVID)
	}
	return nil
}

func checkVLANProtocol(op, field string, p uint16) error {
	if p != 0x8100 && p != 0x88a8 {
		return invalid(op, field, "%#04x is neither 802.1Q (0x8100) nor 802.1ad (0x88a8)", p)
	}
	return nil
}

func (t *Tuntap) validate(op string) error {
	if t.Mode != TuntapTun && t.Mode != TuntapTap {
		return invalid(op, "Tuntap.Mode", "%d is neither TuntapTun nor TuntapTap", t.Mode)
	}
	if t.Persist || t.NumQueues != 0 {
		return invalid(op, "Tuntap", "Persist and NumQueues are read only")
	}
	return nil
}

func (v *Vlan) validate(op string) error {
	if v.ID > 4094 {
		return invalid(op, "Vlan.ID", "%d is above 4094", v.ID)
	}
	if v.Protocol != 0 {
		return checkVLANProtocol(op, "Vlan.Protocol", v.Protocol)
	}
	return nil
}

func (m *Macvlan) validate(op string) error {
	switch m.Mode {
	case 0, MacvlanPrivate, MacvlanVEPA, MacvlanBridge, MacvlanPassthru, MacvlanSource:
		return nil
	}
	return invalid(op, "Macvlan.Mode", "unknown mode %d", m.Mode)
}

func (v *IPVlan) validate(op string) error {
	if v.Mode > IPVlanL3S {
		return invalid(op, "IPVlan.Mode", "unknown mode %d", v.Mode)
	}
	if v.Flags > IPVlanVEPA {
		return invalid(op, "IPVlan.Flags", "unknown flags %#x", v.Flags)
	}
	return nil
}

func (v *Vxlan) validate(op string) error {
	if v.VNI >= 1<<24 {
		return invalid(op, "Vxlan.VNI", "%d does not fit in 24 bits", v.VNI)
	}
	if v.Local.IsValid() && v.Remote.IsValid() && v.Local.Is4() != v.Remote.Is4() {
		return invalid(op, "Vxlan.Local", "%s and remote %s are of different families", v.Local, v.Remote)
	}
	if v.Remote.IsMulticast() && v.LinkIndex == 0 {
		return invalid(op, "Vxlan.LinkIndex", "a multicast group needs a link")
	}
	return checkIndex(op, "Vxlan.LinkIndex", v.LinkIndex)
}

func (bd *Bond) validate(op string) error {
	if bd.Mode != nil && *bd.Mode > BondBalanceALB {
		return invalid(op, "Bond.Mode", "unknown mode %d", *bd.Mode)
	}
	return nil
}

func (v *VRF) validate(op string) error {
	if v.Table == 0 {
		return invalid(op, "VRF.Table", "none given")
	}
	return nil
}

func (g *GRE) validate(op string) error {
	if err := checkTunnelAddrs(op, "GRE", g.Local, g.Remote); err != nil {
		return err
	}
	if (g.IFlags|g.OFlags)&^(GRECsum|GREKey|GRESeq) != 0 {
		return invalid(op, "GRE.IFlags", "unknown flags %#x/%#x", g.IFlags, g.OFlags)
	}
	return checkIndex(op, "GRE.LinkIndex", g.LinkIndex)
}

func (t *IPTunnel) validate(op string) error {
	if err := checkTunnelAddrs(op, "IPTunnel", t.Local, t.Remote); err != nil {
		return err
	}
	return checkIndex(op, "IPTunnel.LinkIndex", t.LinkIndex)
}

// checkTunnelAddrs checks that the ends of an IPv4 tunnel are IPv4.
func checkTunnelAddrs(op, kind string, local, remote netip.Addr) error {
	if local.IsValid() && !local.Is4() {
		return invalid(op, kind+".Local", "%s is not IPv4", local)
	}
	if remote.IsValid() && !remote.Is4() {
		return invalid(op, kind+".Remote", "%s is not IPv4", remote)
	}
	return nil
}
