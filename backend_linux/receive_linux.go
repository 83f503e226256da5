//go:build linux

package backend_linux

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
var errEmptyBuffer = fmt.Errorf("backend_linux: receive: empty buffer: %w", syscall.EMSGSIZE)

// A receiver holds the recvmsg(2) arguments of the one receiving
// goroutine. It lives inside the Conn so a Receive allocates nothing: the
// message header, the sender address and the result slots are reused.
type receiver struct {
	msg  unix.Msghdr
	iov  unix.Iovec
	from unix.RawSockaddrNetlink

	// probe makes recvmsg report "no datagram yet" instead of waiting, so
	// Receive can arm context cancellation only when it must block.
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

// recvmsg is the runtime poller's read callback: one non-blocking
// recvmsg(2) with MSG_TRUNC, so a datagram longer than the buffer reports its
// full length. It returns false to make the poller wait for readability.
func (r *receiver) recvmsg(fd uintptr) bool {
	for {
		r.msg.Namelen = unix.SizeofSockaddrNetlink
		r.msg.Flags = 0
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

// Receive reads the next datagram from the kernel into b and returns its
// length.
//
// Datagrams from any sender but the kernel are dropped and Receive goes on
// waiting. A datagram longer than b is consumed and reported as an error
// matching syscall.EMSGSIZE. A receive-queue overflow is reported once as an
// error matching syscall.ENOBUFS (messages were lost); later calls go on
// with the messages that follow. When ctx ends first Receive returns
// ctx.Err(); after Close it returns an error matching net.ErrClosed.
//
// Receive does not allocate unless it has to block with a cancellable ctx
// or returns an error.
func (c *Conn) Receive(ctx context.Context, b []byte) (int, error) {
	if len(b) == 0 {
		return 0, errEmptyBuffer
	}
	r := &c.rx
	r.iov.Base = &b[0]
	r.iov.SetLen(len(b))
	n, err := c.receive(ctx)
	r.iov.Base = nil // do not keep the caller's buffer alive
	return n, err
}

// receive loops until a datagram from the kernel, an error or the end of
// ctx.
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
			err = c.waitReceive(ctx)
		}
		if err != nil {
			return 0, c.opError("receive", ctx, err)
		}
		switch {
		case r.errno != 0:
			return 0, c.opError("receive", ctx, os.NewSyscallError("recvmsg", r.errno))
		case r.from.Pid != 0:
			continue // not from the kernel: drop it, whatever its size
		case r.msg.Flags&unix.MSG_TRUNC != 0:
			return 0, fmt.Errorf("backend_linux: receive: datagram of %d bytes truncated to the %d-byte buffer: %w",
				r.n, r.iov.Len, syscall.EMSGSIZE)
		}
		return r.n, nil
	}
}

// waitReceive blocks in recvmsg until a datagram arrives or ctx ends; on
// ctx's end it moves the read deadline to the past to wake the poller, and
// clears it again before returning.
func (c *Conn) waitReceive(ctx context.Context) error {
	c.rx.probe = false
	fired := make(chan struct{})
	stop := context.AfterFunc(ctx, func() {
		defer close(fired)
		_ = c.sock.SetReadDeadline(time.Unix(0, 1))
	})
	err := c.raw.Read(c.rxFunc)
	if !stop() {
		<-fired
		_ = c.sock.SetReadDeadline(time.Time{})
		if err != nil && errors.Is(err, os.ErrDeadlineExceeded) {
			return ctx.Err()
		}
	}
	return err
}
