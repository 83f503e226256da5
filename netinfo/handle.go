package netinfo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"syscall"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

// An Option configures Open.
type Option func(*options)

type options struct {
	dial   func(context.Context) (Conn, error)
	netns  string
	rcvbuf int
	remote string // WithRemote's address
	err    error  // an option's invalid argument, reported by Open
}

// WithNetNS opens the handle in the network namespace at path, such as
// /var/run/netns/NAME (Linux; elsewhere Open fails with ErrNotSupported).
func WithNetNS(path string) Option { return func(o *options) { o.netns = path } }

// WithTransport makes the handle speak RTNL over t instead of the
// platform default. t may return its own connection type, such as
// *rtnlemu.Conn: netinfo.WithTransport(rtnlemu.New(src)).
func WithTransport[C Conn](t Dialer[C]) Option {
	return func(o *options) { o.dial = dialFunc(t) }
}

// WithReceiveBuffer sets the kernel receive buffer of the handle's
// sockets in bytes (Linux), or with WithRemote the events each connection
// holds for its reader. The default is sized for event storms.
func WithReceiveBuffer(bytes int) Option { return func(o *options) { o.rcvbuf = bytes } }

// recvBufSize is the size of every receive buffer. The kernel builds dump
// datagrams of at most 32 KiB; a larger buffer leaves room for a single
// unusually large message (a link with many attributes).
const recvBufSize = 256 << 10

// maxIdleConns bounds the pool of request connections kept open.
const maxIdleConns = 4

// A Handle is an open view of one network stack. Its methods are safe for
// concurrent use: each request runs on a connection of its own, taken
// from a small pool, so dumps run in parallel beside watchers.
type Handle struct {
	dial           func(context.Context) (Conn, error)
	closeTransport func() error
	seq            atomic.Uint32
	// dumpLens holds the record count of the last dump of each kind
	// (links, addresses, routes, neighbours), a size hint for the next.
	dumpLens [4]atomic.Int32

	mu       sync.Mutex
	closed   bool
	idle     []*reqConn
	busy     map[*reqConn]struct{}
	watchers map[*Watcher]struct{}
	raws     map[*RawConn]struct{}

	// local is set for the platform's own transport: file descriptors
	// sent in requests (IFLA_NET_NS_FD) and /dev/net/tun are this
	// process's. netns is the handle's namespace (netns.go), nil for
	// the caller's.
	local bool
	netns io.Closer
}

// reqConn is a pooled connection with its receive buffers.
type reqConn struct {
	conn     Conn
	buf      []byte   // for requests and acks
	dumpBufs [][]byte // for dumps, made as they need them (dump.go)
	scratch  decodeScratch
}

// Open opens the platform's default transport (or the one given with
// WithTransport) and checks that it answers.
func Open(opts ...Option) (*Handle, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	h := &Handle{
		busy:     map[*reqConn]struct{}{},
		watchers: map[*Watcher]struct{}{},
		raws:     map[*RawConn]struct{}{},
	}
	switch {
	case o.err != nil:
		return nil, o.err
	case o.dial != nil && o.netns != "":
		return nil, errors.New("netinfo: WithNetNS and WithTransport cannot be combined")
	case o.remote != "" && (o.dial != nil || o.netns != ""):
		return nil, errors.New("netinfo: WithRemote cannot be combined with WithNetNS or WithTransport (the server chooses the namespace)")
	case o.remote != "":
		h.dial = remoteTransport(&o)
	case o.dial != nil:
		h.dial = o.dial
	default:
		dial, closeFn, err := defaultTransport(&o)
		if err != nil {
			return nil, err
		}
		h.dial, h.closeTransport = dial, closeFn
		if err := h.holdNetNS(o.netns); err != nil {
			h.Close()
			return nil, err
		}
	}
	// Dial once now, so that a missing namespace or privilege shows here
	// rather than on the first call.
	rc, err := h.getConn(context.Background())
	if err != nil {
		h.Close()
		return nil, err
	}
	h.putConn(rc)
	return h, nil
}

// Close releases the handle. Watchers and raw connections opened from it
// stop; calls in progress return ErrClosed.
func (h *Handle) Close() error {
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return nil
	}
	h.closed = true
	conns := h.idle
	h.idle = nil
	for rc := range h.busy {
		conns = append(conns, rc)
	}
	var watchers []*Watcher
	for w := range h.watchers {
		watchers = append(watchers, w)
	}
	var raws []*RawConn
	for r := range h.raws {
		raws = append(raws, r)
	}
	h.mu.Unlock()

	for _, rc := range conns {
		rc.conn.Close()
	}
	for _, w := range watchers {
		w.Close()
	}
	for _, r := range raws {
		r.Close()
	}
	if h.netns != nil {
		h.netns.Close()
	}
	if h.closeTransport != nil {
		return h.closeTransport()
	}
	return nil
}

