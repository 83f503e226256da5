package conformance

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/netinfo"
)

func TestStormRoute(t *testing.T) {
	tests := []struct {
		prefix string
		i      int
		want   string
	}{
		{"198.19.0.0/16", 0, "198.19.0.0/32"},
		{"198.19.0.0/16", 255, "198.19.0.255/32"},
		{"198.19.0.0/16", 256, "198.19.1.0/32"},
		{"198.19.0.0/16", 1999, "198.19.7.207/32"},
		{"198.19.5.7/16", 1, "198.19.0.1/32"}, // from the masked prefix
		{"2001:db8:79::/48", 0, "2001:db8:79::/128"},
		{"2001:db8:79::/48", 65537, "2001:db8:79::1:1/128"},
	}
	for _, tt := range tests {
		got := StormRoute(netip.MustParsePrefix(tt.prefix), tt.i)
		require.Equal(t, tt.want, got.String(), "%s #%d", tt.prefix, tt.i)
	}
}

func TestIPCommands(t *testing.T) {
	pfx, ip := netip.MustParsePrefix, netip.MustParseAddr
	tests := []struct {
		mut  Mutation
		want []string
	}{
		{Mutation{Op: OpLinkAdd, Link: "rtcf0"}, []string{"link add rtcf0 type bridge", "link set rtcf0 up"}},
		{Mutation{Op: OpLinkSetMTU, Link: "rtcf0", MTU: 1280}, []string{"link set rtcf0 mtu 1280"}},
		{Mutation{Op: OpLinkDown, Link: "rtcf0"}, []string{"link set rtcf0 down"}},
		{Mutation{Op: OpLinkDel, Link: "rtcf0"}, []string{"link del rtcf0"}},
		{Mutation{Op: OpAddrAdd, Link: "rtcf0", Prefix: pfx("198.18.77.1/24")}, []string{"addr add 198.18.77.1/24 dev rtcf0"}},
		{Mutation{Op: OpAddrAdd, Link: "rtcf0", Prefix: pfx("2001:db8:77::1/64")}, []string{"addr add 2001:db8:77::1/64 dev rtcf0 nodad"}},
		{Mutation{Op: OpAddrDel, Link: "rtcf0", Prefix: pfx("198.18.77.1/24")}, []string{"addr del 198.18.77.1/24 dev rtcf0"}},
		{Mutation{Op: OpRouteAdd, Link: "rtcf0", Prefix: pfx("198.19.77.0/24"), Gateway: ip("198.18.77.254")}, []string{"route add 198.19.77.0/24 via 198.18.77.254 dev rtcf0"}},
		{Mutation{Op: OpRouteReplace, Link: "rtcf0", Prefix: pfx("198.19.77.0/24")}, []string{"route replace 198.19.77.0/24 dev rtcf0"}},
		{Mutation{Op: OpRouteDel, Link: "rtcf0", Prefix: pfx("198.19.77.0/24")}, []string{"route del 198.19.77.0/24"}},
		{Mutation{Op: OpNeighAdd, Link: "rtcf0", IP: ip("198.18.77.10"), MAC: "02:00:5e:77:00:10"}, []string{"neigh add 198.18.77.10 lladdr 02:00:5e:77:00:10 dev rtcf0 nud permanent"}},
		{Mutation{Op: OpNeighReplace, Link: "rtcf0", IP: ip("198.18.77.10"), MAC: "02:00:5e:77:00:11"}, []string{"neigh replace 198.18.77.10 lladdr 02:00:5e:77:00:11 dev rtcf0 nud permanent"}},
		{Mutation{Op: OpNeighDel, Link: "rtcf0", IP: ip("198.18.77.10")}, []string{"neigh del 198.18.77.10 dev rtcf0"}},
		{Mutation{Op: OpStorm, Link: "rtcf0", Prefix: pfx("198.19.0.0/16"), Count: 4}, []string{
			"route add 198.19.0.0/32 dev rtcf0", "route add 198.19.0.1/32 dev rtcf0", "route add 198.19.0.2/32 dev rtcf0", "route add 198.19.0.3/32 dev rtcf0",
			"route del 198.19.0.0/32 dev rtcf0",
		}},
		{Mutation{Op: OpStormUndo, Link: "rtcf0", Prefix: pfx("198.19.0.0/16"), Count: 4}, []string{
			"route del 198.19.0.1/32 dev rtcf0", "route del 198.19.0.2/32 dev rtcf0", "route del 198.19.0.3/32 dev rtcf0",
		}},
	}
	for _, tt := range tests {
		t.Run(string(tt.mut.Op), func(t *testing.T) {
			got, err := ipCommands(tt.mut)
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
	_, err := ipCommands(Mutation{Op: OpOverflow})
	require.ErrorIs(t, err, ErrUnsupportedOp)
}

func TestIsWord(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"ether", true}, {"UP", true}, {"BROADCAST,MULTICAST,UP,LOWER_UP", true}, {"ieee802.11/prism", true},
		{"permanent secondary", true}, {"", false}, {"42", false}, {"[4242]", false},
		{"UP,0x80000", false}, {"dead 0x1000", false}, {"unicast 7", false},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, isWord(tt.s), "%q", tt.s)
	}
}

func TestDuplicates(t *testing.T) {
	r1 := &netinfo.Route{Family: netinfo.FamilyInet, Table: netinfo.TableMain, Dst: netip.MustParsePrefix("198.19.77.0/24"), Gateway: netip.MustParseAddr("198.18.77.254")}
	r2 := *r1 // the same route (same key) with another protocol: a change
	r2.Protocol = netinfo.ProtoStatic
	newR := func(r *netinfo.Route) netinfo.Event { return netinfo.Event{Type: netinfo.EventNew, Route: r} }
	delR := func(r *netinfo.Route) netinfo.Event { return netinfo.Event{Type: netinfo.EventDel, Route: r} }

	require.Empty(t, duplicates([]netinfo.Event{newR(r1), newR(&r2), delR(&r2), newR(r1)}), "changes, a removal and a re-add are not duplicates")
	require.Len(t, duplicates([]netinfo.Event{newR(r1), newR(r1)}), 1)
	require.Len(t, duplicates([]netinfo.Event{newR(r1), delR(r1), delR(&r2)}), 1, "two removals of one key")
	require.Empty(t, duplicates([]netinfo.Event{{Type: netinfo.EventResyncStart}, {Type: netinfo.EventResyncStart}}), "markers are not objects")
}

func TestDiffForms(t *testing.T) {
	require.Empty(t, diffForms([]string{"a", "b"}, []string{"a", "b"}))
	d := diffForms([]string{"a", "b", "b"}, []string{"b", "c"})
	require.Contains(t, d, "2 missing, 1 unexpected")
}
