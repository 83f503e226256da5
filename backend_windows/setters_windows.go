//go:build windows

package backend_windows

import (
	"context"
	"syscall"
	"unsafe"

	"github.com/jsimonetti/rtnetlink/v2"
	"golang.org/x/sys/windows"

	"github.com/rtnlx/rtnlx/rtnlemu"
)

// Origins of what the setters create (nldef.h): the address or route was
// configured by hand, as `ip addr add` and `ip route add` do.
const (
	ipPrefixOriginManual = 1
	ipSuffixOriginManual = 1
)

// setterErr turns an error from call into the errno RTNL answers:
// EOPNOTSUPP for a procedure the DLL lacks, the Linux errno of the
// Windows error otherwise.
func setterErr(err error, notFound syscall.Errno) error {
	if err == nil {
		return nil
	}
	if _, ok := err.(*missingProcError); ok {
		return syscall.EOPNOTSUPP
	}
	if code := errorCode(err); code != 0 {
		return errnoFor(code, notFound)
	}
	return err
}

// AddAddr adds an address (CreateUnicastIpAddressEntry).
func (s *winSource) AddAddr(ctx context.Context, msg *rtnetlink.AddressMessage, flags rtnlemu.Flags) error {
	row, err := unicastRow(msg)
	if err != nil {
		return err
	}
	row.PrefixOrigin = ipPrefixOriginManual
	row.SuffixOrigin = ipSuffixOriginManual
	row.ValidLifetime, row.PreferredLifetime = infiniteLifetime, infiniteLifetime
	if ci := msg.Attributes.CacheInfo; ci.Valid != 0 {
		row.ValidLifetime, row.PreferredLifetime = ci.Valid, ci.Preferred
	}
	row.OnLinkPrefixLength = msg.PrefixLength
	row.DadState = nldsPreferred
	return setterErr(call(procCreateUnicastIpAddressEntry, uintptr(unsafe.Pointer(row))), syscall.ENODEV)
}

// DelAddr deletes an address (DeleteUnicastIpAddressEntry).
func (s *winSource) DelAddr(ctx context.Context, msg *rtnetlink.AddressMessage) error {
	row, err := unicastRow(msg)
	if err != nil {
		return err
	}
	return setterErr(call(procDeleteUnicastIpAddressEntry, uintptr(unsafe.Pointer(row))), syscall.EADDRNOTAVAIL)
}

// AddRoute adds a unicast route of table main (CreateIpForwardEntry2), or
// replaces one (SetIpForwardEntry2) with NLM_F_REPLACE. Windows has one
// table and no route types: anything else is EOPNOTSUPP. The priority
// given is what reading the route back shows, so the interface metric
// Windows adds is taken off first.
func (s *winSource) AddRoute(ctx context.Context, msg *rtnetlink.RouteMessage, flags rtnlemu.Flags) error {
	row, err := forwardRow(msg)
	if err != nil {
		return err
	}
	ifMetric := uint32(0)
	if t, err := readTables(rtnlemu.KindLinks); err == nil {
		ifMetric = newIndex(t).ifMetric(msg.Family, row.InterfaceIndex)
	}
	if p := msg.Attributes.Priority; p > ifMetric {
		row.Metric = p - ifMetric
	}
	row.ValidLifetime, row.PreferredLifetime = infiniteLifetime, infiniteLifetime
	row.Protocol = mibIPProtoNetMgmt
	row.Origin = nlroManual
	row.Loopback, row.AutoconfigureAddress = 1, 1
	if flags&rtnlemu.FlagReplace != 0 {
		err := call(procSetIpForwardEntry2, uintptr(unsafe.Pointer(row)))
		if errorCode(err) != errorNotFound || flags&rtnlemu.FlagCreate == 0 {
			return setterErr(err, syscall.ENOENT)
		}
	}
	return setterErr(call(procCreateIpForwardEntry2, uintptr(unsafe.Pointer(row))), syscall.ENODEV)
}

