package contender

import (
	"context"
	"fmt"

	"github.com/vishvananda/netlink"
	"github.com/vishvananda/netns"
	"golang.org/x/sys/unix"
)

// Vishvananda dumps with vishvananda/netlink's Handle, opened in the
// namespace with NewHandleAt.
type Vishvananda struct {
	ns     netns.NsHandle
	handle *netlink.Handle
}

// NewVishvananda opens a handle in the namespace.
func NewVishvananda(nsPath string) (*Vishvananda, error) {
	ns, err := netns.GetFromPath(nsPath)
	if err != nil {
		return nil, fmt.Errorf("vishvananda/netns: %w", err)
	}
	h, err := netlink.NewHandleAt(ns, unix.NETLINK_ROUTE)
	if err != nil {
		ns.Close()
		return nil, fmt.Errorf("vishvananda/netlink: %w", err)
	}
	return &Vishvananda{ns: ns, handle: h}, nil
}

// Name implements Contender.
func (v *Vishvananda) Name() string { return "vishvananda/netlink" }

// InProcess implements Contender.
func (v *Vishvananda) InProcess() bool { return true }

// Close implements Contender.
func (v *Vishvananda) Close() error {
	v.handle.Close()
	return v.ns.Close()
}

// Dump implements Contender. Routes come from every table: without a
// table filter the library keeps only the main table.
func (v *Vishvananda) Dump(ctx context.Context, o Object) (Sample, error) {
	var n int
	var err error
	switch o {
	case Routes:
		var rs []netlink.Route
		rs, err = v.handle.RouteListFiltered(netlink.FAMILY_ALL, &netlink.Route{Table: unix.RT_TABLE_UNSPEC}, netlink.RT_FILTER_TABLE)
		n = len(rs)
	case Addrs:
		var as []netlink.Addr
		as, err = v.handle.AddrList(nil, netlink.FAMILY_ALL)
		n = len(as)
	case Neighbors:
		var ns []netlink.Neigh
		ns, err = v.handle.NeighList(0, netlink.FAMILY_ALL)
		n = len(ns)
	case Links:
		var ls []netlink.Link
		ls, err = v.handle.LinkList()
		n = len(ls)
	}
	if err != nil {
		return Sample{}, fmt.Errorf("vishvananda/netlink: %w", err)
	}
	return Sample{Records: n}, nil
}
