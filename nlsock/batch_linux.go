//go:build linux

package nlsock

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// batchSlots is how many datagrams one recvmmsg(2) of ReceiveEach may
// return. A batch of fewer means the queue was found empty.
const batchSlots = 8

// batchSlot is the size of every batch slot but the first, which is the
// caller's buffer. Netlink attributes are at most 64 KiB long, and a
// notification is one message: every one the kernel sends fits.
const batchSlot = 64 << 10

// A batch holds the recvmmsg(2) arguments of ReceiveEach, and the
// datagrams of the last one not yet delivered.
type batch struct {
	hdrs  [batchSlots]unix.Mmsghdr
	iovs  [batchSlots]unix.Iovec
	froms [batchSlots]unix.RawSockaddrNetlink
	oob   [batchSlots][64]byte
	extra []byte // slots 1 and on, allocated at first use

	// The slots [next, count) hold datagrams received and not yet
	// delivered (ReceiveEach stopped early); they come first next time.
	next, count int
}

// arm points the headers at the slots, the first at b, and asks for
// control messages when control is set. The kernel rewrites the lengths
// and flags, so arm runs before every recvmmsg.
func (bt *batch) arm(b []byte, control bool) {
	if bt.extra == nil {
		bt.extra = make([]byte, (batchSlots-1)*batchSlot)
	}
	for i := range bt.hdrs {
		h := &bt.hdrs[i].Hdr
		h.Name = (*byte)(unsafe.Pointer(&bt.froms[i]))
		h.Namelen = unix.SizeofSockaddrNetlink
		h.Iov = &bt.iovs[i]
		h.Iovlen = 1
		h.Flags = 0
		if control {
			h.Control = &bt.oob[i][0]
			h.SetControllen(len(bt.oob[i]))
		} else {
			h.Control = nil
			h.SetControllen(0)
		}
		if i == 0 {
			bt.iovs[0].Base = &b[0]
			bt.iovs[0].SetLen(len(b))
		} else {
			bt.iovs[i].Base = &bt.extra[(i-1)*batchSlot]
			bt.iovs[i].SetLen(batchSlot)
		}
	}
}

// recvmmsg reads what the queue holds, up to batchSlots datagrams,
// without waiting, MSG_TRUNC making a datagram longer than its slot
// report its full length.
//
// It is a raw system call, made without telling the scheduler: the call
// never waits (MSG_DONTWAIT), and the scheduler's bookkeeping for a call
// that might wake its monitor thread, asleep whenever the process was
// idle, which in a storm of one-event datagrams is at every event.
func (bt *batch) recvmmsg(fd uintptr) (int, syscall.Errno) {
	for {
		n, _, errno := unix.RawSyscall6(unix.SYS_RECVMMSG, fd, uintptr(unsafe.Pointer(&bt.hdrs[0])), batchSlots,
			unix.MSG_DONTWAIT|unix.MSG_TRUNC, 0, 0)
		if errno == unix.EINTR {
			continue
		}
		return int(n), errno
	}
}

// slot returns the received bytes of slot i.
func (bt *batch) slot(i int) []byte {
	n := int(bt.hdrs[i].Len)
	if i == 0 {
		return unsafe.Slice(bt.iovs[0].Base, n)
	}
	return bt.extra[(i-1)*batchSlot:][:n]
}

// take moves past the next pending datagram and returns its slot, or -1
// when none is left. Datagrams from other senders than the kernel are
// skipped unless peers. A datagram longer than its slot was lost: an
// error matching syscall.EMSGSIZE for the first slot (as Receive's), one
// matching syscall.ENOBUFS for the others (a datagram that would have
// fitted the caller's buffer is gone: the caller resyncs as after an
// overflow).
func (bt *batch) take(peers bool) (int, error) {
	for bt.next < bt.count {
		i := bt.next
		bt.next++
		h := &bt.hdrs[i]
		switch {
		case bt.froms[i].Pid != 0 && !peers:
			continue
		case h.Hdr.Flags&unix.MSG_TRUNC != 0 && i == 0:
			return -1, fmt.Errorf("nlsock: receive: datagram of %d bytes truncated to the %d-byte buffer: %w",
				h.Len, bt.iovs[0].Len, syscall.EMSGSIZE)
		case h.Hdr.Flags&unix.MSG_TRUNC != 0:
			return -1, fmt.Errorf("nlsock: receive: datagram of %d bytes lost, longer than a %d-byte batch slot: %w",
				h.Len, batchSlot, syscall.ENOBUFS)
		}
		return i, nil
	}
	return -1, nil
}

// deliver hands fn the pending datagrams in order; stop is set when fn
// returned false.
func (bt *batch) deliver(peers bool, fn func([]byte) bool) (stop bool, err error) {
	for {
		i, err := bt.take(peers)
		if i < 0 || err != nil {
			return false, err
		}
		if !fn(bt.slot(i)) {
			return true, nil
		}
	}
}

// pendingInto copies the next pending datagram into b, for Receive after
// ReceiveEach stopped early; ok is false when none is pending.
func (bt *batch) pendingInto(b []byte, peers bool) (n int, group uint32, ok bool, err error) {
	i, err := bt.take(peers)
	switch {
	case err != nil:
		return 0, 0, true, err
	case i < 0:
		return 0, 0, false, nil
	}
	d := bt.slot(i)
	if len(d) > len(b) {
		return 0, 0, true, fmt.Errorf("nlsock: receive: datagram of %d bytes truncated to the %d-byte buffer: %w",
			len(d), len(b), syscall.EMSGSIZE)
	}
	h := &bt.hdrs[i].Hdr
	group, _ = parseControl(h.Control != nil, bt.oob[i][:h.Controllen])
	return copy(b, d), group, true, nil
}

