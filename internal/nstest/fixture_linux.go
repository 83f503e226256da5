package nstest

import (
	"fmt"
	"net"
	"net/netip"
	"strings"
	"testing"
	"time"
)

// Routing table numbers as iproute2 names them.
const (
	TableMain  = 254
	TableLocal = 255
	// TableExtra is the non-main table Populate puts a route in.
	TableExtra = 100
)

// Neighbour reachable time Populate sets on its links, so a "reachable"
// entry does not decay to "stale" while a test runs.
const reachableTimeMillis = 3_600_000

// A Link is one interface Populate made.
type Link struct {
	Name  string
	Index int              // filled in from the kernel after creation
	Kind  string           // iproute2's link kind: "veth", "bridge", "tun"
	MAC   net.HardwareAddr // nil for a tun, which has none
	MTU   int
	Alias string // ifalias; "" for none
	// LinkLocal is the IPv6 link-local address the kernel derived from
	// MAC; invalid (zero) for a tun, which gets none.
	LinkLocal netip.Addr
	// Peer is the other end of a veth pair; "" otherwise.
	Peer string
	// Master is the bridge this link is a port of; "" for none.
	Master string
}

// An Addr is one address Populate assigned.
type Addr struct {
	Dev string
	// Prefix is the local address with its prefix length.
	Prefix netip.Prefix
	// Peer is the remote end of a point-to-point address; invalid (zero)
	// otherwise.
	Peer netip.Prefix
	// Label is the IPv4 label ("" for IPv6, which has none). The kernel
	// gives an unlabelled IPv4 address its device's name.
	Label string
	// Secondary is true for an IPv4 address in a subnet another address
	// of the device already has.
	Secondary bool
}

// A NextHop is one path of a multipath route.
type NextHop struct {
	Gateway netip.Addr
	Dev     string
	Weight  int // as iproute2 prints it (rtnh_hops + 1)
}

// A Route is one route Populate added (routes the kernel adds by itself
// for addresses are not listed).
type Route struct {
	Table    int
	Type     string // iproute2's word: "unicast", "blackhole", "unreachable", "prohibit"
	Dst      netip.Prefix
	Gateway  netip.Addr // invalid (zero) when none
	Dev      string     // "" when none or multipath
	NextHops []NextHop
}

// A Neighbor is one neighbour entry Populate added.
type Neighbor struct {
	Dev   string
	IP    netip.Addr
	MAC   net.HardwareAddr
	State string // iproute2's word in lower case: "permanent", "stale", "reachable"
}

// A Fixture records the exact state [Populate] made, for assertions.
type Fixture struct {
	// Veth0 and Veth1 are the two ends of a veth pair; Veth0 has an alias
	// and a non-default MTU, Veth1 is a port of Bridge.
	Veth0, Veth1 Link
	// Bridge is a bridge with Veth1 as its port.
	Bridge Link
	// Tun is a layer-3 tun device with a point-to-point address.
	Tun       Link
	Addrs     []Addr
	Routes    []Route
	Neighbors []Neighbor
}

// Links returns the fixture's links in creation order.
func (f *Fixture) Links() []Link {
	return []Link{f.Veth0, f.Veth1, f.Bridge, f.Tun}
}

// Populate fills ns with a veth pair, a bridge, a tun, IPv4 and IPv6
// addresses (a labelled secondary and a point-to-point peer among them),
// routes in the main table and table 100 of every type, a weighted multipath
// route, an IPv6 route via a gateway, and permanent, stale and reachable
// neighbours in both families. IPv6 duplicate address detection is off in
// ns so no address stays tentative. The returned Fixture records the values,
// with link indexes read back from the kernel.
func Populate(t testing.TB, ns *NS) *Fixture {
	t.Helper()
	f := newFixture()
	// Before any link exists, so every link inherits it.
	ns.Exec(t, "sh", "-c", "echo 0 > /proc/sys/net/ipv6/conf/default/accept_dad && echo 0 > /proc/sys/net/ipv6/conf/all/accept_dad")
	ns.Batch(t, f.linkCommands())
	ns.Exec(t, "sh", "-c", reachableTimeScript(f.Veth0.Name, f.Bridge.Name))
	ns.Batch(t, f.stateCommands())
	f.settle(t, ns)
	return f
}

