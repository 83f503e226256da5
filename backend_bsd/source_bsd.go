//go:build darwin || dragonfly || freebsd || netbsd || openbsd

package backend_bsd

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"

	"github.com/rtnlx/rtnlx/rtnlemu"
	"golang.org/x/sys/unix"
)

// A source reads this host's network state from PF_ROUTE and serves it
// to rtnlemu: sysctl dumps for snapshots, the routing socket for the
// monitor, ioctls and routing messages for changes. It is safe for
// concurrent use.
type source struct {
	layout layout
	seq    atomic.Int32

	mu    sync.Mutex
	stats sourceStats
}

// sourceStats counts what the source dropped.
type sourceStats struct {
	Skipped   int // messages that failed to parse, in dumps and in the monitor
	Overflows int // losses the kernel reported to the monitor
}

// newSource returns the PF_ROUTE source of the running kernel.
func newSource() (*source, error) {
	o, ok := osFromGOOS(runtime.GOOS)
	if !ok {
		return nil, fmt.Errorf("backend_bsd: unsupported GOOS %s", runtime.GOOS)
	}
	l := layoutForArch(o, runtime.GOARCH)
	if err := checkKernelABI(l); err != nil {
		return nil, err
	}
	return &source{layout: l}, nil
}

// NewTransport returns an RTNL transport served from this host's
// PF_ROUTE: rtnlemu over a source.
func NewTransport(opts ...rtnlemu.Option) (*rtnlemu.Transport, error) {
	src, err := newSource()
	if err != nil {
		return nil, err
	}
	return rtnlemu.New(src, opts...), nil
}

// layout is the message layout the source parses with.
func (s *source) Layout() layout { return s.layout }

// Stats reports what the source dropped so far.
func (s *source) Stats() sourceStats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}

func (s *source) count(skipped, overflows int) {
	if skipped == 0 && overflows == 0 {
		return
	}
	s.mu.Lock()
	s.stats.Skipped += skipped
	s.stats.Overflows += overflows
	s.mu.Unlock()
}

// parse parses a dump and counts what it skipped.
func (s *source) parse(b []byte) []message {
	msgs, st := s.layout.ParseMessages(b)
	s.count(st.Skipped, 0)
	return msgs
}

