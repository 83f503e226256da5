//go:build linux

package nlsock

import (
	"errors"

	"github.com/mdlayher/netlink"

	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

// errShortError is the error for an NLMSG_ERROR too short to hold its code.
var errShortError = errors.New("nlsock: NLMSG_ERROR too short for an error code")

// parseError turns an NLMSG_ERROR into nil (an ack) or a *netlink.OpError
// with the errno and the extended ack's message and offset.
func parseError(m netlink.Message) error {
	return opError("request", m)
}

// parseDone returns the error a dump's NLMSG_DONE carries, if any.
func parseDone(m netlink.Message) error {
	if len(m.Data) < 4 {
		return nil // an old kernel's NLMSG_DONE may carry no code
	}
	return opError("dump", m)
}

func opError(op string, m netlink.Message) error {
	h := nlmsg.Header{Len: m.Header.Length, Type: uint16(m.Header.Type), Flags: uint16(m.Header.Flags), Seq: m.Header.Sequence, Pid: m.Header.PID}
	e, ok := nlmsg.ParseError(h, m.Data)
	if !ok {
		return errShortError
	}
	if e.Code == 0 {
		return nil
	}
	return &netlink.OpError{Op: op, Err: e.Errno(), Sequence: m.Header.Sequence, Message: e.Message, Offset: int(e.Offset)}
}
