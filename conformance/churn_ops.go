package conformance

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"slices"
	"strings"

	"github.com/rtnlx/rtnlx/netinfo"
)

// A ChurnVerb is what a ChurnOp does.
type ChurnVerb uint8

// The churn tester's operations.
const (
	ChurnLinkAdd      ChurnVerb = iota + 1 // Link of Kind (veth with Peer, bridge, tun)
	ChurnLinkDel                           // Link (a veth takes its peer)
	ChurnLinkUp                            // Link up
	ChurnLinkDown                          // Link down; on a veth's peer, carrier loss for Link's other end
	ChurnLinkMTU                           // Link's MTU
	ChurnLinkRename                        // Link renamed To
	ChurnLinkMaster                        // Link made a port of bridge To ("" to leave it)
	ChurnAddrAdd                           // Prefix (Peer, Label, NoPrefixRoute) on Link
	ChurnAddrDel                           // Prefix (Peer) from Link
	ChurnRouteAdd                          // Route
	ChurnRouteReplace                      // Route
	ChurnRouteDel                          // Route
	ChurnNeighAdd                          // IP at MAC in State on Link
	ChurnNeighReplace                      // IP at MAC in State on Link
	ChurnNeighDel                          // IP on Link
)

// A ChurnOp is one operation of the churn tester, named so that it can be
// replayed on a fresh system: links by name, everything by value.
type ChurnOp struct {
	Verb ChurnVerb
	Link string
	Kind string // link kind: veth, bridge or tun
	Peer string // a veth's other end
	To   string // new name, or master bridge
	MTU  int

	Prefix        netip.Prefix // address
	PeerPrefix    netip.Prefix // point-to-point peer of an address
	Label         string
	NoPrefixRoute bool

	Route ChurnRoute

	IP    netip.Addr
	MAC   string
	State string // ip's nud word: permanent, stale, noarp
}

// A ChurnRoute is a route as the churn tester writes it.
type ChurnRoute struct {
	Type     string // "" (unicast), blackhole, unreachable, prohibit
	Dst      netip.Prefix
	Table    int // 0: main
	Gateway  netip.Addr
	Dev      string
	Hops     []ChurnHop // multipath
	PrefSrc  netip.Addr
	Metric   int
	Protocol string // "" (boot) or static
}

// A ChurnHop is one next hop of a multipath route.
type ChurnHop struct {
	Gateway netip.Addr
	Dev     string
	Weight  int
}

// Lines is the op as lines of `ip -batch`.
func (op ChurnOp) Lines() []string {
	switch op.Verb {
	case ChurnLinkAdd:
		switch op.Kind {
		case "veth":
			return []string{"link add " + op.Link + " type veth peer name " + op.Peer}
		case "tun":
			return []string{"tuntap add dev " + op.Link + " mode tun"}
		}
		return []string{"link add " + op.Link + " type " + op.Kind}
	case ChurnLinkDel:
		return []string{"link del " + op.Link}
	case ChurnLinkUp:
		return []string{"link set " + op.Link + " up"}
	case ChurnLinkDown:
		return []string{"link set " + op.Link + " down"}
	case ChurnLinkMTU:
		return []string{fmt.Sprintf("link set %s mtu %d", op.Link, op.MTU)}
	case ChurnLinkRename:
		return []string{"link set " + op.Link + " name " + op.To}
	case ChurnLinkMaster:
		if op.To == "" {
			return []string{"link set " + op.Link + " nomaster"}
		}
		return []string{"link set " + op.Link + " master " + op.To}
	case ChurnAddrAdd, ChurnAddrDel:
		verb := "add"
		if op.Verb == ChurnAddrDel {
			verb = "del"
		}
		s := "addr " + verb + " " + op.Prefix.String()
		if op.PeerPrefix.IsValid() {
			s += " peer " + op.PeerPrefix.String()
		}
		s += " dev " + op.Link
		if op.Verb == ChurnAddrAdd {
			if op.Label != "" {
				s += " label " + op.Label
			}
			if op.NoPrefixRoute {
				s += " noprefixroute"
			}
			if op.Prefix.Addr().Is6() {
				s += " nodad"
			}
		}
		return []string{s}
	case ChurnRouteAdd, ChurnRouteReplace, ChurnRouteDel:
		verb := map[ChurnVerb]string{ChurnRouteAdd: "add", ChurnRouteReplace: "replace", ChurnRouteDel: "del"}[op.Verb]
		return []string{"route " + verb + " " + op.Route.args()}
	case ChurnNeighAdd, ChurnNeighReplace:
		verb := "add"
		if op.Verb == ChurnNeighReplace {
			verb = "replace"
		}
		return []string{fmt.Sprintf("neigh %s %s lladdr %s dev %s nud %s", verb, op.IP, op.MAC, op.Link, op.State)}
	case ChurnNeighDel:
		return []string{fmt.Sprintf("neigh del %s dev %s", op.IP, op.Link)}
	}
	return nil
}

