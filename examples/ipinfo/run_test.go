package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/netip"
	"os"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"github.com/jsimonetti/rtnetlink/v2"
	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/netinfo"
	"github.com/rtnlx/rtnlx/rtnlemu"
)

func TestRunCommandLineErrors(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		code     int
		stdout   string // substring
		stderr   string // exact
		anyOSMsg bool
	}{
		{name: "help", args: []string{"-h"}, code: 0, stdout: "usage: ipinfo [OPTIONS] [OBJECT [ARGS]]"},
		// A help word is ip's: the object's usage on stderr, status 255.
		{name: "route help", args: []string{"route", "help"}, code: 255, stderr: objectUsage(objectRoute) + "\n"},
		{name: "route show table help", args: []string{"route", "show", "table", "help"}, code: 255, stderr: objectUsage(objectRoute) + "\n"},
		{name: "link set help", args: []string{"link", "set", "help"}, code: 255, stderr: objectUsage(objectLink) + "\n"},
		{name: "monitor route help", args: []string{"monitor", "route", "help"}, code: 255, stderr: objectUsage(objectMonitor) + "\n"},
		{name: "netns help", args: []string{"netns", "help"}, code: 255, stderr: objectUsage(objectNetns) + "\n"},
		{name: "ip help", args: []string{"help"}, code: 255, stderr: usage},
		{name: "unknown object", args: []string{"-j", "bogus"}, code: 255,
			stderr: "ipinfo: unknown object \"bogus\" (want link, addr, route, rule, neigh, nexthop or monitor); see ipinfo -h\n"},
		{name: "unknown table", args: []string{"route", "show", "table", "ipix-no-such-table"}, code: 255,
			stderr: "Error: argument \"ipix-no-such-table\" is wrong: table id value is invalid\n\n"},
		{name: "table number too big", args: []string{"route", "show", "table", "4294967296"}, code: 255,
			stderr: "Error: argument \"4294967296\" is wrong: table id value is invalid\n\n"},
		{name: "unknown option", args: []string{"-z"}, code: 255, stderr: "ipinfo: unknown option \"-z\"; see ipinfo -h\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(t.Context(), tt.args, &stdout, &stderr)
			require.Equal(t, tt.code, code)
			require.Contains(t, stdout.String(), tt.stdout)
			require.Equal(t, tt.stderr, stderr.String())
		})
	}
}

// TestRunMissingNamespace needs no privileges: on Linux the namespace
// file is looked up first; elsewhere -n is not supported at all.
func TestRunMissingNamespace(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run(t.Context(), []string{"-n", "ipix-no-such-ns", "link"}, &stdout, &stderr)
	require.Equal(t, 1, code)
	require.Empty(t, stdout.String())
	want := "ipinfo: netns \"ipix-no-such-ns\": no such namespace\n"
	if runtime.GOOS != "linux" {
		want = fmt.Sprintf("ipinfo: -n ipix-no-such-ns: network namespaces are not supported on this OS (%s)\n", runtime.GOOS)
	}
	require.Equal(t, want, stderr.String())
}

