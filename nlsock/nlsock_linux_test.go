//go:build linux

package nlsock_test

import (
	"context"
	"encoding/binary"
	"errors"
	"net"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/mdlayher/netlink"
	"github.com/rtnlx/rtnlx/internal/nstest"
	"github.com/rtnlx/rtnlx/nlsock"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
	"golang.org/x/sys/unix"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// dial opens a socket on bus inside a fresh namespace and closes it when
// the test ends.
func dial(t *testing.T, ns *nstest.NS, bus int, cfg nlsock.Config) *nlsock.Conn {
	t.Helper()
	cfg.NetNS = ns.Path
	c, err := nlsock.Dial(bus, &cfg)
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, c.Close()) })
	return c
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// ifinfomsg is an empty struct ifinfomsg of family AF_UNSPEC.
var ifinfomsg = make([]byte, unix.SizeofIfInfomsg)

// linkNames decodes the IFLA_IFNAME of RTM_NEWLINK messages.
func linkNames(t *testing.T, msgs []netlink.Message) []string {
	t.Helper()
	var names []string
	for _, m := range msgs {
		require.Equal(t, netlink.HeaderType(unix.RTM_NEWLINK), m.Header.Type)
		ad, err := netlink.NewAttributeDecoder(m.Data[unix.SizeofIfInfomsg:])
		require.NoError(t, err)
		for ad.Next() {
			if ad.Type() == unix.IFLA_IFNAME {
				names = append(names, ad.String())
			}
		}
		require.NoError(t, ad.Err())
	}
	return names
}

func dumpLinks(t *testing.T, c *nlsock.Conn) []string {
	t.Helper()
	msgs, err := c.Request(ctxT(t), netlink.Message{
		Header: netlink.Header{Type: unix.RTM_GETLINK, Flags: netlink.Dump},
		Data:   ifinfomsg,
	})
	require.NoError(t, err)
	return linkNames(t, msgs)
}

func TestDialBuses(t *testing.T) {
	ns := nstest.New(t, "nlsock")
	for _, bus := range []int{nlsock.Route, nlsock.SockDiag, nlsock.XFRM, nlsock.Audit, nlsock.Netfilter, nlsock.KobjectUevent, nlsock.Generic} {
		c := dial(t, ns, bus, nlsock.Config{})
		require.Equal(t, bus, c.Bus())
		require.NotZero(t, c.PortID(), "bus %d", bus)
	}
}

func TestDialRejectsBadConfig(t *testing.T) {
	dir := t.TempDir()
	regular := filepath.Join(dir, "file")
	require.NoError(t, os.WriteFile(regular, nil, 0o600))
	for _, cfg := range []nlsock.Config{
		{NetNS: filepath.Join(dir, "missing")},
		{NetNS: regular},
		{NetNS: "/proc/self/ns/uts"},
		{ReceiveBuffer: -1},
		{BacklogLimit: -1},
	} {
		_, err := nlsock.Dial(nlsock.Route, &cfg)
		require.Error(t, err, "%+v", cfg)
	}
	_, err := nlsock.Dial(0x7fff, nil)
	require.ErrorIs(t, err, unix.EPROTONOSUPPORT)
}

func TestExplicitPortID(t *testing.T) {
	ns := nstest.New(t, "nlsock")
	const port = 0x7e57_0001
	c := dial(t, ns, nlsock.Route, nlsock.Config{PortID: port})
	require.Equal(t, uint32(port), c.PortID())
	require.Contains(t, dumpLinks(t, c), "lo", "replies reach an explicit port id")

	_, err := nlsock.Dial(nlsock.Route, &nlsock.Config{PortID: port, NetNS: ns.Path})
	require.ErrorIs(t, err, unix.EADDRINUSE)

	// An automatic one differs from it and from other sockets'.
	a := dial(t, ns, nlsock.Route, nlsock.Config{})
	b := dial(t, ns, nlsock.Route, nlsock.Config{})
	require.NotEqual(t, a.PortID(), b.PortID())
	require.NotEqual(t, uint32(port), a.PortID())
}

