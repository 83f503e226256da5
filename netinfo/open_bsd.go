//go:build darwin || dragonfly || freebsd || netbsd || openbsd

package netinfo

import (
	"context"
	"fmt"
	"runtime"

	"github.com/rtnlx/rtnlx/backend_bsd"
)

// defaultTransport is PF_ROUTE served as RTNL by rtnlemu, with the
// routing-socket monitor started when the first group is joined. These
// kernels have no network namespaces in Linux's sense.
func defaultTransport(o *options) (func(context.Context) (Conn, error), func() error, error) {
	if o.netns != "" {
		return nil, nil, fmt.Errorf("netinfo: network namespaces: %w on %s", ErrNotSupported, runtime.GOOS)
	}
	t, err := backend_bsd.NewTransport()
	if err != nil {
		return nil, nil, wrapTransportError("open", err)
	}
	return dialFunc(t), t.Close, nil
}
