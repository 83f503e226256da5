//go:build linux

package backend_linux

import (
	"github.com/rtnlx/rtnlx/nlsock"
)

// A Conn is one NETLINK_ROUTE socket: an nlsock.Conn that its caller
// (netinfo) reads with Receive, the low-level path that allocates nothing.
// Its methods include netinfo.Conn's (Send, Receive, JoinGroup,
// LeaveGroup, PortID, Close), Drops, and ReceiveGroup, which netinfo's
// RawConn uses to tell replies from multicasts.
type Conn = nlsock.Conn