func TestDescribe(t *testing.T) {
	withNS := &command{netns: "/var/run/netns/blue", nsName: "blue"}
	plain := &command{}
	tests := []struct {
		name string
		err  error
		c    *command
		want string
	}{
		{"no namespace", errNoNetNS, withNS, `netns "blue": no such namespace`},
		{"missing table", &netinfo.OpError{Op: "route dump", Errno: syscall.ENOENT}, &command{object: objectRoute, table: 77}, "route table 77 does not exist"},
		{"missing table in namespace", &netinfo.OpError{Op: "route dump", Errno: syscall.ENOENT}, &command{object: objectRoute, table: 77, netns: "/var/run/netns/blue", nsName: "blue"}, `netns "blue": route table 77 does not exist`},
		{"permission", &fs.PathError{Op: "open", Path: "x", Err: syscall.EACCES}, plain, "permission denied: open x: permission denied"},
		{"device", &deviceError{"eth9"}, plain, `device "eth9" does not exist`},
		{"device in namespace", &deviceError{"eth9"}, withNS, `netns "blue": device "eth9" does not exist`},
		{"other", errors.New("boom"), plain, "boom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, describe(tt.err, tt.c))
		})
	}
	got := describe(fmt.Errorf("setns: %w", syscall.EPERM), withNS)
	if os.Geteuid() == 0 {
		require.Equal(t, `netns "blue": permission denied: setns: operation not permitted`, got, "root is not told to become root")
	} else {
		require.Equal(t, `netns "blue": permission denied: entering a namespace needs root (CAP_SYS_ADMIN)`, got)
	}

	got = describe(netinfo.ErrNotSupported, withNS)
	if runtime.GOOS == "linux" {
		require.Contains(t, got, "not supported")
	} else {
		require.Equal(t, "-n blue: network namespaces are not supported on this OS ("+runtime.GOOS+")", got)
	}
}

// TestMonitorFlushesEachEvent runs monitor on an emulated network: each
// event's line comes out as it happens (the output is not held back for
// more), a link made after monitor started is named, and monitor ends
// with nil when its context ends.
func TestMonitorFlushesEachEvent(t *testing.T) {
	mem := rtnlemu.NewMemory()
	mem.PutLink(rtnetlink.LinkMessage{
		Type: 1, Index: 3, Flags: 0x1 | 0x1000 | 0x10000,
		Attributes: &rtnetlink.LinkAttributes{Name: "veth0", MTU: 1500, OperationalState: rtnetlink.OperStateUp},
	})
	tr := rtnlemu.New(mem)
	defer tr.Close()
	h, err := netinfo.Open(netinfo.WithTransport(tr))
	require.NoError(t, err)
	defer h.Close()

	out, errOut := &lockedBuffer{}, &lockedBuffer{}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- monitor(ctx, h, &command{json: true, watch: netinfo.WatchRoutes}, out, errOut) }()

	// Subscribed once a probe shows; until then events are not promised.
	route := func(dst string, index uint32) rtnetlink.RouteMessage {
		p := netip.MustParsePrefix(dst)
		return rtnetlink.RouteMessage{Family: 2, DstLength: uint8(p.Bits()), Table: 254, Protocol: 4, Type: 1,
			Attributes: rtnetlink.RouteAttributes{Dst: p.Addr().AsSlice(), OutIface: index, Table: 254}}
	}
	probe := 0
	require.Eventually(t, func() bool {
		probe++ // a new route each time: Memory tells only changes
		mem.PutRoute(route(fmt.Sprintf("10.99.%d.0/24", probe%256), 3))
		return strings.Contains(out.String(), `"dev":"veth0"`)
	}, testWait, pollEvery)
	last := fmt.Sprintf(`"10.99.%d.0/24"`, probe%256) // every probe is out once the last is
	require.Eventually(t, func() bool { return strings.Contains(out.String(), last) }, testWait, pollEvery)
	n := strings.Count(out.String(), "\n")
	mem.PutLink(rtnetlink.LinkMessage{
		Type: 1, Index: 7, Flags: 0x1,
		Attributes: &rtnetlink.LinkAttributes{Name: "late0", MTU: 1500},
	})
	mem.PutRoute(route("10.98.0.0/16", 7))
	require.Eventually(t, func() bool { return strings.Count(out.String(), "\n") == n+1 }, testWait, pollEvery)
	require.True(t, strings.HasSuffix(out.String(), `{"dst":"10.98.0.0/16","dev":"late0","protocol":"static","flags":[]}`+"\n"), out.String())
	cancel()
	require.NoError(t, <-done)
	require.Empty(t, errOut.String())
}

