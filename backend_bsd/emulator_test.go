package backend_bsd

import (
	"context"
	"encoding/binary"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jsimonetti/rtnetlink/v2"
	"github.com/rtnlx/rtnlx/rtnlemu"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// bytesSource is the pure half of the BSD Source: it serves dumps held
// as the bytes a kernel's sysctl would return, and runs the monitor
// over a fake routing socket. It shows that the translated records go
// through rtnlemu and come out as RTNL that a peer decoder reads.
type bytesSource struct {
	l    layout
	sock *fakeSocket

	mu     sync.Mutex
	iflist []byte
	routes []byte
	neighs []byte
}

func (s *bytesSource) set(iflist, routes, neighs []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.iflist, s.routes, s.neighs = iflist, routes, neighs
}

func (s *bytesSource) Snapshot(ctx context.Context, kinds rtnlemu.Kind) (*rtnlemu.Snapshot, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	snap := &rtnlemu.Snapshot{}
	ifl, _ := s.l.ParseMessages(s.iflist)
	snap.Links, snap.Addrs = s.l.LinksAndAddrs(ifl, fillFuncs{})
	rts, _ := s.l.ParseMessages(s.routes)
	snap.Routes = s.l.Routes(rts, 0)
	nbs, _ := s.l.ParseMessages(s.neighs)
	snap.Neighbors = s.l.Neighbors(nbs, fixtureClock())
	return snap, nil
}

func (s *bytesSource) Monitor(ctx context.Context, changes chan<- rtnlemu.Change) error {
	// Each Monitor call has its own stop, as each would have its own
	// socket; the test's datagrams come from the shared channel.
	stopped := make(chan struct{})
	read := func(b []byte) (int, error) {
		select {
		case r := <-s.sock.reads:
			return copy(b, r.b), r.err
		case <-stopped:
			return 0, syscall.EBADF
		}
	}
	var once sync.Once
	var st monitorStats
	return runMonitor(ctx, s.l, read, func() { once.Do(func() { close(stopped) }) }, changes, &st)
}

// netlink constants (linux/netlink.h, linux/rtnetlink.h).
const (
	nlmsgDone   = 3
	nlmsgError  = 2
	rtmNewLink  = 16
	rtmDelLink  = 17
	rtmGetLink  = 18
	rtmNewAddr  = 20
	rtmGetAddr  = 22
	rtmNewRoute = 24
	rtmGetRoute = 26
	rtmNewNeigh = 28
	rtmGetNeigh = 30
	nlmFRequest = 0x1
	nlmFDump    = 0x300
	rtnlgrpLink = 1
	nlmsgHdrLen = 16
)

// dump sends an RTM_GET* dump request, checks that every reply is the
// kind's RTM_NEW*, and collects the replies' bodies.
func dump(t *testing.T, c *rtnlemu.Conn, typ uint16) (bodies [][]byte) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	// The request header of each kind (ifinfomsg 16, ifaddrmsg 8,
	// rtmsg 12, ndmsg 12 bytes) and the type of its replies.
	kind := map[uint16]struct {
		size  int
		reply uint16
	}{
		rtmGetLink:  {16, rtmNewLink},
		rtmGetAddr:  {8, rtmNewAddr},
		rtmGetRoute: {12, rtmNewRoute},
		rtmGetNeigh: {12, rtmNewNeigh},
	}[typ]
	req := make([]byte, nlmsgHdrLen+kind.size)
	binary.NativeEndian.PutUint32(req[0:], uint32(len(req)))
	binary.NativeEndian.PutUint16(req[4:], typ)
	binary.NativeEndian.PutUint16(req[6:], nlmFRequest|nlmFDump)
	binary.NativeEndian.PutUint32(req[8:], 1)
	require.NoError(t, c.Send(ctx, req))
	buf := make([]byte, 1<<16)
	for {
		n, err := c.Receive(ctx, buf)
		require.NoError(t, err)
		for b := buf[:n]; len(b) >= nlmsgHdrLen; {
			l := int(binary.NativeEndian.Uint32(b[0:]))
			mt := binary.NativeEndian.Uint16(b[4:])
			require.GreaterOrEqual(t, l, nlmsgHdrLen)
			require.LessOrEqual(t, l, len(b))
			switch mt {
			case nlmsgDone:
				require.GreaterOrEqual(t, l, nlmsgHdrLen+4)
				require.Zero(t, int32(binary.NativeEndian.Uint32(b[nlmsgHdrLen:])), "dump errno")
				return bodies
			case nlmsgError:
				t.Fatalf("error reply %v", b[:l])
			}
			require.Equal(t, kind.reply, mt, "reply type")
			bodies = append(bodies, append([]byte(nil), b[nlmsgHdrLen:l]...))
			b = b[(l+3)&^3:]
		}
	}
}

