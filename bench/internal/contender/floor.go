package contender

import (
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// floorBufferSize is the floor's receive buffer: 1 MiB, far more than
// the kernel ever puts in one dump datagram, so every datagram is read
// whole in one call.
const floorBufferSize = 1 << 20

// Floor is the reference every figure is divided by: a NETLINK_ROUTE
// socket opened in the namespace, a dump request, and a bare recvfrom
// loop that only walks netlink headers until NLMSG_DONE. No decoding,
// no allocation per message: what any library must pay at least.
type Floor struct {
	fd  int
	buf []byte
	seq uint32
	// netpoll, when set, makes the socket non-blocking and reads it
	// through Go's network poller, as Go netlink libraries do: the
	// difference from the blocking floor is what the poller costs.
	netpoll *os.File
	raw     syscall.RawConn
}

// NewFloor opens the floor's socket in the namespace at nsPath.
func NewFloor(nsPath string) (*Floor, error) { return newFloor(nsPath, false) }

// NewFloorNetpoll opens a floor whose socket is read through Go's
// network poller (non-blocking recvfrom, parking on EAGAIN) instead of
// blocking in recvfrom. It is a diagnostic row, not the reference.
func NewFloorNetpoll(nsPath string) (*Floor, error) { return newFloor(nsPath, true) }

func newFloor(nsPath string, netpoll bool) (*Floor, error) {
	f := &Floor{fd: -1, buf: make([]byte, floorBufferSize)}
	flags := unix.SOCK_RAW | unix.SOCK_CLOEXEC
	if netpoll {
		flags |= unix.SOCK_NONBLOCK
	}
	err := inNetNS(nsPath, func() error {
		fd, err := unix.Socket(unix.AF_NETLINK, flags, unix.NETLINK_ROUTE)
		if err != nil {
			return fmt.Errorf("floor: socket: %w", err)
		}
		f.fd = fd
		return nil
	})
	if err != nil {
		if f.fd >= 0 {
			unix.Close(f.fd)
		}
		return nil, err
	}
	if err := unix.Bind(f.fd, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		unix.Close(f.fd)
		return nil, fmt.Errorf("floor: bind: %w", err)
	}
	if netpoll {
		f.netpoll = os.NewFile(uintptr(f.fd), "netlink")
		raw, err := f.netpoll.SyscallConn()
		if err != nil {
			f.netpoll.Close()
			return nil, err
		}
		f.raw = raw
	}
	return f, nil
}

// Name implements Contender.
func (f *Floor) Name() string {
	if f.netpoll != nil {
		return "floor through Go's netpoller (diagnostic)"
	}
	return "floor (recvfrom, header walk)"
}

// InProcess implements Contender.
func (f *Floor) InProcess() bool { return true }

// Close implements Contender.
func (f *Floor) Close() error {
	if f.netpoll != nil {
		return f.netpoll.Close()
	}
	return unix.Close(f.fd)
}

// Dump implements Contender.
func (f *Floor) Dump(ctx context.Context, o Object) (Sample, error) {
	msgType, header := dumpRequest(o)
	f.seq++
	req := make([]byte, unix.NLMSG_HDRLEN+len(header))
	binary.NativeEndian.PutUint32(req[0:4], uint32(len(req)))
	binary.NativeEndian.PutUint16(req[4:6], msgType)
	binary.NativeEndian.PutUint16(req[6:8], unix.NLM_F_REQUEST|unix.NLM_F_DUMP)
	binary.NativeEndian.PutUint32(req[8:12], f.seq)
	if err := unix.Sendto(f.fd, req, 0, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		return Sample{}, fmt.Errorf("floor: send: %w", err)
	}
	records := 0
	for {
		if err := ctx.Err(); err != nil {
			return Sample{}, err
		}
		n, err := f.recv()
		if err != nil {
			return Sample{}, fmt.Errorf("floor: recvfrom: %w", err)
		}
		for off := 0; off+unix.NLMSG_HDRLEN <= n; {
			length := int(binary.NativeEndian.Uint32(f.buf[off:]))
			switch binary.NativeEndian.Uint16(f.buf[off+4:]) {
			case unix.NLMSG_DONE:
				return Sample{Records: records}, nil
			case unix.NLMSG_ERROR:
				errno := int32(binary.NativeEndian.Uint32(f.buf[off+unix.NLMSG_HDRLEN:]))
				return Sample{}, fmt.Errorf("floor: dump failed: %w", unix.Errno(-errno))
			case unix.NLMSG_NOOP:
			default:
				records++
			}
			if length < unix.NLMSG_HDRLEN {
				return Sample{}, fmt.Errorf("floor: malformed message length %d", length)
			}
			off += (length + unix.NLMSG_ALIGNTO - 1) &^ (unix.NLMSG_ALIGNTO - 1)
		}
	}
}

// recv is recvfrom(2) with no source address, made directly so that the
// loop allocates nothing (unix.Recvfrom builds a Sockaddr per call).
func (f *Floor) recv() (int, error) {
	if f.raw != nil {
		return f.recvNetpoll()
	}
	for {
		n, _, errno := unix.Syscall6(unix.SYS_RECVFROM, uintptr(f.fd),
			uintptr(unsafe.Pointer(&f.buf[0])), uintptr(len(f.buf)), 0, 0, 0)
		if errno == unix.EINTR {
			continue
		}
		if errno != 0 {
			return 0, errno
		}
		return int(n), nil
	}
}

// recvNetpoll is recv through the network poller: a non-blocking
// recvfrom that parks the goroutine on EAGAIN until the poller says the
// socket is readable.
func (f *Floor) recvNetpoll() (int, error) {
	var n uintptr
	var errno syscall.Errno
	err := f.raw.Read(func(fd uintptr) bool {
		for {
			n, _, errno = unix.Syscall6(unix.SYS_RECVFROM, fd,
				uintptr(unsafe.Pointer(&f.buf[0])), uintptr(len(f.buf)), 0, 0, 0)
			if errno != unix.EINTR {
				return errno != unix.EAGAIN
			}
		}
	})
	if err != nil {
		return 0, err
	}
	if errno != 0 {
		return 0, errno
	}
	return int(n), nil
}
