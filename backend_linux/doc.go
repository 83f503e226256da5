// Package backend_linux is the Linux kernel's NETLINK_ROUTE transport for
// netinfo: it opens rtnetlink sockets (optionally inside another network
// namespace), configures them for large dumps and event storms, and moves
// RTNL datagrams between netinfo and the kernel without interpreting them.
//
// A [Transport] holds the target namespace; each [Transport.Dial] opens one
// socket as a [Conn], an nlsock.Conn (the project's one netlink socket)
// whose caller reads it through its allocation-free Receive. The sockets
// set NETLINK_GET_STRICT_CHK (so the kernel applies dump filters instead of
// ignoring them) and NETLINK_EXT_ACK (so errors carry the kernel's text),
// size their receive buffer for storms (SO_RCVBUFFORCE when the caller has
// CAP_NET_ADMIN, SO_RCVBUF otherwise) and deliberately leave
// NETLINK_NO_ENOBUFS unset, so a receive-queue overflow is reported to the
// reader rather than hidden.
//
// Only the kernel may talk to a Conn: the socket is connected to port 0, so
// the kernel refuses unicasts from other sockets, and Receive drops any
// datagram (multicast included) whose sender port id is not 0.
//
// The transport does not retry interrupted dumps (NLM_F_DUMP_INTR): it moves
// bytes, and netinfo decides what they mean.
//
// The package is Linux-only; on other systems it is empty.
package backend_linux