func (r ChurnRoute) args() string {
	var b strings.Builder
	if r.Type != "" {
		b.WriteString(r.Type + " ")
	}
	b.WriteString(r.Dst.String())
	if r.Gateway.IsValid() {
		b.WriteString(" via " + r.Gateway.String())
	}
	if r.Dev != "" {
		b.WriteString(" dev " + r.Dev)
	}
	if r.Table != 0 {
		fmt.Fprintf(&b, " table %d", r.Table)
	}
	if r.Metric != 0 {
		fmt.Fprintf(&b, " metric %d", r.Metric)
	}
	if r.PrefSrc.IsValid() {
		b.WriteString(" src " + r.PrefSrc.String())
	}
	if r.Protocol != "" {
		b.WriteString(" proto " + r.Protocol)
	}
	for _, h := range r.Hops {
		fmt.Fprintf(&b, " nexthop via %s dev %s weight %d", h.Gateway, h.Dev, h.Weight)
	}
	return b.String()
}

// String prints the op as ip commands.
func (op ChurnOp) String() string { return strings.Join(op.Lines(), "; ") }

// A churnLink is what the generator knows of one link.
type churnLink struct {
	slot   int
	kind   string
	peer   string // veth: the other end's name
	up     bool
	addrs  []netip.Prefix
	neighs map[netip.Addr]bool
}

// churnGen makes random, mostly valid operations. It follows what the
// operations it made did (told by applied), so that most name existing
// links and addresses; an operation that fails anyway is part of the
// churn too.
type churnGen struct {
	r     *rand.Rand
	links map[string]*churnLink
	slots int
}

func newChurnGen(seed uint64) *churnGen {
	return &churnGen{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), links: map[string]*churnLink{}, slots: 6}
}

// names lists the links known, sorted, so that a seed makes the same
// sequence every time.
func (g *churnGen) names(keep func(*churnLink) bool) []string {
	var ns []string
	for n, l := range g.links {
		if keep == nil || keep(l) {
			ns = append(ns, n)
		}
	}
	slices.Sort(ns)
	return ns
}

func (g *churnGen) pick(ns []string) string {
	if len(ns) == 0 {
		return ""
	}
	return ns[g.r.IntN(len(ns))]
}

func (g *churnGen) pickLink() (string, *churnLink) {
	n := g.pick(g.names(nil))
	return n, g.links[n]
}

func (g *churnGen) freeSlot() int {
	used := map[int]bool{}
	for _, l := range g.links {
		used[l.slot] = true
	}
	var free []int
	for i := range g.slots {
		if !used[i] {
			free = append(free, i)
		}
	}
	if len(free) == 0 {
		return -1
	}
	return free[g.r.IntN(len(free))]
}

func v4(a, b, c, d int) netip.Addr {
	return netip.AddrFrom4([4]byte{byte(a), byte(b), byte(c), byte(d)})
}

func v6(slot, host int) netip.Addr {
	var b [16]byte
	copy(b[:], []byte{0x20, 0x01, 0x0d, 0xb8, 0, 0x80, 0, byte(slot)})
	b[15] = byte(host)
	return netip.AddrFrom16(b)
}

