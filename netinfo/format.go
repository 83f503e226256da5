package netinfo

import (
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// The String methods here print a record as one line of ip's text
// output. A record knows its links by index only, so a link appears as
// ip names a link it cannot resolve: "if" and the index ("dev if3"),
// which ip itself accepts as a device name.

// linkRef is how a record names the link of an index.
func linkRef(index int) string { return "if" + strconv.Itoa(index) }

// String prints the route as one line of `ip route show table all`:
// the type unless unicast, the destination ("default" for a zero-length
// prefix), from, tos, via, dev, table unless main, proto unless boot,
// scope unless global, src, metric, flags, metrics, pref; a multipath
// route's next hops follow on the same line.
func (r Route) String() string {
	var b strings.Builder
	if r.Type != RouteUnicast {
		b.WriteString(r.Type.String() + " ")
	}
	b.WriteString(routeDstWord(r.Dst))
	if r.Src.IsValid() && r.Src.Bits() > 0 {
		b.WriteString(" from " + routeDstWord(r.Src))
	}
	if r.TOS != 0 {
		b.WriteString(" tos 0x" + strconv.FormatUint(uint64(r.TOS), 16))
	}
	if r.Gateway.IsValid() {
		b.WriteString(" via " + r.Gateway.String())
	}
	if r.OutIndex != 0 {
		b.WriteString(" dev " + linkRef(r.OutIndex))
	}
	if r.Table != TableMain && r.Table != TableUnspec {
		b.WriteString(" table " + r.Table.String())
	}
	if r.Protocol != ProtoBoot && r.Protocol != ProtoUnspec {
		b.WriteString(" proto " + r.Protocol.String())
	}
	if r.Scope != ScopeUniverse {
		b.WriteString(" scope " + r.Scope.String())
	}
	if r.PrefSrc.IsValid() {
		b.WriteString(" src " + r.PrefSrc.String())
	}
	if r.Priority != 0 || r.Family == FamilyInet6 && r.Dst.IsValid() {
		b.WriteString(" metric " + strconv.FormatUint(uint64(r.Priority), 10))
	}
	if f := r.Flags.String(); f != "" {
		b.WriteString(" " + f)
	}
	if r.Metrics != nil {
		if m := r.Metrics.String(); m != "" {
			b.WriteString(" " + m)
		}
	}
	if r.Pref != RoutePrefNone {
		b.WriteString(" pref " + r.Pref.String())
	}
	for _, h := range r.NextHops {
		b.WriteString(" " + h.String())
	}
	return b.String()
}

// routeDstWord prints a destination as ip does: "default" for a
// zero-length prefix (and for none), the bare address for a host route.
func routeDstWord(p netip.Prefix) string {
	switch {
	case !p.IsValid() || p.Bits() == 0:
		return "default"
	case p.IsSingleIP():
		return p.Addr().String()
	}
	return p.String()
}

// String prints one path of a multipath route as ip does:
// "nexthop via GW dev ifN weight W" and its flags.
func (h NextHop) String() string {
	var b strings.Builder
	b.WriteString("nexthop")
	if h.Gateway.IsValid() {
		b.WriteString(" via " + h.Gateway.String())
	}
	if h.OutIndex != 0 {
		b.WriteString(" dev " + linkRef(h.OutIndex))
	}
	b.WriteString(" weight " + strconv.Itoa(max(h.Weight, 1)))
	if f := h.Flags.String(); f != "" {
		b.WriteString(" " + f)
	}
	return b.String()
}

// String prints the metrics as ip route does: "mtu lock 1400 rtt 30ms
// advmss 1300 ..."; "" for none.
func (m RouteMetrics) String() string {
	var words []string
	add := func(rtax uint, name, value string) {
		if m.Locked&(1<<rtax) != 0 {
			name += " lock"
		}
		words = append(words, name+" "+value)
	}
	u := func(rtax uint, name string, v uint32) {
		if v != 0 {
			add(rtax, name, strconv.FormatUint(uint64(v), 10))
		}
	}
	ms := func(rtax uint, name string, d time.Duration) {
		if d != 0 {
			add(rtax, name, strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', -1, 64)+"ms")
		}
	}
	u(2, "mtu", m.MTU)
	u(3, "window", m.Window)
	ms(4, "rtt", m.RTT)
	ms(5, "rttvar", m.RTTVar)
	u(6, "ssthresh", m.SSThresh)
	u(7, "cwnd", m.CWnd)
	u(8, "advmss", m.AdvMSS)
	u(9, "reordering", m.Reordering)
	u(10, "hoplimit", m.HopLimit)
	u(11, "initcwnd", m.InitCwnd)
	if m.Features != 0 {
		words = append(words, "features "+m.Features.String())
	}
	ms(13, "rto_min", m.RTOMin)
	u(14, "initrwnd", m.InitRwnd)
	u(15, "quickack", m.QuickAck)
	if m.CongCtl != "" {
		words = append(words, "congctl "+m.CongCtl)
	}
	u(17, "fastopen_no_cookie", m.FastOpenNoCookie)
	return strings.Join(words, " ")
}

// String prints the answer as `ip route get` does, on one line: the
// route as Route.String prints it, with the source chosen (src) and the
// packet's mark and uid when the kernel reported them.
func (l RouteLookup) String() string {
	r := l.Route
	s := r.String()
	if !r.PrefSrc.IsValid() && l.Src.IsValid() && !(r.Src.IsValid() && r.Src.Addr() == l.Src) {
		s += " src " + l.Src.String()
	}
	if l.Mark != 0 {
		s += " mark 0x" + strconv.FormatUint(uint64(l.Mark), 16)
	}
	if l.UID != nil {
		s += " uid " + strconv.FormatUint(uint64(*l.UID), 10)
	}
	return s
}

// String prints the link as one line of `ip -o link`: index, name (with
// "@ifN" for its parent), flags, mtu, qdisc, state, mode, group, qlen,
// then the link-layer type, address and broadcast address.
func (l Link) String() string {
	var b strings.Builder
	b.WriteString(strconv.Itoa(l.Index) + ": " + l.Name)
	if l.ParentIndex != 0 {
		b.WriteString("@" + linkRef(l.ParentIndex))
	}
	b.WriteString(": <" + l.Flags.String() + "> mtu " + strconv.FormatUint(uint64(l.MTU), 10))
	if l.Qdisc != "" {
		b.WriteString(" qdisc " + l.Qdisc)
	}
	if l.MasterIndex != 0 {
		b.WriteString(" master " + linkRef(l.MasterIndex))
	}
	b.WriteString(" state " + l.OperState.String() + " mode " + strings.ToUpper(l.Mode.String()) + " group ")
	if l.Group == 0 {
		b.WriteString("default")
	} else {
		b.WriteString(strconv.FormatUint(uint64(l.Group), 10))
	}
	if l.TxQueueLen != 0 {
		b.WriteString(" qlen " + strconv.FormatUint(uint64(l.TxQueueLen), 10))
	}
	b.WriteString(" link/" + l.Type.String())
	if len(l.HardwareAddr) > 0 {
		b.WriteString(" " + l.HardwareAddr.String())
	}
	if len(l.Broadcast) > 0 {
		b.WriteString(" brd " + l.Broadcast.String())
	}
	if l.Alias != "" {
		b.WriteString(" alias " + l.Alias)
	}
	return b.String()
}

// String prints the address as the line of `ip -o addr` after the link:
// family, address/prefix (with its peer), brd, scope, flags, label and
// lifetimes.
func (a Addr) String() string {
	var b strings.Builder
	if a.Family == FamilyInet6 || a.Prefix.Addr().Is6() {
		b.WriteString("inet6 ")
	} else {
		b.WriteString("inet ")
	}
	switch {
	case !a.Prefix.IsValid():
		b.WriteString("none")
	case a.Peer.IsValid():
		b.WriteString(a.Prefix.Addr().String() + " peer " + netip.PrefixFrom(a.Peer, a.Prefix.Bits()).String())
	default:
		b.WriteString(a.Prefix.String())
	}
	if a.Broadcast.IsValid() {
		b.WriteString(" brd " + a.Broadcast.String())
	}
	b.WriteString(" scope " + a.Scope.String())
	// ip says "dynamic" for an address that is not permanent, and
	// nothing for one that is.
	if a.Flags&AddrPermanent == 0 {
		b.WriteString(" dynamic")
	}
	if f := (a.Flags &^ AddrPermanent).String(); f != "" {
		b.WriteString(" " + f)
	}
	if a.Label != "" {
		b.WriteString(" " + a.Label)
	}
	b.WriteString(" valid_lft " + lifetimeWord(a.ValidLifetime) + " preferred_lft " + lifetimeWord(a.PreferredLifetime))
	return b.String()
}

// lifetimeWord prints a lifetime as ip does: "forever" or seconds.
func lifetimeWord(d time.Duration) string {
	if d == Forever {
		return "forever"
	}
	return strconv.FormatInt(int64(d/time.Second), 10) + "sec"
}

// String prints the neighbour as one line of `ip neigh`: address, dev,
// lladdr, flags (router, proxy, ...) and state.
func (n Neighbor) String() string {
	var b strings.Builder
	if n.IP.IsValid() {
		b.WriteString(n.IP.String())
	} else {
		b.WriteString("none")
	}
	if n.Index != 0 {
		b.WriteString(" dev " + linkRef(n.Index))
	}
	if len(n.HardwareAddr) > 0 {
		b.WriteString(" lladdr " + n.HardwareAddr.String())
	}
	if f := n.Flags.String(); f != "" {
		b.WriteString(" " + f)
	}
	b.WriteString(" " + n.State.String())
	return b.String()
}
