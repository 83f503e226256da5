package main

import (
	"errors"
	"net/netip"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/netinfo"
)

// These tests run anywhere; routeselect_linux_test.go holds the ones
// against ip itself.

func TestGetPrefix(t *testing.T) {
	tests := []struct {
		arg       string
		family    netinfo.Family
		wantFam   netinfo.Family
		bits      int
		specified bool
		addr      string // "" for zeros
	}{
		{"10.1.0.0/16", netinfo.FamilyAll, netinfo.FamilyInet, 16, true, "10.1.0.0"},
		{"10/8", netinfo.FamilyAll, netinfo.FamilyInet, 8, true, "10.0.0.0"},
		{"10.1", netinfo.FamilyAll, netinfo.FamilyInet, 32, false, "10.1.0.0"},
		{"012.0x10.0.1", netinfo.FamilyInet, netinfo.FamilyInet, 32, false, "10.16.0.1"},
		{"10.0.0.0/255.255.0.0", netinfo.FamilyAll, netinfo.FamilyInet, 16, true, "10.0.0.0"},
		{"10.0.0.0/0x10", netinfo.FamilyAll, netinfo.FamilyInet, 16, true, "10.0.0.0"},
		{"2001:db8::/32", netinfo.FamilyAll, netinfo.FamilyInet6, 32, true, "2001:db8::"},
		{"2001:db8::1", netinfo.FamilyInet6, netinfo.FamilyInet6, 128, false, "2001:db8::1"},
		{"default", netinfo.FamilyAll, netinfo.FamilyAll, 0, true, ""},
		{"default", netinfo.FamilyInet6, netinfo.FamilyInet6, 0, true, ""},
		{"all", netinfo.FamilyAll, netinfo.FamilyAll, 0, false, ""},
		{"any", netinfo.FamilyInet, netinfo.FamilyInet, 0, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.arg, func(t *testing.T) {
			p, err := getPrefix(tt.arg, tt.family)
			require.NoError(t, err)
			require.Equal(t, tt.wantFam, p.family)
			require.Equal(t, tt.bits, p.bits)
			require.Equal(t, tt.specified, p.specified)
			var want [16]byte
			if tt.addr != "" {
				want = addrData(netip.MustParseAddr(tt.addr))
			}
			require.Equal(t, want, p.data)
		})
	}
}

func TestGetPrefixErrors(t *testing.T) {
	tests := []struct {
		arg    string
		family netinfo.Family
		want   string
	}{
		{"default/0", netinfo.FamilyAll, `Error: any valid prefix is expected rather than "default/0".`},
		{"10.0.0.0/33", netinfo.FamilyAll, `Error: any valid prefix is expected rather than "10.0.0.0/33".`},
		{"10.0.0.256", netinfo.FamilyAll, `Error: any valid prefix is expected rather than "10.0.0.256".`},
		{"10.", netinfo.FamilyAll, `Error: any valid prefix is expected rather than "10.".`},
		{"08", netinfo.FamilyAll, `Error: any valid prefix is expected rather than "08".`},
		{"1.2.3.4.5", netinfo.FamilyAll, `Error: any valid prefix is expected rather than "1.2.3.4.5".`},
		{"10.0.0.0/255.0.255.0", netinfo.FamilyAll, `Error: any valid prefix is expected rather than "10.0.0.0/255.0.255.0".`},
		{"10.0.0.0/8", netinfo.FamilyInet6, `Error: inet6 prefix is expected rather than "10.0.0.0/8".`},
		{"2001:db8::/32", netinfo.FamilyInet, `Error: inet prefix is expected rather than "2001:db8::/32".`},
		{"fe80::1%eth0", netinfo.FamilyAll, `Error: any valid prefix is expected rather than "fe80::1%eth0".`},
		{"00:11", familyPacket, `Error: "00:11" may be inet prefix, but it is not allowed in this context.`},
		{"default", familyMPLS, `Error: mpls prefix is expected rather than "default".`},
	}
	for _, tt := range tests {
		t.Run(tt.arg, func(t *testing.T) {
			_, err := getPrefix(tt.arg, tt.family)
			var ipe *ipError
			require.True(t, errors.As(err, &ipe), "%v", err)
			require.Equal(t, tt.want, ipe.msg)
			require.Equal(t, exitFailure, ipe.code)
		})
	}
}

