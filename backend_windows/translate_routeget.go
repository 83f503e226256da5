package backend_windows

import (
	"errors"
	"syscall"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/rtnlemu"
)

// routeGetErr maps GetBestRoute2's failure to the errno Linux answers:
// no route is ENETUNREACH; a stub that cannot answer (Wine) is
// errors.ErrUnsupported, which leaves the lookup to rtnlemu's own
// longest-prefix match over the translated tables.
func routeGetErr(code uint32) error {
	switch code {
	case errorNotSupported, errorCallNotImplemented, errorProcNotFound:
		return errors.ErrUnsupported
	case errorNotFound, errorFileNotFound, errorNetworkUnreachable, errorHostUnreachable:
		return syscall.ENETUNREACH
	case errorInvalidParameter:
		return syscall.EINVAL
	}
	return errnoFor(code, syscall.ENETUNREACH)
}

// Windows error codes of route lookups (winerror.h).
const (
	errorNetworkUnreachable = 1231
	errorHostUnreachable    = 1232
)

// routeLookupFrom translates GetBestRoute2's answer (the chosen
// forwarding row and the source address Windows would use) into the
// lookup a Linux kernel would answer, the row translated as a dump
// translates it (t holds the tables that needs: adapters for metrics,
// addresses for local routes).
func routeLookupFrom(t *tableSet, row *rawForwardRow2, src *rawSockaddrInet, q *rtnlemu.RouteQuery) (*rtnlemu.RouteLookup, error) {
	r := routeRowFrom(row)
	m, ok := routeMessage(&r, newIndex(t), ownAddrs(t))
	if !ok {
		return nil, syscall.ENETUNREACH
	}
	if (m.Family == linux.AF_INET6) != q.Dst.Is6() {
		return nil, syscall.ENETUNREACH
	}
	res := &rtnlemu.RouteLookup{Route: m, OIF: r.Index, Local: m.Type == linux.RTN_LOCAL}
	if gw := r.NextHop; gw.IsValid() && !gw.IsUnspecified() {
		res.Gateway = gw.WithZone("")
	}
	if a := sockaddrAddr(src); a.IsValid() && !a.IsUnspecified() {
		res.Src = a.WithZone("")
	}
	if q.Src.IsValid() {
		res.Src = q.Src
	}
	return res, nil
}
