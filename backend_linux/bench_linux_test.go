//go:build linux

package backend_linux

import (
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"testing"
	"unsafe"

	"github.com/rtnlx/rtnlx/internal/nstest"
	"golang.org/x/sys/unix"
)

// benchRoutes is the size of the routing table the dump benchmarks read.
const benchRoutes = 20000

// BenchmarkRouteDump compares a route dump read through Conn.Receive with
// the floor, a bare blocking recvfrom loop with a 1 MiB buffer, both only
// walking netlink headers: the difference is the transport's own cost.
func BenchmarkRouteDump(b *testing.B) {
	ns := nstest.New(b, "blxb")
	lines := make([]string, 0, benchRoutes)
	for i := range benchRoutes {
		lines = append(lines, fmt.Sprintf("route add blackhole 10.%d.%d.%d/32", 100+i/65536, i/256%256, i%256))
	}
	ns.Batch(b, lines)
	req := routeDumpRequest()
	buf := make([]byte, 1<<20)

	b.Run("floor", func(b *testing.B) {
		nsFile, err := os.Open(ns.Path)
		if err != nil {
			b.Fatal(err)
		}
		defer nsFile.Close()
		fd, err := newRouteSocketIn(nsFile)
		if err != nil {
			b.Fatal(err)
		}
		defer unix.Close(fd)
		if err := unix.SetNonblock(fd, false); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if err := unix.Sendto(fd, req, 0, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
				b.Fatal(err)
			}
			for done := false; !done; {
				n, _, err := unix.Recvfrom(fd, buf, 0)
				if err != nil {
					b.Fatal(err)
				}
				done = walkHeaders(buf[:n])
			}
		}
	})

	b.Run("conn", func(b *testing.B) {
		tr, err := NewTransport(Config{NetNS: ns.Path})
		if err != nil {
			b.Fatal(err)
		}
		defer tr.Close()
		c, err := tr.Dial(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		defer c.Close()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		for b.Loop() {
			if err := c.Send(ctx, req); err != nil {
				b.Fatal(err)
			}
			for done := false; !done; {
				n, err := c.Receive(ctx, buf)
				if err != nil {
					b.Fatal(err)
				}
				done = walkHeaders(buf[:n])
			}
		}
	})
}

// routeDumpRequest encodes an RTM_GETROUTE dump of IPv4 routes.
func routeDumpRequest() []byte {
	req := make([]byte, unix.SizeofNlMsghdr+unix.SizeofRtMsg)
	*(*unix.NlMsghdr)(unsafe.Pointer(&req[0])) = unix.NlMsghdr{
		Len: uint32(len(req)), Type: unix.RTM_GETROUTE, Flags: unix.NLM_F_REQUEST | unix.NLM_F_DUMP, Seq: 1,
	}
	(*unix.RtMsg)(unsafe.Pointer(&req[unix.SizeofNlMsghdr])).Family = unix.AF_INET
	return req
}

// walkHeaders steps over the netlink messages in b and reports whether one
// is NLMSG_DONE or NLMSG_ERROR (the end of a dump).
func walkHeaders(b []byte) bool {
	for len(b) >= unix.SizeofNlMsghdr {
		l := int(binary.NativeEndian.Uint32(b))
		typ := binary.NativeEndian.Uint16(b[4:])
		if typ == unix.NLMSG_DONE || typ == unix.NLMSG_ERROR {
			return true
		}
		l = (l + unix.NLMSG_ALIGNTO - 1) &^ (unix.NLMSG_ALIGNTO - 1)
		if l < unix.SizeofNlMsghdr || l > len(b) {
			return false
		}
		b = b[l:]
	}
	return false
}
