//go:build !windows

package rtnlremote

import (
	"context"
	"fmt"
	"net"
	"runtime"
)

// errNoPipes says that named pipes are Windows'.
func errNoPipes(name string) error {
	return fmt.Errorf("%s: named pipes are a Windows transport, not available on %s (use unix:PATH)", name, runtime.GOOS)
}

func listenPipe(name, _ string) (net.Listener, error) {
	return nil, fmt.Errorf("rtnlremote: %w", errNoPipes(name))
}

func dialPipe(_ context.Context, name string) (net.Conn, error) { return nil, errNoPipes(name) }
