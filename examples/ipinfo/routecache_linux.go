package main

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"syscall"

	"golang.org/x/sys/unix"

	"github.com/rtnlx/rtnlx/netinfo"
)

// routeFlushPath is the sysctl that flushes the IPv4 route cache of the
// namespace of whoever opens it.
const routeFlushPath = "/proc/sys/net/ipv4/route/flush"

// flushIPv4Cache is ip's iproute_flush_cache: "-1" written to the
// namespace's route/flush sysctl, from a thread inside the namespace of
// -n. Its failures are ip's.
func flushIPv4Cache(c *command) error {
	if c.remote != "" {
		return fmt.Errorf("flushing the IPv4 route cache through -remote (a sysctl, not RTNL): %w", netinfo.ErrNotSupported)
	}
	errc := make(chan error, 1)
	go func() {
		if c.netns != "" {
			// The thread enters the namespace and ends with the
			// goroutine: it is never unlocked.
			runtime.LockOSThread()
			f, err := os.Open(c.netns)
			if err != nil {
				errc <- errNoNetNS
				return
			}
			err = unix.Setns(int(f.Fd()), unix.CLONE_NEWNET)
			f.Close()
			if err != nil {
				errc <- err
				return
			}
		}
		f, err := os.OpenFile(routeFlushPath, os.O_WRONLY, 0)
		if err != nil {
			errc <- &ipError{code: exitFailure, msg: fmt.Sprintf("Cannot open %q: %s", routeFlushPath, errnoText(errnoOf(err)))}
			return
		}
		defer f.Close()
		if _, err := f.WriteString("-1"); err != nil {
			errc <- &ipError{code: exitFailure, msg: "Cannot flush routing cache"}
			return
		}
		errc <- nil
	}()
	return <-errc
}

// errnoOf is the errno under an os error, for strerror's text.
func errnoOf(err error) syscall.Errno {
	var e syscall.Errno
	errors.As(err, &e)
	return e
}
