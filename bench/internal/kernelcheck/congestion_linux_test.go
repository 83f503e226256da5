package kernelcheck

import (
	"context"
	"errors"
	"runtime"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/rtnlx/rtnlx/bench/internal/nsbuild"
	"github.com/rtnlx/rtnlx/internal/nstest"
)

// TestCongestionHidesLaterDrops shows why a watcher must drain its
// socket after ENOBUFS before it re-dumps. The kernel reports ENOBUFS
// only when a socket first becomes congested (netlink_overrun sets
// NETLINK_S_CONGESTED and sk_err once), keeps dropping broadcasts while
// the bit is set, and clears it only when a receive finds the queue
// empty (netlink_rcv_wake). So events dropped after the first ENOBUFS,
// while the queue is still full, are lost without a second ENOBUFS; after
// a drain, the next overflow is reported again.
func TestCongestionHidesLaterDrops(t *testing.T) {
	nstest.RequireIP(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	ns, err := nsbuild.Create(ctx, "rtbenchkc")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ns.Delete() })
	if err := nsbuild.DisableIPv6(ctx, ns); err != nil {
		t.Fatal(err)
	}
	if err := nsbuild.PrepareGateway(ctx, ns); err != nil {
		t.Fatal(err)
	}

	fd := subscribeRoutes(t, ns.Path)
	defer unix.Close(fd)

	// Overflow the socket: nobody reads while 2,000 routes are added.
	if err := nsbuild.RouteBatch(ctx, ns, "add", 0, 2000); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 1<<16)
	if _, _, err := unix.Recvfrom(fd, buf, unix.MSG_DONTWAIT); !errors.Is(err, unix.ENOBUFS) {
		t.Fatalf("first receive after the overflow: %v, want ENOBUFS", err)
	}
	// The error is reported; the queue is still full. Everything that
	// happens now is dropped: this is where a watcher that dumps before
	// draining takes its snapshot.
	if err := nsbuild.RouteBatch(ctx, ns, "del", 0, 2000); err != nil {
		t.Fatal(err)
	}
	// Drain: count what is left and whether ENOBUFS comes again.
	messages, enobufs := 0, 0
	for {
		n, _, err := unix.Recvfrom(fd, buf, unix.MSG_DONTWAIT)
		if errors.Is(err, unix.EAGAIN) {
			break
		}
		if errors.Is(err, unix.ENOBUFS) {
			enobufs++
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		msgs, err := syscall.ParseNetlinkMessage(buf[:n])
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range msgs {
			if m.Header.Type == unix.RTM_DELROUTE {
				t.Errorf("a deletion made while the socket was congested was delivered")
			}
			messages++
		}
	}
	t.Logf("after the first ENOBUFS: %d queued messages (all additions), %d further ENOBUFS for 2,000 dropped deletions", messages, enobufs)
	if enobufs != 0 {
		t.Errorf("the kernel reported ENOBUFS again (%d); the drops would not be silent", enobufs)
	}

	// Once a receive has found the queue empty, the next overflow is
	// reported again: a watcher that drains first, then dumps, learns of
	// every loss that follows its dump.
	if err := nsbuild.RouteBatch(ctx, ns, "add", 0, 2000); err != nil {
		t.Fatal(err)
	}
	if _, _, err := unix.Recvfrom(fd, buf, unix.MSG_DONTWAIT); !errors.Is(err, unix.ENOBUFS) {
		t.Errorf("first receive after an overflow that followed a drain: %v, want ENOBUFS", err)
	}
}

// subscribeRoutes opens a NETLINK_ROUTE socket in the namespace,
// subscribed to IPv4 route events, with the smallest receive buffer.
func subscribeRoutes(t *testing.T, nsPath string) int {
	t.Helper()
	runtime.LockOSThread()
	// The thread is unlocked only once it is back in its own namespace;
	// a goroutine that ends while locked takes its thread with it.
	restored := true
	defer func() {
		if restored {
			runtime.UnlockOSThread()
		}
	}()
	home, err := unix.Open("/proc/thread-self/ns/net", unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(home)
	target, err := unix.Open(nsPath, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(target)
	if err := unix.Setns(target, unix.CLONE_NEWNET); err != nil {
		t.Fatal(err)
	}
	restored = false
	fd, serr := unix.Socket(unix.AF_NETLINK, unix.SOCK_RAW|unix.SOCK_CLOEXEC, unix.NETLINK_ROUTE)
	if err := unix.Setns(home, unix.CLONE_NEWNET); err != nil {
		t.Fatalf("leaving the namespace: %v", err)
	}
	restored = true
	if serr != nil {
		t.Fatal(serr)
	}
	if err := unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_RCVBUF, 1); err != nil {
		t.Fatal(err)
	}
	if err := unix.Bind(fd, &unix.SockaddrNetlink{Family: unix.AF_NETLINK, Groups: unix.RTMGRP_IPV4_ROUTE}); err != nil {
		t.Fatal(err)
	}
	return fd
}
