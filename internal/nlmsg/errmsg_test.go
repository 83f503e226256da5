package nlmsg

import (
	"encoding/binary"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// errorPayload builds an NLMSG_ERROR payload as the kernel's
// netlink_ack does: the code, the echoed request (whole, or its header
// when capped) and the extended-ack attributes.
func errorPayload(code int32, echoed []byte, attrs []byte) []byte {
	b := binary.NativeEndian.AppendUint32(nil, uint32(code))
	b = append(b, echoed...)
	b = Pad(b)
	return append(b, attrs...)
}

func TestParseError(t *testing.T) {
	req := Finish(append(AppendHeader(nil, linux.RTM_NEWLINK, linux.NLM_F_REQUEST|linux.NLM_F_ACK, 7, 0), 1, 2, 3, 4, 5), 0)
	ext := AppendU32(AppendString(nil, linux.NLMSGERR_ATTR_MSG, "bad thing"), linux.NLMSGERR_ATTR_OFFS, 20)
	tests := []struct {
		name    string
		h       Header
		payload []byte
		ok      bool
		want    ErrorMsg
	}{
		{"short", Header{Type: linux.NLMSG_ERROR}, []byte{1, 2, 3}, false, ErrorMsg{}},
		{"ack", Header{Type: linux.NLMSG_ERROR}, errorPayload(0, req, nil), true, ErrorMsg{}},
		{"errno without ack tlvs", Header{Type: linux.NLMSG_ERROR}, errorPayload(-22, req, ext), true, ErrorMsg{Code: -22}},
		{"whole request echoed", Header{Type: linux.NLMSG_ERROR, Flags: linux.NLM_F_ACK_TLVS}, errorPayload(-22, req, ext), true,
			ErrorMsg{Code: -22, Message: "bad thing", Offset: 20}},
		{"capped", Header{Type: linux.NLMSG_ERROR, Flags: linux.NLM_F_ACK_TLVS | linux.NLM_F_CAPPED}, errorPayload(-1, req[:linux.SizeofNlMsghdr], ext), true,
			ErrorMsg{Code: -1, Message: "bad thing", Offset: 20}},
		{"echoed length past the end", Header{Type: linux.NLMSG_ERROR, Flags: linux.NLM_F_ACK_TLVS}, errorPayload(-22, append([]byte{0xff, 0xff, 0, 0}, req[4:]...), ext), true,
			ErrorMsg{Code: -22}},
		{"done with ack tlvs", Header{Type: linux.NLMSG_DONE, Flags: linux.NLM_F_ACK_TLVS}, errorPayload(-16, nil, ext), true,
			ErrorMsg{Code: -16, Message: "bad thing", Offset: 20}},
		{"broken tlvs kept out", Header{Type: linux.NLMSG_DONE, Flags: linux.NLM_F_ACK_TLVS}, errorPayload(-16, nil, []byte{0xff, 0, 1}), true,
			ErrorMsg{Code: -16}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := ParseError(tt.h, tt.payload)
			require.Equal(t, tt.ok, ok)
			require.Equal(t, tt.want, got)
		})
	}
}

func TestErrorMsgErrno(t *testing.T) {
	require.Equal(t, syscall.EINVAL, ErrorMsg{Code: -22}.Errno())
	require.Equal(t, syscall.EINVAL, ErrorMsg{Code: 22}.Errno())
}
