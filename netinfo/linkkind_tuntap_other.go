//go:build !linux

package netinfo

import (
	"context"
	"fmt"
	"runtime"
)

// addTuntap is Linux's alone.
func (h *Handle) addTuntap(ctx context.Context, op, name string, t *Tuntap) error {
	return fmt.Errorf("netinfo: %s: tun/tap: %w on %s", op, ErrNotSupported, runtime.GOOS)
}