func TestGroups(t *testing.T) {
	ns := nstest.New(t, "nlsock")
	// RTNLGRP_LINK (1) and RTNLGRP_IPV4_IFADDR (5) by the bind mask.
	c := dial(t, ns, nlsock.Route, nlsock.Config{Groups: 1<<0 | 1<<4})
	groups, err := c.Groups()
	require.NoError(t, err)
	require.Equal(t, []uint32{1, 5}, groups)

	// RTNLGRP_NEXTHOP (32) and RTNLGRP_BRVLAN (33) are past the bind mask.
	require.NoError(t, c.JoinGroup(unix.RTNLGRP_NEXTHOP))
	require.NoError(t, c.JoinGroup(unix.RTNLGRP_BRVLAN))
	require.NoError(t, c.LeaveGroup(1))
	groups, err = c.Groups()
	require.NoError(t, err)
	require.Equal(t, []uint32{5, 32, 33}, groups)

	require.ErrorIs(t, c.JoinGroup(1000), unix.EINVAL)
}

func TestOptions(t *testing.T) {
	ns := nstest.New(t, "nlsock")
	c := dial(t, ns, nlsock.Route, nlsock.Config{})
	for _, o := range []nlsock.Option{nlsock.PacketInfo, nlsock.BroadcastError, nlsock.NoENOBUFS,
		nlsock.ListenAllNSID, nlsock.CapAck, nlsock.ExtAck, nlsock.GetStrictCheck} {
		t.Run(o.String(), func(t *testing.T) {
			for _, on := range []bool{true, false, true} {
				require.NoError(t, c.SetOption(o, on))
				got, err := c.Option(o)
				require.NoError(t, err)
				require.Equal(t, on, got)
			}
			// The raw path reads what the named one wrote.
			v, err := c.SockoptInt(unix.SOL_NETLINK, int(o))
			require.NoError(t, err)
			require.Equal(t, 1, v)
		})
	}

	require.NoError(t, c.SetReceiveBuffer(3<<20))
	rb, err := c.ReceiveBuffer()
	require.NoError(t, err)
	require.Equal(t, 6<<20, rb, "the kernel doubles what was asked")
	require.NoError(t, c.SetSendBuffer(1<<20))
	sb, err := c.SendBuffer()
	require.NoError(t, err)
	require.Equal(t, 2<<20, sb)

	// Raw setsockopt and getsockopt with bytes, at another level.
	mark := binary.NativeEndian.AppendUint32(nil, 42)
	require.NoError(t, c.SetSockopt(unix.SOL_SOCKET, unix.SO_MARK, mark))
	got, err := c.Sockopt(unix.SOL_SOCKET, unix.SO_MARK, 4)
	require.NoError(t, err)
	require.Equal(t, mark, got)
	require.ErrorIs(t, c.SetSockoptInt(unix.SOL_NETLINK, 999, 1), unix.ENOPROTOOPT)

	cfgd := dial(t, ns, nlsock.Route, nlsock.Config{ReceiveBuffer: 1 << 20, SendBuffer: 1 << 19, Strict: true})
	rb, err = cfgd.ReceiveBuffer()
	require.NoError(t, err)
	require.Equal(t, 2<<20, rb)
	for _, o := range []nlsock.Option{nlsock.ExtAck, nlsock.GetStrictCheck} {
		on, err := cfgd.Option(o)
		require.NoError(t, err)
		require.True(t, on, "Strict turns on %v", o)
	}
}

func TestRequestRouteDumpInNamespace(t *testing.T) {
	ns := nstest.New(t, "nlsock")
	ns.IP(t, "link", "add", "d0", "type", "bridge")
	c := dial(t, ns, nlsock.Route, nlsock.Config{})
	require.Equal(t, []string{"lo", "d0"}, dumpLinks(t, c), "the namespace's links, NLMSG_DONE left out")

	// A single (non-dump) reply.
	msgs, err := c.Request(ctxT(t), netlink.Message{
		Header: netlink.Header{Type: unix.RTM_GETLINK},
		Data:   appendIfName(ifinfomsg, "d0"),
	})
	require.NoError(t, err)
	require.Equal(t, []string{"d0"}, linkNames(t, msgs))
}

