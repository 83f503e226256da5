package main

import (
	"io"
	"os"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// quietWriter returns w, or, when w is a pipe, a writer to it whose
// writes do not wake the Go runtime's monitor thread.
//
// A write through an os.File is a system call the runtime is told of,
// and the first one after an idle spell wakes its sleeping monitor
// thread. In a route storm ipinfo monitor writes once per burst and
// waits between bursts, and that wake-up (a futex call, context switches,
// the thread's naps) cost more than the write itself (bench/RESULTS.md,
// watch-scale). A raw system call is not told, so it must never wait: a
// chunk of at most a page is written only when poll says the pipe has a
// free slot, which takes a page without waiting. Otherwise, and after
// any error (a broken pipe must end the process as an os.File's write
// ends it), the rest goes through the os.File.
func quietWriter(w io.Writer) io.Writer {
	f, ok := w.(*os.File)
	if !ok {
		return w
	}
	sc, err := f.SyscallConn()
	if err != nil {
		return w
	}
	fd := -1
	if sc.Control(func(s uintptr) { fd = int(s) }) != nil || fd < 0 {
		return w
	}
	var st unix.Stat_t
	if unix.Fstat(fd, &st) != nil || st.Mode&unix.S_IFMT != unix.S_IFIFO {
		return w
	}
	return &pipeWriter{f: f, fd: fd}
}

// pipeWriter writes to a pipe with raw system calls while it has room
// (see quietWriter).
type pipeWriter struct {
	f  *os.File
	fd int
}

// pipeChunk is what a pipe with a free slot takes without waiting.
const pipeChunk = 4096

func (w *pipeWriter) Write(p []byte) (int, error) {
	n := 0
	for n < len(p) && w.room() {
		chunk := p[n:min(len(p), n+pipeChunk)]
		m, _, errno := syscall.RawSyscall(syscall.SYS_WRITE, uintptr(w.fd), uintptr(unsafe.Pointer(&chunk[0])), uintptr(len(chunk)))
		if errno != 0 {
			break
		}
		n += int(m)
	}
	if n == len(p) {
		return n, nil
	}
	m, err := w.f.Write(p[n:])
	return n + m, err
}

// room tells whether the pipe has a free slot, without waiting.
func (w *pipeWriter) room() bool {
	fds := [1]unix.PollFd{{Fd: int32(w.fd), Events: unix.POLLOUT}}
	var now unix.Timespec // a zero timeout: poll, do not wait
	n, _, errno := syscall.RawSyscall6(unix.SYS_PPOLL, uintptr(unsafe.Pointer(&fds[0])), 1, uintptr(unsafe.Pointer(&now)), 0, 0, 0)
	return errno == 0 && n == 1 && fds[0].Revents&(unix.POLLOUT|unix.POLLERR) == unix.POLLOUT
}
