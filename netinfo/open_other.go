//go:build !linux && !windows && !darwin && !dragonfly && !freebsd && !netbsd && !openbsd

package netinfo

import (
	"context"
	"fmt"
	"runtime"
)

// defaultTransport: this OS's backend has not landed yet.
func defaultTransport(o *options) (func(context.Context) (Conn, error), func() error, error) {
	return nil, nil, fmt.Errorf("netinfo: no RTNL backend for %s yet: %w", runtime.GOOS, ErrNotSupported)
}
