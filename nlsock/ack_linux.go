//go:build linux

package nlsock

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// errShortError is the error for an NLMSG_ERROR too short to hold its code.
var errShortError = errors.New("nlsock: NLMSG_ERROR too short for an error code")

// parseError turns an NLMSG_ERROR into nil (an ack) or a *netlink.OpError
// with the errno and the extended ack's message and offset.
func parseError(m netlink.Message) error {
	if len(m.Data) < 4 {
		return errShortError
	}
	code := int32(binary.NativeEndian.Uint32(m.Data))
	if code == 0 {
		return nil
	}
	tlvs := []byte(nil)
	if uint16(m.Header.Flags)&linux.NLM_F_ACK_TLVS != 0 {
		off := 4 + unix.NLMSG_HDRLEN
		if uint16(m.Header.Flags)&linux.NLM_F_CAPPED == 0 && len(m.Data) >= off {
			off = 4 + nlmsgAlign(int(binary.NativeEndian.Uint32(m.Data[4:])))
		}
		if off <= len(m.Data) {
			tlvs = m.Data[off:]
		}
	}
	return opError("request", code, tlvs, m.Header.Sequence)
}

// parseDone returns the error a dump's NLMSG_DONE carries, if any.
func parseDone(m netlink.Message) error {
	if len(m.Data) < 4 {
		return nil
	}
	code := int32(binary.NativeEndian.Uint32(m.Data))
	if code == 0 {
		return nil
	}
	var tlvs []byte
	if uint16(m.Header.Flags)&linux.NLM_F_ACK_TLVS != 0 {
		tlvs = m.Data[4:]
	}
	return opError("dump", code, tlvs, m.Header.Sequence)
}

func opError(op string, code int32, tlvs []byte, seq uint32) error {
	e := &netlink.OpError{Op: op, Err: unix.Errno(-code), Sequence: seq}
	if len(tlvs) > 0 {
		ad, err := netlink.NewAttributeDecoder(tlvs)
		if err != nil {
			return fmt.Errorf("nlsock: extended ack: %w (with %w)", err, e)
		}
		for ad.Next() {
			switch ad.Type() {
			case linux.NLMSGERR_ATTR_MSG:
				e.Message = ad.String()
			case linux.NLMSGERR_ATTR_OFFS:
				e.Offset = int(ad.Uint32())
			}
		}
	}
	return e
}
