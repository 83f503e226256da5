//go:build darwin || dragonfly || freebsd || netbsd || openbsd

package main

import (
	"context"
	"fmt"
	"runtime"

	"github.com/rtnlx/rtnlx/backend_bsd"
	"github.com/rtnlx/rtnlx/rtnlremote"
)

// openBackend opens PF_ROUTE served as RTNL; these kernels have no
// network namespaces in Linux's sense.
func openBackend(netns string) (*backend, error) {
	if netns != "" {
		return nil, fmt.Errorf("-n: network namespaces are not supported on %s", runtime.GOOS)
	}
	t, err := backend_bsd.NewTransport()
	if err != nil {
		return nil, err
	}
	return &backend{
		dial:  func(ctx context.Context) (rtnlremote.Conn, error) { return t.Dial(ctx) },
		close: t.Close,
	}, nil
}
