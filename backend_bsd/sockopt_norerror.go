//go:build darwin || netbsd || openbsd

package backend_bsd

// setReceiveErrors does nothing where x/sys/unix has no SO_RERROR:
// OpenBSD reports losses with RTM_DESYNC instead; Darwin and NetBSD
// drop silently.
func setReceiveErrors(int) {}