// next makes one operation.
func (g *churnGen) next() ChurnOp {
	if len(g.links) == 0 || g.r.IntN(20) == 0 {
		if op, ok := g.linkAdd(); ok {
			return op
		}
	}
	n, l := g.pickLink()
	switch x := g.r.IntN(100); {
	case x < 4:
		return ChurnOp{Verb: ChurnLinkDel, Link: n}
	case x < 12:
		return ChurnOp{Verb: ChurnLinkUp, Link: n}
	case x < 18:
		return ChurnOp{Verb: ChurnLinkDown, Link: n}
	case x < 22:
		mtus := []int{1200, 1279, 1280, 1400, 1500}
		return ChurnOp{Verb: ChurnLinkMTU, Link: n, MTU: mtus[g.r.IntN(len(mtus))]}
	case x < 24:
		to := fmt.Sprintf("ch%d", l.slot)
		if n == to {
			to += "r"
		}
		return ChurnOp{Verb: ChurnLinkRename, Link: n, To: to}
	case x < 27:
		br := g.pick(g.names(func(b *churnLink) bool { return b.kind == "bridge" }))
		if br == n || g.r.IntN(3) == 0 {
			br = ""
		}
		return ChurnOp{Verb: ChurnLinkMaster, Link: n, To: br}
	case x < 45:
		return g.addrAdd(n, l)
	case x < 52:
		if len(l.addrs) == 0 {
			return g.addrAdd(n, l)
		}
		p := l.addrs[g.r.IntN(len(l.addrs))]
		op := ChurnOp{Verb: ChurnAddrDel, Link: n, Prefix: p}
		if p.Addr().Is4() && p.Bits() == 32 {
			op.PeerPrefix = netip.PrefixFrom(v4(10, 81, l.slot, int(p.Addr().As4()[3])+100), 32)
		}
		return op
	case x < 80:
		return g.route()
	default:
		return g.neigh(n, l)
	}
}

func (g *churnGen) linkAdd() (ChurnOp, bool) {
	slot := g.freeSlot()
	if slot < 0 {
		return ChurnOp{}, false
	}
	name := fmt.Sprintf("ch%d", slot)
	kinds := []string{"veth", "veth", "bridge", "tun"}
	op := ChurnOp{Verb: ChurnLinkAdd, Link: name, Kind: kinds[g.r.IntN(len(kinds))]}
	if op.Kind == "veth" {
		op.Peer = name + "p"
	}
	return op, true
}

func (g *churnGen) addrAdd(n string, l *churnLink) ChurnOp {
	op := ChurnOp{Verb: ChurnAddrAdd, Link: n}
	host := 1 + g.r.IntN(6)
	switch g.r.IntN(5) {
	case 0, 1:
		op.Prefix = netip.PrefixFrom(v4(10, 80, l.slot, host), 24)
		if g.r.IntN(3) == 0 && len(n) < 12 {
			op.Label = fmt.Sprintf("%s:%d", n, host)
		}
	case 2:
		op.Prefix = netip.PrefixFrom(v4(10, 81, l.slot, host), 32)
		op.PeerPrefix = netip.PrefixFrom(v4(10, 81, l.slot, host+100), 32)
	default:
		op.Prefix = netip.PrefixFrom(v6(l.slot, host), 64)
	}
	op.NoPrefixRoute = g.r.IntN(6) == 0
	return op
}

func (g *churnGen) route() ChurnOp {
	verbs := []ChurnVerb{ChurnRouteAdd, ChurnRouteAdd, ChurnRouteReplace, ChurnRouteDel}
	op := ChurnOp{Verb: verbs[g.r.IntN(len(verbs))]}
	six := g.r.IntN(3) == 0
	d := g.r.IntN(12)
	r := &op.Route
	if six {
		r.Dst = netip.PrefixFrom(netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, 0, 0x90, 0, byte(d)}), 64)
	} else {
		r.Dst = netip.PrefixFrom(v4(198, 18, d, 0), 24)
	}
	tables := []int{0, 0, 100, 101}
	r.Table = tables[g.r.IntN(len(tables))]
	metrics := []int{0, 0, 10, 20}
	r.Metric = metrics[g.r.IntN(len(metrics))]
	if op.Verb == ChurnRouteDel && g.r.IntN(2) == 0 {
		return op // by destination, table and metric only
	}
	gw := func(dev string) netip.Addr {
		l := g.links[dev]
		if six {
			return v6(l.slot, 0xfe)
		}
		return v4(10, 80, l.slot, 254)
	}
	devs := g.names(nil)
	switch x := g.r.IntN(10); {
	case x == 0 || len(devs) == 0:
		types := []string{"blackhole", "unreachable", "prohibit"}
		r.Type = types[g.r.IntN(len(types))]
	case x < 4:
		r.Dev = g.pick(devs)
	case x < 8:
		r.Dev = g.pick(devs)
		r.Gateway = gw(r.Dev)
	default:
		for range 2 {
			dev := g.pick(devs)
			r.Hops = append(r.Hops, ChurnHop{Gateway: gw(dev), Dev: dev, Weight: 1 + g.r.IntN(3)})
		}
	}
	if r.Dev != "" && g.r.IntN(4) == 0 {
		for _, p := range g.links[r.Dev].addrs {
			if p.Addr().Is6() == six {
				r.PrefSrc = p.Addr()
				break
			}
		}
	}
	if g.r.IntN(8) == 0 {
		r.Protocol = "static"
	}
	return op
}

