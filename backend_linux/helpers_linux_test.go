//go:build linux

package backend_linux

import (
	"context"
	"encoding/binary"
	"os"
	"runtime"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/rtnlx/rtnlx/internal/nstest"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// testTimeout bounds every wait in these tests, so a bug fails the test
// instead of hanging it. It is a hang guard, not a performance assertion.
const testTimeout = 30 * time.Second

// dialIn returns a Conn in a fresh namespace (and the namespace), closed
// when the test ends.
func dialIn(t *testing.T, cfg Config) (*Conn, *nstest.NS) {
	t.Helper()
	ns := nstest.New(t, "blx")
	cfg.NetNS = ns.Path
	tr, err := NewTransport(cfg)
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, tr.Close()) })
	c, err := tr.Dial(context.Background())
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, c.Close()) })
	return c, ns
}

// testCtx is a context that ends at the hang guard.
func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	t.Cleanup(cancel)
	return ctx
}

// linkRequest encodes an RTM_GETLINK request: a dump of all links when
// index is 0, else a get of that one link.
func linkRequest(seq uint32, index int32) []byte {
	flags := uint16(unix.NLM_F_REQUEST)
	if index == 0 {
		flags |= unix.NLM_F_DUMP
	}
	b := make([]byte, unix.SizeofNlMsghdr+unix.SizeofIfInfomsg)
	hdr := (*unix.NlMsghdr)(unsafe.Pointer(&b[0]))
	*hdr = unix.NlMsghdr{Len: uint32(len(b)), Type: unix.RTM_GETLINK, Flags: flags, Seq: seq}
	ifi := (*unix.IfInfomsg)(unsafe.Pointer(&b[unix.SizeofNlMsghdr]))
	ifi.Family = unix.AF_UNSPEC
	ifi.Index = index
	return b
}

// dumpLinkNames sends a link dump and returns the link names, reading
// until NLMSG_DONE.
func dumpLinkNames(t *testing.T, c *Conn, seq uint32) []string {
	t.Helper()
	ctx := testCtx(t)
	require.NoError(t, c.Send(ctx, linkRequest(seq, 0)))
	buf := make([]byte, 1<<20)
	var names []string
	for {
		n, err := c.Receive(ctx, buf)
		require.NoError(t, err)
		msgs, err := syscall.ParseNetlinkMessage(buf[:n])
		require.NoError(t, err)
		for _, m := range msgs {
			require.Equal(t, seq, m.Header.Seq)
			switch m.Header.Type {
			case unix.NLMSG_DONE:
				return names
			case unix.NLMSG_ERROR:
				t.Fatalf("dump failed: errno %d", -int32(binary.NativeEndian.Uint32(m.Data)))
			case unix.RTM_NEWLINK:
				names = append(names, linkName(t, m))
			}
		}
	}
}

// linkName returns the IFLA_IFNAME of an RTM_NEWLINK message.
func linkName(t *testing.T, m syscall.NetlinkMessage) string {
	t.Helper()
	attrs, err := syscall.ParseNetlinkRouteAttr(&m)
	require.NoError(t, err)
	for _, a := range attrs {
		if a.Attr.Type == unix.IFLA_IFNAME {
			return unix.ByteSliceToString(a.Value)
		}
	}
	t.Fatal("RTM_NEWLINK without IFLA_IFNAME")
	return ""
}

// receiveMessage receives one datagram and returns its first message.
func receiveMessage(t *testing.T, ctx context.Context, c *Conn) syscall.NetlinkMessage {
	t.Helper()
	buf := make([]byte, 1<<16)
	n, err := c.Receive(ctx, buf)
	require.NoError(t, err)
	msgs, err := syscall.ParseNetlinkMessage(buf[:n])
	require.NoError(t, err)
	require.NotEmpty(t, msgs)
	return msgs[0]
}

// newRouteSocketIn opens a bare blocking-capable NETLINK_ROUTE socket fd
// inside the namespace ns, for the tests' floor and forger sockets.
func newRouteSocketIn(ns *os.File) (int, error) {
	type result struct {
		fd  int
		err error
	}
	done := make(chan result, 1)
	go func() {
		// Locked and never unlocked: the thread ends with the goroutine,
		// whatever namespace it was left in.
		runtime.LockOSThread()
		if err := unix.Setns(int(ns.Fd()), unix.CLONE_NEWNET); err != nil {
			done <- result{-1, err}
			return
		}
		fd, err := unix.Socket(unix.AF_NETLINK, unix.SOCK_RAW|unix.SOCK_CLOEXEC|unix.SOCK_NONBLOCK, unix.NETLINK_ROUTE)
		done <- result{fd, err}
	}()
	r := <-done
	return r.fd, r.err
}
