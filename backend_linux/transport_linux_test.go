//go:build linux

package backend_linux

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
	"golang.org/x/sys/unix"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func TestNewTransportRejectsBadNamespaces(t *testing.T) {
	dir := t.TempDir()
	regular := filepath.Join(dir, "file")
	require.NoError(t, os.WriteFile(regular, nil, 0o600))
	tests := []struct {
		name     string
		cfg      Config
		notExist bool
		text     string
	}{
		{"missing", Config{NetNS: filepath.Join(dir, "nosuchns")}, true, "nosuchns"},
		{"regular file", Config{NetNS: regular}, false, "not a network namespace"},
		{"other namespace kind", Config{NetNS: "/proc/self/ns/uts"}, false, "not a network namespace"},
		{"negative buffer", Config{ReceiveBuffer: -1}, false, "negative receive buffer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, err := NewTransport(tt.cfg)
			require.Error(t, err)
			require.Nil(t, tr)
			require.ErrorContains(t, err, tt.text)
			require.Equal(t, tt.notExist, errors.Is(err, fs.ErrNotExist), "%v", err)
		})
	}
}

func TestDialAfterTransportClose(t *testing.T) {
	tr, err := NewTransport(Config{})
	require.NoError(t, err)
	require.NoError(t, tr.Close())
	require.NoError(t, tr.Close())
	_, err = tr.Dial(context.Background())
	require.ErrorIs(t, err, net.ErrClosed)
}

func TestDialCallersNamespace(t *testing.T) {
	// Needs no privilege: SO_RCVBUFFORCE falls back to SO_RCVBUF.
	tr, err := NewTransport(Config{})
	require.NoError(t, err)
	defer tr.Close()
	c, err := tr.Dial(context.Background())
	require.NoError(t, err)
	defer c.Close()
	require.NotZero(t, c.PortID())
	require.Contains(t, dumpLinkNames(t, c, 1), "lo")
}

func TestPortIDsAreUnique(t *testing.T) {
	c, ns := dialIn(t, Config{})
	tr, err := NewTransport(Config{NetNS: ns.Path})
	require.NoError(t, err)
	defer tr.Close()
	seen := map[uint32]bool{c.PortID(): true}
	require.NotZero(t, c.PortID())
	for range 4 {
		c2, err := tr.Dial(context.Background())
		require.NoError(t, err)
		defer c2.Close()
		require.NotZero(t, c2.PortID())
		require.False(t, seen[c2.PortID()], "port id %d repeated", c2.PortID())
		seen[c2.PortID()] = true
	}
}

func TestDumpSeesTheNamespace(t *testing.T) {
	c, ns := dialIn(t, Config{})
	ns.IP(t, "link", "add", "blxv0", "type", "veth", "peer", "name", "blxv1")
	names := dumpLinkNames(t, c, 7)
	require.ElementsMatch(t, []string{"lo", "blxv0", "blxv1"}, names)
}

func TestReceiveBufferForced(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want int
	}{
		{"default", Config{}, DefaultReceiveBuffer},
		{"beyond rmem_max", Config{ReceiveBuffer: 8 << 20}, 8 << 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := dialIn(t, tt.cfg)
			got, err := c.SockoptInt(unix.SOL_SOCKET, unix.SO_RCVBUF)
			require.NoError(t, err)
			require.GreaterOrEqual(t, got, tt.want)
		})
	}
}

