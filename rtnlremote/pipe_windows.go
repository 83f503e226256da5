package rtnlremote

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"sync"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
)

// pipeBufSize is each pipe instance's buffer, each way: a frame of a
// dump (netinfo's 256 KiB datagrams) passes in a few writes.
const pipeBufSize = 64 << 10

// pipeBusyRetry is how often a dial retries while every instance of the
// pipe is taken (the server makes the next one as it accepts).
const pipeBusyRetry = 10 * time.Millisecond

// A pipeListener accepts clients on a named pipe: it keeps one instance
// waiting for the next client and makes another each time one connects.
// The instances are overlapped; a connected one becomes an *os.File,
// which the runtime's I/O completion port serves with deadlines, as it
// serves sockets.
type pipeListener struct {
	name   *uint16
	addr   pipeAddr
	sa     *windows.SecurityAttributes
	closed windows.Handle // event set by Close: ends a pending Accept

	acceptMu sync.Mutex     // one Accept at a time; Close waits for it
	next     windows.Handle // the instance waiting for a client, 0 if none

	mu       sync.Mutex
	isClosed bool
}

func listenPipe(name, sddl string) (net.Listener, error) {
	sd, err := windows.SecurityDescriptorFromString(sddl)
	if err != nil {
		return nil, fmt.Errorf("rtnlremote: pipe security descriptor %q: %w", sddl, err)
	}
	name16, err := windows.UTF16PtrFromString(name)
	if err != nil {
		return nil, fmt.Errorf("rtnlremote: pipe name %q: %w", name, err)
	}
	l := &pipeListener{
		name: name16,
		addr: pipeAddr(name),
		sa: &windows.SecurityAttributes{
			Length:             uint32(unsafe.Sizeof(windows.SecurityAttributes{})),
			SecurityDescriptor: sd,
		},
	}
	// The first instance makes the pipe, with the descriptor; it fails
	// if another process already serves the name.
	if l.next, err = l.instance(true); err != nil {
		return nil, err
	}
	if l.closed, err = windows.CreateEvent(nil, 1, 0, nil); err != nil {
		windows.CloseHandle(l.next)
		return nil, os.NewSyscallError("CreateEvent", err)
	}
	return l, nil
}

// instance makes an instance of the pipe for the next client. Remote
// clients are refused: the daemon serves its own machine.
func (l *pipeListener) instance(first bool) (windows.Handle, error) {
	mode := uint32(windows.PIPE_ACCESS_DUPLEX | windows.FILE_FLAG_OVERLAPPED)
	if first {
		mode |= windows.FILE_FLAG_FIRST_PIPE_INSTANCE
	}
	h, err := windows.CreateNamedPipe(l.name, mode,
		windows.PIPE_TYPE_BYTE|windows.PIPE_READMODE_BYTE|windows.PIPE_WAIT|windows.PIPE_REJECT_REMOTE_CLIENTS,
		windows.PIPE_UNLIMITED_INSTANCES, pipeBufSize, pipeBufSize, 0, l.sa)
	if err != nil {
		return 0, &net.OpError{Op: "listen", Net: "pipe", Addr: l.addr, Err: os.NewSyscallError("CreateNamedPipe", err)}
	}
	return h, nil
}

// Accept waits for a client and returns its connection.
func (l *pipeListener) Accept() (net.Conn, error) {
	l.acceptMu.Lock()
	defer l.acceptMu.Unlock()
	for {
		l.mu.Lock()
		closed := l.isClosed
		l.mu.Unlock()
		if closed {
			return nil, &net.OpError{Op: "accept", Net: "pipe", Addr: l.addr, Err: net.ErrClosed}
		}
		if l.next == 0 { // the last Accept could not make one
			h, err := l.instance(false)
			if err != nil {
				return nil, err
			}
			l.next = h
		}
		err := l.connect(l.next)
		if errors.Is(err, windows.ERROR_NO_DATA) {
			// The client came and went before we saw it: make the
			// instance wait for the next.
			windows.DisconnectNamedPipe(l.next)
			continue
		}
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				continue // reported above, under mu
			}
			return nil, &net.OpError{Op: "accept", Net: "pipe", Addr: l.addr, Err: err}
		}
		h := l.next
		// The next instance waits from now on, so that a client dialing
		// meanwhile finds the pipe busy (and retries), not missing.
		l.next, _ = l.instance(false)
		return newPipeConn(h, l.addr), nil
	}
}

