package netinfo

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	"github.com/rtnlx/rtnlx/internal/nlmsg"
	"github.com/stretchr/testify/require"
)

// recordedMessages reads a testdata file of raw netlink datagrams and
// returns the payloads (after nlmsghdr) of its messages of type typ.
func recordedMessages(tb testing.TB, file string, typ uint16) [][]byte {
	tb.Helper()
	skipIfBigEndian(tb)
	b, err := os.ReadFile(filepath.Join("testdata", file))
	require.NoError(tb, err)
	var msgs [][]byte
	for len(b) >= 16 {
		l := int(binary.NativeEndian.Uint32(b))
		require.True(tb, l >= 16 && l <= len(b), "%s: bad nlmsg_len %d", file, l)
		if binary.NativeEndian.Uint16(b[4:]) == typ {
			msgs = append(msgs, b[16:l])
		}
		b = b[nlmsg.Align(l):]
	}
	require.NotEmpty(tb, msgs, "%s holds no message of type %d", file, typ)
	return msgs
}

// recordedMessage is one message of a recorded datagram stream.
type recordedMessage struct {
	typ     uint16
	payload []byte
}

// recordedStream returns every message of a testdata file in order.
func recordedStream(tb testing.TB, file string) []recordedMessage {
	tb.Helper()
	skipIfBigEndian(tb)
	b, err := os.ReadFile(filepath.Join("testdata", file))
	require.NoError(tb, err)
	var msgs []recordedMessage
	for len(b) >= 16 {
		l := int(binary.NativeEndian.Uint32(b))
		require.True(tb, l >= 16 && l <= len(b), "%s: bad nlmsg_len %d", file, l)
		msgs = append(msgs, recordedMessage{binary.NativeEndian.Uint16(b[4:]), b[16:l]})
		b = b[nlmsg.Align(l):]
	}
	return msgs
}

// skipIfBigEndian skips a test on recorded messages on a big-endian host:
// netlink is in host byte order, and testdata was recorded little-endian.
func skipIfBigEndian(tb testing.TB) {
	tb.Helper()
	if binary.NativeEndian.Uint16([]byte{1, 0}) != 1 {
		tb.Skip("testdata holds little-endian netlink messages; this host is big-endian")
	}
}
