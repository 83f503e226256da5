//go:build linux

package nlsock

import (
	"context"
	"errors"
	"fmt"
	"os"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// errEmptyBuffer is Receive's answer to a zero-length buffer, which could
// hold no datagram.
var errEmptyBuffer = fmt.Errorf("nlsock: receive: empty buffer: %w", syscall.EMSGSIZE)

// A receiver holds the recvmsg(2) arguments of the one receiving
// goroutine. It lives inside the Conn so a receive allocates nothing: the
// message header, the sender address, the control buffer and the result
// slots are reused.
type receiver struct {
	msg  unix.Msghdr
	iov  unix.Iovec
	from unix.RawSockaddrNetlink
	oob  [64]byte // room for NETLINK_PKTINFO and NETLINK_LISTEN_ALL_NSID

	// probe makes recvmsg report "no datagram yet" instead of waiting, so
	// a receive can arm context cancellation only when it must block.
	probe bool

	// Results of the last recvmsg.
	n     int
	errno syscall.Errno
}

// init points the message header at the receiver's own address and iovec.
func (r *receiver) init() {
	r.msg.Name = (*byte)(unsafe.Pointer(&r.from))
	r.msg.Iov = &r.iov
	r.msg.Iovlen = 1
}

// withControl makes the next receives collect control messages, or not.
func (r *receiver) withControl(on bool) {
	if on {
		r.msg.Control = &r.oob[0]
		r.msg.SetControllen(len(r.oob))
	} else {
		r.msg.Control = nil
		r.msg.SetControllen(0)
	}
}

// recvmsg is the runtime poller's read callback: one non-blocking
// recvmsg(2) with MSG_TRUNC, so a datagram longer than the buffer reports
// its full length. It returns false to make the poller wait for
// readability.
func (r *receiver) recvmsg(fd uintptr) bool {
	for {
		r.msg.Namelen = unix.SizeofSockaddrNetlink
		r.msg.Flags = 0
		if r.msg.Control != nil {
			r.msg.SetControllen(len(r.oob))
		}
		n, _, errno := unix.Syscall(unix.SYS_RECVMSG, fd, uintptr(unsafe.Pointer(&r.msg)), unix.MSG_TRUNC)
		switch errno {
		case unix.EINTR:
			continue
		case unix.EAGAIN:
			r.n, r.errno = 0, errno
			return r.probe
		}
		r.n, r.errno = int(n), errno
		return true
	}
}

// control returns the multicast group (NETLINK_PKTINFO) and peer
// namespace id (NETLINK_LISTEN_ALL_NSID, -1 if none) the last datagram
// came with.
func (r *receiver) control() (group uint32, nsid int32) {
	return parseControl(r.msg.Control != nil, r.oob[:r.msg.Controllen])
}

// parseControl reads the group and namespace id from a datagram's
// control messages b, if there are any (on).
func parseControl(on bool, b []byte) (group uint32, nsid int32) {
	nsid = -1
	if !on {
		return 0, nsid
	}
	hdr := unix.CmsgLen(0)
	for len(b) >= unix.SizeofCmsghdr {
		h := (*unix.Cmsghdr)(unsafe.Pointer(&b[0]))
		l := int(h.Len)
		if l < hdr || l > len(b) {
			break
		}
		if h.Level == unix.SOL_NETLINK && l >= hdr+4 {
			v := *(*uint32)(unsafe.Pointer(&b[hdr]))
			switch h.Type {
			case unix.NETLINK_PKTINFO:
				group = v
			case unix.NETLINK_LISTEN_ALL_NSID:
				nsid = int32(v)
			}
		}
		next := unix.CmsgSpace(l - hdr)
		if next > len(b) {
			break
		}
		b = b[next:]
	}
	return group, nsid
}

// Send writes one datagram of complete netlink messages to the kernel.
// Messages are not checked or changed: this is the raw path (see Request
// and Put for the framed one).
//
// The kernel handles a request within the send call, so sendmsg(2) on a
// netlink socket practically never waits: Send tries once directly, and
// only when the socket would block does it wait with ctx watched.
func (c *Conn) Send(ctx context.Context, b []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	var errno error
	blocking := false
	write := func(fd uintptr) bool {
		for {
			// No address: the kernel (port 0) is the destination.
			errno = unix.Sendto(int(fd), b, 0, nil)
			switch errno {
			case unix.EINTR:
				continue
			case unix.EAGAIN:
				return !blocking
			}
			return true
		}
	}
	err := c.raw.Write(write)
	if err == nil && errno == unix.EAGAIN {
		blocking = true
		err = c.wait(ctx, func() error { return c.raw.Write(write) }, c.nl.SetWriteDeadline)
	}
	if err == nil && errno != nil {
		err = os.NewSyscallError("sendto", errno)
	}
	return c.opError("send", ctx, err)
}

// Receive reads the next datagram into b and returns its length: the
// low-level path that allocates nothing. It is for a caller that reads the
// socket itself; once the Conn's own reader runs it returns ErrReaderMode.
// One goroutine may call it at a time.
//
// Datagrams from any sender but the kernel are dropped (unless
// Config.AllowPeers). A datagram longer than b is consumed and reported as
// an error matching syscall.EMSGSIZE. A receive queue overflow is reported
// once as an error matching syscall.ENOBUFS; later calls go on with the
// messages that follow. When ctx ends first Receive returns ctx.Err();
// after Close, an error matching net.ErrClosed.
func (c *Conn) Receive(ctx context.Context, b []byte) (int, error) {
	n, _, err := c.receiveCaller(ctx, b, false)
	return n, err
}

// ReceiveGroup is Receive that also says which multicast group the
// datagram was sent to: 0 for a unicast, such as a reply. It turns
// PacketInfo on at its first call.
func (c *Conn) ReceiveGroup(ctx context.Context, b []byte) (n int, group uint32, err error) {
	return c.receiveCaller(ctx, b, true)
}

func (c *Conn) receiveCaller(ctx context.Context, b []byte, withGroup bool) (int, uint32, error) {
	if !c.claim(modeCaller) {
		return 0, 0, ErrReaderMode
	}
	if len(b) == 0 {
		return 0, 0, errEmptyBuffer
	}
	c.rxMu.Lock()
	defer c.rxMu.Unlock()
	r := &c.rx
	if withGroup && r.msg.Control == nil {
		if err := c.SetOption(PacketInfo, true); err != nil {
			return 0, 0, err
		}
		r.withControl(true)
	} else if !withGroup && r.msg.Control != nil {
		r.withControl(false)
	}
	if n, group, ok, err := c.batch.pendingInto(b, c.peers); ok {
		return n, group, c.opError("receive", ctx, err)
	}
	r.iov.Base = &b[0]
	r.iov.SetLen(len(b))
	n, err := c.receive(ctx)
	r.iov.Base = nil // do not keep the caller's buffer alive
	var group uint32
	if err == nil && withGroup {
		group, _ = r.control()
	}
	return n, group, err
}

// claim fixes who reads the socket, on first use, and reports whether the
// mode is m.
func (c *Conn) claim(m int32) bool {
	if c.mode.Load() == m {
		return true
	}
	return c.mode.CompareAndSwap(modeUnset, m) || c.mode.Load() == m
}

// receive loops until a datagram from an accepted sender, an error or the
// end of ctx. Call with rxMu held and the iovec set.
func (c *Conn) receive(ctx context.Context) (int, error) {
	r := &c.rx
	for {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		// A datagram is usually already queued (a dump, a storm): try once
		// without blocking, and pay for watching ctx only when waiting.
		r.probe = ctx.Done() != nil
		err := c.raw.Read(c.rxFunc)
		if err == nil && r.probe && r.errno == unix.EAGAIN {
			r.probe = false
			err = c.wait(ctx, func() error { return c.raw.Read(c.rxFunc) }, c.nl.SetReadDeadline)
		}
		if err != nil {
			return 0, c.opError("receive", ctx, err)
		}
		switch {
		case r.errno != 0:
			return 0, c.opError("receive", ctx, os.NewSyscallError("recvmsg", r.errno))
		case r.from.Pid != 0 && !c.peers:
			continue // not from the kernel: drop it, whatever its size
		case r.msg.Flags&unix.MSG_TRUNC != 0:
			return 0, fmt.Errorf("nlsock: receive: datagram of %d bytes truncated to the %d-byte buffer: %w",
				r.n, r.iov.Len, syscall.EMSGSIZE)
		}
		return r.n, nil
	}
}

// wait runs a blocking poller operation; when ctx ends first it moves the
// deadline to the past to wake the poller, and clears it again before
// returning.
func (c *Conn) wait(ctx context.Context, op func() error, deadline func(time.Time) error) error {
	if ctx.Done() == nil {
		return op()
	}
	fired := make(chan struct{})
	stop := context.AfterFunc(ctx, func() {
		defer close(fired)
		_ = deadline(time.Unix(0, 1))
	})
	err := op()
	if !stop() {
		<-fired
		_ = deadline(time.Time{})
		if err != nil && errors.Is(err, os.ErrDeadlineExceeded) {
			return ctx.Err()
		}
	}
	return err
}
