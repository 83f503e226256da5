//go:build linux

package nlsock

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"unsafe"

	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

// nsGetNSType is the nsfs ioctl NS_GET_NSTYPE, _IO(0xb7, 0x3), which
// reports the kind of namespace a file refers to (x/sys does not define it).
const nsGetNSType = 0xb703

// Reading modes: a socket has one reader, chosen by first use.
const (
	modeUnset int32 = iota
	modeCaller
	modeOwn
)

// A Conn is one netlink socket. It is safe for concurrent use, but only
// one goroutine may call Receive at a time.
type Conn struct {
	nl       *netlink.Conn
	raw      syscall.RawConn
	bus      int
	portID   uint32
	peers    bool
	limit    int
	closed   atomic.Bool
	seq      atomic.Uint32
	mode     atomic.Int32
	rxMu     sync.Mutex // one receiving goroutine at a time
	rx       receiver
	batch    batch   // ReceiveEach's; under rxMu too
	quiet    quieter // ReceiveEachPaced's; under rxMu too
	rxFunc   func(fd uintptr) bool
	rd       reader
	rdStart  sync.Once
	dumpSlot chan struct{} // held by the one dump in progress
}

// Dial opens a socket on the netlink bus (a constant such as [Route],
// [Generic] or [Netfilter], or any NETLINK_* number) as cfg says; a nil
// cfg is the zero Config.
func Dial(bus int, cfg *Config) (*Conn, error) {
	if cfg == nil {
		cfg = &Config{}
	}
	if cfg.ReceiveBuffer < 0 || cfg.SendBuffer < 0 || cfg.BacklogLimit < 0 {
		return nil, fmt.Errorf("nlsock: dial bus %d: negative buffer size or backlog limit", bus)
	}
	nc := &netlink.Config{Groups: cfg.Groups, PID: cfg.PortID, Strict: cfg.Strict}
	if cfg.NetNS != "" {
		ns, err := openNetNS(cfg.NetNS)
		if err != nil {
			return nil, err
		}
		defer ns.Close()
		nc.NetNS = int(ns.Fd())
	}
	nl, err := netlink.Dial(bus, nc)
	if err != nil {
		return nil, fmt.Errorf("nlsock: dial bus %d: %w", bus, err)
	}
	c, err := newConn(nl, bus, cfg)
	if err != nil {
		nl.Close()
		return nil, fmt.Errorf("nlsock: dial bus %d: %w", bus, err)
	}
	return c, nil
}