// newFixture returns the fixed description of what Populate makes.
func newFixture() *Fixture {
	mac := func(s string) net.HardwareAddr {
		hw, err := net.ParseMAC(s)
		if err != nil {
			panic(err) // constant input
		}
		return hw
	}
	pfx := netip.MustParsePrefix
	ip := netip.MustParseAddr
	return &Fixture{
		Veth0:  Link{Name: "veth0", Kind: "veth", MAC: mac("02:00:5e:10:00:01"), MTU: 1400, Alias: "rtnlx test veth0", Peer: "veth1"},
		Veth1:  Link{Name: "veth1", Kind: "veth", MAC: mac("02:00:5e:10:00:02"), MTU: 1500, Peer: "veth0", Master: "br0"},
		Bridge: Link{Name: "br0", Kind: "bridge", MAC: mac("02:00:5e:10:00:03"), MTU: 1500},
		Tun:    Link{Name: "tun0", Kind: "tun", MTU: 1500},
		Addrs: []Addr{
			{Dev: "veth0", Prefix: pfx("10.1.0.1/24"), Label: "veth0"},
			{Dev: "veth0", Prefix: pfx("10.1.0.2/24"), Label: "veth0:sec", Secondary: true},
			{Dev: "veth0", Prefix: pfx("2001:db8:1::1/64")},
			{Dev: "br0", Prefix: pfx("10.2.0.1/24"), Label: "br0"},
			{Dev: "br0", Prefix: pfx("2001:db8:2::1/64")},
			{Dev: "tun0", Prefix: pfx("10.9.0.1/32"), Peer: pfx("10.9.0.2/32"), Label: "tun0"},
		},
		Routes: []Route{
			{Table: TableMain, Type: "unicast", Dst: pfx("192.0.2.0/24"), Gateway: ip("10.1.0.254"), Dev: "veth0"},
			{Table: TableExtra, Type: "unicast", Dst: pfx("198.51.100.0/24"), Gateway: ip("10.1.0.254"), Dev: "veth0"},
			{Table: TableExtra, Type: "unicast", Dst: pfx("0.0.0.0/0"), Gateway: ip("10.2.0.254"), Dev: "br0"},
			{Table: TableMain, Type: "blackhole", Dst: pfx("203.0.113.1/32")},
			{Table: TableMain, Type: "unreachable", Dst: pfx("203.0.113.2/32")},
			{Table: TableMain, Type: "prohibit", Dst: pfx("203.0.113.3/32")},
			{Table: TableMain, Type: "unicast", Dst: pfx("203.0.113.128/25"), NextHops: []NextHop{
				{Gateway: ip("10.1.0.253"), Dev: "veth0", Weight: 2},
				{Gateway: ip("10.2.0.253"), Dev: "br0", Weight: 3},
			}},
			{Table: TableMain, Type: "unicast", Dst: pfx("2001:db8:100::/48"), Gateway: ip("2001:db8:1::fe"), Dev: "veth0"},
			{Table: TableExtra, Type: "blackhole", Dst: pfx("2001:db8:200::/48")},
		},
		Neighbors: []Neighbor{
			{Dev: "veth0", IP: ip("10.1.0.10"), MAC: mac("02:00:5e:10:01:0a"), State: "permanent"},
			{Dev: "veth0", IP: ip("10.1.0.11"), MAC: mac("02:00:5e:10:01:0b"), State: "stale"},
			{Dev: "veth0", IP: ip("10.1.0.12"), MAC: mac("02:00:5e:10:01:0c"), State: "reachable"},
			{Dev: "veth0", IP: ip("2001:db8:1::10"), MAC: mac("02:00:5e:10:01:10"), State: "permanent"},
			{Dev: "veth0", IP: ip("2001:db8:1::11"), MAC: mac("02:00:5e:10:01:11"), State: "stale"},
			{Dev: "br0", IP: ip("2001:db8:2::12"), MAC: mac("02:00:5e:10:02:12"), State: "reachable"},
		},
	}
}

// linkCommands makes the links, ports and link attributes.
func (f *Fixture) linkCommands() []string {
	v0, v1, br, tun := f.Veth0, f.Veth1, f.Bridge, f.Tun
	return []string{
		fmt.Sprintf("link add %s address %s mtu %d type veth peer name %s address %s mtu %d", v0.Name, v0.MAC, v0.MTU, v1.Name, v1.MAC, v1.MTU),
		fmt.Sprintf("link set %s alias %q", v0.Name, v0.Alias),
		fmt.Sprintf("link add %s address %s mtu %d type bridge", br.Name, br.MAC, br.MTU),
		fmt.Sprintf("link set %s master %s", v1.Name, br.Name),
		fmt.Sprintf("tuntap add dev %s mode tun", tun.Name),
		fmt.Sprintf("link set %s mtu %d", tun.Name, tun.MTU),
		fmt.Sprintf("link set %s up", v0.Name),
		fmt.Sprintf("link set %s up", v1.Name),
		fmt.Sprintf("link set %s up", br.Name),
		fmt.Sprintf("link set %s up", tun.Name),
	}
}