// connect waits until a client connects to instance h, or Close.
func (l *pipeListener) connect(h windows.Handle) error {
	ev, err := windows.CreateEvent(nil, 1, 0, nil)
	if err != nil {
		return os.NewSyscallError("CreateEvent", err)
	}
	defer windows.CloseHandle(ev)
	o := &windows.Overlapped{HEvent: ev} // on the heap: the system writes it until the wait ends
	switch err := windows.ConnectNamedPipe(h, o); {
	case err == nil, errors.Is(err, windows.ERROR_PIPE_CONNECTED):
		return nil
	case !errors.Is(err, windows.ERROR_IO_PENDING):
		return os.NewSyscallError("ConnectNamedPipe", err)
	}
	w, err := windows.WaitForMultipleObjects([]windows.Handle{ev, l.closed}, false, windows.INFINITE)
	var n uint32
	if err != nil || w != windows.WAIT_OBJECT_0 {
		windows.CancelIoEx(h, o)
		windows.GetOverlappedResult(h, o, &n, true)
		if err != nil {
			return os.NewSyscallError("WaitForMultipleObjects", err)
		}
		return net.ErrClosed
	}
	if err := windows.GetOverlappedResult(h, o, &n, false); err != nil {
		return os.NewSyscallError("ConnectNamedPipe", err)
	}
	return nil
}

// Close stops Accept and removes the waiting instance; connections
// already accepted stay.
func (l *pipeListener) Close() error {
	l.mu.Lock()
	if l.isClosed {
		l.mu.Unlock()
		return nil
	}
	l.isClosed = true
	windows.SetEvent(l.closed)
	l.mu.Unlock()
	l.acceptMu.Lock() // a pending Accept returns on the event
	defer l.acceptMu.Unlock()
	if l.next != 0 {
		windows.CloseHandle(l.next)
		l.next = 0
	}
	windows.CloseHandle(l.closed)
	return nil
}

// Addr is the pipe's name.
func (l *pipeListener) Addr() net.Addr { return l.addr }

// dialPipe connects to the pipe name, retrying while its instances are
// all taken, until ctx ends.
func dialPipe(ctx context.Context, name string) (net.Conn, error) {
	name16, err := windows.UTF16PtrFromString(name)
	if err != nil {
		return nil, fmt.Errorf("pipe name %q: %w", name, err)
	}
	for {
		// Read and write data, no more: FILE_APPEND_DATA on a pipe
		// would be the right to create instances of it, which
		// DefaultPipeSDDL gives only the server. The server identifies
		// its client by process, not by impersonating it.
		h, err := windows.CreateFile(name16, windows.GENERIC_READ|windows.FILE_WRITE_DATA, 0, nil,
			windows.OPEN_EXISTING, windows.FILE_FLAG_OVERLAPPED|windows.SECURITY_SQOS_PRESENT|windows.SECURITY_IDENTIFICATION, 0)
		if err == nil {
			return newPipeConn(h, pipeAddr(name)), nil
		}
		if !errors.Is(err, windows.ERROR_PIPE_BUSY) {
			return nil, &net.OpError{Op: "dial", Net: "pipe", Addr: pipeAddr(name), Err: os.NewSyscallError("CreateFile", err)}
		}
		select {
		case <-ctx.Done():
			return nil, &net.OpError{Op: "dial", Net: "pipe", Addr: pipeAddr(name), Err: ctx.Err()}
		case <-time.After(pipeBusyRetry):
		}
	}
}

// A pipeConn is one end of a connected pipe instance.
type pipeConn struct {
	f    *os.File // overlapped, on the runtime's completion port
	h    windows.Handle
	addr pipeAddr
}

func newPipeConn(h windows.Handle, addr pipeAddr) *pipeConn {
	return &pipeConn{f: os.NewFile(uintptr(h), string(addr)), h: h, addr: addr}
}

func (c *pipeConn) Read(b []byte) (int, error)         { return c.f.Read(b) }
func (c *pipeConn) Write(b []byte) (int, error)        { return c.f.Write(b) }
func (c *pipeConn) Close() error                       { return c.f.Close() }
func (c *pipeConn) LocalAddr() net.Addr                { return c.addr }
func (c *pipeConn) RemoteAddr() net.Addr               { return c.addr }
func (c *pipeConn) SetDeadline(t time.Time) error      { return c.f.SetDeadline(t) }
func (c *pipeConn) SetReadDeadline(t time.Time) error  { return c.f.SetReadDeadline(t) }
func (c *pipeConn) SetWriteDeadline(t time.Time) error { return c.f.SetWriteDeadline(t) }
