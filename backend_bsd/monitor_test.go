package backend_bsd

import (
	"context"
	"errors"
	"syscall"
	"testing"
	"time"

	"github.com/rtnlx/rtnlx/rtnlemu"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestChangeOfEveryKind(t *testing.T) {
	for _, o := range allOS() {
		l := layoutFor(o, 8)
		tests := []struct {
			name string
			msg  []byte
			want rtnlemu.Change
		}{
			{"ifinfo", buildIfm(o, ifm{index: 2, flags: 1}, nil), rtnlemu.Change{Kinds: rtnlemu.KindLinks}},
			{"newaddr", buildIfam(o, ifam{typ: newaddrCode(o), index: 2, addrs: rtaIFA}, sockaddrs(o, sa4("192.0.2.1"))), rtnlemu.Change{Kinds: rtnlemu.KindAddrs}},
			{"deladdr", buildIfam(o, ifam{typ: newaddrCode(o) + 1, index: 2, addrs: rtaIFA}, sockaddrs(o, sa4("192.0.2.1"))), rtnlemu.Change{Kinds: rtnlemu.KindAddrs}},
			{"link-layer address change", buildIfam(o, ifam{typ: newaddrCode(o), index: 2, addrs: rtaIFA}, sockaddrs(o, sdl(2, 6, "em0", "02:00:00:00:00:09"))), rtnlemu.Change{Kinds: rtnlemu.KindLinks}},
			{"route add", buildRtm(o, rtm{typ: rtmAdd, flags: rtfUp, addrs: rtaDst}, sockaddrs(o, sa4("10.0.0.0"))), rtnlemu.Change{Kinds: rtnlemu.KindRoutes}},
			{"route delete", buildRtm(o, rtm{typ: rtmDelete, flags: rtfUp, addrs: rtaDst}, sockaddrs(o, sa4("10.0.0.0"))), rtnlemu.Change{Kinds: rtnlemu.KindRoutes}},
			{"route change", buildRtm(o, rtm{typ: rtmChange, flags: rtfUp, addrs: rtaDst}, sockaddrs(o, sa4("10.0.0.0"))), rtnlemu.Change{Kinds: rtnlemu.KindRoutes}},
			{"neighbour add", buildRtm(o, rtm{typ: rtmAdd, flags: rtfUp | rtfLLInfo, addrs: rtaDst}, sockaddrs(o, sa4("10.0.0.5"))), rtnlemu.Change{Kinds: rtnlemu.KindNeighbors}},
			{"neighbour delete", buildRtm(o, rtm{typ: rtmDelete, flags: rtfLLInfo, addrs: rtaDst}, sockaddrs(o, sa4("10.0.0.5"))), rtnlemu.Change{Kinds: rtnlemu.KindNeighbors}},
			{"failed request", buildRtm(o, rtm{typ: rtmAdd, flags: rtfUp, addrs: rtaDst, errno: 17}, sockaddrs(o, sa4("10.0.0.0"))), rtnlemu.Change{}},
			{"get is ignored", buildRtm(o, rtm{typ: rtmGet, flags: rtfUp, addrs: rtaDst}, sockaddrs(o, sa4("10.0.0.0"))), rtnlemu.Change{}},
			{"miss is ignored", buildRtm(o, rtm{typ: rtmMiss, addrs: rtaDst}, sockaddrs(o, sa4("10.0.0.0"))), rtnlemu.Change{}},
		}
		if o != osDarwin {
			tests = append(tests,
				struct {
					name string
					msg  []byte
					want rtnlemu.Change
				}{"arrival", buildAnnounce(o, 7, "tap0", false), rtnlemu.Change{Kinds: rtnlemu.KindLinks}},
				struct {
					name string
					msg  []byte
					want rtnlemu.Change
				}{"departure", buildAnnounce(o, 7, "tap0", true), rtnlemu.Change{Kinds: rtnlemu.KindAll}},
			)
		}
		if o == osOpenBSD {
			desync := []byte{4, 0, 5, 0x10}
			put(desync, 0, 2, 4)
			tests = append(tests, struct {
				name string
				msg  []byte
				want rtnlemu.Change
			}{"desync", desync, rtnlemu.Change{Kinds: rtnlemu.KindAll, Overflow: true}})
		}
		for _, tt := range tests {
			t.Run(o.String()+"/"+tt.name, func(t *testing.T) {
				m, err := l.ParseMessage(tt.msg)
				require.NoError(t, err)
				require.Equal(t, tt.want, l.ChangeOf(m))
			})
		}
	}
}

func TestAnnounceFields(t *testing.T) {
	for _, o := range []osKind{osFreeBSD, osOpenBSD, osNetBSD, osDragonFly} {
		l := layoutFor(o, 8)
		m := parseOne(t, l, buildAnnounce(o, 12, "vlan100", true))
		require.Equal(t, msgIfAnnounce, m.Type, o.String())
		require.Equal(t, &announceMsg{Index: 12, Name: "vlan100", Departure: true}, m.Announce, o.String())
	}
	// Darwin has no RTM_IFANNOUNCE: its code 0x11 means nothing there.
	m, err := layoutFor(osDarwin, 8).ParseMessage(buildAnnounce(osFreeBSD, 12, "x", false))
	require.NoError(t, err)
	require.Equal(t, msgOther, m.Type)
}

// fakeSocket hands out datagrams and errors like a routing socket; Close
// makes a blocked read fail as closing a socket does.
type fakeSocket struct {
	reads  chan fakeRead
	closed chan struct{}
}

type fakeRead struct {
	b   []byte
	err error
}

func newFakeSocket() *fakeSocket {
	return &fakeSocket{reads: make(chan fakeRead), closed: make(chan struct{})}
}

func (s *fakeSocket) read(b []byte) (int, error) {
	select {
	case r := <-s.reads:
		return copy(b, r.b), r.err
	case <-s.closed:
		return 0, syscall.EBADF
	}
}

func (s *fakeSocket) close() { close(s.closed) }

// startMonitor runs runMonitor on a new fake socket until ctx ends; errc
// receives its result, after which st may be read.
func startMonitor(ctx context.Context, l layout, out chan<- rtnlemu.Change) (sock *fakeSocket, st *monitorStats, errc <-chan error) {
	sock, st = newFakeSocket(), new(monitorStats)
	done := make(chan error, 1)
	go func() { done <- runMonitor(ctx, l, sock.read, sock.close, out, st) }()
	return sock, st, done
}

func TestMonitorCoalescesAndStops(t *testing.T) {
	defer goleak.VerifyNone(t)
	l := layoutFor(osFreeBSD, 8)
	out := make(chan rtnlemu.Change)
	ctx, cancel := context.WithCancel(context.Background())
	sock, st, errc := startMonitor(ctx, l, out)

	// A link vanishing mid-sequence: an address appears on index 5, the
	// link departs, its address goes. Nobody reads out meanwhile, so the
	// three merge into one change of every kind.
	sock.reads <- fakeRead{b: buildIfam(osFreeBSD, ifam{typ: 0xc, index: 5, addrs: rtaIFA}, sockaddrs(osFreeBSD, sa4("192.0.2.1")))}
	sock.reads <- fakeRead{b: buildAnnounce(osFreeBSD, 5, "tap5", true)}
	sock.reads <- fakeRead{b: buildIfam(osFreeBSD, ifam{typ: 0xd, index: 5, addrs: rtaIFA}, sockaddrs(osFreeBSD, sa4("192.0.2.1")))}
	sock.reads <- fakeRead{b: []byte{3, 0, 5}} // garbage: skipped and counted
	require.Equal(t, rtnlemu.Change{Kinds: rtnlemu.KindAll}, <-out)

	sock.reads <- fakeRead{b: buildRtm(osFreeBSD, rtm{typ: rtmAdd, flags: rtfUp, addrs: rtaDst}, sockaddrs(osFreeBSD, sa4("10.0.0.0")))}
	require.Equal(t, rtnlemu.Change{Kinds: rtnlemu.KindRoutes}, <-out)

	sock.reads <- fakeRead{err: syscall.ENOBUFS}
	require.Equal(t, rtnlemu.Change{Kinds: rtnlemu.KindAll, Overflow: true}, <-out)

	sock.reads <- fakeRead{err: syscall.EINTR} // retried silently
	cancel()
	require.NoError(t, <-errc)
	require.Equal(t, 1, st.Skipped)
	require.Equal(t, 1, st.Overflows)
}

func TestMonitorReceiveErrorIsOverflowThenEnds(t *testing.T) {
	defer goleak.VerifyNone(t)
	l := layoutFor(osOpenBSD, 8)
	out := make(chan rtnlemu.Change, 1)
	sock, _, errc := startMonitor(context.Background(), l, out)
	boom := errors.New("boom")
	sock.reads <- fakeRead{err: boom}
	select {
	case err := <-errc:
		require.ErrorIs(t, err, boom)
	case <-time.After(5 * time.Second):
		t.Fatal("monitor did not end")
	}
	require.Equal(t, rtnlemu.Change{Kinds: rtnlemu.KindAll, Overflow: true}, <-out)
}

func TestMonitorDesyncIsOverflow(t *testing.T) {
	defer goleak.VerifyNone(t)
	l := layoutFor(osOpenBSD, 8)
	out := make(chan rtnlemu.Change)
	ctx, cancel := context.WithCancel(context.Background())
	sock, st, errc := startMonitor(ctx, l, out)
	desync := make([]byte, 96)
	put(desync, 0, 2, 96)
	desync[2], desync[3] = 5, 0x10 // RTM_DESYNC
	put(desync, 4, 2, 96)
	sock.reads <- fakeRead{b: desync}
	require.Equal(t, rtnlemu.Change{Kinds: rtnlemu.KindAll, Overflow: true}, <-out)
	cancel()
	require.NoError(t, <-errc)
	require.Equal(t, 1, st.Overflows)
}