func appendIfName(b []byte, name string) []byte {
	ae := netlink.NewAttributeEncoder()
	ae.String(unix.IFLA_IFNAME, name)
	attrs, _ := ae.Encode()
	return append(append([]byte(nil), b...), attrs...)
}

func TestRequestErrorsAndExtendedAck(t *testing.T) {
	ns := nstest.New(t, "nlsock")
	c := dial(t, ns, nlsock.Route, nlsock.Config{Strict: true})
	_, err := c.Request(ctxT(t), netlink.Message{
		Header: netlink.Header{Type: unix.RTM_GETLINK},
		Data:   appendIfName(ifinfomsg, "nosuchlink"),
	})
	require.ErrorIs(t, err, unix.ENODEV)
	var oe *netlink.OpError
	require.ErrorAs(t, err, &oe)

	// A strict dump with a header field the kernel does not filter on is
	// refused with a message.
	bad := make([]byte, unix.SizeofIfInfomsg)
	bad[4] = 1 // ifi_index in a strict link dump
	_, err = c.Request(ctxT(t), netlink.Message{Header: netlink.Header{Type: unix.RTM_GETLINK, Flags: netlink.Dump}, Data: bad})
	require.ErrorIs(t, err, unix.EINVAL)
	require.ErrorAs(t, err, &oe)
	require.NotEmpty(t, oe.Message, "the extended ack's text")

	// An ack: no replies, no error.
	msgs, err := c.Request(ctxT(t), netlink.Message{
		Header: netlink.Header{Type: unix.RTM_NEWLINK, Flags: netlink.Acknowledge | netlink.Create | netlink.Excl},
		Data:   appendLinkKind(appendIfName(ifinfomsg, "d1"), "bridge"),
	})
	require.NoError(t, err)
	require.Empty(t, msgs)
	_, err = c.Request(ctxT(t), netlink.Message{
		Header: netlink.Header{Type: unix.RTM_NEWLINK, Flags: netlink.Acknowledge | netlink.Create | netlink.Excl},
		Data:   appendLinkKind(appendIfName(ifinfomsg, "d1"), "bridge"),
	})
	require.ErrorIs(t, err, unix.EEXIST)
}

func appendLinkKind(b []byte, kind string) []byte {
	ae := netlink.NewAttributeEncoder()
	ae.Nested(unix.IFLA_LINKINFO, func(nae *netlink.AttributeEncoder) error {
		nae.String(unix.IFLA_INFO_KIND, kind)
		return nil
	})
	attrs, _ := ae.Encode()
	return append(b, attrs...)
}

// Generic netlink's controller: GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
// CTRL_ATTR_FAMILY_NAME.
const (
	genlIDCtrl         = 0x10
	ctrlCmdGetFamily   = 3
	ctrlAttrFamilyName = 2
)

func TestRequestGenericDump(t *testing.T) {
	ns := nstest.New(t, "nlsock")
	c := dial(t, ns, nlsock.Generic, nlsock.Config{})
	msgs, err := c.Request(ctxT(t), netlink.Message{
		Header: netlink.Header{Type: genlIDCtrl, Flags: netlink.Dump},
		Data:   []byte{ctrlCmdGetFamily, 1, 0, 0},
	})
	require.NoError(t, err)
	var names []string
	for _, m := range msgs {
		require.Equal(t, netlink.HeaderType(genlIDCtrl), m.Header.Type)
		ad, err := netlink.NewAttributeDecoder(m.Data[4:])
		require.NoError(t, err)
		for ad.Next() {
			if ad.Type() == ctrlAttrFamilyName {
				names = append(names, ad.String())
			}
		}
	}
	require.Contains(t, names, "nlctrl")
	require.Greater(t, len(names), 3)
}

