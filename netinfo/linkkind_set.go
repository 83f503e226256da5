package netinfo

import (
	"context"
	"net"
)

// SetLinkHardwareAddr sets a link's link-layer address. The kernel wants
// the device's own address length (6 bytes for Ethernet) and answers
// EINVAL otherwise.
func (h *Handle) SetLinkHardwareAddr(ctx context.Context, index int, hw net.HardwareAddr) error {
	const op = "link set address"
	if len(hw) == 0 || len(hw) > maxAddrLen {
		return invalid(op, "HardwareAddr", "%d bytes", len(hw))
	}
	return h.setLink(ctx, op, linkChange{Index: index, HardwareAddr: hw})
}

// SetLinkMaster makes a link a port of master (a bridge, bond or VRF),
// as `ip link set DEV master MASTER` does.
func (h *Handle) SetLinkMaster(ctx context.Context, index, master int) error {
	const op = "link set master"
	if master <= 0 {
		return invalid(op, "master", "link index %d (use SetLinkNoMaster to leave one)", master)
	}
	if master == index {
		return invalid(op, "master", "a link cannot be its own master")
	}
	return h.setLink(ctx, op, linkChange{Index: index, Master: &master})
}

// SetLinkNoMaster takes a link out of its master, as `ip link set DEV
// nomaster` does.
func (h *Handle) SetLinkNoMaster(ctx context.Context, index int) error {
	none := 0
	return h.setLink(ctx, "link set nomaster", linkChange{Index: index, Master: &none})
}

// SetLinkNetNS moves a link to another network namespace, as `ip link
// set DEV netns NS` does. It needs the platform's own transport on
// Linux: elsewhere, or through an emulator or WithRemote, it answers
// ErrNotSupported.
func (h *Handle) SetLinkNetNS(ctx context.Context, index int, ns *NetNS) error {
	const op = "link set netns"
	if err := ns.validate(op, "ns"); err != nil {
		return err
	}
	if index <= 0 {
		return h.setLink(ctx, op, linkChange{Index: index})
	}
	a, err := ns.resolve(h, op, "ns")
	if err != nil {
		return err
	}
	defer a.close()
	return h.setLink(ctx, op, linkChange{Index: index, NetNS: &a})
}

// SetLinkTxQueueLen sets a link's transmit queue length.
func (h *Handle) SetLinkTxQueueLen(ctx context.Context, index int, n uint32) error {
	if n > 1<<31-1 {
		// The kernel keeps it in an int (dev->tx_queue_len) and refuses
		// the rest.
		return invalid("link set txqueuelen", "n", "%d is above 2^31-1", n)
	}
	return h.setLink(ctx, "link set txqueuelen", linkChange{Index: index, TxQueueLen: &n})
}

// SetLinkPromisc turns promiscuous mode on or off (IFF_PROMISC).
func (h *Handle) SetLinkPromisc(ctx context.Context, index int, on bool) error {
	return h.setLinkFlag(ctx, "link set promisc", index, LinkPromisc, on)
}

// SetLinkAllMulticast turns the reception of all multicast packets on or
// off (IFF_ALLMULTI).
func (h *Handle) SetLinkAllMulticast(ctx context.Context, index int, on bool) error {
	return h.setLinkFlag(ctx, "link set allmulticast", index, LinkAllMulti, on)
}

// SetLinkARP turns ARP on or off; off sets IFF_NOARP.
func (h *Handle) SetLinkARP(ctx context.Context, index int, on bool) error {
	return h.setLinkFlag(ctx, "link set arp", index, LinkNoARP, !on)
}

// SetLinkGroup puts a link in a device group (0 is ip's "default").
func (h *Handle) SetLinkGroup(ctx context.Context, index int, group uint32) error {
	return h.setLink(ctx, "link set group", linkChange{Index: index, Group: &group})
}

// setLinkFlag sets or clears one IFF_* flag, leaving the others.
func (h *Handle) setLinkFlag(ctx context.Context, op string, index int, flag LinkFlags, set bool) error {
	c := linkChange{Index: index, Change: flag}
	if set {
		c.Flags = flag
	}
	return h.setLink(ctx, op, c)
}