func (g *churnGen) neigh(n string, l *churnLink) ChurnOp {
	host := 50 + g.r.IntN(4)
	ip := v4(10, 80, l.slot, host)
	if g.r.IntN(3) == 0 {
		ip = v6(l.slot, host)
	}
	// ip neigh exits on a refusal, taking the rest of its batch: add
	// only what is not there, delete only what is.
	verb := ChurnNeighReplace
	switch {
	case !l.neighs[ip] && g.r.IntN(2) == 0:
		verb = ChurnNeighAdd
	case l.neighs[ip] && g.r.IntN(2) == 0:
		verb = ChurnNeighDel
	}
	states := []string{"permanent", "permanent", "stale", "noarp"}
	return ChurnOp{
		Verb: verb, Link: n, IP: ip,
		MAC:   fmt.Sprintf("02:00:00:%02x:%02x:%02x", l.slot, host, g.r.IntN(3)),
		State: states[g.r.IntN(len(states))],
	}
}

// applied tells the generator that op succeeded.
func (g *churnGen) applied(op ChurnOp) {
	l := g.links[op.Link]
	switch op.Verb {
	case ChurnLinkAdd:
		var slot int
		fmt.Sscanf(op.Link, "ch%d", &slot)
		g.links[op.Link] = &churnLink{slot: slot, kind: op.Kind, peer: op.Peer}
		if op.Peer != "" {
			g.links[op.Peer] = &churnLink{slot: slot, kind: "veth", peer: op.Link}
		}
	case ChurnLinkDel:
		if l != nil {
			delete(g.links, l.peer)
		}
		delete(g.links, op.Link)
	case ChurnLinkRename:
		if l != nil {
			delete(g.links, op.Link)
			g.links[op.To] = l
			if p := g.links[l.peer]; p != nil {
				p.peer = op.To
			}
		}
	case ChurnLinkUp, ChurnLinkDown:
		if l != nil {
			l.up = op.Verb == ChurnLinkUp
			if !l.up {
				clear(l.neighs) // neigh_ifdown
			}
		}
	case ChurnNeighAdd, ChurnNeighReplace:
		if l != nil {
			if l.neighs == nil {
				l.neighs = map[netip.Addr]bool{}
			}
			l.neighs[op.IP] = true
		}
	case ChurnNeighDel:
		if l != nil {
			delete(l.neighs, op.IP)
		}
	case ChurnAddrAdd:
		if l != nil {
			l.addrs = append(l.addrs, op.Prefix)
		}
	case ChurnAddrDel:
		if l != nil {
			l.addrs = slices.DeleteFunc(l.addrs, func(p netip.Prefix) bool { return p == op.Prefix })
		}
	}
}

// sync makes the generator's links and addresses those of a dump, for
// when it lost track (an operation whose fate is unknown, or what the
// system did by itself).
func (g *churnGen) sync(links []netinfo.Link, addrs []netinfo.Addr) {
	old := g.links
	g.links = map[string]*churnLink{}
	byIndex := map[int]*churnLink{}
	names := map[int]string{}
	for _, l := range links {
		var slot int
		if _, err := fmt.Sscanf(l.Name, "ch%d", &slot); err != nil {
			continue
		}
		cl := &churnLink{slot: slot, kind: l.Kind, up: l.Flags&netinfo.LinkUp != 0}
		if o := old[l.Name]; o != nil {
			cl.neighs = o.neighs
		}
		g.links[l.Name] = cl
		byIndex[l.Index] = cl
		names[l.Index] = l.Name
	}
	for _, l := range links {
		if cl := byIndex[l.Index]; cl != nil && l.Kind == "veth" {
			cl.peer = names[l.ParentIndex]
		}
	}
	for _, a := range addrs {
		if cl := byIndex[a.Index]; cl != nil && a.Scope == netinfo.ScopeUniverse {
			cl.addrs = append(cl.addrs, a.Prefix)
		}
	}
}