// ipset over nfnetlink (linux/netfilter/ipset/ip_set.h).
const (
	nfnlSubsysIPSet    = 6
	ipsetCmdProtocol   = 1
	ipsetCmdCreate     = 2
	ipsetCmdList       = 7
	ipsetAttrProtocol  = 1
	ipsetAttrSetname   = 2
	ipsetAttrTypename  = 3
	ipsetAttrRevision  = 4
	ipsetAttrFamily    = 5
	ipsetProtocolValue = 7
)

// ipsetMessage is an ipset request: nfgenmsg (family, version 0, res_id 0)
// and attributes.
func ipsetMessage(cmd int, flags netlink.HeaderFlags, attrs func(*netlink.AttributeEncoder)) netlink.Message {
	ae := netlink.NewAttributeEncoder()
	ae.Uint8(ipsetAttrProtocol, ipsetProtocolValue)
	if attrs != nil {
		attrs(ae)
	}
	b, _ := ae.Encode()
	return netlink.Message{
		Header: netlink.Header{Type: netlink.HeaderType(nfnlSubsysIPSet<<8 | cmd), Flags: flags},
		Data:   append([]byte{unix.AF_INET, 0, 0, 0}, b...),
	}
}

func TestRequestNetfilterIPSet(t *testing.T) {
	ns := nstest.New(t, "nlsock")
	c := dial(t, ns, nlsock.Netfilter, nlsock.Config{})
	ctx := ctxT(t)

	msgs, err := c.Request(ctx, ipsetMessage(ipsetCmdProtocol, 0, nil))
	require.NoError(t, err)
	require.Len(t, msgs, 1, "a single reply to IPSET_CMD_PROTOCOL")

	for _, name := range []string{"a", "b"} {
		msgs, err = c.Request(ctx, ipsetMessage(ipsetCmdCreate, netlink.Acknowledge|netlink.Create, func(ae *netlink.AttributeEncoder) {
			ae.String(ipsetAttrSetname, name)
			ae.String(ipsetAttrTypename, "hash:ip")
			ae.Uint8(ipsetAttrRevision, 0)
			ae.Uint8(ipsetAttrFamily, unix.AF_INET)
		}))
		require.NoError(t, err)
		require.Empty(t, msgs)
	}
	msgs, err = c.Request(ctx, ipsetMessage(ipsetCmdList, netlink.Dump, nil))
	require.NoError(t, err)
	require.Len(t, msgs, 2, "IPSET_CMD_LIST dumps both sets through the generic path")
	for _, m := range msgs {
		require.Equal(t, netlink.HeaderType(nfnlSubsysIPSet<<8|ipsetCmdList), m.Header.Type)
		require.NotZero(t, m.Header.Flags&netlink.Multi)
	}

	_, err = c.Request(ctx, ipsetMessage(ipsetCmdCreate, netlink.Acknowledge|netlink.Create|netlink.Excl, func(ae *netlink.AttributeEncoder) {
		ae.String(ipsetAttrSetname, "a")
		ae.String(ipsetAttrTypename, "hash:ip")
		ae.Uint8(ipsetAttrRevision, 0)
		ae.Uint8(ipsetAttrFamily, unix.AF_INET)
	}))
	require.Error(t, err, "an existing set")
}

