package netinfo

import (
	"fmt"
	"os"
	"strconv"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

// A NetNS names a Linux network namespace: by the path of its file
// (/run/netns/NAME, /proc/PID/ns/net), by an open file descriptor of
// one, or by a process in it. Make one with NetNSPath, NetNSFd or
// NetNSPid.
type NetNS struct {
	path string
	fd   int
	pid  int
	by   byte // 'p'ath, 'f'd or p'i'd
}

// NetNSPath names the namespace whose file is at path, such as
// /run/netns/NAME.
func NetNSPath(path string) *NetNS { return &NetNS{path: path, by: 'p'} }

// NetNSFd names the namespace an open file descriptor refers to. The
// descriptor must stay open while it is used.
func NetNSFd(fd int) *NetNS { return &NetNS{fd: fd, by: 'f'} }

// NetNSPid names the namespace of process pid.
func NetNSPid(pid int) *NetNS { return &NetNS{pid: pid, by: 'i'} }

// String prints the path, "fd N" or "pid N".
func (n *NetNS) String() string {
	switch n.by {
	case 'p':
		return n.path
	case 'f':
		return "fd " + strconv.Itoa(n.fd)
	case 'i':
		return "pid " + strconv.Itoa(n.pid)
	}
	return "no namespace"
}

// validate checks that n names a namespace in a way that can work.
func (n *NetNS) validate(op, field string) error {
	switch {
	case n == nil || n.by == 0:
		return invalid(op, field, "no namespace given (use NetNSPath, NetNSFd or NetNSPid)")
	case n.by == 'p' && n.path == "":
		return invalid(op, field, "empty path")
	case n.by == 'f' && n.fd < 0:
		return invalid(op, field, "negative file descriptor %d", n.fd)
	case n.by == 'i' && n.pid <= 0:
		return invalid(op, field, "process id %d is not positive", n.pid)
	}
	return nil
}

// procPath is a path that opens the namespace: its own, /proc/self/fd/N
// or /proc/PID/ns/net.
func (n *NetNS) procPath() string {
	switch n.by {
	case 'f':
		return "/proc/self/fd/" + strconv.Itoa(n.fd)
	case 'i':
		return "/proc/" + strconv.Itoa(n.pid) + "/ns/net"
	}
	return n.path
}

// WithNetNSFd opens the handle in the network namespace an open file
// descriptor refers to (Linux; elsewhere Open fails with
// ErrNotSupported). The handle keeps its own reference: fd may be
// closed once Open returns.
func WithNetNSFd(fd int) Option {
	return func(o *options) {
		ns := NetNSFd(fd)
		if err := ns.validate("open", "WithNetNSFd"); err != nil {
			o.err = err
			return
		}
		o.netns = ns.procPath()
	}
}

// WithNetNSPid opens the handle in the network namespace of process pid
// (Linux; elsewhere Open fails with ErrNotSupported).
func WithNetNSPid(pid int) Option {
	return func(o *options) {
		ns := NetNSPid(pid)
		if err := ns.validate("open", "WithNetNSPid"); err != nil {
			o.err = err
			return
		}
		o.netns = ns.procPath()
	}
}

// holdNetNS marks the handle as using the platform's own transport and
// keeps its namespace open, for the requests that need it (tun/tap
// devices are made by a file opened in the namespace).
func (h *Handle) holdNetNS(path string) error {
	h.local = true
	if path == "" {
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("netinfo: open: network namespace: %w", err)
	}
	h.netns = f
	return nil
}

// nsAttr is a namespace as a request names it: IFLA_NET_NS_FD with a
// file descriptor of this process, or IFLA_NET_NS_PID.
type nsAttr struct {
	typ  uint16
	val  uint32
	file *os.File // opened for the request, closed after it
}

// resolve turns n into the attribute a request carries. A path is
// opened, and must be closed with close after the request.
func (n *NetNS) resolve(h *Handle, op, field string) (nsAttr, error) {
	if err := n.validate(op, field); err != nil {
		return nsAttr{}, err
	}
	if !h.local {
		// A file descriptor or process id means nothing to an emulator
		// or a remote server.
		return nsAttr{}, fmt.Errorf("netinfo: %s: %s: %w by this transport", op, field, ErrNotSupported)
	}
	switch n.by {
	case 'f':
		return nsAttr{typ: linux.IFLA_NET_NS_FD, val: uint32(n.fd)}, nil
	case 'i':
		return nsAttr{typ: linux.IFLA_NET_NS_PID, val: uint32(n.pid)}, nil
	}
	f, err := os.Open(n.path)
	if err != nil {
		return nsAttr{}, fmt.Errorf("netinfo: %s: %s: %w", op, field, err)
	}
	return nsAttr{typ: linux.IFLA_NET_NS_FD, val: uint32(f.Fd()), file: f}, nil
}

func (a *nsAttr) close() {
	if a.file != nil {
		a.file.Close()
	}
}

func (a *nsAttr) append(b []byte) []byte { return nlmsg.AppendU32(b, a.typ, a.val) }
