//go:build linux

package ipset_test

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rtnlx/rtnlx/internal/nstest"
	"github.com/rtnlx/rtnlx/ipset"
	"github.com/rtnlx/rtnlx/nlsock"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// setup makes a namespace with the ipset tool available and a Conn in it.
func setup(t *testing.T) (*nstest.NS, *ipset.Conn, context.Context) {
	t.Helper()
	nstest.RequireCommand(t, "ipset")
	ns := nstest.New(t, "ipset")
	c, err := ipset.Dial(&nlsock.Config{NetNS: ns.Path})
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, c.Close()) })
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ns, c, ctx
}

// tool runs the ipset tool in the namespace, with stdin.
func tool(t *testing.T, ns *nstest.NS, stdin string, args ...string) string {
	t.Helper()
	cmd := ns.Command(context.Background(), "ipset", args...)
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "ipset %s: %s", strings.Join(args, " "), out)
	return string(out)
}

func ourSave(t *testing.T, ctx context.Context, c *ipset.Conn) string {
	t.Helper()
	var sets []ipset.Set
	for s, err := range c.List(ctx, "") {
		require.NoError(t, err)
		sets = append(sets, s)
	}
	var b strings.Builder
	require.NoError(t, ipset.Save(&b, sets))
	return b.String()
}

// sortedLines compares saves line by line within each set: the kernel's
// hash order is the same for both readers, but sorting keeps a failure
// readable.
func sortedLines(s string) []string {
	l := strings.Split(strings.TrimSpace(s), "\n")
	slices.Sort(l)
	return l
}

// restoreScript makes one set of every handled type in both families,
// with every option and entry kind this package handles.
const restoreScript = `create ip4 hash:ip family inet hashsize 64 maxelem 1000
add ip4 192.0.2.1
add ip4 192.0.2.2
create ip6 hash:ip family inet6 timeout 300 counters comment
add ip6 2001:db8::1 timeout 0 packets 5 bytes 600 comment "one host"
add ip6 2001:db8::2 timeout 0
create net4 hash:net family inet counters
add net4 10.0.0.0/8 packets 1 bytes 2
add net4 10.1.0.0/16 nomatch
add net4 192.0.2.7
create net6 hash:net family inet6 comment
add net6 2001:db8:1::/48 comment "a network"
create ipport4 hash:ip,port family inet
add ipport4 192.0.2.1,tcp:80
add ipport4 192.0.2.1,udp:53
add ipport4 192.0.2.3,sctp:9
create ipport6 hash:ip,port family inet6 timeout 60
add ipport6 2001:db8::5,udplite:1000 timeout 0
create netport4 hash:net,port family inet comment counters
add netport4 198.51.100.0/24,tcp:443 comment "web" packets 0 bytes 0
add netport4 198.51.100.0/25,tcp:22 nomatch packets 0 bytes 0
create netport6 hash:net,port family inet6
add netport6 2001:db8::/32,udp:4789
`

func TestToolSetsReadBack(t *testing.T) {
	ns, c, ctx := setup(t)
	tool(t, ns, restoreScript, "restore")
	theirs := tool(t, ns, "", "save")
	require.Equal(t, theirs, ourSave(t, ctx, c), "the same text, line for line and in order")
}

func u32(v uint32) *uint32 { return &v }
func u64(v uint64) *uint64 { return &v }

