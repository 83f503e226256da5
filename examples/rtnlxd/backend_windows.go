package main

import (
	"context"
	"errors"

	"github.com/rtnlx/rtnlx/backend_windows"
	"github.com/rtnlx/rtnlx/rtnlremote"
)

// openBackend opens the IP Helper API served as RTNL; Windows has no
// network namespaces.
func openBackend(netns string) (*backend, error) {
	if netns != "" {
		return nil, errors.New("-n: network namespaces are not supported on windows")
	}
	t, err := backend_windows.NewTransport()
	if err != nil {
		return nil, err
	}
	return &backend{
		dial:  func(ctx context.Context) (rtnlremote.Conn, error) { return t.Dial(ctx) },
		close: t.Close,
	}, nil
}
