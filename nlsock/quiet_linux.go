//go:build linux

package nlsock

import (
	"bufio"
	"encoding/binary"
	"os"
	"strconv"
	"strings"
	"unsafe"

	"golang.org/x/sys/unix"
)

// A quieter stops a socket from waking the runtime's poller while
// ReceiveEachPaced sleeps in a burst. The socket is registered,
// edge-triggered, in the runtime's epoll set, and each datagram that
// arrives is an edge: a thread of the process waiting in epoll_wait
// (there is one whenever any goroutine waits on a descriptor or a timer
// is pending, that is in almost every program) wakes for it, finds no
// goroutine to run, and waits again. That was most of what a Watch in a
// storm cost above `ip monitor` (bench/RESULTS.md, watch-scale).
//
// The runtime does not give out its epoll descriptor, so the quieter
// finds it the way the kernel documents: the epoll descriptor whose
// /proc/self/fdinfo lists this socket (same descriptor number and inode)
// with the runtime's edge-triggered read-and-write interest. During the
// sleep it rewrites that entry (EPOLL_CTL_MOD) to fire once only
// (EPOLLONESHOT), keeping the runtime's interest and data word; after it,
// it restores the entry, which queues one edge if datagrams arrived
// meanwhile: at most two wake-ups per sleep, not one per datagram (the
// one shot is often spent at once, the socket being writable). The
// interest must stay: muted to none, an overflow (ENOBUFS) during the
// sleep was reported to the runtime as EPOLLERR alone, which it takes for
// a descriptor that cannot be polled, and every later read failed. When
// anything does not match (another runtime, no /proc), it does nothing
// and the sleep is as before.
type quieter struct {
	looked bool   // find ran
	epfd   int    // -1: not found
	events uint32 // the runtime's interest, restored after the sleep
	data   uint64 // the runtime's data word for the socket
}

// runtimeInterest is the interest the Go runtime registers a descriptor
// with: EPOLLIN|EPOLLOUT|EPOLLRDHUP|EPOLLET, the kernel adding EPOLLERR
// and EPOLLHUP to what it reports.
const runtimeInterest = unix.EPOLLIN | unix.EPOLLOUT | unix.EPOLLRDHUP | unix.EPOLLET

// find looks for the runtime's epoll descriptor holding fd.
func (q *quieter) find(fd int) {
	q.looked, q.epfd = true, -1
	var st unix.Stat_t
	if unix.Fstat(fd, &st) != nil {
		return
	}
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return
	}
	for _, e := range ents {
		if l, err := os.Readlink("/proc/self/fd/" + e.Name()); err != nil || l != "anon_inode:[eventpoll]" {
			continue
		}
		n, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if events, data, ok := epollEntry(n, fd, st.Ino); ok {
			if events&runtimeInterest == runtimeInterest {
				q.epfd, q.events, q.data = n, events, data
				return
			}
		}
	}
}

// epollEntry reads, from the fdinfo of epoll descriptor epfd, the entry
// of descriptor fd whose file has inode ino: a line
// "tfd: FD events: HEX data: HEX pos:N ino:HEX sdev:HEX".
func epollEntry(epfd, fd int, ino uint64) (events uint32, data uint64, ok bool) {
	f, err := os.Open("/proc/self/fdinfo/" + strconv.Itoa(epfd))
	if err != nil {
		return 0, 0, false
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		fs := strings.Fields(s.Text())
		if len(fs) < 8 || fs[0] != "tfd:" || fs[1] != strconv.Itoa(fd) || fs[2] != "events:" || fs[4] != "data:" {
			continue
		}
		ev, err1 := strconv.ParseUint(fs[3], 16, 32)
		da, err2 := strconv.ParseUint(fs[5], 16, 64)
		in, err3 := strconv.ParseUint(strings.TrimPrefix(fs[7], "ino:"), 16, 64)
		if err1 == nil && err2 == nil && err3 == nil && strings.HasPrefix(fs[7], "ino:") && in == ino {
			return uint32(ev), da, true
		}
	}
	return 0, 0, false
}

// set rewrites the socket's entry in the runtime's epoll set.
func (q *quieter) set(fd int, events uint32) error {
	ev := unix.EpollEvent{Events: events}
	// The data word starts at Fd, on every architecture's layout.
	binary.NativeEndian.PutUint64((*[8]byte)(unsafe.Pointer(&ev.Fd))[:], q.data)
	return unix.EpollCtl(q.epfd, unix.EPOLL_CTL_MOD, fd, &ev)
}

// mute stops the socket's edges and reports whether it did; unmute must
// follow a true result.
func (q *quieter) mute(fd int) bool {
	if !q.looked {
		q.find(fd)
	}
	if q.epfd < 0 {
		return false
	}
	if q.set(fd, q.events|unix.EPOLLONESHOT) != nil {
		q.epfd = -1 // never again on this socket
		return false
	}
	return true
}

// unmute restores the runtime's interest; an edge is queued at once if
// the socket is readable.
func (q *quieter) unmute(fd int) {
	if q.set(fd, q.events) != nil {
		q.epfd = -1
	}
}
