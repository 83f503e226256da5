//go:build windows

package backend_windows

import (
	"context"
	"errors"
	"syscall"
	"unsafe"

	"github.com/rtnlx/rtnlx/rtnlemu"
)

// GetRoute implements rtnlemu.RouteGetter with GetBestRoute2: Windows'
// own choice of route and source address for the destination (from the
// source address, out through the interface, when the query gives
// them). Input lookups are EOPNOTSUPP; marks, uids, protocols and ports
// do not change Windows' choice.
func (s *winSource) GetRoute(ctx context.Context, q *rtnlemu.RouteQuery) (*rtnlemu.RouteLookup, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if q.IIF != 0 {
		return nil, syscall.EOPNOTSUPP
	}
	dst := sockaddrFrom(q.Dst)
	var src *rawSockaddrInet
	if q.Src.IsValid() {
		sa := sockaddrFrom(q.Src)
		src = &sa
	}
	var row rawForwardRow2
	var best rawSockaddrInet
	err := call(procGetBestRoute2, 0, uintptr(q.OIF), uintptr(unsafe.Pointer(src)), uintptr(unsafe.Pointer(&dst)),
		0, uintptr(unsafe.Pointer(&row)), uintptr(unsafe.Pointer(&best)))
	if err != nil {
		if code := errorCode(err); code != 0 {
			return nil, routeGetErr(code)
		}
		var missing *missingProcError
		if errors.As(err, &missing) {
			return nil, errors.ErrUnsupported
		}
		return nil, err
	}
	t, err := readTables(rtnlemu.KindRoutes)
	if err != nil {
		return nil, err
	}
	return routeLookupFrom(t, &row, &best, q)
}
