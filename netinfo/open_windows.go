//go:build windows

package netinfo

import (
	"context"
	"fmt"

	"github.com/rtnlx/rtnlx/backend_windows"
)

// defaultTransport is the IP Helper API served as RTNL by rtnlemu.
// Windows has no network namespaces.
func defaultTransport(o *options) (func(context.Context) (Conn, error), func() error, error) {
	if o.netns != "" {
		return nil, nil, fmt.Errorf("netinfo: network namespaces: %w on windows", ErrNotSupported)
	}
	t, err := backend_windows.NewTransport()
	if err != nil {
		return nil, nil, wrapTransportError("open", err)
	}
	return dialFunc(t), t.Close, nil
}
