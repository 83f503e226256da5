package conformance

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"syscall"

	"github.com/jsimonetti/rtnetlink/v2"

	"github.com/rtnlx/rtnlx/rtnlemu"
)

// A MemoryMutator scripts an rtnlemu.Memory: links are put and removed
// directly, everything else goes through the Memory's own setters, which
// answer as the kernel would. OpOverflow changes some routes and then
// forces the Memory's overflow, so the resync has a difference to send.
type MemoryMutator struct {
	// Memory is the network changed; the target serves it through
	// rtnlemu.
	Memory *rtnlemu.Memory
}

// Supports reports every Op: a Memory can be made to do anything.
func (m *MemoryMutator) Supports(op Op) bool { return true }

// Linux numbers the RTNL messages carry.
const (
	afInet, afInet6 = 2, 10
	arphrdEther     = 1
	iffUp           = 0x1
	iffBroadcast    = 0x2
	iffRunning      = 0x40
	iffMulticast    = 0x1000
	iffLowerUp      = 0x10000
	rtTableMain     = 254
	rtprotBoot      = 3
	rtScopeUniverse = 0
	rtScopeLink     = 253
	rtnUnicast      = 1
	nudPermanent    = 0x80
	defaultLinkMTU  = 1500
)

// Mutate applies mut to the Memory.
func (m *MemoryMutator) Mutate(ctx context.Context, mut Mutation) error {
	if err := m.mutate(ctx, mut); err != nil {
		return fmt.Errorf("%s: %w", mut, err)
	}
	return nil
}

func (m *MemoryMutator) mutate(ctx context.Context, mut Mutation) error {
	if mut.Op == OpLinkAdd {
		return m.addLink(ctx, mut.Link)
	}
	index, err := m.linkIndex(ctx, mut.Link)
	if err != nil {
		return err
	}
	switch mut.Op {
	case OpLinkSetMTU:
		return m.Memory.SetLink(ctx, &rtnetlink.LinkMessage{Index: index, Attributes: &rtnetlink.LinkAttributes{MTU: mut.MTU}})
	case OpLinkDown:
		return m.Memory.SetLink(ctx, &rtnetlink.LinkMessage{Index: index, Change: iffUp})
	case OpLinkDel:
		if !m.Memory.RemoveLink(index) {
			return syscall.ENODEV
		}
		return nil
	case OpAddrAdd:
		return m.Memory.AddAddr(ctx, memAddr(index, mut.Prefix), rtnlemu.FlagCreate|rtnlemu.FlagExcl)
	case OpAddrDel:
		return m.Memory.DelAddr(ctx, memAddr(index, mut.Prefix))
	case OpRouteAdd:
		return m.Memory.AddRoute(ctx, memRoute(index, mut.Prefix, mut.Gateway), rtnlemu.FlagCreate|rtnlemu.FlagExcl)
	case OpRouteReplace:
		return m.Memory.AddRoute(ctx, memRoute(index, mut.Prefix, mut.Gateway), rtnlemu.FlagCreate|rtnlemu.FlagReplace)
	case OpRouteDel:
		r := memRoute(0, mut.Prefix, netip.Addr{})
		r.Scope, r.Protocol, r.Type = 255, 0, 0 // match any, as ip route del does
		return m.Memory.DelRoute(ctx, r)
	case OpNeighAdd, OpNeighReplace:
		mac, err := net.ParseMAC(mut.MAC)
		if err != nil {
			return err
		}
		flags := rtnlemu.FlagCreate | rtnlemu.FlagExcl
		if mut.Op == OpNeighReplace {
			flags = rtnlemu.FlagCreate | rtnlemu.FlagReplace
		}
		return m.Memory.AddNeighbor(ctx, memNeigh(index, mut.IP, mac), flags)
	case OpNeighDel:
		return m.Memory.DelNeighbor(ctx, memNeigh(index, mut.IP, nil))
	case OpStorm, OpOverflow:
		for i := range mut.Count {
			if err := m.Memory.PutRoute(*memRoute(index, StormRoute(mut.Prefix, i), netip.Addr{})); err != nil {
				return err
			}
		}
		for i := range mut.Count / 4 {
			m.Memory.RemoveRoute(*memRoute(index, StormRoute(mut.Prefix, i), netip.Addr{}))
		}
		if mut.Op == OpOverflow {
			m.Memory.Overflow()
		}
		return nil
	case OpStormUndo:
		for i := mut.Count / 4; i < mut.Count; i++ {
			m.Memory.RemoveRoute(*memRoute(index, StormRoute(mut.Prefix, i), netip.Addr{}))
		}
		return nil
	}
	return ErrUnsupportedOp
}

