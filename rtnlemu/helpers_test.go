package rtnlemu

import (
	"context"
	"encoding/binary"
	"net"
	"syscall"
	"testing"
	"time"

	"github.com/jsimonetti/rtnetlink/v2"
	"github.com/mdlayher/netlink"
	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// Test helpers. Requests are built and replies parsed with mdlayher/netlink
// and jsimonetti/rtnetlink, not with the package's own encoder, so the
// tests check the bytes against independent code.

func u32p(v uint32) *uint32 { return &v }
func u8p(v uint8) *uint8    { return &v }
func strp(s string) *string { return &s }

// request builds one netlink message.
func request(t testing.TB, typ uint16, flags netlink.HeaderFlags, seq uint32, body []byte) []byte {
	t.Helper()
	padded := append(append([]byte(nil), body...), make([]byte, (4-len(body)%4)%4)...)
	m := netlink.Message{
		Header: netlink.Header{Length: uint32(16 + len(padded)), Type: netlink.HeaderType(typ), Flags: flags, Sequence: seq},
		Data:   padded,
	}
	b, err := m.MarshalBinary()
	require.NoError(t, err)
	// MarshalBinary writes the padded length; keep the one asked for.
	binary.NativeEndian.PutUint32(b, uint32(16+len(body)))
	return b
}

// marshal encodes an rtnetlink message body.
func marshal(t testing.TB, m interface{ MarshalBinary() ([]byte, error) }) []byte {
	t.Helper()
	b, err := m.MarshalBinary()
	require.NoError(t, err)
	return b
}

// parse splits a datagram into messages, failing on malformed framing.
func parse(t testing.TB, b []byte) []netlink.Message {
	t.Helper()
	var out []netlink.Message
	for len(b) > 0 {
		require.GreaterOrEqual(t, len(b), 16, "datagram tail shorter than a header")
		n := int(binary.NativeEndian.Uint32(b))
		require.GreaterOrEqual(t, n, 16)
		require.LessOrEqual(t, n, len(b))
		al := min((n+3)&^3, len(b))
		var m netlink.Message
		require.NoError(t, m.UnmarshalBinary(b[:al]))
		out = append(out, m)
		b = b[al:]
	}
	return out
}

// open makes a transport over src with one conn; both close at cleanup.
func open(t testing.TB, src Source, opts ...Option) (*Transport, *Conn) {
	t.Helper()
	tr := New(src, opts...)
	t.Cleanup(func() { tr.Close() })
	c, err := tr.Dial(context.Background())
	require.NoError(t, err)
	return tr, c
}

// exchange sends req and collects the datagrams of its answer: up to
// NLMSG_DONE, the NLMSG_ERROR, or a single (not multi-part) reply.
func exchange(t testing.TB, c *Conn, req []byte, bufSize int) (msgs []netlink.Message, datagrams [][]byte) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	require.NoError(t, c.Send(ctx, req))
	seq := binary.NativeEndian.Uint32(req[8:])
	buf := make([]byte, bufSize)
	for {
		n, err := c.Receive(ctx, buf)
		require.NoError(t, err)
		d := append([]byte(nil), buf[:n]...)
		datagrams = append(datagrams, d)
		done := false
		for _, m := range parse(t, d) {
			msgs = append(msgs, m)
			if m.Header.Sequence == seq && (m.Header.Type == netlink.Done || m.Header.Type == netlink.Error || m.Header.Flags&netlink.Multi == 0) {
				done = true
			}
		}
		if done {
			return msgs, datagrams
		}
	}
}

// errnoIn reads the errno an NLMSG_ERROR or NLMSG_DONE carries.
func errnoIn(t testing.TB, m netlink.Message) syscall.Errno {
	t.Helper()
	require.GreaterOrEqual(t, len(m.Data), 4)
	return syscall.Errno(-int32(binary.NativeEndian.Uint32(m.Data)))
}

// mustRecv reads one datagram, waiting at most a few seconds.
func mustRecv(t testing.TB, c *Conn) ([]byte, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	buf := make([]byte, 64<<10)
	n, err := c.Receive(ctx, buf)
	return buf[:n], err
}

// noRecv checks that nothing is queued.
func noRecv(t testing.TB, c *Conn) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	buf := make([]byte, 64<<10)
	n, err := c.Receive(ctx, buf)
	require.ErrorIs(t, err, context.DeadlineExceeded, "unexpected datagram %x", buf[:n])
}

// Fixture records.

