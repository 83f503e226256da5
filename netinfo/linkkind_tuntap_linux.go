//go:build linux

package netinfo

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"

	"golang.org/x/sys/unix"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// addTuntap makes a persistent tun or tap device as `ip tuntap add`
// does: TUNSETIFF (with IFF_TUN_EXCL, so an existing device is EBUSY),
// TUNSETOWNER, TUNSETGROUP, TUNSETPERSIST, on /dev/net/tun opened in the
// handle's namespace, which is where the kernel makes the device.
func (h *Handle) addTuntap(ctx context.Context, op, name string, t *Tuntap) error {
	if !h.local {
		return fmt.Errorf("netinfo: %s: tun/tap: %w by this transport", op, ErrNotSupported)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	flags := uint16(t.Mode) | linux.IFF_TUN_EXCL
	if !t.PI {
		flags |= linux.IFF_NO_PI
	}
	if t.VnetHdr {
		flags |= linux.IFF_VNET_HDR
	}
	if t.MultiQueue {
		flags |= linux.IFF_MULTI_QUEUE
	}
	err := inNetNS(h.netns, func() error {
		fd, err := unix.Open("/dev/net/tun", unix.O_RDWR|unix.O_CLOEXEC, 0)
		if err != nil {
			if errors.Is(err, unix.ENOENT) || errors.Is(err, unix.ENODEV) {
				return fmt.Errorf("open /dev/net/tun: %w (%v)", ErrNotSupported, err)
			}
			return fmt.Errorf("open /dev/net/tun: %w", err)
		}
		defer unix.Close(fd)
		ifr, err := unix.NewIfreq(name)
		if err != nil {
			return err
		}
		ifr.SetUint16(flags)
		if err := unix.IoctlIfreq(fd, linux.TUNSETIFF, ifr); err != nil {
			return fmt.Errorf("TUNSETIFF: %w", err)
		}
		if t.Owner != nil {
			if err := unix.IoctlSetInt(fd, linux.TUNSETOWNER, int(*t.Owner)); err != nil {
				return fmt.Errorf("TUNSETOWNER: %w", err)
			}
		}
		if t.Group != nil {
			if err := unix.IoctlSetInt(fd, linux.TUNSETGROUP, int(*t.Group)); err != nil {
				return fmt.Errorf("TUNSETGROUP: %w", err)
			}
		}
		if err := unix.IoctlSetInt(fd, linux.TUNSETPERSIST, 1); err != nil {
			return fmt.Errorf("TUNSETPERSIST: %w", err)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("netinfo: %s: %w", op, err)
	}
	return nil
}

// inNetNS runs fn in the namespace ns (an *os.File), or in the caller's
// when ns is nil. fn runs on a thread of its own that enters the
// namespace and is never handed back to the runtime's pool.
func inNetNS(ns any, fn func() error) error {
	f, _ := ns.(*os.File)
	if f == nil {
		return fn()
	}
	done := make(chan error, 1)
	go func() {
		// Locked and never unlocked: the thread ends with the
		// goroutine, whatever namespace it was left in.
		runtime.LockOSThread()
		if err := unix.Setns(int(f.Fd()), unix.CLONE_NEWNET); err != nil {
			done <- fmt.Errorf("setns: %w", err)
			return
		}
		done <- fn()
	}()
	return <-done
}
