package rtnlemu

import (
	"context"
	"syscall"

	"github.com/jsimonetti/rtnetlink/v2"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// requestFlags keeps the change flags of a request's nlmsg_flags.
func requestFlags(h header) Flags {
	return Flags(h.Flags) & (FlagReplace | FlagExcl | FlagCreate | FlagAppend)
}

// setLink answers RTM_NEWLINK and RTM_SETLINK on an existing link. The
// emulator cannot create links: RTM_NEWLINK with NLM_F_CREATE for a
// missing link is EOPNOTSUPP.
func (c *Conn) setLink(ctx context.Context, h header, body []byte) error {
	if len(body) < linux.SizeofIfInfomsg {
		return kerr(syscall.EINVAL, "Invalid header for link request")
	}
	var m rtnetlink.LinkMessage
	if err := m.UnmarshalBinary(body); err != nil {
		return kerr(syscall.EINVAL, err.Error())
	}
	setter, ok := c.t.src.(LinkSetter)
	if !ok {
		return syscall.EOPNOTSUPP
	}
	if h.Type == linux.RTM_NEWLINK {
		snap, err := c.t.src.Snapshot(ctx, KindLinks)
		if err != nil {
			return err
		}
		exists := false
		if snap != nil {
			for i := range snap.Links {
				l := &snap.Links[i]
				if m.Index != 0 && l.Index == m.Index ||
					m.Index == 0 && m.Attributes != nil && m.Attributes.Name != "" && l.Attributes != nil && l.Attributes.Name == m.Attributes.Name {
					exists = true
					break
				}
			}
		}
		switch {
		case exists && h.Flags&uint16(FlagExcl) != 0:
			return syscall.EEXIST
		case exists && h.Flags&uint16(FlagReplace) != 0:
			return syscall.EOPNOTSUPP // __rtnl_newlink refuses to replace a device
		case !exists && h.Flags&uint16(FlagCreate) != 0:
			return kerr(syscall.EOPNOTSUPP, "creating links is not supported by this emulated network")
		case !exists:
			return syscall.ENODEV
		}
	}
	if m.Index == 0 && (m.Attributes == nil || m.Attributes.Name == "") {
		return kerr(syscall.EINVAL, "no ifindex or name given")
	}
	return setter.SetLink(ctx, &m)
}

// changeAddr answers RTM_NEWADDR and RTM_DELADDR after the checks every
// family's handler makes.
func (c *Conn) changeAddr(ctx context.Context, h header, body []byte) error {
	family := body[0]
	if family != linux.AF_INET && family != linux.AF_INET6 {
		return syscall.EOPNOTSUPP
	}
	if len(body) < linux.SizeofIfAddrmsg {
		return kerr(syscall.EINVAL, "Invalid header for address request")
	}
	var m rtnetlink.AddressMessage
	if err := m.UnmarshalBinary(body); err != nil {
		return kerr(syscall.EINVAL, err.Error())
	}
	maxLen := uint8(32)
	if family == linux.AF_INET6 {
		maxLen = 128
	}
	if m.PrefixLength > maxLen {
		return kerr(syscall.EINVAL, "Invalid prefix length")
	}
	if addrLocal(&m) == nil {
		return kerr(syscall.EINVAL, "Missing local address")
	}
	setter, ok := c.t.src.(AddrSetter)
	if !ok {
		return syscall.EOPNOTSUPP
	}
	if h.Type == linux.RTM_DELADDR {
		return setter.DelAddr(ctx, &m)
	}
	return setter.AddAddr(ctx, &m, requestFlags(h))
}

// changeRoute answers RTM_NEWROUTE and RTM_DELROUTE. Table 0 means the
// main table, as for the kernel; the setter gets the full table id in
// both rtm_table and RTA_TABLE.
func (c *Conn) changeRoute(ctx context.Context, h header, body []byte) error {
	family := body[0]
	if family != linux.AF_INET && family != linux.AF_INET6 {
		return syscall.EOPNOTSUPP
	}
	if len(body) < linux.SizeofRtMsg {
		return kerr(syscall.EINVAL, "Invalid header for route request")
	}
	var m rtnetlink.RouteMessage
	if err := m.UnmarshalBinary(body); err != nil {
		return kerr(syscall.EINVAL, err.Error())
	}
	width := 4
	if family == linux.AF_INET6 {
		width = 16
	}
	if int(m.DstLength) > width*8 || int(m.SrcLength) > width*8 {
		return kerr(syscall.EINVAL, "Invalid prefix length")
	}
	if m.Attributes.Dst != nil && len(m.Attributes.Dst) != width {
		return kerr(syscall.EINVAL, "Invalid destination address")
	}
	table := routeTable(&m)
	if table == 0 {
		table = linux.RT_TABLE_MAIN
	}
	m.Attributes.Table = table
	m.Table = linux.RT_TABLE_COMPAT
	if table < 256 {
		m.Table = uint8(table)
	}
	setter, ok := c.t.src.(RouteSetter)
	if !ok {
		return syscall.EOPNOTSUPP
	}
	if h.Type == linux.RTM_DELROUTE {
		return setter.DelRoute(ctx, &m)
	}
	return setter.AddRoute(ctx, &m, requestFlags(h))
}

// changeNeigh answers RTM_NEWNEIGH and RTM_DELNEIGH (neigh_add,
// neigh_delete).
func (c *Conn) changeNeigh(ctx context.Context, h header, body []byte) error {
	if len(body) < linux.SizeofNdMsg {
		return kerr(syscall.EINVAL, "Invalid header for neighbor request")
	}
	var m rtnetlink.NeighMessage
	if err := m.UnmarshalBinary(body); err != nil {
		return kerr(syscall.EINVAL, err.Error())
	}
	var width int
	switch uint8(m.Family) {
	case linux.AF_INET:
		width = 4
	case linux.AF_INET6:
		width = 16
	case linux.AF_BRIDGE:
		return syscall.EOPNOTSUPP
	default:
		return syscall.EAFNOSUPPORT
	}
	if m.Attributes == nil || m.Attributes.Address == nil {
		return kerr(syscall.EINVAL, "Network address not specified")
	}
	if len(m.Attributes.Address) != width {
		return kerr(syscall.EINVAL, "Invalid network address")
	}
	if m.Index == 0 && m.Flags&linux.NTF_PROXY == 0 {
		return kerr(syscall.EINVAL, "No device specified")
	}
	setter, ok := c.t.src.(NeighSetter)
	if !ok {
		return syscall.EOPNOTSUPP
	}
	if h.Type == linux.RTM_DELNEIGH {
		return setter.DelNeighbor(ctx, &m)
	}
	return setter.AddNeighbor(ctx, &m, requestFlags(h))
}