// DelRoute deletes a route (DeleteIpForwardEntry2).
func (s *winSource) DelRoute(ctx context.Context, msg *rtnetlink.RouteMessage) error {
	if err := procDeleteIpForwardEntry2.Find(); err != nil {
		return syscall.EOPNOTSUPP // before any lookup: the answer cannot depend on the table
	}
	if msg.Attributes.OutIface == 0 || msg.Attributes.Gateway == nil {
		// Windows needs the interface and next hop; RTNL may leave them
		// out to match any.
		snap, err := s.Snapshot(ctx, rtnlemu.KindRoutes)
		if err != nil {
			return err
		}
		if msg, err = resolveRouteDelete(msg, snap.Routes); err != nil {
			return err
		}
	}
	row, err := forwardRow(msg)
	if err != nil {
		return err
	}
	return setterErr(call(procDeleteIpForwardEntry2, uintptr(unsafe.Pointer(row))), syscall.ESRCH)
}

// SetLink changes a link's MTU (SetIpInterfaceEntry, for IPv4 and, where
// the link has it, IPv6). Windows offers no other change of this kind:
// flags, names and aliases are EOPNOTSUPP.
func (s *winSource) SetLink(ctx context.Context, msg *rtnetlink.LinkMessage) error {
	if msg.Change != 0 || msg.Attributes == nil || msg.Attributes.Name != "" || msg.Attributes.Alias != nil {
		return syscall.EOPNOTSUPP
	}
	if msg.Attributes.MTU == 0 {
		return nil
	}
	if msg.Index == 0 {
		return syscall.ENODEV
	}
	done := false
	for _, family := range []uint16{windows.AF_INET, windows.AF_INET6} {
		row := &rawIPInterfaceRow{Family: family, InterfaceIndex: msg.Index}
		err := call(procGetIpInterfaceEntry, uintptr(unsafe.Pointer(row)))
		if errorCode(err) == errorNotFound && family == windows.AF_INET6 {
			continue // no IPv6 on this link
		}
		if err != nil {
			return setterErr(err, syscall.ENODEV)
		}
		row.NlMtu = msg.Attributes.MTU
		if family == windows.AF_INET {
			row.SitePrefixLength = 0 // must be 0 for IPv4, as documented
		}
		if err := call(procSetIpInterfaceEntry, uintptr(unsafe.Pointer(row))); err != nil {
			return setterErr(err, syscall.ENODEV)
		}
		done = true
	}
	if !done {
		return syscall.ENODEV
	}
	return nil
}

// AddNeighbor adds a neighbour (CreateIpNetEntry2); with NLM_F_REPLACE an
// existing entry is deleted first.
func (s *winSource) AddNeighbor(ctx context.Context, msg *rtnetlink.NeighMessage, flags rtnlemu.Flags) error {
	row, err := netRow(msg)
	if err != nil {
		return err
	}
	if hw := msg.Attributes.LLAddress; len(hw) > 0 {
		if len(hw) > len(row.PhysicalAddress) {
			return syscall.EINVAL
		}
		copy(row.PhysicalAddress[:], hw)
		row.PhysicalAddressLength = uint32(len(hw))
	}
	if row.State, err = netRowState(msg.State); err != nil {
		return err
	}
	err = call(procCreateIpNetEntry2, uintptr(unsafe.Pointer(row)))
	if isExists(err) && flags&rtnlemu.FlagReplace != 0 {
		if err := call(procDeleteIpNetEntry2, uintptr(unsafe.Pointer(row))); err != nil {
			return setterErr(err, syscall.ENOENT)
		}
		err = call(procCreateIpNetEntry2, uintptr(unsafe.Pointer(row)))
	}
	return setterErr(err, syscall.ENODEV)
}

// DelNeighbor deletes a neighbour (DeleteIpNetEntry2).
func (s *winSource) DelNeighbor(ctx context.Context, msg *rtnetlink.NeighMessage) error {
	row, err := netRow(msg)
	if err != nil {
		return err
	}
	return setterErr(call(procDeleteIpNetEntry2, uintptr(unsafe.Pointer(row))), syscall.ENOENT)
}

// isExists reports an "already exists" failure.
func isExists(err error) bool {
	c := errorCode(err)
	return c == errorAlreadyExists || c == errorObjectAlreadyExists
}

// The setters rtnlemu looks for.
var (
	_ rtnlemu.Source      = (*winSource)(nil)
	_ rtnlemu.Notifier    = (*winSource)(nil)
	_ rtnlemu.LinkSetter  = (*winSource)(nil)
	_ rtnlemu.AddrSetter  = (*winSource)(nil)
	_ rtnlemu.RouteSetter = (*winSource)(nil)
	_ rtnlemu.NeighSetter = (*winSource)(nil)
)
