package rtnlemu

import (
	"context"
	"errors"
	"fmt"
	"net"
	"syscall"
	"testing"
	"time"

	"github.com/jsimonetti/rtnetlink/v2"
	"github.com/mdlayher/netlink"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// nextEvent reads one datagram and names the event it holds, such as
// "NEWLINK eth0" or "DELROUTE 10.0.0.0/8@254". Events are single-message
// datagrams with seq 0 and pid 0, as the kernel multicasts them.
func nextEvent(t testing.TB, c *Conn) string {
	t.Helper()
	d, err := mustRecv(t, c)
	require.NoError(t, err)
	msgs := parse(t, d)
	require.Len(t, msgs, 1, "one event per datagram")
	m := msgs[0]
	require.Zero(t, m.Header.Sequence)
	require.Zero(t, m.Header.PID)
	require.Zero(t, m.Header.Flags)
	typ := uint16(m.Header.Type)
	var prefix string
	switch typ {
	case linux.RTM_NEWLINK, linux.RTM_NEWADDR, linux.RTM_NEWROUTE, linux.RTM_NEWNEIGH:
		prefix = "NEW"
	case linux.RTM_DELLINK, linux.RTM_DELADDR, linux.RTM_DELROUTE, linux.RTM_DELNEIGH:
		prefix = "DEL"
		// Name the record with the NEW type's decoder.
		m.Header.Type--
	default:
		t.Fatalf("unexpected message type %d", typ)
	}
	kind := [...]string{"LINK", "ADDR", "ROUTE", "NEIGH"}[(typ-linux.RTM_BASE)/4]
	names := recordNames(t, []netlink.Message{m})
	require.Len(t, names, 1)
	return prefix + kind + " " + names[0]
}

func join(t testing.TB, c *Conn, groups ...uint32) {
	t.Helper()
	for _, g := range groups {
		require.NoError(t, c.JoinGroup(g))
	}
}

func TestScriptedEvents(t *testing.T) {
	mem := fixture(t)
	_, c := open(t, mem)
	join(t, c, linux.RTNLGRP_LINK, linux.RTNLGRP_IPV4_IFADDR, linux.RTNLGRP_IPV6_IFADDR, linux.RTNLGRP_IPV4_ROUTE, linux.RTNLGRP_IPV6_ROUTE, linux.RTNLGRP_NEIGH)

	steps := []struct {
		name   string
		change func()
		want   []string
	}{
		{"new link", func() { require.NoError(t, mem.PutLink(testLink(5, "tap0", false))) }, []string{"NEWLINK tap0"}},
		{"same link again: nothing", func() { require.NoError(t, mem.PutLink(testLink(5, "tap0", false))) }, nil},
		{"link changes", func() { require.NoError(t, mem.PutLink(testLink(5, "tap0", true))) }, []string{"NEWLINK tap0"}},
		{"IPv4 address", func() { require.NoError(t, mem.PutAddr(testAddr4(5, "10.5.0.1", 24))) }, []string{"NEWADDR 10.5.0.1/24"}},
		{"IPv6 address", func() { require.NoError(t, mem.PutAddr(testAddr6(5, "fd05::1", 64))) }, []string{"NEWADDR fd05::1/64"}},
		{"route", func() { require.NoError(t, mem.PutRoute(testRoute4(254, "10.50.0.0/16", 5, 0))) }, []string{"NEWROUTE 10.50.0.0/16@254"}},
		{"same destination, other metric: another route", func() { require.NoError(t, mem.PutRoute(testRoute4(254, "10.50.0.0/16", 5, 7))) }, []string{"NEWROUTE 10.50.0.0/16@254"}},
		{"neighbour", func() { require.NoError(t, mem.PutNeighbor(testNeigh(linux.AF_INET, 5, "10.5.0.2", 2))) }, []string{"NEWNEIGH 10.5.0.2"}},
		{"route removed", func() { require.True(t, mem.RemoveRoute(testRoute4(254, "10.50.0.0/16", 5, 7))) }, []string{"DELROUTE 10.50.0.0/16@254"}},
		{"link removed with what hangs on it, children first", func() { require.True(t, mem.RemoveLink(5)) }, []string{
			"DELNEIGH 10.5.0.2", "DELROUTE 10.50.0.0/16@254", "DELADDR 10.5.0.1/24", "DELADDR fd05::1/64", "DELLINK tap0",
		}},
		{"load: deleted (children first) before new (parents first)", func() {
			require.NoError(t, mem.Load(&Snapshot{
				Links: []rtnetlink.LinkMessage{testLink(1, "lo", true), testLink(7, "veth7", true)},
				Addrs: []rtnetlink.AddressMessage{testAddr4(7, "10.7.0.1", 24)},
			}))
		}, []string{
			"DELNEIGH 10.1.0.1", "DELNEIGH fd00::1", "DELNEIGH 10.2.0.1", "DELNEIGH 10.1.0.99",
			"DELROUTE default@254", "DELROUTE 10.1.0.0/24@254", "DELROUTE 10.2.0.0/24@254", "DELROUTE 127.0.0.1/32@255",
			"DELROUTE 192.168.0.0/16@100", "DELROUTE fd00::/64@254", "DELROUTE fd01::/64@100", "DELROUTE 10.9.0.0/16@254",
			"DELADDR 127.0.0.1/8", "DELADDR ::1/128", "DELADDR 10.1.0.2/24", "DELADDR fd00::2/64", "DELADDR 10.2.0.2/24",
			"DELLINK eth0", "DELLINK eth1", "DELLINK br0",
			"NEWLINK lo", "NEWLINK veth7", "NEWADDR 10.7.0.1/24",
		}},
		{"route replaced through another gateway: deletion, then successor", func() {
			r := testRoute4(254, "10.70.0.0/16", 7, 0)
			r.Attributes.Gateway = net.IPv4(10, 7, 0, 254).To4()
			require.NoError(t, mem.AddRoute(context.Background(), &r, FlagCreate|FlagExcl))
		}, []string{"NEWROUTE 10.70.0.0/16@254"}},
		{"", func() {
			r := testRoute4(254, "10.70.0.0/16", 7, 0)
			r.Attributes.Gateway = net.IPv4(10, 7, 0, 253).To4()
			require.NoError(t, mem.AddRoute(context.Background(), &r, FlagCreate|FlagReplace))
		}, []string{"DELROUTE 10.70.0.0/16@254", "NEWROUTE 10.70.0.0/16@254"}},
	}
	for _, s := range steps {
		s.change()
		var got []string
		for range s.want {
			got = append(got, nextEvent(t, c))
		}
		require.Equal(t, s.want, got, s.name)
		noRecv(t, c)
	}
}

func TestLinkEventsCarryChangedFlags(t *testing.T) {
	mem := fixture(t)
	_, c := open(t, mem)
	join(t, c, linux.RTNLGRP_LINK)
	change := func() uint32 {
		d, err := mustRecv(t, c)
		require.NoError(t, err)
		var l rtnetlink.LinkMessage
		require.NoError(t, l.UnmarshalBinary(parse(t, d)[0].Data))
		return l.Change
	}
	require.NoError(t, mem.PutLink(testLink(30, "new", false)))
	require.Equal(t, ^uint32(0), change(), "a new link: all ones")
	require.NoError(t, mem.SetLink(context.Background(), &rtnetlink.LinkMessage{Index: 30, Flags: 1, Change: 1}))
	require.Equal(t, uint32(0x1|0x40|0x10000), change(), "up: UP, RUNNING, LOWER_UP changed")
	require.NoError(t, mem.SetLink(context.Background(), &rtnetlink.LinkMessage{Index: 30, Attributes: &rtnetlink.LinkAttributes{MTU: 9000}}))
	require.Zero(t, change(), "MTU: no flag changed")
	require.True(t, mem.RemoveLink(30))
	require.Equal(t, ^uint32(0), change(), "a deleted link: all ones")
}

func TestEventsFollowGroups(t *testing.T) {
	mem := fixture(t)
	tr, v4 := open(t, mem)
	v6, err := tr.Dial(context.Background())
	require.NoError(t, err)
	none, err := tr.Dial(context.Background())
	require.NoError(t, err)
	join(t, v4, linux.RTNLGRP_IPV4_ROUTE, linux.RTNLGRP_IPV4_IFADDR)
	join(t, v6, linux.RTNLGRP_IPV6_ROUTE)

	require.NoError(t, mem.PutRoute(testRoute6(254, "fd09::/64", 2, 1)))
	require.Equal(t, "NEWROUTE fd09::/64@254", nextEvent(t, v6))
	require.NoError(t, mem.PutRoute(testRoute4(254, "10.99.0.0/16", 2, 1)))
	require.Equal(t, "NEWROUTE 10.99.0.0/16@254", nextEvent(t, v4))
	require.NoError(t, mem.PutAddr(testAddr6(2, "fd00::9", 64)))
	require.NoError(t, mem.PutAddr(testAddr4(2, "10.1.0.9", 24)))
	require.Equal(t, "NEWADDR 10.1.0.9/24", nextEvent(t, v4))
	noRecv(t, v4)
	noRecv(t, v6)
	noRecv(t, none)

	// After leaving, no more events.
	require.NoError(t, v6.LeaveGroup(linux.RTNLGRP_IPV6_ROUTE))
	require.NoError(t, mem.PutRoute(testRoute6(254, "fd0a::/64", 2, 1)))
	noRecv(t, v6)
}

func TestOverflowGivesENOBUFS(t *testing.T) {
	mem := fixture(t)
	_, c := open(t, mem)
	join(t, c, linux.RTNLGRP_LINK)
	mem.Overflow()
	_, err := mustRecv(t, c)
	require.ErrorIs(t, err, syscall.ENOBUFS)
	// Once, then events go on.
	require.NoError(t, mem.PutLink(testLink(9, "after", true)))
	require.Equal(t, "NEWLINK after", nextEvent(t, c))
	noRecv(t, c)
}

func TestFullQueueGivesENOBUFS(t *testing.T) {
	mem := NewMemory()
	_, c := open(t, mem, WithQueueLimit(2))
	join(t, c, linux.RTNLGRP_LINK)
	var links []rtnetlink.LinkMessage
	for i := range 5 {
		links = append(links, testLink(uint32(10+i), fmt.Sprint("l", i), true))
	}
	require.NoError(t, mem.Load(&Snapshot{Links: links}))
	// The error comes first, as sk_err does, then what fitted.
	_, err := mustRecv(t, c)
	require.ErrorIs(t, err, syscall.ENOBUFS)
	require.Equal(t, "NEWLINK l0", nextEvent(t, c))
	require.Equal(t, "NEWLINK l1", nextEvent(t, c))
	noRecv(t, c)
	// The queue has room again.
	require.NoError(t, mem.PutLink(testLink(10, "renamed", true)))
	require.Equal(t, "NEWLINK renamed", nextEvent(t, c))
}

func TestUnreadableSourceGivesENOBUFS(t *testing.T) {
	mem := fixture(t)
	_, c := open(t, mem)
	join(t, c, linux.RTNLGRP_LINK)
	mem.FailSnapshots(errors.New("source down"))
	require.NoError(t, mem.PutLink(testLink(9, "lost", true)))
	_, err := mustRecv(t, c)
	require.ErrorIs(t, err, syscall.ENOBUFS)
	mem.FailSnapshots(nil)
	require.NoError(t, mem.PutLink(testLink(10, "seen-by-resync", true)))
	// The read that restores the baseline reports ENOBUFS again, so that
	// the listener's resync dump is newer than the baseline.
	_, err = mustRecv(t, c)
	require.ErrorIs(t, err, syscall.ENOBUFS)
	require.NoError(t, mem.PutLink(testLink(11, "seen", true)))
	require.Equal(t, "NEWLINK seen", nextEvent(t, c))
}

// pollOnly hides Memory's Monitor, so the transport must poll.
type pollOnly struct{ Source }

func TestPolledSource(t *testing.T) {
	mem := fixture(t)
	_, c := open(t, pollOnly{mem}, WithPollInterval(5*time.Millisecond))
	join(t, c, linux.RTNLGRP_NEIGH)
	require.NoError(t, mem.PutNeighbor(testNeigh(linux.AF_INET6, 3, "fd00::77", 2)))
	require.Equal(t, "NEWNEIGH fd00::77", nextEvent(t, c))
	require.True(t, mem.RemoveNeighbor(testNeigh(linux.AF_INET6, 3, "fd00::77", 2)))
	require.Equal(t, "DELNEIGH fd00::77", nextEvent(t, c))
}

// quitter is a Notifier whose Monitor gives up at once.
type quitter struct{ *Memory }

func (quitter) Monitor(ctx context.Context, changes chan<- Change) error {
	return errors.New("no notifications here")
}

func TestNotifierThatStopsFallsBackToPolling(t *testing.T) {
	mem := fixture(t)
	_, c := open(t, quitter{mem}, WithPollInterval(5*time.Millisecond))
	join(t, c, linux.RTNLGRP_LINK)
	_, err := mustRecv(t, c)
	require.ErrorIs(t, err, syscall.ENOBUFS, "events may have been lost when the notifier stopped")
	require.NoError(t, mem.PutLink(testLink(12, "polled", true)))
	require.Equal(t, "NEWLINK polled", nextEvent(t, c))
}

func TestMonitoringStopsWithLastGroup(t *testing.T) {
	mem := fixture(t)
	tr, c1 := open(t, mem)
	c2, err := tr.Dial(context.Background())
	require.NoError(t, err)
	join(t, c1, linux.RTNLGRP_LINK)
	join(t, c2, linux.RTNLGRP_NEIGH, 40) // 40 carries no events
	require.NoError(t, c1.LeaveGroup(linux.RTNLGRP_LINK))
	require.NoError(t, mem.PutNeighbor(testNeigh(linux.AF_INET, 2, "10.1.0.50", 2)))
	require.Equal(t, "NEWNEIGH 10.1.0.50", nextEvent(t, c2))
	require.NoError(t, c2.Close())
	goleak.VerifyNone(t)

	// Joining again starts it again, from a fresh baseline.
	join(t, c1, linux.RTNLGRP_NEIGH)
	require.True(t, mem.RemoveNeighbor(testNeigh(linux.AF_INET, 2, "10.1.0.50", 2)))
	require.Equal(t, "DELNEIGH 10.1.0.50", nextEvent(t, c1))
	require.NoError(t, tr.Close())
	goleak.VerifyNone(t)
}

func TestJoinGroupBounds(t *testing.T) {
	_, c := open(t, fixture(t))
	require.ErrorIs(t, c.JoinGroup(0), syscall.EINVAL)
	require.ErrorIs(t, c.JoinGroup(rtnlgrpMax+1), syscall.EINVAL)
	require.ErrorIs(t, c.LeaveGroup(0), syscall.EINVAL)
	require.NoError(t, c.LeaveGroup(linux.RTNLGRP_LINK), "leaving a group never joined is fine")
}

func TestRepliesAndEventsShareTheQueue(t *testing.T) {
	mem := fixture(t)
	_, c := open(t, mem)
	join(t, c, linux.RTNLGRP_LINK)
	require.NoError(t, mem.PutLink(testLink(20, "first", true)))
	// Wait until the event is queued before asking.
	deadline := time.Now().Add(5 * time.Second)
	for {
		c.mu.Lock()
		n := c.events
		c.mu.Unlock()
		if n > 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(time.Millisecond)
	}
	require.NoError(t, c.Send(context.Background(), request(t, linux.RTM_GETLINK, netlink.Request, 4, ifinfomsg(1))))
	require.Equal(t, "NEWLINK first", nextEvent(t, c))
	d, err := mustRecv(t, c)
	require.NoError(t, err)
	require.Equal(t, []string{"lo"}, recordNames(t, parse(t, d)))
}

func TestCloseEndsABlockedBaseline(t *testing.T) {
	tr, c := open(t, blockingSource{})
	joined := make(chan error, 1)
	go func() { joined <- c.JoinGroup(linux.RTNLGRP_LINK) }()
	time.Sleep(20 * time.Millisecond) // JoinGroup is reading its baseline
	closed := make(chan error, 1)
	go func() { closed <- tr.Close() }()
	for _, ch := range []chan error{closed, joined} {
		select {
		case <-ch:
		case <-time.After(5 * time.Second):
			t.Fatal("Close or JoinGroup hung on a source that blocks")
		}
	}
	goleak.VerifyNone(t)
}

func TestDialWithoutSource(t *testing.T) {
	_, err := New(nil).Dial(context.Background())
	require.Error(t, err)
}

// lateNotifier reports changes only from its own start, like a routing
// socket opened after the baseline, and never sends Change{KindAll}
// first; a link added before it watches must still show up with the
// next change of any kind.
type lateNotifier struct {
	*Memory
	started chan struct{}
}

func (l lateNotifier) Monitor(ctx context.Context, changes chan<- Change) error {
	inner := make(chan Change)
	go func() { _ = l.Memory.Monitor(ctx, inner) }()
	<-inner // drop Memory's own initial KindAll
	close(l.started)
	for {
		select {
		case ch := <-inner:
			select {
			case changes <- Change{Kinds: ch.Kinds & KindNeighbors, Overflow: ch.Overflow}:
			case <-ctx.Done():
				return nil
			}
		case <-ctx.Done():
			return nil
		}
	}
}

func TestFirstChangeRereadsEverything(t *testing.T) {
	mem := fixture(t)
	src := lateNotifier{Memory: mem, started: make(chan struct{})}
	_, c := open(t, src)
	join(t, c, linux.RTNLGRP_LINK, linux.RTNLGRP_NEIGH)
	<-src.started
	// Missed by the notifier: it reports neighbour changes only.
	require.NoError(t, mem.PutLink(testLink(40, "missed", true)))
	require.NoError(t, mem.PutNeighbor(testNeigh(linux.AF_INET, 2, "10.1.0.40", 2)))
	got := []string{nextEvent(t, c), nextEvent(t, c)}
	require.ElementsMatch(t, []string{"NEWLINK missed", "NEWNEIGH 10.1.0.40"}, got)
}