func testLink(index uint32, name string, up bool) rtnetlink.LinkMessage {
	flags := uint32(0x1002) // BROADCAST|MULTICAST
	oper := rtnetlink.OperStateDown
	if up {
		flags |= 0x1 | 0x40 | 0x10000
		oper = rtnetlink.OperStateUp
	}
	return rtnetlink.LinkMessage{
		Type:  1,
		Index: index,
		Flags: flags,
		Attributes: &rtnetlink.LinkAttributes{
			Name:             name,
			MTU:              1500,
			Address:          net.HardwareAddr{0x02, 0, 0, 0, 0, byte(index)},
			Broadcast:        net.HardwareAddr{0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
			OperationalState: oper,
			TxQueueLen:       u32p(1000),
			QueueDisc:        "noqueue",
		},
	}
}

func testAddr4(index uint32, ip string, plen uint8) rtnetlink.AddressMessage {
	a := net.ParseIP(ip).To4()
	return rtnetlink.AddressMessage{
		Family: linux.AF_INET, PrefixLength: plen, Index: index, Flags: 0x80,
		Attributes: &rtnetlink.AddressAttributes{
			Address: a, Local: a, Label: "x", Flags: 0x80,
			CacheInfo: rtnetlink.CacheInfo{Preferred: ^uint32(0), Valid: ^uint32(0), Created: 100, Updated: 100},
		},
	}
}

func testAddr6(index uint32, ip string, plen uint8) rtnetlink.AddressMessage {
	return rtnetlink.AddressMessage{
		Family: linux.AF_INET6, PrefixLength: plen, Index: index, Flags: 0x80, Scope: 0,
		Attributes: &rtnetlink.AddressAttributes{
			Address: net.ParseIP(ip), Flags: 0x80,
			CacheInfo: rtnetlink.CacheInfo{Preferred: ^uint32(0), Valid: ^uint32(0), Created: 100, Updated: 100},
		},
	}
}

func testRoute4(table uint32, dst string, oif uint32, prio uint32) rtnetlink.RouteMessage {
	_, n, _ := net.ParseCIDR(dst)
	plen, _ := n.Mask.Size()
	r := rtnetlink.RouteMessage{
		Family: linux.AF_INET, DstLength: uint8(plen), Table: uint8(min(table, 252)), Protocol: 4, Scope: 0, Type: 1,
		Attributes: rtnetlink.RouteAttributes{OutIface: oif, Priority: prio, Table: table},
	}
	if table < 256 {
		r.Table = uint8(table)
	}
	if plen > 0 {
		r.Attributes.Dst = n.IP.To4()
	}
	return r
}

func testRoute6(table uint32, dst string, oif uint32, prio uint32) rtnetlink.RouteMessage {
	_, n, _ := net.ParseCIDR(dst)
	plen, _ := n.Mask.Size()
	r := rtnetlink.RouteMessage{
		Family: linux.AF_INET6, DstLength: uint8(plen), Table: uint8(table), Protocol: 2, Type: 1,
		Attributes: rtnetlink.RouteAttributes{OutIface: oif, Priority: prio, Table: table, Pref: u8p(0)},
	}
	if plen > 0 {
		r.Attributes.Dst = n.IP.To16()
	}
	return r
}

func testNeigh(family uint16, index uint32, ip string, state uint16) rtnetlink.NeighMessage {
	dst := net.ParseIP(ip)
	if family == linux.AF_INET {
		dst = dst.To4()
	}
	return rtnetlink.NeighMessage{
		Family: family, Index: index, State: state, Type: 1,
		Attributes: &rtnetlink.NeighAttributes{
			Address:   dst,
			LLAddress: net.HardwareAddr{0x02, 0xaa, 0, 0, 0, byte(index)},
			CacheInfo: &rtnetlink.NeighCacheInfo{Confirmed: 1, Used: 2, Updated: 3, RefCount: 1},
		},
	}
}

// fixture is a small network with every kind of record: links lo, eth0
// (a port of br0), eth1, br0; addresses of both families; routes in main,
// local and table 100, one multipath; neighbours of both families and a
// proxy entry.
func fixture(t testing.TB) *Memory {
	t.Helper()
	mem := NewMemory()
	lo := testLink(1, "lo", true)
	lo.Type = 772
	lo.Flags = 0x1 | 0x8 | 0x40 | 0x10000
	lo.Attributes.MTU = 65536
	lo.Attributes.OperationalState = rtnetlink.OperStateUnknown
	lo.Attributes.Broadcast = nil
	eth0 := testLink(2, "eth0", true)
	eth0.Attributes.Master = u32p(4)
	eth0.Attributes.Info = &rtnetlink.LinkInfo{Kind: "veth"}
	eth1 := testLink(3, "eth1", false)
	eth1.Attributes.Alias = strp("uplink")
	br0 := testLink(4, "br0", true)
	br0.Attributes.Info = &rtnetlink.LinkInfo{Kind: "bridge"}
	mp := testRoute4(254, "10.9.0.0/16", 0, 0)
	mp.Attributes.Multipath = []rtnetlink.NextHop{
		{Hop: rtnetlink.RTNextHop{IfIndex: 2, Hops: 0}, Gateway: net.IPv4(10, 1, 0, 254).To4()},
		{Hop: rtnetlink.RTNextHop{IfIndex: 3, Hops: 1}, Gateway: net.IPv4(10, 2, 0, 254).To4()},
	}
	gw := testRoute4(254, "0.0.0.0/0", 2, 100)
	gw.Attributes.Gateway = net.IPv4(10, 1, 0, 1).To4()
	proxy := testNeigh(linux.AF_INET, 2, "10.1.0.99", 0)
	proxy.Flags = linux.NTF_PROXY
	proxy.Attributes.LLAddress = nil
	proxy.Attributes.CacheInfo = nil
	require.NoError(t, mem.Load(&Snapshot{
		Links: []rtnetlink.LinkMessage{lo, eth0, eth1, br0},
		Addrs: []rtnetlink.AddressMessage{
			testAddr4(1, "127.0.0.1", 8),
			testAddr6(1, "::1", 128),
			testAddr4(2, "10.1.0.2", 24),
			testAddr6(2, "fd00::2", 64),
			testAddr4(3, "10.2.0.2", 24),
		},
		Routes: []rtnetlink.RouteMessage{
			gw,
			testRoute4(254, "10.1.0.0/24", 2, 0),
			testRoute4(254, "10.2.0.0/24", 3, 0),
			testRoute4(255, "127.0.0.1/32", 1, 0),
			testRoute4(100, "192.168.0.0/16", 3, 5),
			testRoute6(254, "fd00::/64", 2, 256),
			testRoute6(100, "fd01::/64", 3, 1024),
			mp,
		},
		Neighbors: []rtnetlink.NeighMessage{
			testNeigh(linux.AF_INET, 2, "10.1.0.1", 0x02),
			testNeigh(linux.AF_INET6, 2, "fd00::1", 0x02),
			testNeigh(linux.AF_INET, 3, "10.2.0.1", 0x04),
			proxy,
		},
	}))
	return mem
}
