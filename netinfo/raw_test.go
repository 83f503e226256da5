package netinfo_test

import (
	"context"
	"encoding/binary"
	"net/netip"
	"syscall"
	"testing"
	"time"

	"github.com/mdlayher/netlink"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/rtnlx/rtnlx/netinfo"

	"github.com/rtnlx/rtnlx/internal/linux"
)

func TestRawSendOnlyMemory(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	h, closeAll := openExample(t)
	defer closeAll()
	testRawSendOnly(t, h, 2) // eth0
}

// testRawSendOnly checks, on any backend, that Execute does not wait for
// an answer the request did not ask for and that Send waits for nothing,
// its answers arriving through Broadcast. index is an Ethernet link's.
func testRawSendOnly(t *testing.T, h *netinfo.Handle, index int) {
	t.Helper()
	raw := h.Raw()
	defer raw.Close()
	addr := rawIfaddrmsg(index, netip.MustParsePrefix("198.51.100.7/24"))
	within := func(what string, fn func()) {
		t.Helper()
		done := make(chan struct{})
		go func() { defer close(done); fn() }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: still waiting after 10s", what)
		}
	}

	// A change without NLM_F_ACK: applied, and Execute returns at once
	// even with a context that never ends.
	within("Execute without ACK", func() {
		msgs, err := raw.Execute(context.Background(), netlink.Message{
			Header: netlink.Header{Type: linux.RTM_NEWADDR, Flags: netlink.Create | netlink.Excl},
			Data:   addr,
		})
		require.NoError(t, err)
		require.Empty(t, msgs)
	})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	require.Eventually(t, func() bool {
		addrs, err := h.Addrs(ctx, netinfo.AddrFilter{Index: index})
		require.NoError(t, err)
		for _, a := range addrs {
			if a.Prefix == netip.MustParsePrefix("198.51.100.7/24") {
				return true
			}
		}
		return false
	}, 10*time.Second, 10*time.Millisecond, "the address sent without NLM_F_ACK was not added")

	// The same change again fails: Execute still returns at once, and
	// the error the kernel sends anyway comes through Broadcast.
	var seq uint32 = 7001
	within("failing Execute without ACK", func() {
		msgs, err := raw.Execute(context.Background(), netlink.Message{
			Header: netlink.Header{Type: linux.RTM_NEWADDR, Flags: netlink.Create | netlink.Excl, Sequence: seq},
			Data:   addr,
		})
		require.NoError(t, err)
		require.Empty(t, msgs)
	})
	m, err := raw.Broadcast(ctx)
	require.NoError(t, err)
	require.Equal(t, netlink.Error, m.Header.Type)
	require.Equal(t, seq, m.Header.Sequence)
	require.Equal(t, syscall.EEXIST, rawErrno(m))

	// Send waits for nothing; the dump it asked for arrives through
	// Broadcast, every part with its sequence number, then NLMSG_DONE.
	var sent uint32
	within("Send of a dump", func() {
		sent, err = raw.Send(context.Background(), netlink.Message{
			Header: netlink.Header{Type: linux.RTM_GETLINK, Flags: netlink.Dump},
			Data:   make([]byte, 16),
		})
		require.NoError(t, err)
		require.NotZero(t, sent)
	})
	var links int
	for {
		m, err := raw.Broadcast(ctx)
		require.NoError(t, err)
		require.Equal(t, sent, m.Header.Sequence)
		if m.Header.Type == netlink.Done {
			break
		}
		require.Equal(t, netlink.HeaderType(linux.RTM_NEWLINK), m.Header.Type)
		links++
	}
	require.GreaterOrEqual(t, links, 2)

	// An ack asked for with Send comes the same way.
	seq, err = raw.Send(ctx, netlink.Message{Header: netlink.Header{Type: linux.RTM_DELADDR, Flags: netlink.Acknowledge}, Data: addr})
	require.NoError(t, err)
	m, err = raw.Broadcast(ctx)
	require.NoError(t, err)
	require.Equal(t, netlink.Error, m.Header.Type)
	require.Equal(t, seq, m.Header.Sequence)
	require.Equal(t, syscall.Errno(0), rawErrno(m))

	// Execute still waits for what a request asks for.
	_, err = raw.Execute(ctx, netlink.Message{Header: netlink.Header{Type: linux.RTM_DELADDR, Flags: netlink.Acknowledge}, Data: addr})
	require.ErrorIs(t, err, syscall.EADDRNOTAVAIL)
}

// rawIfaddrmsg is an RTM_NEWADDR body for p on the link index.
func rawIfaddrmsg(index int, p netip.Prefix) []byte {
	b := []byte{2, byte(p.Bits()), 0, 0}
	b = binary.NativeEndian.AppendUint32(b, uint32(index))
	for _, typ := range []uint16{1, 2} { // IFA_ADDRESS, IFA_LOCAL
		b = binary.NativeEndian.AppendUint16(b, 8)
		b = binary.NativeEndian.AppendUint16(b, typ)
		b = append(b, p.Addr().AsSlice()...)
	}
	return b
}

// rawErrno is the errno of an NLMSG_ERROR message.
func rawErrno(m netlink.Message) syscall.Errno {
	return syscall.Errno(-int32(binary.NativeEndian.Uint32(m.Data)))
}
