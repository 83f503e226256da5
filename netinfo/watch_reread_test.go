package netinfo

import (
	"context"
	"encoding/binary"
	"net/netip"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

// rereadKernel is a scripted kernel of one link, fk0 (index 2), with one
// address and its connected route, for the tests of a link event's
// re-read.
type rereadKernel struct {
	mu     sync.Mutex
	up     bool
	routes []Route
	addrs  []Addr
	gone   bool
	// goneAfterRoutes deletes the link right after the next route read
	// answers, as when it is deleted between the watcher's reads.
	goneAfterRoutes bool
}

func (k *rereadKernel) linkPayload() []byte {
	var flags uint32
	if k.up {
		flags = linux.IFF_UP | linux.IFF_RUNNING | linux.IFF_LOWER_UP
	}
	p := appendIfinfomsg(nil, 2, flags, 0)
	p = nlmsg.AppendString(p, linux.IFLA_IFNAME, "fk0")
	return nlmsg.AppendU32(p, linux.IFLA_MTU, 1500)
}

func (k *rereadKernel) reply(req nlmsg.Header, _ []byte) [][]byte {
	k.mu.Lock()
	defer k.mu.Unlock()
	done := message(linux.NLMSG_DONE, linux.NLM_F_MULTI, req.Seq, []byte{0, 0, 0, 0})
	enodev := message(linux.NLMSG_ERROR, 0, req.Seq, errorPayload(syscall.ENODEV, req))
	dump := func(typ uint16, ps [][]byte) [][]byte {
		var d []byte
		for _, p := range ps {
			d = append(d, message(typ, linux.NLM_F_MULTI, req.Seq, p)...)
		}
		if d == nil {
			return [][]byte{done} // (a nil datagram reads as ENOBUFS)
		}
		return [][]byte{d, done}
	}
	dumping := req.Flags&linux.NLM_F_DUMP == linux.NLM_F_DUMP
	switch req.Type {
	case linux.RTM_GETLINK:
		switch {
		case dumping && k.gone:
			return [][]byte{done}
		case dumping:
			return dump(linux.RTM_NEWLINK, [][]byte{k.linkPayload()})
		case k.gone:
			return [][]byte{enodev}
		}
		return [][]byte{message(linux.RTM_NEWLINK, 0, req.Seq, k.linkPayload())}
	case linux.RTM_GETROUTE:
		var ps [][]byte
		for _, r := range k.routes {
			ps = append(ps, appendRoute(nil, &r))
		}
		if k.goneAfterRoutes {
			k.gone, k.goneAfterRoutes = true, false
		}
		return dump(linux.RTM_NEWROUTE, ps)
	case linux.RTM_GETADDR:
		if k.gone && req.Len > linux.SizeofNlMsghdr {
			return [][]byte{enodev} // a read of the link's addresses
		}
		var ps [][]byte
		for _, a := range k.addrs {
			ps = append(ps, appendAddr(nil, &a))
		}
		return dump(linux.RTM_NEWADDR, ps)
	}
	return [][]byte{done}
}

// TestWatchRereadSendsWhatItApplied: a link event's re-read brings the
// view to the link's routes, then finds the link gone when it reads the
// addresses (deleted between the two reads). The routes the first read
// found gone must still reach the consumer: the view dropped them, so
// the link's deletion, which follows, cannot tell them any more. (The
// kernel churn test saw a downed link's flushed routes kept this way.)
func TestWatchRereadSendsWhatItApplied(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	connected := Route{
		Family: FamilyInet, Table: TableMain, Type: RouteUnicast, Protocol: RouteProtocol(linux.RTPROT_KERNEL),
		Scope: ScopeLink, Dst: netip.MustParsePrefix("192.0.2.0/24"), OutIndex: 2,
		PrefSrc: netip.MustParseAddr("192.0.2.1"),
	}
	k := &rereadKernel{
		up:     true,
		routes: []Route{connected},
		addrs:  []Addr{{Index: 2, Prefix: netip.MustParsePrefix("192.0.2.1/24")}},
	}
	dialed := make(chan *fakeConn, 16)
	h, err := Open(WithTransport(fakeDialer{reply: k.reply, dialed: dialed}))
	require.NoError(t, err)
	defer h.Close()
	<-dialed // Open's own request connection

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	w, err := h.Watch(ctx, WatchAll, WithInitialState())
	require.NoError(t, err)
	defer w.Close()
	conn := <-dialed
	var routes int
	for ev := range w.Events() {
		if ev.Route != nil {
			routes++
		}
		if ev.Type == EventInitialDone {
			break
		}
	}
	require.Equal(t, 1, routes, "the initial state holds the connected route")

	// fk0 goes down: the kernel flushes its IPv4 routes without a
	// message, and deletes the link before the watcher reads its
	// addresses.
	k.mu.Lock()
	k.up, k.routes, k.goneAfterRoutes = false, nil, true
	down := message(linux.RTM_NEWLINK, 0, 0, k.linkPayload())
	k.mu.Unlock()
	conn.push(down)
	k.mu.Lock()
	del := message(linux.RTM_DELLINK, 0, 0, k.linkPayload())
	k.mu.Unlock()
	conn.push(del)

	var routeDels int
	for {
		var ev Event
		var ok bool
		select {
		case ev, ok = <-w.Events():
			require.True(t, ok, "the watcher stopped: %v", w.Err())
		case <-ctx.Done():
			t.Fatal("no link deletion")
		}
		if ev.Route != nil {
			require.Equal(t, EventDel, ev.Type)
			require.Equal(t, connected.Dst, ev.Route.Dst)
			routeDels++
		}
		if ev.Link != nil && ev.Type == EventDel {
			break
		}
	}
	require.Equal(t, 1, routeDels, "the flushed route's deletion reached the consumer once")
}

// peerKernel is a scripted kernel of a veth pair being made: pa (index
// 2) is announced alone, then pb (index 3) with pa as its peer, while pa
// has meanwhile gone up and gained a route that Linux added without a
// message (as it revives a link's routes).
type peerKernel struct {
	mu     sync.Mutex
	links  map[int][]byte // index: link payload
	routes []Route
}

func peerLink(index, parent int, up bool, name string) []byte {
	var flags uint32
	if up {
		flags = linux.IFF_UP | linux.IFF_RUNNING | linux.IFF_LOWER_UP
	}
	p := appendIfinfomsg(nil, index, flags, 0)
	p = nlmsg.AppendString(p, linux.IFLA_IFNAME, name)
	p = nlmsg.AppendU32(p, linux.IFLA_MTU, 1500)
	if parent > 0 {
		p = nlmsg.AppendU32(p, linux.IFLA_LINK, uint32(parent))
	}
	return p
}

func (k *peerKernel) reply(req nlmsg.Header, payload []byte) [][]byte {
	k.mu.Lock()
	defer k.mu.Unlock()
	done := message(linux.NLMSG_DONE, linux.NLM_F_MULTI, req.Seq, []byte{0, 0, 0, 0})
	dump := func(typ uint16, ps [][]byte) [][]byte {
		var d []byte
		for _, p := range ps {
			d = append(d, message(typ, linux.NLM_F_MULTI, req.Seq, p)...)
		}
		if d == nil {
			return [][]byte{done} // (a nil datagram reads as ENOBUFS)
		}
		return [][]byte{d, done}
	}
	switch req.Type {
	case linux.RTM_GETLINK:
		if req.Flags&linux.NLM_F_DUMP == linux.NLM_F_DUMP {
			var ps [][]byte
			for i := range 8 {
				if p, ok := k.links[i]; ok {
					ps = append(ps, p)
				}
			}
			return dump(linux.RTM_NEWLINK, ps)
		}
		index := int(int32(binary.NativeEndian.Uint32(payload[4:8])))
		if p, ok := k.links[index]; ok {
			return [][]byte{message(linux.RTM_NEWLINK, 0, req.Seq, p)}
		}
		return [][]byte{message(linux.NLMSG_ERROR, 0, req.Seq, errorPayload(syscall.ENODEV, req))}
	case linux.RTM_GETROUTE:
		oif := 0 // the RTA_OIF filter, as a strict kernel applies it
		for a := payload[min(12, len(payload)):]; ; {
			typ, val, rest, ok := nlmsg.SplitAttr(a)
			if !ok {
				break
			}
			if typ == linux.RTA_OIF && len(val) == 4 {
				oif = int(binary.NativeEndian.Uint32(val))
			}
			a = rest
		}
		var ps [][]byte
		for _, r := range k.routes {
			if oif == 0 || r.OutIndex == oif {
				ps = append(ps, appendRoute(nil, &r))
			}
		}
		return dump(linux.RTM_NEWROUTE, ps)
	}
	return [][]byte{done}
}

// TestWatchPeerRereadKeepsLinkState: the watcher reads a veth end again
// for the peer that its first message lacked, at a time when the end
// has already gone up, with its "up" message still queued. The re-read
// must bring only the peer: had the view taken the end's newer state,
// the queued "up" would look like no change, and the routes that Linux
// changed silently with it would never be read.
func TestWatchPeerRereadKeepsLinkState(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	k := &peerKernel{links: map[int][]byte{2: peerLink(2, 0, false, "pa")}}
	dialed := make(chan *fakeConn, 16)
	h, err := Open(WithTransport(fakeDialer{reply: k.reply, dialed: dialed}))
	require.NoError(t, err)
	defer h.Close()
	<-dialed // Open's own request connection

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	w, err := h.Watch(ctx, WatchLinks|WatchRoutes, WithInitialState())
	require.NoError(t, err)
	defer w.Close()
	conn := <-dialed
	for ev := range w.Events() {
		if ev.Type == EventInitialDone {
			break
		}
	}

	revived := Route{
		Family: FamilyInet, Table: TableMain, Type: RouteUnicast, Protocol: RouteProtocol(linux.RTPROT_KERNEL),
		Scope: ScopeLink, Dst: netip.MustParsePrefix("192.0.2.0/24"), OutIndex: 2,
	}
	k.mu.Lock()
	k.links[3] = peerLink(3, 2, false, "pb")
	k.links[2] = peerLink(2, 3, true, "pa")
	k.routes = []Route{revived}
	pb, paUp := k.links[3], k.links[2]
	k.mu.Unlock()
	conn.push(message(linux.RTM_NEWLINK, 0, 0, pb), message(linux.RTM_NEWLINK, 0, 0, paUp))

	var sawRoute, sawUp bool
	for !sawRoute || !sawUp {
		var ev Event
		select {
		case ev = <-w.Events():
		case <-ctx.Done():
			t.Fatalf("events missing: pa up %v, its route %v", sawUp, sawRoute)
		}
		switch {
		case ev.Route != nil:
			require.Equal(t, revived.Dst, ev.Route.Dst)
			sawRoute = true
		case ev.Link != nil && ev.Link.Index == 2:
			if !sawUp {
				require.Equal(t, 3, ev.Link.ParentIndex, "pa is told with its peer")
			}
			sawUp = ev.Link.Flags&LinkUp != 0
		}
	}
}

// TestWatchSameLinkStateRereadsRoutes: a link without carrier gets a
// route while its carrier is briefly back (announced without linkdown);
// the link watch then reports both carrier changes at once, with a link
// message that looks like the last one, and the kernel has flagged the
// route linkdown without a message. The watcher must read the link's
// routes again all the same.
func TestWatchSameLinkStateRereadsRoutes(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	noCarrier := appendIfinfomsg(nil, 2, linux.IFF_UP, 0)
	noCarrier = nlmsg.AppendString(noCarrier, linux.IFLA_IFNAME, "nc0")
	noCarrier = nlmsg.AppendU32(noCarrier, linux.IFLA_MTU, 1500)
	peer := Route{
		Family: FamilyInet, Table: TableMain, Type: RouteUnicast, Protocol: RouteProtocol(linux.RTPROT_KERNEL),
		Scope: ScopeLink, Dst: netip.MustParsePrefix("10.81.2.104/32"), OutIndex: 2,
		PrefSrc: netip.MustParseAddr("10.81.2.4"),
	}
	k := &peerKernel{links: map[int][]byte{2: noCarrier}, routes: []Route{peer}}
	dialed := make(chan *fakeConn, 16)
	h, err := Open(WithTransport(fakeDialer{reply: k.reply, dialed: dialed}))
	require.NoError(t, err)
	defer h.Close()
	<-dialed // Open's own request connection

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	w, err := h.Watch(ctx, WatchLinks|WatchRoutes, WithInitialState())
	require.NoError(t, err)
	defer w.Close()
	conn := <-dialed
	for ev := range w.Events() {
		if ev.Type == EventInitialDone {
			break
		}
	}

	flagged := peer
	flagged.Flags = RouteLinkDown
	k.mu.Lock()
	k.routes = []Route{flagged}
	k.mu.Unlock()
	conn.push(message(linux.RTM_NEWLINK, 0, 0, noCarrier))
	for {
		var ev Event
		select {
		case ev = <-w.Events():
		case <-ctx.Done():
			t.Fatal("the route's linkdown flag never came")
		}
		if ev.Route != nil {
			require.Equal(t, EventNew, ev.Type)
			require.Equal(t, flagged, *ev.Route)
			return
		}
	}
}