// noNames is a name file that names nothing.
func noNames(string) (uint32, bool) { return 0, false }

func TestParseRouteSelectorErrors(t *testing.T) {
	tests := []struct {
		args string
		code int
		want string
	}{
		{"table bogus", exitUsage, "Error: argument \"bogus\" is wrong: table id value is invalid\n"},
		{"table 4294967296", exitUsage, "Error: argument \"4294967296\" is wrong: table id value is invalid\n"},
		{"table", exitUsage, `Command line is not complete. Try option "help"`},
		{"protocol xx", exitUsage, "Error: argument \"xx\" is wrong: invalid \"protocol\"\n"},
		{"proto 256", exitUsage, "Error: argument \"256\" is wrong: invalid \"protocol\"\n"},
		{"scope universe", exitUsage, "Error: argument \"universe\" is wrong: invalid \"scope\"\n"},
		{"type bogus", exitUsage, "Error: argument \"bogus\" is wrong: node type value is invalid\n"},
		{"tos 0x100", exitUsage, "Error: argument \"0x100\" is wrong: TOS value is invalid\n"},
		{"tos zz", exitUsage, "Error: argument \"zz\" is wrong: TOS value is invalid\n"},
		{"mark x", exitUsage, "Error: argument \"x\" is wrong: invalid mark value"},
		{"metric x", exitUsage, "Error: argument \"x\" is wrong: \"metric\" value is invalid\n"},
		{"realms /4", exitUsage, "Error: argument \"/4\" is wrong: invalid realms\n"},
		{"via", exitUsage, `Command line is not complete. Try option "help"`},
		{"via inet6", exitUsage, `Command line is not complete. Try option "help"`},
		{"via inet 2001:db8::1", exitFailure, `Error: inet prefix is expected rather than "2001:db8::1".`},
		{"from root", exitUsage, `Command line is not complete. Try option "help"`},
		{"to match", exitUsage, `Command line is not complete. Try option "help"`},
		{"help", exitFailure, `Error: any valid prefix is expected rather than "help".`},
	}
	for _, tt := range tests {
		t.Run(tt.args, func(t *testing.T) {
			_, err := parseRouteSelector(strings.Fields(tt.args), netinfo.FamilyAll, selectorNames{noNames, noNames, noNames})
			var ipe *ipError
			require.True(t, errors.As(err, &ipe), "%v", err)
			require.Equal(t, tt.want, ipe.msg)
			require.Equal(t, tt.code, ipe.code)
		})
	}
}

func TestParseRouteSelectorAbbreviations(t *testing.T) {
	parse := func(args string) *routeSelector {
		s, err := parseRouteSelector(strings.Fields(args), netinfo.FamilyAll, selectorNames{noNames, noNames, noNames})
		require.NoError(t, err, args)
		return s
	}
	require.Equal(t, netinfo.Table(0), parse("t all").table)
	require.Equal(t, netinfo.Table(100), parse("tab 0x64").table)
	require.True(t, parse("c").cloned, "c is cached")
	require.True(t, parse("table cache").cloned)
	require.True(t, parse("pr static").protoFixed, "pr is protocol")
	require.True(t, parse("pri 7").metricFixed, "pri is priority")
	require.True(t, parse("m 7").metricFixed, "m is metric; mark is spelt out")
	require.Equal(t, uint8(0x10), parse("d 10").tos, "d is dsfield, read in hex")
	require.True(t, parse("s link").scopeFixed, "s is scope")
	require.Equal(t, uint32(5), parse("r 5").realm, "r is realms")
	require.Equal(t, "default", parse("v default").vrf, "v is vrf")
	require.Equal(t, typeBit(netinfo.RouteUnreachable), parse("type u").typeMask, "u is unreachable before unicast")
	require.Equal(t, typeBit(netinfo.RouteBroadcast), parse("type b").typeMask, "b is broadcast before blackhole")
	s := parse("f ro 2001:db8::/32")
	require.Equal(t, 32, s.rsrc.bits)
	require.False(t, s.msrc.given())
	s = parse("to ma 10.1.0.7")
	require.Equal(t, 32, s.mdst.bits)
	require.False(t, s.rdst.given())
	s = parse("e 10/8")
	require.Equal(t, s.rdst, s.mdst)
	s = parse("vrf default table all")
	require.NoError(t, s.resolve(nil))
	require.Equal(t, netinfo.Table(0), s.table, "a table after vrf wins")
	s = parse("table all vrf default")
	require.NoError(t, s.resolve(nil))
	require.Equal(t, netinfo.TableMain, s.table, "a vrf after table wins")
	s = parse("protocol static protocol all")
	require.False(t, s.protoFixed, "the last protocol wins")
}