func TestThroughEmulator(t *testing.T) {
	defer goleak.VerifyNone(t)
	for _, o := range allOS() {
		t.Run(o.String(), func(t *testing.T) {
			fx := fixtures()[indexOS(o)]
			l := layoutFor(o, 8)
			var iflist, routes, neighs []byte
			for _, b := range fx.msgs {
				m, err := l.ParseMessage(b)
				require.NoError(t, err)
				switch {
				case m.If != nil || m.Addr != nil:
					iflist = append(iflist, b...)
				case m.Route != nil && m.Route.Flags&routeLLInfo != 0:
					neighs = append(neighs, b...)
				case m.Route != nil:
					routes = append(routes, b...)
				}
			}
			src := &bytesSource{l: l, sock: newFakeSocket()}
			src.set(iflist, routes, neighs)
			tr := rtnlemu.New(src)
			defer tr.Close()
			c, err := tr.Dial(context.Background())
			require.NoError(t, err)

			bodies := dump(t, c, rtmGetLink)
			require.Len(t, bodies, 1)
			var lm rtnetlink.LinkMessage
			require.NoError(t, lm.UnmarshalBinary(bodies[0]))
			require.Equal(t, "em0", lm.Attributes.Name)
			require.Equal(t, uint16(linux.ARPHRD_ETHER), lm.Type)
			require.Equal(t, uint32(1500), lm.Attributes.MTU)
			require.Equal(t, "02:00:00:00:00:02", lm.Attributes.Address.String())

			bodies = dump(t, c, rtmGetAddr)
			require.Len(t, bodies, 2)
			var am rtnetlink.AddressMessage
			require.NoError(t, am.UnmarshalBinary(bodies[0]))
			require.Equal(t, "192.0.2.10", am.Attributes.Local.String())
			require.Equal(t, uint8(24), am.PrefixLength)

			bodies = dump(t, c, rtmGetRoute)
			require.Len(t, bodies, 4)
			var rm rtnetlink.RouteMessage
			require.NoError(t, rm.UnmarshalBinary(bodies[0]))
			require.Equal(t, "192.0.2.1", rm.Attributes.Gateway.String())
			require.Equal(t, uint8(linux.RTPROT_STATIC), rm.Protocol)
			require.Equal(t, uint32(linux.RT_TABLE_MAIN), rm.Attributes.Table)

			bodies = dump(t, c, rtmGetNeigh)
			// The fixture's RTM_DELETE of fe80::1 carries no link-layer
			// address: as a dump entry it would be incomplete, and it is
			// one; the ARP entry is reachable.
			require.Len(t, bodies, 2)
			var nm rtnetlink.NeighMessage
			require.NoError(t, nm.UnmarshalBinary(bodies[0]))
			require.Equal(t, "192.0.2.1", nm.Attributes.Address.String())
			require.Equal(t, uint16(linux.NUD_REACHABLE), nm.State)
			require.NoError(t, c.Close())
		})
	}
}

// indexOS is the position of o in allOS (and fixtures).
func indexOS(o osKind) int {
	for i, x := range allOS() {
		if x == o {
			return i
		}
	}
	return -1
}

func TestMonitorThroughEmulatorLinkDeparture(t *testing.T) {
	defer goleak.VerifyNone(t)
	l := layoutFor(osFreeBSD, 8)
	em0 := buildIfm(osFreeBSD, ifm{index: 2, flags: 0x8843, addrs: rtaIFP, ift: 6, linkState: 2, mtu: 1500},
		sockaddrs(osFreeBSD, sdl(2, 6, "em0", "02:00:00:00:00:02")))
	tap0 := buildIfm(osFreeBSD, ifm{index: 5, flags: 0x8843, addrs: rtaIFP, ift: 6, linkState: 2, mtu: 1500},
		sockaddrs(osFreeBSD, sdl(5, 6, "tap0", "02:00:00:00:00:05")))
	src := &bytesSource{l: l, sock: newFakeSocket()}
	src.set(append(append([]byte{}, em0...), tap0...), nil, nil)
	tr := rtnlemu.New(src)
	defer tr.Close()
	c, err := tr.Dial(context.Background())
	require.NoError(t, err)
	defer c.Close()
	require.NoError(t, c.JoinGroup(rtnlgrpLink))

	// tap0 goes away: the kernel's dump no longer lists it and the
	// routing socket announces the departure.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	src.set(em0, nil, nil)
	select {
	case src.sock.reads <- fakeRead{b: buildAnnounce(osFreeBSD, 5, "tap0", true)}:
	case <-ctx.Done():
		t.Fatal("monitor did not start")
	}
	buf := make([]byte, 1<<16)
	n, err := c.Receive(ctx, buf)
	require.NoError(t, err)
	require.GreaterOrEqual(t, n, nlmsgHdrLen)
	require.Equal(t, uint16(rtmDelLink), binary.NativeEndian.Uint16(buf[4:]))
	var lm rtnetlink.LinkMessage
	require.NoError(t, lm.UnmarshalBinary(buf[nlmsgHdrLen:binary.NativeEndian.Uint32(buf[0:])]))
	require.Equal(t, uint32(5), lm.Index)
	require.NoError(t, c.LeaveGroup(rtnlgrpLink))
}