func TestOurSetsListedByTool(t *testing.T) {
	ns, c, ctx := setup(t)
	p := netip.MustParsePrefix
	h := func(s string) netip.Prefix { a := netip.MustParseAddr(s); return netip.PrefixFrom(a, a.BitLen()) }
	sets := []struct {
		set     ipset.Set
		entries []ipset.Entry
	}{
		{ipset.Set{Name: "ip4", Type: "hash:ip", HashSize: 64, MaxElem: 1000},
			[]ipset.Entry{{Addr: h("192.0.2.1")}, {Addr: h("192.0.2.2")}}},
		{ipset.Set{Name: "ip6", Type: "hash:ip", Family: ipset.Inet6, Timeout: u32(300), Counters: true, Comment: true},
			[]ipset.Entry{{Addr: h("2001:db8::1"), Timeout: u32(0), Packets: u64(5), Bytes: u64(600), Comment: "one host"}, {Addr: h("2001:db8::2"), Timeout: u32(0)}}},
		{ipset.Set{Name: "net4", Type: "hash:net", Counters: true},
			[]ipset.Entry{{Addr: p("10.0.0.0/8"), Packets: u64(1), Bytes: u64(2)}, {Addr: p("10.1.0.0/16"), NoMatch: true}, {Addr: h("192.0.2.7")}}},
		{ipset.Set{Name: "net6", Type: "hash:net", Family: ipset.Inet6, Comment: true},
			[]ipset.Entry{{Addr: p("2001:db8:1::/48"), Comment: "a network"}}},
		{ipset.Set{Name: "ipport4", Type: "hash:ip,port"},
			[]ipset.Entry{{Addr: h("192.0.2.1"), Proto: 6, Port: 80}, {Addr: h("192.0.2.1"), Proto: 17, Port: 53}, {Addr: h("192.0.2.3"), Proto: 132, Port: 9}}},
		{ipset.Set{Name: "ipport6", Type: "hash:ip,port", Family: ipset.Inet6, Timeout: u32(60)},
			[]ipset.Entry{{Addr: h("2001:db8::5"), Proto: 136, Port: 1000, Timeout: u32(0)}}},
		{ipset.Set{Name: "netport4", Type: "hash:net,port", Comment: true, Counters: true},
			[]ipset.Entry{{Addr: p("198.51.100.0/24"), Proto: 6, Port: 443, Comment: "web"}, {Addr: p("198.51.100.0/25"), Proto: 6, Port: 22, NoMatch: true}}},
		{ipset.Set{Name: "netport6", Type: "hash:net,port", Family: ipset.Inet6},
			[]ipset.Entry{{Addr: p("2001:db8::/32"), Proto: 17, Port: 4789}}},
	}
	for _, s := range sets {
		require.NoError(t, c.Create(ctx, s.set, false))
		for _, e := range s.entries {
			require.NoError(t, c.Add(ctx, s.set.Name, e, false), "%s %+v", s.set.Name, e)
		}
	}
	theirs := tool(t, ns, "", "save")
	require.Equal(t, theirs, ourSave(t, ctx, c))

	// The same sets as the tool makes them, initval aside (it is random).
	initval := func(s string) string {
		var out []string
		for _, l := range sortedLines(s) {
			if i := strings.Index(l, " initval "); i >= 0 {
				l = l[:i]
			}
			out = append(out, l)
		}
		return strings.Join(out, "\n")
	}
	ns2 := nstest.New(t, "ipset")
	tool(t, ns2, restoreScript, "restore")
	require.Equal(t, initval(tool(t, ns2, "", "save")), initval(theirs))
}