// getConn takes an idle connection or dials a new one.
func (h *Handle) getConn(ctx context.Context) (*reqConn, error) {
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return nil, ErrClosed
	}
	if n := len(h.idle); n > 0 {
		rc := h.idle[n-1]
		h.idle = h.idle[:n-1]
		h.busy[rc] = struct{}{}
		h.mu.Unlock()
		return rc, nil
	}
	h.mu.Unlock()

	c, err := h.dial(ctx)
	if err != nil {
		return nil, wrapTransportError("open", err)
	}
	rc := &reqConn{conn: c, buf: make([]byte, recvBufSize)}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		c.Close()
		return nil, ErrClosed
	}
	h.busy[rc] = struct{}{}
	return rc, nil
}

// putConn returns a connection whose last exchange completed.
func (h *Handle) putConn(rc *reqConn) {
	h.mu.Lock()
	delete(h.busy, rc)
	if !h.closed && len(h.idle) < maxIdleConns {
		h.idle = append(h.idle, rc)
		h.mu.Unlock()
		return
	}
	h.mu.Unlock()
	rc.conn.Close()
}

// dropConn closes a connection left mid-exchange (an abandoned dump, an
// error): the kernel refuses a new dump on a socket with one running.
func (h *Handle) dropConn(rc *reqConn) {
	h.mu.Lock()
	delete(h.busy, rc)
	h.mu.Unlock()
	rc.conn.Close()
}

// isClosed reports whether Close has been called.
func (h *Handle) isClosed() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.closed
}

// dumpKind maps RTM_NEWLINK, NEWADDR, NEWROUTE and NEWNEIGH to 0..3.
func dumpKind(newType uint16) int { return int(newType-linux.RTM_NEWLINK) / 4 & 3 }

func (h *Handle) lastDumpLen(newType uint16) int {
	return int(h.dumpLens[dumpKind(newType)].Load())
}

func (h *Handle) setLastDumpLen(newType uint16, n int) {
	h.dumpLens[dumpKind(newType)].Store(int32(min(n, 1<<30)))
}

// nextSeq is the next automatic sequence number; never 0, which marks
// broadcasts.
func (h *Handle) nextSeq() uint32 {
	for {
		if s := h.seq.Add(1); s != 0 {
			return s
		}
	}
}

// wrapTransportError gives transport errors the package's sentinels:
// EOPNOTSUPP matches ErrNotSupported, a closed connection ErrClosed.
func wrapTransportError(op string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ErrClosed), errors.Is(err, ErrNotSupported):
		return err
	case errors.Is(err, net.ErrClosed):
		return fmt.Errorf("netinfo: %s: %w (%v)", op, ErrClosed, err)
	case errors.Is(err, syscall.EOPNOTSUPP), errors.Is(err, syscall.ENOTSUP):
		return fmt.Errorf("netinfo: %s: %w (%v)", op, ErrNotSupported, err)
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	}
	return fmt.Errorf("netinfo: %s: %w", op, err)
}

// closedOr turns an error seen after Close into ErrClosed.
func (h *Handle) closedOr(err error) error {
	if err != nil && h.isClosed() && !errors.Is(err, ErrClosed) {
		return fmt.Errorf("%w (%v)", ErrClosed, err)
	}
	return err
}

// request sends one non-dump request and waits for its answer: the ack
// (NLM_F_ACK) or a single reply message, whose payload fn receives.
func (h *Handle) request(ctx context.Context, op string, typ, flags uint16, payload func([]byte) []byte, fn func(h nlmsg.Header, b []byte) error) error {
	rc, err := h.getConn(ctx)
	if err != nil {
		return err
	}
	seq := h.nextSeq()
	msg := nlmsg.AppendHeader(make([]byte, 0, 256), typ, flags|linux.NLM_F_REQUEST, seq, 0)
	msg = nlmsg.Finish(payload(msg), 0)
	if err := rc.conn.Send(ctx, msg); err != nil {
		h.dropConn(rc)
		return h.closedOr(wrapTransportError(op, err))
	}
	for {
		n, err := rc.conn.Receive(ctx, rc.buf)
		if err != nil {
			h.dropConn(rc)
			return h.closedOr(wrapTransportError(op, err))
		}
		b := rc.buf[:n]
		for len(b) > 0 {
			mh, p, rest, ok := nlmsg.Next(b)
			if !ok {
				err := messageError(mh, b)
				h.dropConn(rc)
				return fmt.Errorf("netinfo: %s: %w", op, err)
			}
			b = rest
			if mh.Seq != seq {
				continue // a late answer to an earlier exchange
			}
			switch mh.Type {
			case linux.NLMSG_ERROR:
				// p is in rc.buf: read it before another caller may.
				err := parseError(mh, p, op)
				h.putConn(rc)
				return err
			case linux.NLMSG_NOOP, linux.NLMSG_OVERRUN:
				continue
			default:
				var ferr error
				if fn != nil {
					ferr = fn(mh, p)
				}
				if flags&linux.NLM_F_ACK == 0 {
					// No ack asked: this reply ends the exchange.
					h.putConn(rc)
					return ferr
				}
				if ferr != nil {
					h.dropConn(rc)
					return ferr
				}
			}
		}
	}
}
