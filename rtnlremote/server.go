package rtnlremote

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
)

// A Conn is one connection to the backend a Server serves: the method
// set of netinfo.Conn, shaped like a NETLINK_ROUTE socket (this package
// cannot import netinfo, which imports it).
type Conn interface {
	Send(ctx context.Context, b []byte) error
	Receive(ctx context.Context, b []byte) (int, error)
	JoinGroup(group uint32) error
	LeaveGroup(group uint32) error
	PortID() uint32
	Close() error
}

// DefaultQueueBytes is a client's queue bound when Config.QueueBytes is
// zero: the payload bytes of frames waiting to be written to it.
const DefaultQueueBytes = 4 << 20

// Config configures a Server.
type Config struct {
	// Dial opens a connection to the backend. The server dials one per
	// client for its requests and one for the multicast subscription
	// all clients share. Required.
	Dial func(ctx context.Context) (Conn, error)

	// MayChange tells whether a client with these credentials may send
	// changes (every RTM_* request but the GET ones). nil allows the
	// peers for which Peer.Privileged holds.
	MayChange func(Peer) bool

	// QueueBytes bounds each client's queue; 0 means DefaultQueueBytes.
	QueueBytes int

	// Logger receives one line per client that is refused a change or
	// ended for malformed bytes. nil logs nothing.
	Logger *slog.Logger
}

// A Server serves one RTNL backend to clients over stream sockets.
type Server struct {
	cfg  Config
	log  *slog.Logger
	hub  *hub
	wg   sync.WaitGroup
	done chan struct{}

	mu        sync.Mutex
	closed    bool
	listeners map[net.Listener]struct{}
	sessions  map[*session]struct{}

	stats struct {
		accepted, malformed, refused, overflows, drops atomic.Uint64
	}
}

// ErrServerClosed is returned by Serve after Close.
var ErrServerClosed = errors.New("rtnlremote: server closed")

// NewServer makes a Server over cfg's backend.
func NewServer(cfg Config) (*Server, error) {
	if cfg.Dial == nil {
		return nil, errors.New("rtnlremote: Config.Dial is nil")
	}
	if cfg.QueueBytes < 0 {
		return nil, fmt.Errorf("rtnlremote: negative queue bound %d", cfg.QueueBytes)
	}
	if cfg.QueueBytes == 0 {
		cfg.QueueBytes = DefaultQueueBytes
	}
	if cfg.MayChange == nil {
		cfg.MayChange = Peer.Privileged
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s := &Server{
		cfg:       cfg,
		log:       log,
		done:      make(chan struct{}),
		listeners: map[net.Listener]struct{}{},
		sessions:  map[*session]struct{}{},
	}
	s.hub = newHub(s)
	return s, nil
}

// Serve accepts clients on l until l fails or the server is closed, and
// serves each on goroutines of its own. It closes l before returning,
// and returns ErrServerClosed after Close.
func (s *Server) Serve(l net.Listener) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		l.Close()
		return ErrServerClosed
	}
	s.listeners[l] = struct{}{}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.listeners, l)
		s.mu.Unlock()
		l.Close()
	}()
	for {
		nc, err := l.Accept()
		if err != nil {
			if s.isClosed() {
				return ErrServerClosed
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				continue
			}
			return fmt.Errorf("rtnlremote: accept: %w", err)
		}
		s.stats.accepted.Add(1)
		s.start(nc)
	}
}

func (s *Server) isClosed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

// start serves one accepted client.
func (s *Server) start(nc net.Conn) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		nc.Close()
		return
	}
	c := newSession(s, nc)
	s.sessions[c] = struct{}{}
	s.wg.Add(1)
	s.mu.Unlock()
	go func() {
		defer s.wg.Done()
		c.serve()
		s.mu.Lock()
		delete(s.sessions, c)
		s.mu.Unlock()
	}()
}

// Close stops every Serve, ends every client's connection and the shared
// subscription, and waits for the goroutines serving them to return.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	close(s.done)
	for l := range s.listeners {
		l.Close()
	}
	sessions := make([]*session, 0, len(s.sessions))
	for c := range s.sessions {
		sessions = append(sessions, c)
	}
	s.mu.Unlock()
	for _, c := range sessions {
		c.end()
	}
	s.wg.Wait()
	s.hub.stop()
	return nil
}

// Stats are a Server's counters since it was made.
type Stats struct {
	Clients   int    // clients connected now
	Accepted  uint64 // clients accepted
	Malformed uint64 // clients ended for malformed bytes
	Refused   uint64 // change requests refused with EPERM
	Overflows uint64 // overflow markers queued (each makes a watcher resync)
	Drops     uint64 // multicast datagrams dropped for full queues
}

// Stats returns the server's counters.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	n := len(s.sessions)
	s.mu.Unlock()
	return Stats{
		Clients:   n,
		Accepted:  s.stats.accepted.Load(),
		Malformed: s.stats.malformed.Load(),
		Refused:   s.stats.refused.Load(),
		Overflows: s.stats.overflows.Load(),
		Drops:     s.stats.drops.Load(),
	}
}