func TestCommands(t *testing.T) {
	ns, c, ctx := setup(t)
	host := netip.MustParsePrefix("192.0.2.1/32")
	require.NoError(t, c.Create(ctx, ipset.Set{Name: "a", Type: "hash:ip"}, false))
	require.NoError(t, c.Create(ctx, ipset.Set{Name: "a", Type: "hash:ip"}, true), "-exist")
	err := c.Create(ctx, ipset.Set{Name: "a", Type: "hash:ip"}, false)
	require.ErrorIs(t, err, ipset.ErrExist)
	require.EqualError(t, err, "ipset: create a: Set cannot be created: set with the same name already exists")

	require.NoError(t, c.Add(ctx, "a", ipset.Entry{Addr: host}, false))
	err = c.Add(ctx, "a", ipset.Entry{Addr: host}, false)
	require.ErrorIs(t, err, ipset.ErrExist)
	require.EqualError(t, err, "ipset: add a: Element cannot be added to the set: it's already added")
	require.NoError(t, c.Add(ctx, "a", ipset.Entry{Addr: host}, true), "-exist")
	in, err := c.Test(ctx, "a", ipset.Entry{Addr: host})
	require.NoError(t, err)
	require.True(t, in)
	in, err = c.Test(ctx, "a", ipset.Entry{Addr: netip.MustParsePrefix("192.0.2.9/32")})
	require.NoError(t, err)
	require.False(t, in)
	require.Contains(t, tool(t, ns, "", "list", "a"), "192.0.2.1")

	require.NoError(t, c.Del(ctx, "a", ipset.Entry{Addr: host}, false))
	err = c.Del(ctx, "a", ipset.Entry{Addr: host}, false)
	require.ErrorIs(t, err, ipset.ErrNotExist)
	require.EqualError(t, err, "ipset: del a: Element cannot be deleted from the set: it's not added")
	require.NoError(t, c.Del(ctx, "a", ipset.Entry{Addr: host}, true), "-exist")

	require.NoError(t, c.Add(ctx, "a", ipset.Entry{Addr: host}, false))
	require.NoError(t, c.Flush(ctx, "a"))
	require.NotContains(t, tool(t, ns, "", "list", "a"), "192.0.2.1")

	require.NoError(t, c.Rename(ctx, "a", "b"))
	require.Equal(t, "b\n", tool(t, ns, "", "list", "-n"))
	require.NoError(t, c.Create(ctx, ipset.Set{Name: "c", Type: "hash:ip"}, false))
	require.NoError(t, c.Add(ctx, "c", ipset.Entry{Addr: host}, false))
	require.NoError(t, c.Swap(ctx, "b", "c"))
	require.Contains(t, tool(t, ns, "", "list", "b"), "192.0.2.1")
	require.NoError(t, c.Create(ctx, ipset.Set{Name: "n", Type: "hash:net"}, false))
	err = c.Swap(ctx, "b", "n")
	require.EqualError(t, err, "ipset: swap b: The sets cannot be swapped: their type does not match")
	err = c.Rename(ctx, "b", "c")
	require.ErrorIs(t, err, ipset.ErrExist)

	require.NoError(t, c.Destroy(ctx, "b"))
	require.Equal(t, "c\nn\n", tool(t, ns, "", "list", "-n"))
	require.NoError(t, c.Destroy(ctx, ""))
	require.Empty(t, tool(t, ns, "", "list", "-n"))

	v, lowest, err := c.Protocol(ctx)
	require.NoError(t, err)
	require.Equal(t, uint8(7), v)
	require.LessOrEqual(t, lowest, v)
}

