package backend_bsd

import (
	"net"

	"github.com/jsimonetti/rtnetlink/v2"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// LinkFlags gives the Linux IFF_* flags of an interface, with RUNNING
// and LOWER_UP derived from the link state: a link whose state is not
// reported (Darwin, or LINK_STATE_UNKNOWN) counts as having carrier
// when the driver is running.
func (l layout) LinkFlags(m *ifMsg) uint32 {
	f := linuxIFF(l.OS, m.Flags)
	carrier := m.LinkState == stateUp || m.LinkState == stateUnknown && m.Flags&iffRunning != 0
	if carrier {
		f |= linux.IFF_LOWER_UP
		if m.Flags&iffUp != 0 {
			f |= linux.IFF_RUNNING
		}
	}
	return f
}

// operState gives RFC 2863's state as Linux reports it: down when
// administratively down or without carrier, up with carrier, unknown
// when the kernel does not say (as Linux reports loopback).
func (l layout) operState(m *ifMsg) rtnetlink.OperationalState {
	switch {
	case m.Flags&iffUp == 0:
		return rtnetlink.OperStateDown
	case m.LinkState == stateUp:
		return rtnetlink.OperStateUp
	case m.LinkState == stateDown:
		return rtnetlink.OperStateDown
	}
	return rtnetlink.OperStateUnknown
}

// Link translates an interface message into an RTM_NEWLINK record. The
// name and link-layer address come from its RTA_IFP sockaddr_dl; ok is
// false when the message has no index.
func (l layout) Link(m *ifMsg) (msg rtnetlink.LinkMessage, ok bool) {
	if m == nil || m.Index == 0 {
		return msg, false
	}
	sdl := m.Addrs[raxIFP].Link
	typ := l.linkTypeARPHRD(m.Type)
	if m.Type == 0 && m.Addrs[raxIFP].Kind == saLink {
		typ = l.linkTypeARPHRD(sdl.Type)
	}
	attrs := &rtnetlink.LinkAttributes{
		Name:             sdl.Name,
		MTU:              m.MTU,
		OperationalState: l.operState(m),
		Stats64: &rtnetlink.LinkStats64{
			RXPackets: m.Stats.RxPackets, TXPackets: m.Stats.TxPackets,
			RXBytes: m.Stats.RxBytes, TXBytes: m.Stats.TxBytes,
			RXErrors: m.Stats.RxErrors, TXErrors: m.Stats.TxErrors,
			RXDropped: m.Stats.RxDropped, TXDropped: m.Stats.TxDropped,
			Multicast: m.Stats.RxMulticast, Collisions: m.Stats.Collisions,
		},
	}
	if len(sdl.Addr) > 0 {
		attrs.Address = sdl.Addr
		if typ == linux.ARPHRD_ETHER && len(sdl.Addr) == 6 {
			attrs.Broadcast = net.HardwareAddr{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}
		}
	}
	return rtnetlink.LinkMessage{
		Family:     afUnspec,
		Type:       typ,
		Index:      uint32(m.Index),
		Flags:      l.LinkFlags(m),
		Attributes: attrs,
	}, true
}
