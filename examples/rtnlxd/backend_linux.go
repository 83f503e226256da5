package main

import (
	"context"
	"path/filepath"
	"strings"

	"github.com/rtnlx/rtnlx/backend_linux"
	"github.com/rtnlx/rtnlx/rtnlremote"
)

// openBackend opens the kernel's NETLINK_ROUTE in netns (a name under
// /var/run/netns, as ip -n takes it, or a path; "" for the daemon's own).
func openBackend(netns string) (*backend, error) {
	if netns != "" && !strings.ContainsRune(netns, '/') {
		netns = filepath.Join("/var/run/netns", netns)
	}
	t, err := backend_linux.NewTransport(backend_linux.Config{NetNS: netns})
	if err != nil {
		return nil, err
	}
	return &backend{
		dial:  func(ctx context.Context) (rtnlremote.Conn, error) { return t.Dial(ctx) },
		close: t.Close,
	}, nil
}