// Snapshot implements rtnlemu.Source.
func (s *source) Snapshot(ctx context.Context, kinds rtnlemu.Kind) (*rtnlemu.Snapshot, error) {
	snap := &rtnlemu.Snapshot{}
	if kinds&(rtnlemu.KindLinks|rtnlemu.KindAddrs) != 0 {
		b, err := fetchRIB(afUnspec, int32(netRTIfList(s.layout.OS)), 0, 0, false)
		if err != nil {
			return nil, err
		}
		var fill fillFuncs
		if kinds&rtnlemu.KindAddrs != 0 {
			fd, err := unix.Socket(unix.AF_INET6, unix.SOCK_DGRAM, 0)
			if err == nil {
				defer unix.Close(fd)
				get := s.layout.Ioctls().GetAddrFlags6 // once per snapshot, not per address
				fill.AddrFlags6 = func(name string, ip netip.Addr) (uint32, error) {
					return s.addrFlags6(fd, get, name, ip)
				}
			}
		}
		if kinds&rtnlemu.KindLinks != 0 {
			fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM, 0)
			if err == nil {
				defer unix.Close(fd)
				io := s.layout.Ioctls() // once per snapshot, not per link
				fill.LinkState = func(name string) (linkState, bool) {
					req := io.MediaReq(name)
					if ioctl(fd, io.GetMedia, req) != nil {
						return stateUnknown, false // no media: lo0, utun...
					}
					return io.mediaLinkState(req)
				}
			}
		}
		links, addrs := s.layout.LinksAndAddrs(s.parse(b), fill)
		if kinds&rtnlemu.KindLinks != 0 {
			snap.Links = links
		}
		if kinds&rtnlemu.KindAddrs != 0 {
			snap.Addrs = addrs
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if kinds&rtnlemu.KindRoutes != 0 {
		tables, withTable := routeTables()
		for _, t := range tables {
			b, err := fetchRIB(afUnspec, netRTDump, 0, t, withTable)
			if err != nil {
				if t != 0 && (errors.Is(err, syscall.ENOENT) || errors.Is(err, syscall.EINVAL)) {
					continue // an OpenBSD rtable that does not exist
				}
				return nil, err
			}
			snap.Routes = append(snap.Routes, s.layout.Routes(s.parse(b), uint32(t))...)
		}
	}
	if kinds&rtnlemu.KindNeighbors != 0 {
		now := clock{Wall: time.Now().Unix(), Uptime: uptimeSeconds()}
		for _, af := range []int32{afInet, int32(s.layout.AFInet6)} {
			// FreeBSD dumps its lltables only per family.
			b, err := fetchRIB(af, netRTFlags, rtfLLInfo, 0, false)
			if err != nil {
				if errors.Is(err, syscall.EAFNOSUPPORT) {
					continue
				}
				return nil, err
			}
			snap.Neighbors = append(snap.Neighbors, s.layout.Neighbors(s.parse(b), now)...)
		}
	}
	return snap, nil
}

// addrFlags6 reads an IPv6 address's IN6_IFF_* flags with
// SIOCGIFAFLAG_IN6.
func (s *source) addrFlags6(fd int, get uint32, name string, ip netip.Addr) (uint32, error) {
	var zone uint32
	if ip.IsLinkLocalUnicast() {
		if ifi, err := interfaceByName(name); err == nil {
			zone = uint32(ifi)
		}
	}
	req := s.layout.In6Ifreq(name, ip, zone)
	if err := ioctl(fd, get, req); err != nil {
		return 0, err
	}
	return addrFlags6Of(req), nil
}

// Monitor implements rtnlemu.Notifier: it reads the routing socket until
// ctx ends. On FreeBSD a routing socket hears the route changes of its
// own FIB only, so there is one socket per FIB.
func (s *source) Monitor(ctx context.Context, changes chan<- rtnlemu.Change) error {
	fibs, _ := routeTables()
	if s.layout.OS != osFreeBSD {
		fibs = fibs[:1] // OpenBSD's socket hears every rtable
	}
	var files []*os.File
	for _, fib := range fibs {
		f, err := openRouteSocket(uint32(fib))
		if err != nil {
			if fib != 0 {
				continue // a FIB that went away
			}
			for _, f := range files {
				f.Close()
			}
			return err
		}
		files = append(files, f)
	}
	if len(files) == 0 {
		return os.NewSyscallError("socket", syscall.EAFNOSUPPORT)
	}
	// Each socket has a reader; the monitor reads their datagrams, in
	// the order they arrive, from one channel.
	type datagram struct {
		b   []byte
		err error
	}
	dgrams := make(chan datagram)
	stopped := make(chan struct{})
	var wg sync.WaitGroup
	for _, f := range files {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, 64<<10)
			for {
				n, err := f.Read(buf)
				d := datagram{b: append([]byte(nil), buf[:n]...), err: err}
				select {
				case dgrams <- d:
				case <-stopped:
					return
				}
			}
		}()
	}
	read := func(b []byte) (int, error) {
		select {
		case d := <-dgrams:
			return copy(b, d.b), d.err
		case <-stopped:
			return 0, os.ErrClosed
		}
	}
	var once sync.Once
	stop := func() {
		once.Do(func() {
			close(stopped)
			for _, f := range files {
				f.Close() // wakes a Read waiting in the poller
			}
		})
	}
	defer wg.Wait()
	defer stop()
	var st monitorStats
	err := runMonitor(ctx, s.layout, read, stop, changes, &st)
	s.count(st.Skipped, st.Overflows)
	return err
}

// openRouteSocket opens a routing socket for the monitor: a large
// receive buffer, loss reported as ENOBUFS where the kernel can, the
// given FIB, non-blocking behind Go's poller so that Close wakes a read.
func openRouteSocket(fib uint32) (*os.File, error) {
	fd, err := unix.Socket(unix.AF_ROUTE, unix.SOCK_RAW, unix.AF_UNSPEC)
	if err != nil {
		return nil, os.NewSyscallError("socket", err)
	}
	// A large buffer rides out storms; the kernel may cap it, so step
	// down until it takes one.
	for size := 8 << 20; size >= 256<<10; size /= 2 {
		if unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_RCVBUF, size) == nil {
			break
		}
	}
	setReceiveErrors(fd)
	if err := setSocketFIB(fd, fib); err != nil {
		unix.Close(fd)
		return nil, os.NewSyscallError("setsockopt", err)
	}
	if err := unix.SetNonblock(fd, true); err != nil {
		unix.Close(fd)
		return nil, os.NewSyscallError("setnonblock", err)
	}
	return os.NewFile(uintptr(fd), "route"), nil
}

// ioctl makes an ioctl whose argument is the bytes of req, in and out.
// x/sys/unix exports pointer ioctls only for typed arguments; its
// IoctlSetTermios passes the pointer through untouched, and the kernel
// reads and writes as many bytes as req's number says, so the buffer
// is typed as a Termios only to cross that API. The buffer is larger
// than both a Termios and any request made here.
func ioctl(fd int, req uint32, buf []byte) error {
	var words [64]uint64
	raw := unsafe.Slice((*byte)(unsafe.Pointer(&words[0])), len(words)*8)
	if len(buf) > len(raw) || unsafe.Sizeof(unix.Termios{}) > uintptr(len(raw)) {
		return syscall.EINVAL
	}
	copy(raw, buf)
	err := unix.IoctlSetTermios(fd, uint(req), (*unix.Termios)(unsafe.Pointer(&words[0])))
	copy(buf, raw)
	return err
}
