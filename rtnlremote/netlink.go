package rtnlremote

import (
	"encoding/binary"
	"errors"
	"fmt"
	"syscall"
)

// Netlink numbers (linux/netlink.h, linux/rtnetlink.h); the wire format
// on every OS.
const (
	nlHeaderLen = 16
	nlmsgError  = 2
	rtmBase     = 16 // RTM_BASE: the first rtnetlink message type

	afInet  = 2
	afInet6 = 10
	afMPLS  = 28
)

// Multicast groups (enum rtnetlink_groups) the server routes events to.
const (
	grpLink      = 1
	grpNeigh     = 3
	grpIPv4Addr  = 5
	grpIPv4Route = 7
	grpIPv4Rule  = 8
	grpIPv6Addr  = 9
	grpIPv6Route = 11
	grpIPv6Rule  = 19
	grpNSID      = 28
	grpMPLSRoute = 27
	grpNextHop   = 32
)

var nativeEndian = binary.NativeEndian

// errBadMessage reports client bytes that are not whole netlink
// messages.
var errBadMessage = errors.New("not a sequence of whole netlink messages")

// eachMessage calls fn with each whole netlink message of datagram b, or
// fails on a length that is short or runs past the end.
func eachMessage(b []byte, fn func(msg []byte) error) error {
	for len(b) > 0 {
		if len(b) < nlHeaderLen {
			return fmt.Errorf("%w: %d bytes left", errBadMessage, len(b))
		}
		n := int(nativeEndian.Uint32(b))
		if n < nlHeaderLen || n > len(b) {
			return fmt.Errorf("%w: length %d with %d bytes left", errBadMessage, n, len(b))
		}
		if err := fn(b[:n]); err != nil {
			return err
		}
		n = (n + 3) &^ 3 // NLMSG_ALIGN
		if n > len(b) {
			n = len(b)
		}
		b = b[n:]
	}
	return nil
}

// msgType is a message's nlmsg_type.
func msgType(msg []byte) uint16 { return nativeEndian.Uint16(msg[4:]) }

// isChange reports an rtnetlink request the kernel lets only
// CAP_NET_ADMIN make: every RTM_* type but the GET ones (rtnetlink_rcv_msg
// checks kind = (type - RTM_BASE) & 3, and only kind 2 is a read).
func isChange(msg []byte) bool {
	t := msgType(msg)
	return t >= rtmBase && (t-rtmBase)&3 != 2
}

// refusal is the kernel's answer to a change from a sender without
// CAP_NET_ADMIN: an NLMSG_ERROR with -EPERM quoting the whole request
// (the backend's sockets leave NETLINK_CAP_ACK off), addressed to port.
func refusal(req []byte, port uint32) []byte {
	n := nlHeaderLen + 4 + len(req)
	b := make([]byte, n)
	nativeEndian.PutUint32(b[0:], uint32(n))
	nativeEndian.PutUint16(b[4:], nlmsgError)
	nativeEndian.PutUint16(b[6:], 0)
	copy(b[8:12], req[8:12]) // the request's sequence number
	nativeEndian.PutUint32(b[12:], port)
	errno := int32(syscall.EPERM)
	nativeEndian.PutUint32(b[16:], uint32(-errno))
	copy(b[20:], req)
	return b
}

// groupOf is the multicast group the kernel sends an event message on,
// or 0 for a type the server does not route (it then goes to every
// client in any group).
func groupOf(msg []byte) uint32 {
	t := msgType(msg)
	var family byte
	if len(msg) > nlHeaderLen {
		family = msg[nlHeaderLen]
	}
	switch t {
	case 16, 17: // RTM_NEWLINK, RTM_DELLINK
		return grpLink
	case 20, 21: // RTM_NEWADDR, RTM_DELADDR
		switch family {
		case afInet:
			return grpIPv4Addr
		case afInet6:
			return grpIPv6Addr
		}
	case 24, 25: // RTM_NEWROUTE, RTM_DELROUTE
		switch family {
		case afInet:
			return grpIPv4Route
		case afInet6:
			return grpIPv6Route
		case afMPLS:
			return grpMPLSRoute
		}
	case 28, 29: // RTM_NEWNEIGH, RTM_DELNEIGH
		return grpNeigh
	case 32, 33: // RTM_NEWRULE, RTM_DELRULE
		switch family {
		case afInet:
			return grpIPv4Rule
		case afInet6:
			return grpIPv6Rule
		}
	case 104, 105: // RTM_NEWNEXTHOP, RTM_DELNEXTHOP
		return grpNextHop
	case 88, 89: // RTM_NEWNSID, RTM_DELNSID
		return grpNSID
	}
	return 0
}
