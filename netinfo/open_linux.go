//go:build linux

package netinfo

import (
	"context"

	"github.com/rtnlx/rtnlx/backend_linux"
)

// defaultTransport is the kernel's NETLINK_ROUTE, in the namespace asked
// for.
func defaultTransport(o *options) (func(context.Context) (Conn, error), func() error, error) {
	t, err := backend_linux.NewTransport(backend_linux.Config{NetNS: o.netns, ReceiveBuffer: o.rcvbuf})
	if err != nil {
		return nil, nil, wrapTransportError("open", err)
	}
	return dialFunc(t), t.Close, nil
}