func TestRouteSelectorMatch(t *testing.T) {
	pfx := netip.MustParsePrefix
	ip := netip.MustParseAddr
	v4 := func(dst string, mod ...func(*netinfo.Route)) netinfo.Route {
		r := netinfo.Route{Family: netinfo.FamilyInet, Table: netinfo.TableMain, Type: netinfo.RouteUnicast, Protocol: netinfo.ProtoBoot, Dst: pfx(dst)}
		for _, m := range mod {
			m(&r)
		}
		return r
	}
	routes := []netinfo.Route{
		v4("0.0.0.0/0", func(r *netinfo.Route) { r.Gateway = ip("10.1.0.254") }),
		v4("10.0.0.0/8"),
		v4("10.10.0.0/16", func(r *netinfo.Route) { r.Protocol = netinfo.ProtoStatic; r.Priority = 10 }),
		v4("10.10.1.0/24", func(r *netinfo.Route) { r.PrefSrc = ip("10.1.0.1") }),
		v4("10.10.1.7/32", func(r *netinfo.Route) { r.Realms = 3<<16 | 4 }),
		v4("10.50.0.0/16", func(r *netinfo.Route) { r.Gateway = ip("2001:db8:1::fe") }),
		v4("10.99.0.1/32", func(r *netinfo.Route) { r.Table = 100; r.Type = netinfo.RouteLocal }),
		{Family: netinfo.FamilyInet6, Table: netinfo.TableMain, Type: netinfo.RouteLocal, Dst: pfx("2001:db8::99/128")},
		{Family: netinfo.FamilyInet6, Table: netinfo.TableMain, Type: netinfo.RouteUnicast, Dst: pfx("2001:db8:100::/48"), Src: pfx("2001:db8:1::/64")},
	}
	tests := []struct {
		args string
		fam  netinfo.Family
		want []string // the destinations shown, in order
	}{
		{"", netinfo.FamilyAll, []string{"0.0.0.0/0", "10.0.0.0/8", "10.10.0.0/16", "10.10.1.0/24", "10.10.1.7/32", "10.50.0.0/16"}},
		{"root 10.10.0.0/16", netinfo.FamilyAll, []string{"10.10.0.0/16", "10.10.1.0/24", "10.10.1.7/32"}},
		{"match 10.10.1.7", netinfo.FamilyAll, []string{"0.0.0.0/0", "10.0.0.0/8", "10.10.0.0/16", "10.10.1.0/24", "10.10.1.7/32"}},
		{"10.10.0.0/16", netinfo.FamilyAll, []string{"10.10.0.0/16"}},
		{"default", netinfo.FamilyAll, []string{"0.0.0.0/0"}},
		{"all", netinfo.FamilyAll, []string{"0.0.0.0/0", "10.0.0.0/8", "10.10.0.0/16", "10.10.1.0/24", "10.10.1.7/32", "10.50.0.0/16"}},
		{"all", netinfo.FamilyInet, []string{"0.0.0.0/0"}},
		{"proto static", netinfo.FamilyAll, []string{"10.10.0.0/16"}},
		{"metric 10", netinfo.FamilyAll, []string{"10.10.0.0/16"}},
		{"via 10.1.0.0/24", netinfo.FamilyAll, []string{"0.0.0.0/0"}},
		{"via 128.0.0.0/1", netinfo.FamilyAll, nil},
		{"via inet6 2001:db8:1::fe", netinfo.FamilyAll, []string{"10.50.0.0/16"}},
		{"via 0.0.0.0/1", netinfo.FamilyAll, []string{"0.0.0.0/0", "10.0.0.0/8", "10.10.0.0/16", "10.10.1.0/24", "10.10.1.7/32"}},
		{"src 10.1.0.1", netinfo.FamilyAll, []string{"10.10.1.0/24"}},
		{"realms 3/", netinfo.FamilyAll, []string{"10.10.1.7/32"}},
		{"realms 4", netinfo.FamilyAll, []string{"10.10.1.7/32"}},
		{"realms 0/4", netinfo.FamilyAll, nil},
		{"mark 1", netinfo.FamilyAll, nil},
		{"table all type local", netinfo.FamilyAll, []string{"10.99.0.1/32", "2001:db8::99/128"}},
		{"table main", netinfo.FamilyInet6, []string{"2001:db8:100::/48"}},
		{"from 2001:db8:1::/64", netinfo.FamilyInet6, []string{"2001:db8:100::/48"}},
		{"from root 2001:db8:1::/48", netinfo.FamilyInet6, []string{"2001:db8:100::/48"}},
		{"from 2001:db8:1::/48", netinfo.FamilyInet6, nil},
	}
	for _, tt := range tests {
		t.Run(tt.fam.String()+" "+tt.args, func(t *testing.T) {
			s, err := parseRouteSelector(strings.Fields(tt.args), tt.fam, selectorNames{noNames, noNames, noNames})
			require.NoError(t, err)
			var got []string
			for i := range routes {
				if s.match(&routes[i], false) {
					got = append(got, routes[i].Dst.String())
				}
			}
			require.Equal(t, tt.want, got)
		})
	}
}