// A notification caused by our own request carries our sequence number
// and port id; it must go to the backlog, not to the request.
func TestNotificationsAreNotReplies(t *testing.T) {
	ns := nstest.New(t, "nlsock")
	c := dial(t, ns, nlsock.Route, nlsock.Config{})
	require.NoError(t, c.JoinGroup(unix.RTNLGRP_IPV4_IFADDR))
	ctx := ctxT(t)
	const seq = 4242
	ifa := []byte{unix.AF_INET, 8, 0, unix.RT_SCOPE_HOST, 1, 0, 0, 0} // 192.0.2.1/8 on lo (index 1)
	ae := netlink.NewAttributeEncoder()
	ae.Bytes(unix.IFA_LOCAL, []byte{192, 0, 2, 1})
	ae.Bytes(unix.IFA_ADDRESS, []byte{192, 0, 2, 1})
	attrs, err := ae.Encode()
	require.NoError(t, err)
	msgs, err := c.Request(ctx, netlink.Message{
		Header: netlink.Header{Type: unix.RTM_NEWADDR, Flags: netlink.Acknowledge | netlink.Create | netlink.Excl, Sequence: seq},
		Data:   append(ifa, attrs...),
	})
	require.NoError(t, err)
	require.Empty(t, msgs, "the ack alone answers")
	n, err := c.Next(ctx)
	require.NoError(t, err)
	require.Equal(t, uint32(unix.RTNLGRP_IPV4_IFADDR), n.Group)
	require.Equal(t, netlink.HeaderType(unix.RTM_NEWADDR), n.Header.Type)
	require.Equal(t, c.PortID(), n.Header.PID, "the notification names the requester")
	require.Equal(t, uint32(seq), n.Header.Sequence)
	require.Equal(t, int32(-1), n.NSID)
	require.Equal(t, uint32(0), n.PortID, "sent by the kernel")
}

func TestPutRepliesGoToBacklog(t *testing.T) {
	ns := nstest.New(t, "nlsock")
	c := dial(t, ns, nlsock.Route, nlsock.Config{})
	ctx := ctxT(t)
	dumpLinks(t, c) // starts the reader, which must run before the put
	seq, err := c.Put(ctx, netlink.Message{Header: netlink.Header{Type: unix.RTM_GETLINK, Flags: netlink.Dump}, Data: ifinfomsg})
	require.NoError(t, err)
	require.NotZero(t, seq)
	var got []netlink.Message
	for {
		m, err := c.Next(ctx)
		require.NoError(t, err)
		if m.Header.Type == netlink.Done {
			require.Equal(t, seq, m.Header.Sequence)
			break
		}
		require.Equal(t, seq, m.Header.Sequence)
		require.Zero(t, m.Group)
		got = append(got, m.Message)
	}
	require.NotEmpty(t, got)
}

func TestHandle(t *testing.T) {
	ns := nstest.New(t, "nlsock")
	c := dial(t, ns, nlsock.Route, nlsock.Config{})
	require.NoError(t, c.JoinGroup(unix.RTNLGRP_LINK))
	ctx := ctxT(t)
	var mu sync.Mutex
	var newLinks, any int
	seen := make(chan string, 16)
	removeNew, err := c.Handle(func(m nlsock.Message) bool { return m.Header.Type == unix.RTM_NEWLINK }, func(m nlsock.Message) {
		mu.Lock()
		newLinks++
		mu.Unlock()
		seen <- linkNames(t, []netlink.Message{m.Message})[0]
	})
	require.NoError(t, err)
	removeAll, err := c.Handle(nil, func(nlsock.Message) { mu.Lock(); any++; mu.Unlock() })
	require.NoError(t, err)

	ns.IP(t, "link", "add", "h0", "type", "bridge")
	require.Equal(t, "h0", <-seen)
	removeNew()
	removeAll()
	ns.IP(t, "link", "del", "h0")
	m, err := c.Next(ctx)
	require.NoError(t, err, "with the handlers gone, the backlog gets the message")
	require.Equal(t, netlink.HeaderType(unix.RTM_DELLINK), m.Header.Type)
	mu.Lock()
	require.GreaterOrEqual(t, newLinks, 1)
	require.GreaterOrEqual(t, any, 1)
	mu.Unlock()
	s := c.Stats()
	require.GreaterOrEqual(t, s.Handled, uint64(1))
	require.Zero(t, s.Backlog)

	_, err = c.Handle(nil, nil)
	require.Error(t, err)
}

