//go:build !linux

package main

import (
	"fmt"
	"runtime"

	"github.com/rtnlx/rtnlx/netinfo"
)

// flushIPv4Cache is ip's iproute_flush_cache, which only Linux has.
func flushIPv4Cache(*command) error {
	return fmt.Errorf("flushing the IPv4 route cache on %s: %w", runtime.GOOS, netinfo.ErrNotSupported)
}