// reachableTimeScript raises the neighbour reachable time on devs in both
// families (it must precede adding the entries).
func reachableTimeScript(devs ...string) string {
	var cmds []string
	for _, dev := range devs {
		for _, fam := range []string{"ipv4", "ipv6"} {
			cmds = append(cmds, fmt.Sprintf("echo %d > /proc/sys/net/%s/neigh/%s/base_reachable_time_ms", reachableTimeMillis, fam, dev))
		}
	}
	return strings.Join(cmds, " && ")
}

// stateCommands adds the addresses, routes and neighbours.
func (f *Fixture) stateCommands() []string {
	var cmds []string
	for _, a := range f.Addrs {
		c := "addr add "
		if a.Peer.IsValid() {
			c += fmt.Sprintf("%s peer %s", a.Prefix.Addr(), a.Peer)
		} else {
			c += a.Prefix.String()
		}
		c += " dev " + a.Dev
		if a.Prefix.Addr().Is4() && a.Label != a.Dev {
			c += " label " + a.Label
		}
		if a.Prefix.Addr().Is6() {
			c += " nodad"
		}
		cmds = append(cmds, c)
	}
	for _, r := range f.Routes {
		c := "route add "
		if r.Type != "unicast" {
			c += r.Type + " "
		}
		c += r.Dst.String()
		if r.Gateway.IsValid() {
			c += " via " + r.Gateway.String()
		}
		if r.Dev != "" {
			c += " dev " + r.Dev
		}
		// iproute2 takes nexthops last.
		c += fmt.Sprintf(" table %d", r.Table)
		for _, nh := range r.NextHops {
			c += fmt.Sprintf(" nexthop via %s dev %s weight %d", nh.Gateway, nh.Dev, nh.Weight)
		}
		cmds = append(cmds, c)
	}
	for _, n := range f.Neighbors {
		cmds = append(cmds, fmt.Sprintf("neigh add %s lladdr %s nud %s dev %s", n.IP, n.MAC, n.State, n.Dev))
	}
	return cmds
}

// settleTimeout bounds the wait for the kernel to finish bringing the links
// up (the link watcher reports carrier changes about once a second).
const settleTimeout = 15 * time.Second

// settle waits until the veths and the bridge are operationally up with a
// usable IPv6 link-local address, so that tests see a state that no longer
// changes by itself, then fills in the kernel's link indexes and link-local
// addresses.
func (f *Fixture) settle(t testing.TB, ns *NS) {
	t.Helper()
	deadline := time.Now().Add(settleTimeout)
	for {
		pending := f.readLinks(t, ns)
		if pending == "" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("nstest: namespace %s did not settle in %v: %s", ns.Name, settleTimeout, pending)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// readLinks fills in link indexes and link-local addresses from the kernel
// and says what is not settled yet ("" when all is).
func (f *Fixture) readLinks(t testing.TB, ns *NS) string {
	t.Helper()
	type linkState struct {
		index     int
		operstate string
		linkLocal netip.Addr
		tentative bool
	}
	state := map[string]*linkState{}
	for _, l := range ns.IPJSON(t, "addr", "show") {
		name, _ := l["ifname"].(string)
		idx, _ := l["ifindex"].(float64)
		oper, _ := l["operstate"].(string)
		s := &linkState{index: int(idx), operstate: oper}
		infos, _ := l["addr_info"].([]any)
		for _, ai := range infos {
			a, _ := ai.(map[string]any)
			local, _ := a["local"].(string)
			if ip, err := netip.ParseAddr(local); err == nil && ip.Is6() && ip.IsLinkLocalUnicast() {
				s.linkLocal = ip
				s.tentative = a["tentative"] == true
			}
		}
		state[name] = s
	}
	for _, l := range []*Link{&f.Veth0, &f.Veth1, &f.Bridge, &f.Tun} {
		s := state[l.Name]
		if s == nil {
			t.Fatalf("nstest: link %s missing after creation", l.Name)
		}
		l.Index = s.index
		l.LinkLocal = s.linkLocal
		if l.Kind == "tun" {
			continue // no carrier without a reader, and no link-local
		}
		switch {
		case s.operstate != "UP":
			return fmt.Sprintf("%s is %s", l.Name, s.operstate)
		case !s.linkLocal.IsValid() || s.tentative:
			return fmt.Sprintf("%s has no usable link-local address yet", l.Name)
		}
	}
	return ""
}