func newConn(nl *netlink.Conn, bus int, cfg *Config) (*Conn, error) {
	raw, err := nl.SyscallConn()
	if err != nil {
		return nil, err
	}
	c := &Conn{nl: nl, raw: raw, bus: bus, portID: nl.PID(), peers: cfg.AllowPeers, limit: cfg.BacklogLimit, dumpSlot: make(chan struct{}, 1)}
	if c.limit == 0 {
		c.limit = 1 << 16
	}
	c.rx.init()
	c.rxFunc = c.rx.recvmsg
	if !cfg.AllowPeers {
		// The kernel then refuses unicasts to us from other sockets.
		var cerr error
		if err := raw.Control(func(fd uintptr) {
			cerr = unix.Connect(int(fd), &unix.SockaddrNetlink{Family: unix.AF_NETLINK})
		}); err != nil {
			return nil, err
		}
		if cerr != nil {
			return nil, os.NewSyscallError("connect", cerr)
		}
	}
	if cfg.ReceiveBuffer > 0 {
		if err := c.SetReceiveBuffer(cfg.ReceiveBuffer); err != nil {
			return nil, err
		}
	}
	if cfg.SendBuffer > 0 {
		if err := c.SetSendBuffer(cfg.SendBuffer); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// openNetNS opens path and checks that it is a network namespace.
func openNetNS(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("nlsock: network namespace: %w", err)
	}
	kind, err := unix.IoctlRetInt(int(f.Fd()), nsGetNSType)
	if err != nil || kind != unix.CLONE_NEWNET {
		f.Close()
		return nil, fmt.Errorf("nlsock: %s is not a network namespace file", path)
	}
	return f, nil
}

// Bus is the netlink bus the socket was opened on.
func (c *Conn) Bus() int { return c.bus }

// PortID is the socket's port id (pymnl's get_portid): the one asked for
// in Config, or the one the kernel chose. It need not be the process id.
func (c *Conn) PortID() uint32 { return c.portID }

// NextSequence returns a fresh sequence number for a request on this
// socket; Request and Put use it when a message's is 0.
func (c *Conn) NextSequence() uint32 {
	for {
		if s := c.seq.Add(1); s != 0 {
			return s
		}
	}
}

// JoinGroup subscribes to the multicast group, any number (beyond 32 too).
func (c *Conn) JoinGroup(group uint32) error {
	return c.opError(fmt.Sprintf("join group %d", group), nil, c.nl.JoinGroup(group))
}

// LeaveGroup drops the subscription to the multicast group.
func (c *Conn) LeaveGroup(group uint32) error {
	return c.opError(fmt.Sprintf("leave group %d", group), nil, c.nl.LeaveGroup(group))
}

// Groups returns the multicast groups the socket has joined, ascending
// (pymnl's get_groups, through NETLINK_LIST_MEMBERSHIPS, so groups beyond
// 32 are listed too).
func (c *Conn) Groups() ([]uint32, error) {
	words := make([]uint32, 4)
	for {
		b, err := c.Sockopt(unix.SOL_NETLINK, unix.NETLINK_LIST_MEMBERSHIPS, 4*len(words))
		if err != nil {
			return nil, err
		}
		if len(b) > 4*len(words) { // the kernel says how much it needs
			words = make([]uint32, (len(b)+3)/4)
			continue
		}
		var groups []uint32
		for i := 0; i+4 <= len(b); i += 4 {
			w := *(*uint32)(unsafe.Pointer(&b[i]))
			for bit := range 32 {
				if w&(1<<bit) != 0 {
					groups = append(groups, uint32(i/4*32+bit+1))
				}
			}
		}
		return groups, nil
	}
}

// SetOption turns a named netlink socket option on or off. Turning
// PacketInfo off is refused while the Conn's own reader runs, which needs
// it.
func (c *Conn) SetOption(o Option, on bool) error {
	if o == PacketInfo && !on && c.mode.Load() == modeOwn {
		return fmt.Errorf("nlsock: %v is needed by the socket's reader", o)
	}
	v := 0
	if on {
		v = 1
	}
	if err := c.SetSockoptInt(unix.SOL_NETLINK, int(o), v); err != nil {
		return err
	}
	return nil
}

// Option reports whether a named netlink socket option is on.
func (c *Conn) Option(o Option) (bool, error) {
	v, err := c.SockoptInt(unix.SOL_NETLINK, int(o))
	return v != 0, err
}

// SetReceiveBuffer sets the kernel receive buffer to bytes: beyond
// net.core.rmem_max with SO_RCVBUFFORCE when the caller has
// CAP_NET_ADMIN, else with SO_RCVBUF (which the kernel caps).
func (c *Conn) SetReceiveBuffer(bytes int) error {
	err := c.SetSockoptInt(unix.SOL_SOCKET, unix.SO_RCVBUFFORCE, bytes)
	if errors.Is(err, unix.EPERM) {
		err = c.SetSockoptInt(unix.SOL_SOCKET, unix.SO_RCVBUF, bytes)
	}
	return err
}

// SetSendBuffer sets the kernel send buffer to bytes (SO_SNDBUFFORCE
// when permitted, else SO_SNDBUF).
func (c *Conn) SetSendBuffer(bytes int) error {
	err := c.SetSockoptInt(unix.SOL_SOCKET, unix.SO_SNDBUFFORCE, bytes)
	if errors.Is(err, unix.EPERM) {
		err = c.SetSockoptInt(unix.SOL_SOCKET, unix.SO_SNDBUF, bytes)
	}
	return err
}

// ReceiveBuffer is the kernel receive buffer's size (the kernel doubles
// what was asked, for its bookkeeping).
func (c *Conn) ReceiveBuffer() (int, error) { return c.SockoptInt(unix.SOL_SOCKET, unix.SO_RCVBUF) }

// SendBuffer is the kernel send buffer's size.
func (c *Conn) SendBuffer() (int, error) { return c.SockoptInt(unix.SOL_SOCKET, unix.SO_SNDBUF) }

// SetSockoptInt sets an integer socket option at any level.
func (c *Conn) SetSockoptInt(level, name, value int) error {
	var serr error
	err := c.raw.Control(func(fd uintptr) { serr = unix.SetsockoptInt(int(fd), level, name, value) })
	if err == nil && serr != nil {
		err = os.NewSyscallError("setsockopt", serr)
	}
	return c.opError(fmt.Sprintf("setsockopt %d/%d", level, name), nil, err)
}

// SockoptInt reads an integer socket option at any level.
func (c *Conn) SockoptInt(level, name int) (int, error) {
	var v int
	var serr error
	err := c.raw.Control(func(fd uintptr) { v, serr = unix.GetsockoptInt(int(fd), level, name) })
	if err == nil && serr != nil {
		err = os.NewSyscallError("getsockopt", serr)
	}
	return v, c.opError(fmt.Sprintf("getsockopt %d/%d", level, name), nil, err)
}

// SetSockopt sets a socket option at any level to the bytes of value.
func (c *Conn) SetSockopt(level, name int, value []byte) error {
	var serr error
	err := c.raw.Control(func(fd uintptr) {
		var p unsafe.Pointer
		if len(value) > 0 {
			p = unsafe.Pointer(&value[0])
		}
		_, _, errno := unix.Syscall6(unix.SYS_SETSOCKOPT, fd, uintptr(level), uintptr(name), uintptr(p), uintptr(len(value)), 0)
		if errno != 0 {
			serr = errno
		}
	})
	if err == nil && serr != nil {
		err = os.NewSyscallError("setsockopt", serr)
	}
	return c.opError(fmt.Sprintf("setsockopt %d/%d", level, name), nil, err)
}

// Sockopt reads a socket option at any level into a buffer of size bytes
// and returns what the kernel wrote. The result is longer than size when
// the kernel reports that it needs more room (its bytes past size are
// zero): call again with a larger size.
func (c *Conn) Sockopt(level, name, size int) ([]byte, error) {
	b := make([]byte, max(size, 1))
	n := uint32(size)
	var serr error
	err := c.raw.Control(func(fd uintptr) {
		_, _, errno := unix.Syscall6(unix.SYS_GETSOCKOPT, fd, uintptr(level), uintptr(name),
			uintptr(unsafe.Pointer(&b[0])), uintptr(unsafe.Pointer(&n)), 0)
		if errno != 0 {
			serr = errno
		}
	})
	if err == nil && serr != nil {
		err = os.NewSyscallError("getsockopt", serr)
	}
	if err != nil {
		return nil, c.opError(fmt.Sprintf("getsockopt %d/%d", level, name), nil, err)
	}
	if int(n) > size {
		return append(b[:size], make([]byte, int(n)-size)...), nil
	}
	return b[:n], nil
}

// skMeminfo indexes the array SO_MEMINFO returns (linux/sock_diag.h).
const (
	skMeminfoDrops = 8
	skMeminfoVars  = 9
)

// Drops returns how many messages the kernel has dropped for this socket
// since it was opened (sk_drops), for any reason, including the overflows
// it reported only once as ENOBUFS.
func (c *Conn) Drops() (uint32, error) {
	var info [skMeminfoVars]uint32
	var serr error
	err := c.raw.Control(func(fd uintptr) {
		size := uint32(unsafe.Sizeof(info))
		_, _, errno := unix.Syscall6(unix.SYS_GETSOCKOPT, fd, unix.SOL_SOCKET, unix.SO_MEMINFO,
			uintptr(unsafe.Pointer(&info[0])), uintptr(unsafe.Pointer(&size)), 0)
		if errno != 0 {
			serr = errno
		} else if size < (skMeminfoDrops+1)*4 {
			serr = fmt.Errorf("SO_MEMINFO returned %d bytes", size)
		}
	})
	if err == nil {
		err = serr
	}
	if err != nil {
		return 0, c.opError("drops", nil, err)
	}
	return info[skMeminfoDrops], nil
}

// SyscallConn gives raw access to the socket, for what this package does
// not wrap (a BPF filter, say). Reading from it behind the Conn's back
// loses messages.
func (c *Conn) SyscallConn() (syscall.RawConn, error) { return c.raw, nil }

// Close closes the socket, stops the Conn's reader if it runs, and makes
// pending and later calls return an error matching net.ErrClosed.
// Closing twice is not an error.
func (c *Conn) Close() error {
	if c.closed.Swap(true) {
		return nil
	}
	err := c.nl.Close()
	c.rd.stop()
	if err != nil {
		return fmt.Errorf("nlsock: close: %w", err)
	}
	return nil
}

// opError wraps err from op: a closed Conn gives net.ErrClosed, an ended
// ctx gives ctx.Err(), anything else is kept (so errnos stay matchable).
func (c *Conn) opError(op string, ctx context.Context, err error) error {
	switch {
	case err == nil:
		return nil
	case c.closed.Load():
		return fmt.Errorf("nlsock: %s: %w", op, net.ErrClosed)
	case ctx != nil && ctx.Err() != nil:
		return ctx.Err()
	default:
		return fmt.Errorf("nlsock: %s: %w", op, err)
	}
}