func TestBadInput(t *testing.T) {
	_, c, ctx := setup(t)
	long := strings.Repeat("x", 32)
	require.EqualError(t, c.Create(ctx, ipset.Set{Name: long, Type: "hash:ip"}, false),
		fmt.Sprintf("ipset: setname '%s' is longer than 31 characters", long))
	require.ErrorContains(t, c.Create(ctx, ipset.Set{Name: "x", Type: "foo:bar"}, false), "typename 'foo:bar' is unknown")
	require.Error(t, c.Create(ctx, ipset.Set{Name: "x", Type: "hash:ip", Family: 7}, false))

	err := c.Add(ctx, "missing", ipset.Entry{Addr: netip.MustParsePrefix("192.0.2.1/32")}, false)
	require.ErrorIs(t, err, ipset.ErrNotExist)
	require.ErrorContains(t, err, "The set with the given name does not exist")
	derr := c.Destroy(ctx, "missing")
	require.ErrorIs(t, derr, ipset.ErrNotExist)

	require.NoError(t, c.Create(ctx, ipset.Set{Name: "h", Type: "hash:ip"}, false))
	require.NoError(t, c.Create(ctx, ipset.Set{Name: "p", Type: "hash:ip,port"}, false))
	require.NoError(t, c.Create(ctx, ipset.Set{Name: "ipp", Type: "hash:ip,port"}, false))
	require.NoError(t, c.Create(ctx, ipset.Set{Name: "n2", Type: "hash:ip,port,net"}, false))
	require.NoError(t, c.Create(ctx, ipset.Set{Name: "ni", Type: "hash:net,iface"}, false))
	require.NoError(t, c.Create(ctx, ipset.Set{Name: "b", Type: "bitmap:ip", From: netip.MustParseAddr("10.0.0.0"), To: netip.MustParseAddr("10.0.0.3")}, false))
	require.NoError(t, c.Create(ctx, ipset.Set{Name: "bp", Type: "bitmap:port", PortFrom: 1, PortTo: 10}, false))
	require.NoError(t, c.Create(ctx, ipset.Set{Name: "l", Type: "list:set"}, false))

	for _, tt := range []struct {
		s    ipset.Set
		want string
	}{
		{ipset.Set{Name: "x", Type: "bitmap:ip", From: netip.MustParseAddr("10.0.0.0"), To: netip.MustParseAddr("10.255.255.255")}, "ipset: create x: The range you specified exceeds the size limit of the set type"},
		{ipset.Set{Name: "x", Type: "bitmap:ip"}, "needs an IPv4 range"},
		{ipset.Set{Name: "x", Type: "bitmap:ip", From: netip.MustParseAddr("::"), To: netip.MustParseAddr("::1")}, "needs an IPv4 range"},
		{ipset.Set{Name: "x", Type: "bitmap:port", PortFrom: 9, PortTo: 1}, "ends before it starts"},
		{ipset.Set{Name: "x", Type: "list:set", HashSize: 5}, "takes no hashsize"},
		{ipset.Set{Name: "x", Type: "hash:net,port", Netmask: 24}, "takes no netmask"},
		{ipset.Set{Name: "x", Type: "hash:ip", Size: 3}, "takes no size"},
		{ipset.Set{Name: "x", Type: "bitmap:port", Family: ipset.Inet6}, "has no family option"},
		{ipset.Set{Name: "x", Type: "hash:ip", Netmask: 33}, "ipset: create x: The value of the netmask parameter is invalid"},
	} {
		require.ErrorContains(t, c.Create(ctx, tt.s, false), tt.want, "%+v", tt.s)
	}
	for _, tt := range []struct {
		set  string
		e    ipset.Entry
		want string
	}{
		{"h", ipset.Entry{Addr: netip.MustParsePrefix("2001:db8::1/128")}, "the set's family is inet"},
		{"h", ipset.Entry{Addr: netip.MustParsePrefix("10.0.0.0/8")}, "ipset: add h: Hash is full, cannot add more elements"},
		{"b", ipset.Entry{Addr: netip.MustParsePrefix("10.0.0.9/32")}, "ipset: add b: Element is out of the range of the set"},
		{"b", ipset.Entry{Addr: netip.MustParsePrefix("10.0.0.1/32"), Proto: 6, Port: 1}, "holds no ports"},
		{"l", ipset.Entry{Name: "nosuch"}, "ipset: add l: Set to be added/deleted/tested as element does not exist."},
		{"l", ipset.Entry{Name: "h", Ref: "nosuch", Before: true}, "ipset: add l: The set to which you referred with 'before' or 'after' does not exist."},
		{"l", ipset.Entry{Name: "l"}, "ipset: add l: Sets with list:set type cannot be added to the set."},
		{"l", ipset.Entry{Addr: netip.MustParsePrefix("10.0.0.1/32")}, "holds no address"},
		{"bp", ipset.Entry{Port: 11}, "ipset: add bp: Element is out of the range of the set"},
		{"bp", ipset.Entry{Proto: 6, Port: 1}, "without a protocol"},
		{"ipp", ipset.Entry{Addr: netip.MustParsePrefix("10.0.0.1/32"), Proto: 47, Port: 5}, "pseudo port value 0 only"},
		{"ipp", ipset.Entry{Addr: netip.MustParsePrefix("10.0.0.1/32"), Proto: 6, Port: 5, PortTo: 4}, "ends before it starts"},
		{"n2", ipset.Entry{Addr: netip.MustParsePrefix("10.0.0.1/32"), Proto: 6, Port: 5, Addr2: netip.MustParsePrefix("2001:db8::/32")}, "second address 2001:db8::/32: the set's family is inet"},
		{"n2", ipset.Entry{Addr: netip.MustParsePrefix("10.0.0.1/32"), Proto: 6, Port: 5}, "no second address"},
		{"ni", ipset.Entry{Addr: netip.MustParsePrefix("10.0.0.0/8"), Iface: "a-name-over-15-bytes"}, "want 1 to 15 bytes"},
		{"ni", ipset.Entry{Addr: netip.MustParsePrefix("10.0.0.0/8"), Iface: "x", NoMatch: true, MAC: []byte{1}}, "holds no MAC"},
		{"h", ipset.Entry{Addr: netip.MustParsePrefix("10.0.0.1/32"), NoMatch: true}, "nomatch is for types with a net component"},
		{"h", ipset.Entry{Addr: netip.MustParsePrefix("10.0.0.5/32"), AddrTo: netip.MustParseAddr("10.0.0.1")}, "before the start"},
		{"h", ipset.Entry{Addr: netip.MustParsePrefix("10.0.0.1/32"), Port: 80, Proto: 6}, "holds no ports"},
		{"h", ipset.Entry{}, "hash:ip entry: no address"},
		{"p", ipset.Entry{Addr: netip.MustParsePrefix("10.0.0.1/32"), Port: 80}, "protocol 0"},
		{"h", ipset.Entry{Addr: netip.MustParsePrefix("10.0.0.1/32"), Timeout: u32(5)}, "Timeout cannot be used: set was created without timeout support"},
		{"h", ipset.Entry{Addr: netip.MustParsePrefix("10.0.0.1/32"), Comment: "c"}, "ipset: add h:"},
	} {
		err := c.Add(ctx, tt.set, tt.e, false)
		require.ErrorContains(t, err, tt.want, "%+v", tt.e)
	}
}

