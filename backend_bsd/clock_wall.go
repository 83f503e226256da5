//go:build darwin || dragonfly || netbsd || openbsd

package backend_bsd

// uptimeSeconds is unused on kernels whose rmx_expire is wall-clock time
// (Layout.ExpireWall).
func uptimeSeconds() int64 { return 0 }