func TestStats(t *testing.T) {
	ns := nstest.New(t, "nlsock")
	c := dial(t, ns, nlsock.Route, nlsock.Config{BacklogLimit: 2})
	require.Zero(t, c.Stats())
	require.NoError(t, c.JoinGroup(unix.RTNLGRP_LINK))
	ctx := ctxT(t)
	require.Len(t, dumpLinks(t, c), 1)
	var lines []string
	for i := range 5 {
		lines = append(lines, "link add s"+string(rune('0'+i))+" type bridge")
	}
	ns.Batch(t, lines)
	require.Len(t, dumpLinks(t, c), 6, "the dump is a fence: the notifications came before it")
	s := c.Stats()
	require.Equal(t, uint64(9), s.Replies, "1 + 6 links and two NLMSG_DONE")
	require.Equal(t, uint64(2), s.Queued)
	require.GreaterOrEqual(t, s.Dropped, uint64(3))
	require.Equal(t, 2, s.Backlog)
	require.GreaterOrEqual(t, s.Datagrams, uint64(3))
	require.Equal(t, s.Replies+s.Queued+s.Dropped, s.Messages)

	_, err := c.Next(ctx)
	require.ErrorIs(t, err, syscall.ENOBUFS, "the drops are reported once")
	for range 2 {
		_, err = c.Next(ctx)
		require.NoError(t, err)
	}
}

func TestListenAllNSID(t *testing.T) {
	a := nstest.New(t, "nlsock")
	b := nstest.New(t, "nlsock")
	a.IP(t, "netns", "set", b.Name, "7")
	c := dial(t, a, nlsock.Route, nlsock.Config{})
	require.NoError(t, c.SetOption(nlsock.ListenAllNSID, true))
	require.NoError(t, c.JoinGroup(unix.RTNLGRP_LINK))
	require.Empty(t, dumpLinks(t, c)[1:], "the reader runs")
	b.IP(t, "link", "add", "p0", "type", "bridge")
	m, err := c.Next(ctxT(t))
	require.NoError(t, err)
	require.Equal(t, int32(7), m.NSID, "a multicast from the peer namespace")
	require.Equal(t, []string{"p0"}, linkNames(t, []netlink.Message{m.Message}))
}

func TestReceiveRaw(t *testing.T) {
	ns := nstest.New(t, "nlsock")
	c := dial(t, ns, nlsock.Route, nlsock.Config{})
	ctx := ctxT(t)
	require.NoError(t, c.JoinGroup(unix.RTNLGRP_LINK))
	seq, err := c.Put(ctx, netlink.Message{Header: netlink.Header{Type: unix.RTM_GETLINK, Flags: netlink.Dump}, Data: ifinfomsg})
	require.NoError(t, err)
	buf := make([]byte, 1<<16)
	n, group, err := c.ReceiveGroup(ctx, buf)
	require.NoError(t, err)
	require.Zero(t, group)
	require.Equal(t, seq, binary.NativeEndian.Uint32(buf[8:n]))
	for binary.NativeEndian.Uint16(buf[4:]) != unix.NLMSG_DONE {
		n, err = c.Receive(ctx, buf)
		require.NoError(t, err)
		require.Greater(t, n, unix.NLMSG_HDRLEN)
	}
	ns.IP(t, "link", "add", "r0", "type", "bridge")
	_, group, err = c.ReceiveGroup(ctx, buf)
	require.NoError(t, err)
	require.Equal(t, uint32(unix.RTNLGRP_LINK), group)

	ns.IP(t, "link", "add", "r1", "type", "bridge")
	_, err = c.Receive(ctx, buf[:16])
	require.ErrorIs(t, err, syscall.EMSGSIZE, "a datagram longer than the buffer")
	_, err = c.Receive(ctx, nil)
	require.ErrorIs(t, err, syscall.EMSGSIZE)

	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	_, err = c.Receive(short, buf)
	require.ErrorIs(t, err, context.DeadlineExceeded)

	// The caller reads this socket: its own reader may not start.
	_, err = c.Request(ctx, netlink.Message{Header: netlink.Header{Type: unix.RTM_GETLINK, Flags: netlink.Dump}, Data: ifinfomsg})
	require.ErrorIs(t, err, nlsock.ErrReaderMode)
	_, err = c.Next(ctx)
	require.ErrorIs(t, err, nlsock.ErrReaderMode)

	o := dial(t, ns, nlsock.Route, nlsock.Config{})
	dumpLinks(t, o)
	_, err = o.Receive(ctx, buf)
	require.ErrorIs(t, err, nlsock.ErrReaderMode)
	require.Error(t, o.SetOption(nlsock.PacketInfo, false), "the reader needs it")
}

