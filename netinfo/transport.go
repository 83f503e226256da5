package netinfo

import "context"

// A Dialer opens RTNL connections of a concrete type C. Backends cannot
// import this package, so each returns its own connection type; the type
// parameter lets [WithTransport] accept them as they are.
type Dialer[C Conn] interface {
	// Dial opens a new connection. Each connection has its own port id,
	// its own receive queue and its own multicast memberships, like a
	// NETLINK_ROUTE socket.
	Dial(ctx context.Context) (C, error)
}

// A Transport opens RTNL connections. The platform default is chosen by
// [Open]; [WithTransport] injects another one, such as an rtnlemu
// emulator over a fake network.
type Transport = Dialer[Conn]

// A Conn is one RTNL connection, shaped like a NETLINK_ROUTE socket: a
// datagram carries one or more whole netlink messages in host byte order.
//
// A Conn must be safe for one goroutine calling Receive while others call
// Send, JoinGroup, LeaveGroup or Close. Close makes pending and later calls
// return promptly with an error.
//
// A Conn may also have a method Drops() (uint32, error) giving how many
// messages it has dropped since it was opened (the Linux backend reads
// the socket's counter). Watch then checks it after an overflow, because
// Linux reports ENOBUFS only once per congestion episode.
type Conn interface {
	// Send writes one datagram holding one or more complete netlink
	// messages.
	Send(ctx context.Context, b []byte) error

	// Receive reads the next datagram into b and returns its length.
	// Datagrams from any sender but the kernel (or the emulator standing
	// in for it) are dropped. When the connection's queue has overflowed
	// and messages were lost, Receive returns an error matching
	// syscall.ENOBUFS once, then goes on with later messages. A datagram
	// longer than b is an error (never silently truncated). Receive
	// returns ctx.Err() when ctx ends first.
	Receive(ctx context.Context, b []byte) (int, error)

	// JoinGroup subscribes to an RTNLGRP_* multicast group.
	JoinGroup(group uint32) error

	// LeaveGroup drops a multicast subscription.
	LeaveGroup(group uint32) error

	// PortID is the connection's netlink port id.
	PortID() uint32

	// Close releases the connection.
	Close() error
}

// dialFunc adapts a Dialer of a concrete connection type to the handle's
// dial function. A failed Dial returns a nil interface, never a typed
// nil inside one.
func dialFunc[C Conn](t Dialer[C]) func(context.Context) (Conn, error) {
	return func(ctx context.Context) (Conn, error) {
		c, err := t.Dial(ctx)
		if err != nil {
			return nil, err
		}
		return c, nil
	}
}
