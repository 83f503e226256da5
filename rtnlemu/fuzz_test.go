package rtnlemu

import (
	"context"
	"encoding/binary"
	"errors"
	"syscall"
	"testing"

	"github.com/jsimonetti/rtnetlink/v2"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// FuzzRequest sends arbitrary bytes as a request datagram. The emulator
// must not panic or hang, Send may only refuse with EINVAL, and
// everything queued in answer must be well-formed netlink: whole
// messages, NLMSG_ERROR and NLMSG_DONE with their errno, records (or the
// RTM_DEL* an NLM_F_ECHO brings back) that jsimonetti/rtnetlink decodes. The seed corpus is in
// testdata/fuzz/FuzzRequest.
func FuzzRequest(f *testing.F) {
	f.Add(request(f, linux.RTM_GETLINK, dumpFlags, 1, ifinfomsg(0, attrU32(linux.IFLA_EXT_MASK, 1))))
	f.Add(request(f, linux.RTM_GETROUTE, dumpFlags, 2, rtmsg(linux.AF_INET, 100, 0, 0, 0, attrU32(linux.RTA_OIF, 2))))
	f.Add(request(f, linux.RTM_GETLINK, 1|4, 3, ifinfomsg(0, attrString(linux.IFLA_IFNAME, "eth0"))))
	f.Add(request(f, linux.RTM_NEWADDR, 1|4|0x400|0x200, 4, marshal(f, &rtnetlink.AddressMessage{
		Family: linux.AF_INET, PrefixLength: 24, Index: 2,
		Attributes: &rtnetlink.AddressAttributes{Local: []byte{10, 1, 0, 9}, Address: []byte{10, 1, 0, 9}},
	})))
	f.Fuzz(func(t *testing.T, data []byte) {
		tr, c := open(t, fixture(t))
		defer tr.Close()
		ctx := context.Background()
		if err := c.Send(ctx, data); err != nil {
			if !errors.Is(err, syscall.EINVAL) {
				t.Fatalf("Send: %v", err)
			}
			return
		}
		// Drain with a small and a large buffer in turn: dumps must split
		// or report EMSGSIZE, never truncate.
		done, cancel := context.WithCancel(ctx)
		cancel()
		sizes := []int{300, 1 << 16}
		for i := 0; ; i++ {
			buf := make([]byte, sizes[i%2])
			n, err := c.Receive(done, buf)
			if errors.Is(err, context.Canceled) {
				return
			}
			if errors.Is(err, syscall.EMSGSIZE) {
				continue
			}
			if err != nil {
				t.Fatalf("Receive: %v", err)
			}
			checkDatagram(t, buf[:n])
			if i > 100000 {
				t.Fatal("endless reply")
			}
		}
	})
}

// checkDatagram fails unless b holds whole, well-formed messages.
func checkDatagram(t *testing.T, b []byte) {
	t.Helper()
	if len(b) == 0 {
		t.Fatal("empty datagram")
	}
	for len(b) > 0 {
		if len(b) < 16 {
			t.Fatalf("tail of %d bytes", len(b))
		}
		n := int(binary.NativeEndian.Uint32(b))
		if n < 16 || n > len(b) {
			t.Fatalf("message length %d in %d bytes", n, len(b))
		}
		m, p := b[:n], b[16:n]
		switch typ := binary.NativeEndian.Uint16(m[4:]); typ {
		case linux.NLMSG_ERROR:
			if len(p) < 4+16 {
				t.Fatalf("NLMSG_ERROR of %d bytes", len(p))
			}
			if e := int32(binary.NativeEndian.Uint32(p)); e > 0 {
				t.Fatalf("positive errno %d", e)
			}
		case linux.NLMSG_DONE:
			if len(p) < 4 {
				t.Fatalf("NLMSG_DONE of %d bytes", len(p))
			}
		case linux.RTM_NEWLINK, linux.RTM_DELLINK:
			var l rtnetlink.LinkMessage
			if err := l.UnmarshalBinary(p); err != nil {
				t.Fatalf("link: %v", err)
			}
		case linux.RTM_NEWADDR, linux.RTM_DELADDR:
			var a rtnetlink.AddressMessage
			if err := a.UnmarshalBinary(p); err != nil {
				t.Fatalf("addr: %v", err)
			}
		case linux.RTM_NEWROUTE, linux.RTM_DELROUTE:
			var r rtnetlink.RouteMessage
			if err := r.UnmarshalBinary(p); err != nil {
				t.Fatalf("route: %v", err)
			}
		case linux.RTM_NEWNEIGH, linux.RTM_DELNEIGH:
			var nm rtnetlink.NeighMessage
			if err := nm.UnmarshalBinary(p); err != nil {
				t.Fatalf("neigh: %v", err)
			}
		default:
			t.Fatalf("unexpected reply type %d", typ)
		}
		b = b[min((n+3)&^3, len(b)):]
	}
}
