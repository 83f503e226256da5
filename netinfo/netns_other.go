//go:build !linux

package netinfo

import (
	"fmt"
	"runtime"
)

// AddNetNS creates a named network namespace (Linux alone).
func AddNetNS(name string) (string, error) {
	return "", fmt.Errorf("netinfo: netns add: %w on %s", ErrNotSupported, runtime.GOOS)
}

// DelNetNS deletes a named network namespace (Linux alone).
func DelNetNS(name string) error {
	return fmt.Errorf("netinfo: netns del: %w on %s", ErrNotSupported, runtime.GOOS)
}

// ListNetNS lists the named network namespaces (Linux alone).
func ListNetNS() ([]string, error) {
	return nil, fmt.Errorf("netinfo: netns list: %w on %s", ErrNotSupported, runtime.GOOS)
}