// ReceiveEach reads datagrams into b and calls fn with each, in order,
// until fn returns false (ReceiveEach then returns nil), ctx ends or a
// receive fails; the errors are Receive's. The slice fn gets is valid
// only until fn returns.
//
// It is the cheap way to follow a stream of broadcasts, where each event
// is a datagram of its own: it reads what is queued with one recvmmsg(2)
// of up to 8 datagrams, and when it got fewer, the queue was empty, so it
// waits in the runtime's poller without the receive that Receive makes
// to find the queue empty. A datagram that arrives between the read and
// the wait still wakes it: the poller's ready flag, reset once before
// the first read, is set by every arrival after it.
//
// Before each wait for the queue to fill, fn is called with a nil slice:
// a caller that buffers what it makes of the datagrams flushes there. Its
// result counts as for a datagram.
//
// fn runs while the socket's read side is held: it must not call Receive
// or ReceiveEach, and Close waits for it to return. Datagrams ReceiveEach
// read but did not deliver, because fn stopped it, come first at the next
// Receive or ReceiveEach. Datagrams after the first are read into slots
// of 64 KiB: a longer one (no Linux notification is) is lost and reported
// as an error matching syscall.ENOBUFS.
func (c *Conn) ReceiveEach(ctx context.Context, b []byte, fn func([]byte) bool) error {
	return c.ReceiveEachPaced(ctx, b, fn, nil)
}

// maxPause bounds a sleep of ReceiveEachPaced.
const maxPause = 10 * time.Millisecond

// ReceiveEachPaced is ReceiveEach that can sleep instead of waiting for
// the next datagram, as a network driver polls instead of taking an
// interrupt per packet while traffic is heavy (Linux's NAPI). Each time
// it finds the queue empty, after fn(nil), it asks pause (if not nil) how
// long to sleep before reading again; 0 means wait as ReceiveEach does.
// A sleep is capped at 10 ms, and datagrams that arrive meanwhile wait in
// the socket's queue.
//
// In a storm of one-event datagrams this trades a bounded delay for
// wake-ups: a wait in the runtime's poller returns for every datagram,
// and its thread with it, while a sleep gathers the datagrams of its
// span for one read. The sleep is a raw nanosleep(2) on the calling
// goroutine's thread, which keeps its processor meanwhile (the poller
// would wake for each datagram that arrives), after yielding it once so
// that goroutines fn made ready run first: with GOMAXPROCS=1 they would
// otherwise wait out the sleep. Meanwhile the socket is muted in the
// runtime's poller, whose waiting thread the arrivals would otherwise
// wake one by one (see quieter). Close waits for a sleep to end.
func (c *Conn) ReceiveEachPaced(ctx context.Context, b []byte, fn func([]byte) bool, pause func() time.Duration) error {
	if !c.claim(modeCaller) {
		return ErrReaderMode
	}
	if len(b) == 0 {
		return errEmptyBuffer
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	c.rxMu.Lock()
	defer c.rxMu.Unlock()
	bt := &c.batch
	stop, err := bt.deliver(c.peers, fn)
	if stop || err != nil {
		return c.opError("receive", ctx, err)
	}
	control := c.rx.msg.Control != nil       // ReceiveGroup asked for groups
	defer func() { bt.iovs[0].Base = nil }() // do not keep b alive
	var rerr error
	read := func(fd uintptr) bool {
		for {
			if c.closed.Load() {
				rerr = errClosedConn
				return true
			}
			if err := ctx.Err(); err != nil {
				rerr = err
				return true
			}
			bt.arm(b, control)
			k, errno := bt.recvmmsg(fd)
			switch errno {
			case 0:
			case unix.EAGAIN:
				k = -1
			default:
				rerr = os.NewSyscallError("recvmmsg", errno)
				return true
			}
			if k >= 0 {
				bt.next, bt.count = 0, k
				if stop, rerr = bt.deliver(c.peers, fn); stop || rerr != nil {
					return true
				}
			}
			if k < batchSlots { // the queue was empty: wait
				if idle(fn, &stop) {
					return true
				}
				if pause == nil {
					return false
				}
				d := pause()
				if d <= 0 {
					return false
				}
				muted := c.quiet.mute(int(fd))
				sleepRaw(min(d, maxPause))
				if muted {
					c.quiet.unmute(int(fd))
				}
			}
		}
	}
	err = c.wait(ctx, func() error { return c.raw.Read(read) }, c.nl.SetReadDeadline)
	if err == nil {
		err = rerr
	}
	return c.opError("receive", ctx, err)
}

// idle tells fn, with a nil datagram, that the queue is empty and
// ReceiveEach is about to wait; it returns what the read callback
// returns: false to wait, true when fn stopped it.
func idle(fn func([]byte) bool, stop *bool) bool {
	*stop = !fn(nil)
	return *stop
}

// sleepRaw yields the processor once, then sleeps d on this thread
// without telling the scheduler (see ReceiveEachPaced). A signal (the
// scheduler's preemption) may end it early.
func sleepRaw(d time.Duration) {
	runtime.Gosched()
	ts := unix.NsecToTimespec(int64(d))
	unix.RawSyscall(unix.SYS_NANOSLEEP, uintptr(unsafe.Pointer(&ts)), 0, 0)
}