// linkIndex finds a link of the Memory by name.
func (m *MemoryMutator) linkIndex(ctx context.Context, name string) (uint32, error) {
	s, err := m.Memory.Snapshot(ctx, rtnlemu.KindLinks)
	if err != nil {
		return 0, err
	}
	for _, l := range s.Links {
		if l.Attributes != nil && l.Attributes.Name == name {
			return l.Index, nil
		}
	}
	return 0, fmt.Errorf("link %q: %w", name, syscall.ENODEV)
}

// addLink puts an up Ethernet link with the next free index, as a new
// bridge would appear.
func (m *MemoryMutator) addLink(ctx context.Context, name string) error {
	s, err := m.Memory.Snapshot(ctx, rtnlemu.KindLinks)
	if err != nil {
		return err
	}
	index := uint32(1)
	for _, l := range s.Links {
		if l.Attributes != nil && l.Attributes.Name == name {
			return syscall.EEXIST
		}
		index = max(index, l.Index+1)
	}
	return m.Memory.PutLink(MemoryLink(index, name, rtnetlink.OperStateUp))
}

// MemoryLink builds an up Ethernet link record for a Memory, with a
// locally administered address derived from its index.
func MemoryLink(index uint32, name string, oper rtnetlink.OperationalState) rtnetlink.LinkMessage {
	txq := uint32(1000)
	return rtnetlink.LinkMessage{
		Type:   arphrdEther,
		Index:  index,
		Flags:  iffUp | iffBroadcast | iffMulticast | iffRunning | iffLowerUp,
		Change: 0xffffffff,
		Attributes: &rtnetlink.LinkAttributes{
			Name:             name,
			MTU:              defaultLinkMTU,
			Address:          net.HardwareAddr{0x02, 0x00, 0x5e, 0x55, byte(index >> 8), byte(index)},
			Broadcast:        net.HardwareAddr{0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
			OperationalState: oper,
			TxQueueLen:       &txq,
			QueueDisc:        "noqueue",
		},
	}
}

func family(a netip.Addr) uint8 {
	if a.Is4() {
		return afInet
	}
	return afInet6
}

func memAddr(index uint32, p netip.Prefix) *rtnetlink.AddressMessage {
	ip := net.IP(p.Addr().AsSlice())
	return &rtnetlink.AddressMessage{
		Family:       family(p.Addr()),
		PrefixLength: uint8(p.Bits()),
		Scope:        rtScopeUniverse,
		Index:        index,
		Attributes:   &rtnetlink.AddressAttributes{Address: ip, Local: ip},
	}
}

func memRoute(index uint32, dst netip.Prefix, gw netip.Addr) *rtnetlink.RouteMessage {
	r := &rtnetlink.RouteMessage{
		Family:    family(dst.Addr()),
		DstLength: uint8(dst.Bits()),
		Table:     rtTableMain,
		Protocol:  rtprotBoot,
		Scope:     rtScopeLink,
		Type:      rtnUnicast,
		Attributes: rtnetlink.RouteAttributes{
			Table:    rtTableMain,
			OutIface: index,
		},
	}
	if dst.Bits() > 0 {
		r.Attributes.Dst = net.IP(dst.Masked().Addr().AsSlice())
	}
	if gw.IsValid() {
		r.Attributes.Gateway = net.IP(gw.AsSlice())
		r.Scope = rtScopeUniverse
	}
	return r
}

func memNeigh(index uint32, ip netip.Addr, mac net.HardwareAddr) *rtnetlink.NeighMessage {
	return &rtnetlink.NeighMessage{
		Family: uint16(family(ip)),
		Index:  index,
		State:  nudPermanent,
		Type:   rtnUnicast,
		Attributes: &rtnetlink.NeighAttributes{
			Address:   net.IP(ip.AsSlice()),
			LLAddress: mac,
		},
	}
}