func TestRouteSelectorFixed(t *testing.T) {
	tests := []struct {
		args string
		want routeFixed
	}{
		{"", routeFixed{}},
		{"proto static scope link tos 0x10 metric 5", routeFixed{proto: true, scope: true, tos: true, metric: true}},
		{"proto all scope all", routeFixed{}},
		{"via 10.1.0.254 src 10.1.0.1", routeFixed{viaBits: 32, srcBits: 32}},
		{"via 10.1.0.0/24", routeFixed{viaBits: 24}},
		{"realms 3/4", routeFixed{realms: true}},
		{"realms 3/", routeFixed{}},
	}
	for _, tt := range tests {
		t.Run(tt.args, func(t *testing.T) {
			s, err := parseRouteSelector(strings.Fields(tt.args), netinfo.FamilyAll, selectorNames{noNames, noNames, noNames})
			require.NoError(t, err)
			require.Equal(t, tt.want, s.fixed())
		})
	}
	r := netinfo.Route{Family: netinfo.FamilyInet, Gateway: netip.MustParseAddr("2001:db8::1")}
	require.True(t, routeFixed{viaBits: 32}.showsGateway(&r), "a gateway of another family (RTA_VIA) is always printed")
	r.Gateway = netip.MustParseAddr("10.1.0.254")
	require.False(t, routeFixed{viaBits: 32}.showsGateway(&r))
}

func TestRtNames(t *testing.T) {
	n := rtNames{0: "default", 0x20: "CS1"}
	require.Equal(t, "CS1", n.dsfieldWord(0x20))
	require.Equal(t, "0x10", n.dsfieldWord(0x10))
	require.Equal(t, "0x10", rtNames(nil).dsfieldWord(0x10))
	id, ok := n.lookup("CS1")
	require.True(t, ok)
	require.Equal(t, uint32(0x20), id)
	require.Equal(t, " realms 3/cosmos", string(appendRealmsText(nil, 3<<16, rtNames{0: "cosmos"})))
	require.Equal(t, " realm 5", string(appendRealmsText(nil, 5, nil)))
}