func TestCloseAndCancel(t *testing.T) {
	ns := nstest.New(t, "nlsock")
	c, err := nlsock.Dial(nlsock.Route, &nlsock.Config{NetNS: ns.Path})
	require.NoError(t, err)
	ctx := ctxT(t)

	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	_, err = c.Next(short)
	require.ErrorIs(t, err, context.DeadlineExceeded)

	errc := make(chan error, 1)
	go func() { _, err := c.Next(ctx); errc <- err }()
	time.Sleep(20 * time.Millisecond)
	require.NoError(t, c.Close())
	require.ErrorIs(t, <-errc, net.ErrClosed, "Close wakes a waiting Next")
	require.NoError(t, c.Close(), "twice")
	_, err = c.Request(ctx, netlink.Message{Header: netlink.Header{Type: unix.RTM_GETLINK, Flags: netlink.Dump}, Data: ifinfomsg})
	require.ErrorIs(t, err, net.ErrClosed)
	_, err = c.Put(ctx, netlink.Message{Header: netlink.Header{Type: unix.RTM_GETLINK}})
	require.ErrorIs(t, err, net.ErrClosed)
	require.ErrorIs(t, c.JoinGroup(1), net.ErrClosed)
	_, err = c.Groups()
	require.ErrorIs(t, err, net.ErrClosed)

	// A raw reader blocked in Receive wakes on Close too.
	r, err := nlsock.Dial(nlsock.Route, &nlsock.Config{NetNS: ns.Path})
	require.NoError(t, err)
	go func() { _, err := r.Receive(ctx, make([]byte, 4096)); errc <- err }()
	time.Sleep(20 * time.Millisecond)
	require.NoError(t, r.Close())
	require.ErrorIs(t, <-errc, net.ErrClosed)
}

func TestRequestIterStopsEarly(t *testing.T) {
	ns := nstest.New(t, "nlsock")
	var lines []string
	for i := range 200 {
		lines = append(lines, "link add i"+itoa(i)+" type bridge")
	}
	ns.Batch(t, lines)
	c := dial(t, ns, nlsock.Route, nlsock.Config{})
	ctx := ctxT(t)
	n := 0
	for m, err := range c.RequestIter(ctx, netlink.Message{Header: netlink.Header{Type: unix.RTM_GETLINK, Flags: netlink.Dump}, Data: ifinfomsg}) {
		require.NoError(t, err)
		require.Equal(t, netlink.HeaderType(unix.RTM_NEWLINK), m.Header.Type)
		if n++; n == 3 {
			break
		}
	}
	// The abandoned dump's remaining replies neither reach the next
	// request nor the backlog.
	require.Len(t, dumpLinks(t, c), 201)
	require.Zero(t, c.Stats().Backlog)
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

func TestConcurrentRequests(t *testing.T) {
	ns := nstest.New(t, "nlsock")
	c := dial(t, ns, nlsock.Route, nlsock.Config{})
	ns.IP(t, "link", "add", "c0", "type", "bridge")
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for range 8 {
		wg.Go(func() {
			for range 20 {
				msgs, err := c.Request(context.Background(), netlink.Message{Header: netlink.Header{Type: unix.RTM_GETLINK, Flags: netlink.Dump}, Data: ifinfomsg})
				if err == nil && len(msgs) != 2 {
					err = errors.New("wrong number of links")
				}
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
}