func TestSocketOptions(t *testing.T) {
	c, _ := dialIn(t, Config{})
	tests := []struct {
		name  string
		level int
		opt   int
		want  int
	}{
		{"NETLINK_GET_STRICT_CHK", unix.SOL_NETLINK, unix.NETLINK_GET_STRICT_CHK, 1},
		{"NETLINK_EXT_ACK", unix.SOL_NETLINK, unix.NETLINK_EXT_ACK, 1},
		{"NETLINK_NO_ENOBUFS unset", unix.SOL_NETLINK, unix.NETLINK_NO_ENOBUFS, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.SockoptInt(tt.level, tt.opt)
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}

func TestForgedMessagesAreDropped(t *testing.T) {
	c, ns := dialIn(t, Config{})
	require.NoError(t, c.JoinGroup(unix.RTNLGRP_LINK))

	nsFile, err := os.Open(ns.Path)
	require.NoError(t, err)
	defer nsFile.Close()
	forger, err := newRouteSocketIn(nsFile)
	require.NoError(t, err)
	defer unix.Close(forger)
	require.NoError(t, unix.Bind(forger, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}))

	// Without NLM_F_REQUEST the kernel, which also gets a copy, ignores it.
	forged := linkRequest(666, 1)
	forged[4], forged[5] = 0, 0 // flags: not a request
	forged[2] = unix.RTM_NEWLINK

	// A unicast to our port: the kernel refuses it, since we are connected
	// to port 0.
	err = unix.Sendto(forger, forged, 0, &unix.SockaddrNetlink{Family: unix.AF_NETLINK, Pid: c.PortID()})
	require.ErrorIs(t, err, syscall.ECONNREFUSED)

	// A multicast to a group we joined reaches our queue ahead of the
	// kernel's answer to our request: Receive must drop it and return the
	// answer.
	// A datagram too big for the buffer is dropped too, not an error.
	group := &unix.SockaddrNetlink{Family: unix.AF_NETLINK, Groups: 1 << (unix.RTNLGRP_LINK - 1)}
	require.NoError(t, unix.Sendto(forger, forged, 0, group))
	require.NoError(t, unix.Sendto(forger, append(forged, make([]byte, 100<<10)...), 0, group))
	ctx := testCtx(t)
	require.NoError(t, c.Send(ctx, linkRequest(42, 1)))
	m := receiveMessage(t, ctx, c)
	require.Equal(t, uint32(42), m.Header.Seq)
	require.Equal(t, uint16(unix.RTM_NEWLINK), m.Header.Type)
	require.Equal(t, "lo", linkName(t, m))

}

func TestOverflowReportsENOBUFS(t *testing.T) {
	c, ns := dialIn(t, Config{ReceiveBuffer: 4096})
	require.NoError(t, c.JoinGroup(unix.RTNLGRP_IPV4_ROUTE))
	lines := make([]string, 0, 5000)
	for i := range cap(lines) {
		lines = append(lines, fmt.Sprintf("route add blackhole 10.77.%d.%d/32", i/256, i%256))
	}
	ns.Batch(t, lines)

	ctx := testCtx(t)
	buf := make([]byte, 1<<16)
	_, err := c.Receive(ctx, buf)
	require.ErrorIs(t, err, syscall.ENOBUFS)
	// Reported once; the messages still queued come next.
	n, err := c.Receive(ctx, buf)
	require.NoError(t, err)
	msgs, err := syscall.ParseNetlinkMessage(buf[:n])
	require.NoError(t, err)
	require.Equal(t, uint16(unix.RTM_NEWROUTE), msgs[0].Header.Type)
}

func TestReceiveTruncatedDatagram(t *testing.T) {
	c, _ := dialIn(t, Config{})
	ctx := testCtx(t)
	require.NoError(t, c.Send(ctx, linkRequest(1, 1)))
	_, err := c.Receive(ctx, make([]byte, 16))
	require.ErrorIs(t, err, syscall.EMSGSIZE)
	require.ErrorContains(t, err, "truncated")

	_, err = c.Receive(ctx, nil)
	require.ErrorIs(t, err, syscall.EMSGSIZE)
}

func TestReceiveContextEnd(t *testing.T) {
	c, _ := dialIn(t, Config{})
	tests := []struct {
		name string
		ctx  func() (context.Context, context.CancelFunc)
		want error
	}{
		{"deadline", func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 50*time.Millisecond)
		}, context.DeadlineExceeded},
		{"cancel while blocked", func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(50*time.Millisecond, cancel)
			return ctx, cancel
		}, context.Canceled},
		{"cancelled before", func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return ctx, cancel
		}, context.Canceled},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := tt.ctx()
			defer cancel()
			_, err := c.Receive(ctx, make([]byte, 4096))
			require.Equal(t, tt.want, err)

			// The Conn still works: the wake-up deadline was cleared.
			ctx = testCtx(t)
			require.NoError(t, c.Send(ctx, linkRequest(uint32(100+i), 1)))
			m := receiveMessage(t, ctx, c)
			require.Equal(t, uint32(100+i), m.Header.Seq)
		})
	}
}

func TestCloseUnblocksReceive(t *testing.T) {
	tests := []struct {
		name string
		ctx  context.Context
	}{
		{"background context", context.Background()},
		{"cancellable context", testCtx(t)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := dialIn(t, Config{})
			done := make(chan error, 1)
			go func() {
				_, err := c.Receive(tt.ctx, make([]byte, 4096))
				done <- err
			}()
			time.Sleep(50 * time.Millisecond) // let Receive block
			require.NoError(t, c.Close())
			select {
			case err := <-done:
				require.ErrorIs(t, err, net.ErrClosed)
			case <-time.After(testTimeout):
				t.Fatal("Receive still blocked after Close")
			}
		})
	}
}

