package nlsock

import (
	"context"
	"errors"
	"fmt"

	"github.com/mdlayher/netlink"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// Netlink buses (protocols) for [Dial], the NETLINK_* numbers of
// linux/netlink.h.
const (
	Route         = linux.NETLINK_ROUTE          // links, addresses, routes, neighbours, rules
	Usersock      = linux.NETLINK_USERSOCK       // reserved for user-mode socket protocols
	Firewall      = linux.NETLINK_FIREWALL       // unused
	SockDiag      = linux.NETLINK_SOCK_DIAG      // socket monitoring
	NFLOG         = linux.NETLINK_NFLOG          // netfilter/iptables ULOG
	XFRM          = linux.NETLINK_XFRM           // IPsec
	SELinux       = linux.NETLINK_SELINUX        // SELinux event notifications
	ISCSI         = linux.NETLINK_ISCSI          // Open-iSCSI
	Audit         = linux.NETLINK_AUDIT          // auditing
	FIBLookup     = linux.NETLINK_FIB_LOOKUP     // FIB lookups
	Connector     = linux.NETLINK_CONNECTOR      // the kernel connector
	Netfilter     = linux.NETLINK_NETFILTER      // nfnetlink: ipset, conntrack, nftables
	IP6FW         = linux.NETLINK_IP6_FW         // IPv6 firewall
	DNRTMSG       = linux.NETLINK_DNRTMSG        // DECnet routing messages
	KobjectUevent = linux.NETLINK_KOBJECT_UEVENT // kernel messages to user space
	Generic       = linux.NETLINK_GENERIC        // generic netlink families
	SCSITransport = linux.NETLINK_SCSITRANSPORT  // SCSI transports
	ECryptfs      = linux.NETLINK_ECRYPTFS       // eCryptfs
	RDMA          = linux.NETLINK_RDMA           // RDMA
	Crypto        = linux.NETLINK_CRYPTO         // the crypto layer
	SMC           = linux.NETLINK_SMC            // SMC monitoring
)

// An Option is a boolean netlink socket option (level SOL_NETLINK); its
// value is the kernel's option number, so [Conn.SetSockoptInt] with
// SOL_NETLINK (270) and int(o) does the same as [Conn.SetOption].
type Option int

// Named netlink socket options.
const (
	// PacketInfo (NETLINK_PKTINFO) makes the kernel say which multicast
	// group each datagram was sent to. A Conn's own reader turns it on and
	// relies on it.
	PacketInfo Option = linux.NETLINK_PKTINFO
	// BroadcastError (NETLINK_BROADCAST_ERROR) makes a sender's multicast
	// fail when delivery to this socket fails.
	BroadcastError Option = linux.NETLINK_BROADCAST_ERROR
	// NoENOBUFS (NETLINK_NO_ENOBUFS) stops the kernel reporting receive
	// queue overflows: lost messages go unnoticed.
	NoENOBUFS Option = linux.NETLINK_NO_ENOBUFS
	// ListenAllNSID (NETLINK_LISTEN_ALL_NSID) receives the multicasts of
	// every peer namespace, each tagged with its namespace id.
	ListenAllNSID Option = linux.NETLINK_LISTEN_ALL_NSID
	// CapAck (NETLINK_CAP_ACK) leaves the request's payload out of error
	// messages.
	CapAck Option = linux.NETLINK_CAP_ACK
	// ExtAck (NETLINK_EXT_ACK) makes errors carry the kernel's message and
	// the offset of the offending attribute.
	ExtAck Option = linux.NETLINK_EXT_ACK
	// GetStrictCheck (NETLINK_GET_STRICT_CHK) makes the kernel check dump
	// requests strictly and apply their filters.
	GetStrictCheck Option = linux.NETLINK_GET_STRICT_CHK
)

var optionNames = map[Option]string{
	PacketInfo:     "NETLINK_PKTINFO",
	BroadcastError: "NETLINK_BROADCAST_ERROR",
	NoENOBUFS:      "NETLINK_NO_ENOBUFS",
	ListenAllNSID:  "NETLINK_LISTEN_ALL_NSID",
	CapAck:         "NETLINK_CAP_ACK",
	ExtAck:         "NETLINK_EXT_ACK",
	GetStrictCheck: "NETLINK_GET_STRICT_CHK",
}

// String returns the kernel's name for the option.
func (o Option) String() string {
	if s, ok := optionNames[o]; ok {
		return s
	}
	return fmt.Sprintf("netlink option %d", int(o))
}

// Config configures [Dial]. The zero value opens a socket in the caller's
// namespace with an automatic port id and the kernel's default buffers.
type Config struct {
	// PortID binds the socket to this port id; 0 lets the kernel choose.
	// A port id in use on the bus makes Dial fail with EADDRINUSE.
	PortID uint32

	// Groups is the legacy multicast group mask joined at bind time: bit
	// n-1 joins group n. [Conn.JoinGroup] joins any group.
	Groups uint32

	// NetNS is the path of a network namespace file (/var/run/netns/NAME,
	// /proc/PID/ns/net); "" is the caller's namespace. A socket belongs to
	// the namespace it was opened in for life.
	NetNS string

	// ReceiveBuffer and SendBuffer set the kernel socket buffers in bytes;
	// 0 keeps the defaults. A receive buffer beyond net.core.rmem_max is
	// granted to a caller with CAP_NET_ADMIN.
	ReceiveBuffer, SendBuffer int

	// Strict turns on ExtAck and GetStrictCheck, failing Dial if the
	// kernel refuses either.
	Strict bool

	// AllowPeers accepts datagrams from other sockets (user-space peers,
	// such as udev's multicasts on KobjectUevent). By default the socket
	// is connected to the kernel and only the kernel's datagrams are
	// received.
	AllowPeers bool

	// BacklogLimit bounds the backlog of messages that are no reply;
	// 0 means 65536. Past it new messages are dropped and the next
	// [Conn.Next] reports ENOBUFS.
	BacklogLimit int
}

// A Message is one received netlink message with where it came from.
type Message struct {
	netlink.Message

	// Group is the multicast group the message was sent to, 0 for a
	// unicast.
	Group uint32

	// NSID is the id of the peer network namespace the message comes from,
	// reported with ListenAllNSID on; -1 when the kernel gave none.
	NSID int32

	// PortID is the sender's port id: 0 for the kernel.
	PortID uint32
}

// Stats counts what a Conn's reader has done since it started.
type Stats struct {
	Datagrams uint64 // datagrams read
	Messages  uint64 // messages in them
	Replies   uint64 // messages handed to waiting requests
	Handled   uint64 // messages taken by handlers
	Queued    uint64 // messages put in the backlog
	Dropped   uint64 // messages dropped because the backlog was full
	Overflows uint64 // receive queue overflows the kernel reported (ENOBUFS)
	Backlog   int    // messages waiting in the backlog now
}

// ErrNotSupported is returned on systems without netlink.
var ErrNotSupported = fmt.Errorf("nlsock: netlink is not supported on this system: %w", errors.ErrUnsupported)

// ErrDumpInterrupted is returned, with the replies received, when the
// kernel flagged a dump NLM_F_DUMP_INTR: the state changed while it was
// dumped and the replies may be inconsistent. Retry the request.
var ErrDumpInterrupted = errors.New("nlsock: dump interrupted by a change; retry")

// ErrReaderMode is returned by Receive once the Conn's own reader runs,
// and by Request, Next and Handle once the caller has read with Receive:
// a socket has one reader.
var ErrReaderMode = errors.New("nlsock: the socket is read both by its own reader and by Receive")

// A Dialer opens sockets on one bus with one Config. Its Dial method has
// the shape netinfo.WithTransport takes, so a netinfo.Handle's Raw access
// can run over any bus.
type Dialer struct {
	Bus    int
	Config Config
}

// Dial opens a socket as d says; ctx only stops it from starting.
func (d Dialer) Dial(ctx context.Context) (*Conn, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	cfg := d.Config
	return Dial(d.Bus, &cfg)
}