func TestEventPrinter(t *testing.T) {
	newLink := testTun
	newLink.Index, newLink.Name = 9, "tun9"
	addrOnNew := testAddrPeer
	addrOnNew.Index = 9
	tests := []struct {
		name   string
		show   netinfo.WatchKind
		json   bool
		label  bool
		events []netinfo.Event
		want   string
	}{
		{
			name:  "text, all kinds, labelled (monitor all), names follow link events",
			show:  netinfo.WatchAll,
			label: true,
			events: []netinfo.Event{
				{Type: netinfo.EventNew, Link: &newLink},
				{Type: netinfo.EventNew, Addr: &addrOnNew},
				{Type: netinfo.EventDel, Neighbor: &testNeighFailed},
				{Type: netinfo.EventResyncStart},
				{Type: netinfo.EventNew, Route: &testRouteBlackhole},
				{Type: netinfo.EventResyncDone},
				{Type: netinfo.EventDel, Link: &newLink},
				{Type: netinfo.EventDel, Addr: &addrOnNew},
			},
			want: "" +
				"[LINK]9: tun9: <POINTOPOINT,MULTICAST,NOARP> mtu 1500 qdisc noop state DOWN group default\n" +
				"    link/none\n" +
				"[ADDR]9: tun9    inet 10.9.0.1 peer 10.9.0.2/32 scope global tun0\n" +
				"       valid_lft forever preferred_lft forever\n" +
				"[NEIGH]Deleted 10.1.0.14 dev veth0 FAILED\n" +
				"[ROUTE]blackhole 198.51.100.0/24 table 100 metric 7\n" +
				"[LINK]Deleted 9: tun9: <POINTOPOINT,MULTICAST,NOARP> mtu 1500 qdisc noop state DOWN group default\n" +
				"    link/none\n" +
				"[ADDR]Deleted 9: if9    inet 10.9.0.1 peer 10.9.0.2/32 scope global tun0\n" +
				"       valid_lft forever preferred_lft forever\n",
		},
		{
			name: "text without label (monitor route): ip's lines, lost events said on stderr",
			show: netinfo.WatchRoutes,
			events: []netinfo.Event{
				{Type: netinfo.EventResyncStart},
				{Type: netinfo.EventResyncDone},
				{Type: netinfo.EventDel, Route: &testRouteBlackhole},
			},
			want: "Deleted blackhole 198.51.100.0/24 table 100 metric 7\n",
		},
		{
			name: "json, routes only: other kinds are dropped but still name links",
			show: netinfo.WatchRoutes,
			json: true,
			events: []netinfo.Event{
				{Type: netinfo.EventNew, Link: &newLink},
				{Type: netinfo.EventNew, Addr: &addrOnNew},
				{Type: netinfo.EventNew, Route: &netinfo.Route{Family: netinfo.FamilyInet, Table: netinfo.TableMain, Type: netinfo.RouteUnicast, Dst: netip.MustParsePrefix("10.9.9.0/24"), OutIndex: 9}},
				{Type: netinfo.EventDel, Neighbor: &testNeighFailed},
			},
			want: `{"dst":"10.9.9.0/24","dev":"tun9","protocol":"unspec","flags":[]}` + "\n",
		},
		{
			name:   "json link deletion",
			show:   netinfo.WatchLinks,
			json:   true,
			events: []netinfo.Event{{Type: netinfo.EventDel, Link: &testTun}},
			want:   `{"deleted":true,"ifindex":5,"ifname":"tun0","flags":["POINTOPOINT","MULTICAST","NOARP"],"mtu":1500,"qdisc":"noop","operstate":"DOWN","linkmode":"DEFAULT","group":"default","txqlen":500,"link_type":"none"}` + "\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			names := linkNames{}
			for k, v := range testNames {
				names[k] = v
			}
			p := &eventPrinter{show: tt.show, json: tt.json, label: tt.label, names: names, errW: io.Discard,
				cache: &llCache{names: names, flags: map[int]netinfo.LinkFlags{}}}
			var got []byte
			for i := range tt.events {
				got = append(got, p.format(&tt.events[i])...)
			}
			require.Equal(t, tt.want, string(got))
		})
	}
}