func TestMembersStream(t *testing.T) {
	ns, c, ctx := setup(t)
	var script strings.Builder
	script.WriteString("create big hash:net family inet hashsize 4096 maxelem 100000\n")
	const n = 5000
	for i := range n {
		fmt.Fprintf(&script, "add big 10.%d.%d.0/24\n", i/256, i%256)
	}
	tool(t, ns, script.String(), "restore")
	count := 0
	for e, err := range c.Members(ctx, "big") {
		require.NoError(t, err)
		require.Equal(t, 24, e.Addr.Bits())
		count++
	}
	require.Equal(t, n, count)
	count = 0
	for _, err := range c.Members(ctx, "big") {
		require.NoError(t, err)
		if count++; count == 10 {
			break
		}
	}
	for s, err := range c.List(ctx, "big") {
		require.NoError(t, err)
		require.Len(t, s.Members, n, "parts of one set merge")
		require.Equal(t, uint32(n), s.Entries)
	}
}

func TestAddAll(t *testing.T) {
	ns, c, ctx := setup(t)
	require.NoError(t, c.Create(ctx, ipset.Set{Name: "big", Type: "hash:net", MaxElem: 100000}, false))
	const n = 2500
	entries := make([]ipset.Entry, n)
	for i := range entries {
		entries[i] = ipset.Entry{Addr: netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i / 256), byte(i % 256), 0}), 24)}
	}
	require.NoError(t, c.AddAll(ctx, "big", entries, false))
	out := tool(t, ns, "", "list", "-terse", "big")
	require.Contains(t, out, fmt.Sprintf("Number of entries: %d", n))
	err := c.AddAll(ctx, "big", entries[:10], false)
	require.ErrorIs(t, err, ipset.ErrExist)
	require.ErrorContains(t, err, "in entries 1 to 10")
	require.NoError(t, c.AddAll(ctx, "big", entries[:10], true), "-exist")
	require.ErrorContains(t, c.AddAll(ctx, "big", []ipset.Entry{{Addr: netip.MustParsePrefix("2001:db8::/32")}}, false), "family")
}
