//go:build linux

package backend_linux

import (
	"context"
	"fmt"
	"net"
	"os"
	"sync"

	"github.com/rtnlx/rtnlx/nlsock"

	"golang.org/x/sys/unix"
)

// DefaultReceiveBuffer is the receive buffer a Conn asks for when
// Config.ReceiveBuffer is 0: large enough to absorb an event storm of
// 100,000 route changes while the reader is busy.
const DefaultReceiveBuffer = 64 << 20

// sendBuffer is the send buffer a Conn asks for: requests are small, but a
// large batch or a long attribute list must still fit in one datagram. The
// kernel caps it at net.core.wmem_max.
const sendBuffer = 1 << 20

// nsGetNSType is the nsfs ioctl NS_GET_NSTYPE, _IO(0xb7, 0x3), which
// reports the kind of namespace a file refers to (x/sys does not define it).
const nsGetNSType = 0xb703

// Config configures a Transport.
type Config struct {
	// NetNS is the path of a network namespace file, such as
	// /var/run/netns/NAME or /proc/PID/ns/net. "" means the caller's
	// namespace.
	NetNS string

	// ReceiveBuffer is each Conn's kernel receive buffer in bytes; 0 means
	// DefaultReceiveBuffer.
	ReceiveBuffer int
}

// A Transport opens NETLINK_ROUTE connections in one network namespace.
// It is safe for concurrent use.
type Transport struct {
	rcvbuf int

	mu     sync.RWMutex // guards ns and closed against Close during Dial
	ns     *os.File     // the target namespace; nil for the caller's
	closed bool
}

// NewTransport returns a Transport for cfg. A namespace is opened now and
// held until Close, so a missing one is reported here, as an error matching
// fs.ErrNotExist; a file that is not a network namespace is an error too.
func NewTransport(cfg Config) (*Transport, error) {
	if cfg.ReceiveBuffer < 0 {
		return nil, fmt.Errorf("backend_linux: negative receive buffer %d", cfg.ReceiveBuffer)
	}
	t := &Transport{rcvbuf: cfg.ReceiveBuffer}
	if t.rcvbuf == 0 {
		t.rcvbuf = DefaultReceiveBuffer
	}
	if cfg.NetNS != "" {
		ns, err := openNetNS(cfg.NetNS)
		if err != nil {
			return nil, err
		}
		t.ns = ns
	}
	return t, nil
}

// openNetNS opens path and checks that it is a network namespace.
func openNetNS(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("backend_linux: network namespace: %w", err)
	}
	sc, err := f.SyscallConn()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("backend_linux: network namespace %s: %w", path, err)
	}
	var kind int
	var ioctlErr error
	if err := sc.Control(func(fd uintptr) {
		kind, ioctlErr = unix.IoctlRetInt(int(fd), nsGetNSType)
	}); err != nil {
		ioctlErr = err
	}
	if ioctlErr != nil || kind != unix.CLONE_NEWNET {
		f.Close()
		return nil, fmt.Errorf("backend_linux: %s is not a network namespace file", path)
	}
	return f, nil
}

// Dial opens a new NETLINK_ROUTE socket in the Transport's namespace.
func (t *Transport) Dial(ctx context.Context) (*Conn, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	t.mu.RLock()
	defer t.mu.RUnlock()
	if t.closed {
		return nil, fmt.Errorf("backend_linux: dial: %w", net.ErrClosed)
	}
	cfg := nlsock.Config{
		ReceiveBuffer: t.rcvbuf,
		SendBuffer:    sendBuffer,
		// NETLINK_EXT_ACK, so errors carry the kernel's text, and
		// NETLINK_GET_STRICT_CHK, so the kernel applies dump filters.
		Strict: true,
	}
	if t.ns != nil {
		// The namespace file held open since NewTransport, by a path
		// that stays valid while it is open.
		cfg.NetNS = fmt.Sprintf("/proc/self/fd/%d", t.ns.Fd())
	}
	c, err := nlsock.Dial(nlsock.Route, &cfg)
	if err != nil {
		return nil, fmt.Errorf("backend_linux: %w", err)
	}
	return c, nil
}

// Close releases the namespace. Conns already dialled keep working.
func (t *Transport) Close() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return nil
	}
	t.closed = true
	if t.ns != nil {
		return t.ns.Close()
	}
	return nil
}
