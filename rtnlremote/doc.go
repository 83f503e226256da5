// Package rtnlremote carries RTNL between processes: a [Server] serves
// one RTNL transport (the kernel's NETLINK_ROUTE, or an rtnlemu emulator)
// to many clients over stream sockets, and [Dial] gives a client a
// connection shaped like a NETLINK_ROUTE socket, so that netinfo works
// through it unchanged (netinfo.WithRemote).
//
// The name says what it does: RTNL bytes are the only contract between
// netinfo and a transport, and this package moves exactly those bytes to
// and from another process. It knows nothing of links or routes beyond
// the message types it needs to route multicast events and to tell
// changes from reads.
//
// # Wire format
//
// Each direction is a sequence of frames: a 4-byte big-endian length n,
// then n bytes made of a one-byte kind and its payload. A client sends
// datagrams (whole netlink messages, host byte order, as to a netlink
// socket), joins and leaves multicast groups; the server answers with a
// hello carrying the client's port id, unicast replies, multicast
// datagrams, overflow markers and the results of joins and leaves.
//
// # Isolation
//
// Each client has a bounded queue. Replies to its own requests wait for
// room (as a kernel dump waits for a socket to drain); multicast events
// that find the queue full are dropped for that client only, which then
// reads ENOBUFS once, as from an overflowed netlink socket, and resyncs.
// Multicast events come from one shared subscription of the server, so a
// thousand watchers cost the backend one.
//
// # Access control
//
// The server asks [Config.MayChange] about each client's [Peer]
// credentials. A client that may not change receives, for every change
// request, the NLMSG_ERROR with EPERM the kernel answers an unprivileged
// sender, and the request never reaches the backend.
package rtnlremote
