package netinfo_test

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/netinfo"
)

// A clone shares nothing with the event: changing the event's object or
// message afterwards, as WatchFunc does when it reuses them, leaves the
// clone as it was.
func TestEventClone(t *testing.T) {
	tests := []struct {
		name   string
		ev     netinfo.Event
		change func(*netinfo.Event)
	}{
		{"link", netinfo.Event{Type: netinfo.EventNew, Link: &netinfo.Link{Index: 2, Name: "eth0"}},
			func(e *netinfo.Event) { e.Link.Name = "eth1" }},
		{"addr", netinfo.Event{Type: netinfo.EventNew, Addr: &netinfo.Addr{Index: 2, Prefix: netip.MustParsePrefix("192.0.2.1/24")}},
			func(e *netinfo.Event) { e.Addr.Index = 3 }},
		{"route", netinfo.Event{Type: netinfo.EventDel, Route: &netinfo.Route{Dst: netip.MustParsePrefix("10.0.0.0/8"), OutIndex: 2}},
			func(e *netinfo.Event) { e.Route.OutIndex = 3 }},
		{"neighbour", netinfo.Event{Type: netinfo.EventNew, Neighbor: &netinfo.Neighbor{Index: 2, IP: netip.MustParseAddr("192.0.2.9")}},
			func(e *netinfo.Event) { e.Neighbor.Index = 3 }},
		{"rule", netinfo.Event{Type: netinfo.EventNew, Rule: &netinfo.Rule{Priority: 100}},
			func(e *netinfo.Event) { e.Rule.Priority = 200 }},
		{"nexthop", netinfo.Event{Type: netinfo.EventNew, Nexthop: &netinfo.Nexthop{ID: 7}},
			func(e *netinfo.Event) { e.Nexthop.ID = 8 }},
		{"message", netinfo.Event{Type: netinfo.EventMessage, Message: []byte{1, 2, 3}},
			func(e *netinfo.Event) { e.Message[0] = 9 }},
		{"marker", netinfo.Event{Type: netinfo.EventResyncDone}, func(*netinfo.Event) {}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.ev.Message = append(tc.ev.Message, 0xff)
			c := tc.ev.Clone()
			require.Equal(t, tc.ev, c)
			tc.change(&tc.ev)
			tc.ev.Message[len(tc.ev.Message)-1] = 0
			require.NotEqual(t, tc.ev, c)
		})
	}
}
