//go:build !linux

package nlsock

import (
	"context"
	"iter"
	"syscall"
	"time"

	"github.com/mdlayher/netlink"
)

// A Conn is one netlink socket; on this system none can be opened.
type Conn struct{}

// Dial returns ErrNotSupported: this system has no netlink.
func Dial(bus int, cfg *Config) (*Conn, error) { return nil, ErrNotSupported }

// Bus is the netlink bus the socket was opened on.
func (c *Conn) Bus() int { return -1 }

// PortID is the socket's port id.
func (c *Conn) PortID() uint32 { return 0 }

// NextSequence returns a fresh sequence number.
func (c *Conn) NextSequence() uint32 { return 0 }

// JoinGroup returns ErrNotSupported.
func (c *Conn) JoinGroup(group uint32) error { return ErrNotSupported }

// LeaveGroup returns ErrNotSupported.
func (c *Conn) LeaveGroup(group uint32) error { return ErrNotSupported }

// Groups returns ErrNotSupported.
func (c *Conn) Groups() ([]uint32, error) { return nil, ErrNotSupported }

// SetOption returns ErrNotSupported.
func (c *Conn) SetOption(o Option, on bool) error { return ErrNotSupported }

// Option returns ErrNotSupported.
func (c *Conn) Option(o Option) (bool, error) { return false, ErrNotSupported }

// SetReceiveBuffer returns ErrNotSupported.
func (c *Conn) SetReceiveBuffer(bytes int) error { return ErrNotSupported }

// SetSendBuffer returns ErrNotSupported.
func (c *Conn) SetSendBuffer(bytes int) error { return ErrNotSupported }

// ReceiveBuffer returns ErrNotSupported.
func (c *Conn) ReceiveBuffer() (int, error) { return 0, ErrNotSupported }

// SendBuffer returns ErrNotSupported.
func (c *Conn) SendBuffer() (int, error) { return 0, ErrNotSupported }

// SetSockoptInt returns ErrNotSupported.
func (c *Conn) SetSockoptInt(level, name, value int) error { return ErrNotSupported }

// SockoptInt returns ErrNotSupported.
func (c *Conn) SockoptInt(level, name int) (int, error) { return 0, ErrNotSupported }

// SetSockopt returns ErrNotSupported.
func (c *Conn) SetSockopt(level, name int, value []byte) error { return ErrNotSupported }

// Sockopt returns ErrNotSupported.
func (c *Conn) Sockopt(level, name, size int) ([]byte, error) { return nil, ErrNotSupported }

// Drops returns ErrNotSupported.
func (c *Conn) Drops() (uint32, error) { return 0, ErrNotSupported }

// SyscallConn returns ErrNotSupported.
func (c *Conn) SyscallConn() (syscall.RawConn, error) { return nil, ErrNotSupported }

// Send returns ErrNotSupported.
func (c *Conn) Send(ctx context.Context, b []byte) error { return ErrNotSupported }

// Receive returns ErrNotSupported.
func (c *Conn) Receive(ctx context.Context, b []byte) (int, error) { return 0, ErrNotSupported }

// ReceiveEach returns ErrNotSupported.
func (c *Conn) ReceiveEach(ctx context.Context, b []byte, fn func([]byte) bool) error {
	return ErrNotSupported
}

// ReceiveEachPaced returns ErrNotSupported.
func (c *Conn) ReceiveEachPaced(ctx context.Context, b []byte, fn func([]byte) bool, pause func() time.Duration) error {
	return ErrNotSupported
}

// ReceiveGroup returns ErrNotSupported.
func (c *Conn) ReceiveGroup(ctx context.Context, b []byte) (int, uint32, error) {
	return 0, 0, ErrNotSupported
}

// Request returns ErrNotSupported.
func (c *Conn) Request(ctx context.Context, m netlink.Message) ([]netlink.Message, error) {
	return nil, ErrNotSupported
}

// RequestIter yields ErrNotSupported.
func (c *Conn) RequestIter(ctx context.Context, m netlink.Message) iter.Seq2[netlink.Message, error] {
	return func(yield func(netlink.Message, error) bool) { yield(netlink.Message{}, ErrNotSupported) }
}

// Put returns ErrNotSupported.
func (c *Conn) Put(ctx context.Context, m netlink.Message) (uint32, error) { return 0, ErrNotSupported }

// Next returns ErrNotSupported.
func (c *Conn) Next(ctx context.Context) (Message, error) { return Message{}, ErrNotSupported }

// Handle returns ErrNotSupported.
func (c *Conn) Handle(match func(Message) bool, fn func(Message)) (remove func(), err error) {
	return nil, ErrNotSupported
}

// Stats returns zero counters.
func (c *Conn) Stats() Stats { return Stats{} }

// Close does nothing.
func (c *Conn) Close() error { return nil }
