// Package nlsock is a netlink socket for any bus: NETLINK_ROUTE,
// NETLINK_GENERIC, NETLINK_NETFILTER, NETLINK_SOCK_DIAG and the rest.
//
// It gives a Go program what the socket layers of pyroute2, pymnl and Guile
// netlink give theirs, built on github.com/mdlayher/netlink (which opens,
// binds and configures the socket, and whose Message, Header, OpError and
// attribute coders it uses):
//
//   - [Dial] opens a bus, bound to an explicit port id or an automatic one,
//     optionally inside another network namespace ([Config.NetNS]);
//   - [Conn.PortID], [Conn.Groups], [Conn.JoinGroup] and [Conn.LeaveGroup]
//     (pymnl's get_portid and get_groups);
//   - named socket options ([Conn.SetOption] with [PacketInfo],
//     [BroadcastError], [NoENOBUFS], [ListenAllNSID], [CapAck], [ExtAck],
//     [GetStrictCheck]), buffer sizes, and raw setsockopt/getsockopt;
//   - [Conn.Request] sends a request and returns exactly its replies,
//     matched by sequence number and port id: a multi-part reply up to
//     NLMSG_DONE, errors as *netlink.OpError carrying the extended ack;
//   - [Conn.Put] sends without waiting (pyroute2's put); what arrives that
//     is no reply to a waiting request goes to a bounded backlog read with
//     [Conn.Next], unless a handler registered with [Conn.Handle] (the
//     seeds' register_callback, with a predicate) takes it;
//   - [Conn.Stats] counts what the reader did (pyroute2's Stats).
//
// A reply is told from a broadcast without knowing the bus's message
// types: the reader turns on NETLINK_PKTINFO and treats a unicast datagram
// addressed to this port with a waiting sequence number as a reply, and
// anything sent to a multicast group as a broadcast, even when it carries
// the requester's sequence number (as RTNL notifications do).
//
// A Conn is read either by its own reader goroutine (started by the first
// Request, Next or Handle, stopped by Close) or by the caller through the
// low-level [Conn.Receive], which reads one datagram into the caller's
// buffer without allocating; the first use decides. Together with
// [Conn.Send] it makes a Conn usable where a raw datagram socket is wanted.
//
// The package works on Linux; elsewhere [Dial] returns an error matching
// [ErrNotSupported].
package nlsock