func TestCallsAfterClose(t *testing.T) {
	c, _ := dialIn(t, Config{})
	port := c.PortID()
	require.NoError(t, c.Close())
	_, err := c.Receive(context.Background(), make([]byte, 64))
	require.ErrorIs(t, err, net.ErrClosed)
	require.ErrorIs(t, c.Send(context.Background(), linkRequest(1, 1)), net.ErrClosed)
	require.ErrorIs(t, c.JoinGroup(unix.RTNLGRP_LINK), net.ErrClosed)
	require.ErrorIs(t, c.LeaveGroup(unix.RTNLGRP_LINK), net.ErrClosed)
	require.Equal(t, port, c.PortID())
}

func TestJoinAndLeaveGroup(t *testing.T) {
	c, ns := dialIn(t, Config{})
	require.NoError(t, c.JoinGroup(unix.RTNLGRP_LINK))
	ns.IP(t, "link", "add", "blxg0", "type", "bridge")
	ctx := testCtx(t)
	require.True(t, awaitLinkEvent(t, ctx, c, unix.RTM_NEWLINK, "blxg0"))

	require.NoError(t, c.LeaveGroup(unix.RTNLGRP_LINK))
	ns.IP(t, "link", "del", "blxg0")
	short, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	require.False(t, awaitLinkEvent(t, short, c, unix.RTM_DELLINK, "blxg0"), "event after LeaveGroup")

	require.Error(t, c.JoinGroup(0), "group 0 does not exist")
}

// awaitLinkEvent receives until a link message of type typ for the link
// name, skipping others, and reports false when ctx ends first.
func awaitLinkEvent(t *testing.T, ctx context.Context, c *Conn, typ uint16, name string) bool {
	t.Helper()
	buf := make([]byte, 1<<16)
	for {
		n, err := c.Receive(ctx, buf)
		if errors.Is(err, context.DeadlineExceeded) {
			return false
		}
		require.NoError(t, err)
		msgs, err := syscall.ParseNetlinkMessage(buf[:n])
		require.NoError(t, err)
		for _, m := range msgs {
			if m.Header.Type == typ && linkName(t, m) == name {
				return true
			}
		}
	}
}

func TestReceiveDoesNotAllocate(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	c, _ := dialIn(t, Config{})
	const runs = 50
	ctx := testCtx(t)
	for i := range runs + 1 { // AllocsPerRun adds one warm-up run
		require.NoError(t, c.Send(ctx, linkRequest(uint32(i+1), 1)))
	}
	buf := make([]byte, 1<<16)
	allocs := testing.AllocsPerRun(runs, func() {
		if _, err := c.Receive(ctx, buf); err != nil {
			panic(err)
		}
	})
	require.Zero(t, allocs)
}

func TestSendErrors(t *testing.T) {
	c, _ := dialIn(t, Config{})
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		msg  []byte
		want error
	}{
		{"cancelled context", cancelled, linkRequest(1, 1), context.Canceled},
		{"larger than the send buffer", context.Background(), make([]byte, 4*sendBuffer), syscall.EMSGSIZE},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.ErrorIs(t, c.Send(tt.ctx, tt.msg), tt.want)
		})
	}
}

// TestDropsCountsOverflow: the drop counter moves when a storm overflows
// an unread socket, as ENOBUFS says, and keeps counting after it.
func TestDropsCountsOverflow(t *testing.T) {
	c, ns := dialIn(t, Config{ReceiveBuffer: 4096})
	before, err := c.Drops()
	require.NoError(t, err)
	require.Zero(t, before)
	require.NoError(t, c.JoinGroup(unix.RTNLGRP_IPV4_ROUTE))
	lines := []string{"link add blxd0 type veth peer name blxd1", "link set blxd0 up", "link set blxd1 up", "addr add 10.66.0.1/16 dev blxd0"}
	for i := range 2000 {
		lines = append(lines, fmt.Sprintf("route add 10.67.%d.%d/32 via 10.66.0.2", i/250, i%250))
	}
	ns.Batch(t, lines)
	after, err := c.Drops()
	require.NoError(t, err)
	require.Greater(t, after, before)
}
