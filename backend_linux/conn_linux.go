//go:build linux

package backend_linux

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"sync/atomic"
	"syscall"

	"github.com/mdlayher/socket"
	"golang.org/x/sys/unix"
)

// A Conn is one NETLINK_ROUTE socket. Its method set is exactly
// netinfo.Conn's. One goroutine may call Receive while others call Send,
// JoinGroup, LeaveGroup, PortID or Close.
//
// After Close, every method but PortID returns an error matching
// net.ErrClosed, and a Receive or Send blocked at the time returns one
// promptly.
type Conn struct {
	sock   *socket.Conn    // runtime-poller integration; owns the fd
	raw    syscall.RawConn // sock's raw access, for the allocation-free receive path
	portID uint32
	closed atomic.Bool

	// rx is the state of the one goroutine allowed in Receive.
	rx receiver
	// rxFunc is rx.recvmsg bound once, so that handing it to the runtime
	// poller on every Receive allocates nothing.
	rxFunc func(fd uintptr) bool
}

// newConn configures the fresh socket fd, binds it, connects it to the
// kernel and wraps it for the runtime poller. It takes ownership of fd.
func newConn(fd int, rcvbuf int) (*Conn, error) {
	portID, err := setUpSocket(fd, rcvbuf)
	if err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("backend_linux: %w", err)
	}
	sock, err := socket.New(fd, "netlink")
	if err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("backend_linux: %w", err)
	}
	raw, err := sock.SyscallConn()
	if err != nil {
		sock.Close()
		return nil, fmt.Errorf("backend_linux: %w", err)
	}
	c := &Conn{sock: sock, raw: raw, portID: portID}
	c.rx.init()
	c.rxFunc = c.rx.recvmsg
	return c, nil
}

// setUpSocket sets the socket options, binds fd to a kernel-assigned port
// id and connects it to the kernel (port 0), and returns the port id.
//
// Connecting makes the kernel refuse unicasts to us from any other socket;
// Receive still checks the sender, since multicasts are not filtered.
func setUpSocket(fd int, rcvbuf int) (uint32, error) {
	for _, opt := range []struct {
		name     string
		level    int
		opt, val int
	}{
		{"NETLINK_EXT_ACK", unix.SOL_NETLINK, unix.NETLINK_EXT_ACK, 1},
		{"NETLINK_GET_STRICT_CHK", unix.SOL_NETLINK, unix.NETLINK_GET_STRICT_CHK, 1},
		{"SO_SNDBUF", unix.SOL_SOCKET, unix.SO_SNDBUF, sendBuffer},
	} {
		if err := unix.SetsockoptInt(fd, opt.level, opt.opt, opt.val); err != nil {
			return 0, fmt.Errorf("setsockopt %s: %w", opt.name, err)
		}
	}
	if err := setReceiveBuffer(fd, rcvbuf); err != nil {
		return 0, err
	}
	if err := unix.Bind(fd, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		return 0, os.NewSyscallError("bind", err)
	}
	sa, err := unix.Getsockname(fd)
	if err != nil {
		return 0, os.NewSyscallError("getsockname", err)
	}
	nl, ok := sa.(*unix.SockaddrNetlink)
	if !ok {
		return 0, fmt.Errorf("getsockname: unexpected address %T", sa)
	}
	if err := unix.Connect(fd, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		return 0, os.NewSyscallError("connect", err)
	}
	return nl.Pid, nil
}

// setReceiveBuffer sets the receive buffer to bytes, beyond
// net.core.rmem_max with SO_RCVBUFFORCE when the caller has CAP_NET_ADMIN,
// else with SO_RCVBUF (which the kernel caps at rmem_max).
func setReceiveBuffer(fd int, bytes int) error {
	err := unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_RCVBUFFORCE, bytes)
	if errors.Is(err, unix.EPERM) {
		err = unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_RCVBUF, bytes)
		if err != nil {
			return fmt.Errorf("setsockopt SO_RCVBUF: %w", err)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("setsockopt SO_RCVBUFFORCE: %w", err)
	}
	return nil
}

// Send writes one datagram of complete netlink messages to the kernel.
//
// The kernel handles a request within the send call, so sendmsg(2) on a
// netlink socket practically never waits: Send tries it once directly, and
// only when the socket would block does it wait with ctx watched.
func (c *Conn) Send(ctx context.Context, b []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	var errno error
	wouldBlock := false
	err := c.raw.Write(func(fd uintptr) bool {
		for {
			// No address: the socket is connected to the kernel.
			errno = unix.Sendto(int(fd), b, 0, nil)
			switch errno {
			case unix.EINTR:
				continue
			case unix.EAGAIN:
				wouldBlock = true
			}
			return true
		}
	})
	if err == nil && wouldBlock {
		_, err = c.sock.Sendmsg(ctx, b, nil, nil, 0)
	} else if err == nil && errno != nil {
		err = os.NewSyscallError("sendto", errno)
	}
	if err != nil {
		return c.opError("send", ctx, err)
	}
	return nil
}

// JoinGroup subscribes to the RTNLGRP_* multicast group.
func (c *Conn) JoinGroup(group uint32) error {
	if err := c.sock.SetsockoptInt(unix.SOL_NETLINK, unix.NETLINK_ADD_MEMBERSHIP, int(group)); err != nil {
		return c.opError(fmt.Sprintf("join group %d", group), nil, err)
	}
	return nil
}

// LeaveGroup drops the subscription to the RTNLGRP_* multicast group.
func (c *Conn) LeaveGroup(group uint32) error {
	if err := c.sock.SetsockoptInt(unix.SOL_NETLINK, unix.NETLINK_DROP_MEMBERSHIP, int(group)); err != nil {
		return c.opError(fmt.Sprintf("leave group %d", group), nil, err)
	}
	return nil
}

// PortID is the socket's netlink port id, assigned by the kernel.
func (c *Conn) PortID() uint32 { return c.portID }

// Close closes the socket, unblocking a pending Receive or Send. Closing
// twice is not an error.
func (c *Conn) Close() error {
	if c.closed.Swap(true) {
		return nil
	}
	if err := c.sock.Close(); err != nil {
		return fmt.Errorf("backend_linux: close: %w", err)
	}
	return nil
}

// opError wraps err from op: a closed Conn gives net.ErrClosed, an ended
// ctx gives ctx.Err(), anything else is kept (so errnos stay matchable).
func (c *Conn) opError(op string, ctx context.Context, err error) error {
	switch {
	case c.closed.Load():
		return fmt.Errorf("backend_linux: %s: %w", op, net.ErrClosed)
	case ctx != nil && ctx.Err() != nil:
		return ctx.Err()
	default:
		return fmt.Errorf("backend_linux: %s: %w", op, err)
	}
}
