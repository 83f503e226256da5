//go:build linux

package rtnlemu_test

import (
	"context"
	"encoding/binary"
	"fmt"
	"net/netip"
	"strings"
	"testing"

	"github.com/jsimonetti/rtnetlink/v2"

	"github.com/rtnlx/rtnlx/rtnlemu"
)

// Two listed differences come from state the kernel keeps and does not
// report, so an answer alone cannot tell them from a bug of the same
// shape. FuzzDifferential keeps what the kernel accepted earlier in the
// namespace, and excuses those answers only where that state is there.

// diffHistory is what earlier requests left in the kernel that its
// dumps do not show.
type diffHistory struct {
	// joined are the IPv6 groups an address added with
	// IFA_F_MCAUTOJOIN joined, by link: the kernel leaves one only when
	// the address is deleted by RTM_DELADDR.
	joined map[joinKey]bool
	// unreported are the IPv4 routes (by table, prefix, TOS and metric)
	// added or replaced by a request carrying what the kernel keeps in
	// the route's fib_info and does not report.
	unreported map[route4Key]bool
	// sources are the source prefixes of the IPv6 routes from one added
	// (by table, destination and source prefix length): a Source keeps
	// a route's source prefix length and not its address.
	sources map[route6Key]map[netip.Addr]bool
}

type route6Key struct {
	table  uint32
	dst    netip.Prefix
	srcLen uint8
}

type joinKey struct {
	index uint32
	group netip.Addr
}

type route4Key struct {
	table    uint32
	dst      netip.Prefix
	tos      uint8
	priority uint32
}

// note records what request m left in the kernel, which answered it
// with answer class kernel.
func (h *diffHistory) note(m diffMsg, kernel string) {
	if kernel != "" && !strings.HasSuffix(kernel, "error ok") && strings.Contains(kernel, "error ") {
		return // refused: nothing changed
	}
	switch {
	case m.typ == 20 || m.typ == 21:
		k, ok := autojoinKey(m.body)
		if !ok {
			return
		}
		if h.joined == nil {
			h.joined = map[joinKey]bool{}
		}
		if m.typ == 20 && autojoins(m.body) {
			h.joined[k] = true
		} else if m.typ == 21 {
			delete(h.joined, k) // inet6_addr_del leaves the group
		}
	case m.typ == 24 && len(m.body) >= 12 && m.body[0] == 10:
		k, src, ok := route6KeyOf(m.body)
		if ok && k.srcLen != 0 {
			if h.sources == nil {
				h.sources = map[route6Key]map[netip.Addr]bool{}
			}
			if h.sources[k] == nil {
				h.sources[k] = map[netip.Addr]bool{}
			}
			h.sources[k][src] = true
		}
	case m.typ == 24 && len(m.body) >= 12 && m.body[0] == 2:
		k, ok := route4KeyOf(m.body)
		if ok && (carriesUnkept(m.body) || unreportedFlags(m.body)) {
			if h.unreported == nil {
				h.unreported = map[route4Key]bool{}
			}
			h.unreported[k] = true
		}
	}
}

// rejoins tells whether m adds an IPv6 multicast address with
// IFA_F_MCAUTOJOIN whose group an earlier add joined on that link.
func (h *diffHistory) rejoins(m diffMsg) bool {
	k, ok := autojoinKey(m.body)
	return ok && m.typ == 20 && autojoins(m.body) && h.joined[k]
}

// replacesUnreported tells whether m is an IPv4 route request for a
// prefix, table, TOS and metric an earlier request gave a route with
// what the kernel keeps and does not report. (A request carrying such
// flags itself is told by unreportedFlags.)
func (h *diffHistory) replacesUnreported(m diffMsg) bool {
	k, ok := route4KeyOf(m.body)
	return ok && h.unreported[k]
}

// otherSource tells whether m is an IPv6 route add or delete from a
// source prefix whose length, destination and table an earlier add gave
// a route from another source address.
func (h *diffHistory) otherSource(m diffMsg) bool {
	k, src, ok := route6KeyOf(m.body)
	if !ok || k.srcLen == 0 || (m.typ != 24 && m.typ != 25) {
		return false
	}
	for s := range h.sources[k] {
		if s != src {
			return true
		}
	}
	return false
}

// route6KeyOf is an IPv6 route request's table (RTA_TABLE, else
// rtm_table; 0 is main), destination prefix, source prefix length and
// source address (masked), as rtm_to_fib6_config reads them.
func route6KeyOf(body []byte) (route6Key, netip.Addr, bool) {
	if len(body) < 12 || body[0] != 10 || body[1] > 128 || body[2] > 128 {
		return route6Key{}, netip.Addr{}, false
	}
	attrs := body[12:]
	k := route6Key{table: uint32(body[4]), srcLen: body[2]}
	if t := lastAttrOf(attrs, 15); len(t) >= 4 {
		k.table = binary.NativeEndian.Uint32(t)
	}
	if k.table == 0 {
		k.table = 254
	}
	prefix := func(typ uint16, bits uint8) netip.Prefix {
		var a [16]byte
		copy(a[:], lastAttrOf(attrs, typ))
		p, _ := netip.AddrFrom16(a).Prefix(int(bits))
		return p
	}
	k.dst = prefix(1, body[1])
	return k, prefix(2, body[2]).Addr(), true
}

// autojoinKey is an IPv6 address request's link and multicast address,
// read as inet6_rtm_newaddr and inet6_rtm_deladdr read it (IFA_LOCAL,
// else IFA_ADDRESS).
func autojoinKey(body []byte) (joinKey, bool) {
	if len(body) < 8 || body[0] != 10 {
		return joinKey{}, false
	}
	a := lastAttrOf(body[8:], 2)
	if a == nil {
		a = lastAttrOf(body[8:], 1)
	}
	if len(a) < 16 {
		return joinKey{}, false
	}
	addr := netip.AddrFrom16([16]byte(a[:16]))
	if !addr.IsMulticast() {
		return joinKey{}, false
	}
	return joinKey{index: binary.NativeEndian.Uint32(body[4:8]), group: addr}, true
}

// autojoins tells whether an address request's flags (IFA_FLAGS, else
// ifa_flags) hold IFA_FLAGS' IFA_F_MCAUTOJOIN.
func autojoins(body []byte) bool {
	flags := uint32(body[2])
	if f := lastAttrOf(body[8:], 8); len(f) >= 4 {
		flags = binary.NativeEndian.Uint32(f)
	}
	return flags&0x400 != 0
}

// route4KeyOf is an IPv4 route request's table (RTA_TABLE, else
// rtm_table; 0 is main), prefix, TOS and metric, as rtm_to_fib_config
// reads them.
func route4KeyOf(body []byte) (route4Key, bool) {
	if len(body) < 12 || body[0] != 2 || body[1] > 32 {
		return route4Key{}, false
	}
	attrs := body[12:]
	k := route4Key{table: uint32(body[4]), tos: body[3]}
	if t := lastAttrOf(attrs, 15); len(t) >= 4 {
		k.table = binary.NativeEndian.Uint32(t)
	}
	if k.table == 0 {
		k.table = 254
	}
	var dst [4]byte
	if d := lastAttrOf(attrs, 1); len(d) >= 4 {
		dst = [4]byte(d[:4])
	}
	k.dst = netip.PrefixFrom(netip.AddrFrom4(dst), int(body[1]))
	if p := lastAttrOf(attrs, 6); len(p) >= 4 {
		k.priority = binary.NativeEndian.Uint32(p)
	}
	return k, true
}

// unreportedFlags tells whether an IPv4 route request sets flags the
// kernel keeps and does not report: a single-path route's rtm_flags
// but RTNH_F_ONLINK, OFFLOAD and TRAP, a next hop's rtnh_flags but
// those.
func unreportedFlags(body []byte) bool {
	const dumped = 0x4 | 0x8 | 0x40
	mp := lastAttrOf(body[12:], 9)
	if mp == nil {
		return binary.NativeEndian.Uint32(body[8:12])&^dumped != 0
	}
	for flags := range hopsOf(mp) {
		if flags&^dumped != 0 {
			return true
		}
	}
	return false
}

// carrierOff tells whether a link change's last IFLA_CARRIER reads as 0
// (the kernel reads its first byte, whatever its length).
func carrierOff(body []byte) bool {
	if len(body) < 16 {
		return false
	}
	v := lastAttrOf(body[16:], 33)
	return len(v) >= 1 && v[0] == 0
}

// linkIndex is a link request's ifi_index.
func linkIndex(body []byte) uint32 {
	if len(body) < 8 {
		return 0
	}
	return binary.NativeEndian.Uint32(body[4:8])
}

// noteMerged records how many of the kernel's routes mem, just loaded
// with them, keeps as one with another: IPv4 aliases and IPv6 routes
// from source prefixes of one length, both listed. Where routes are
// missing otherwise (a key of the kernel's that mem lacks), none are
// counted, so that dumps still differ.
func (p *diffPair) noteMerged(t testing.TB, kernel []rtnetlink.RouteMessage) {
	p.merged = 0
	p.aliases4 = map[route4Key]int{}
	for i := range kernel {
		if r := &kernel[i]; r.Family == 2 {
			p.aliases4[route4KeyOfRoute(r)]++
		}
	}
	ms, err := p.mem.Snapshot(context.Background(), rtnlemu.KindRoutes)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms.Routes) >= len(kernel) {
		return
	}
	keys := map[string]bool{}
	for i := range ms.Routes {
		keys[aliasKey(&ms.Routes[i])] = true
	}
	for i := range kernel {
		if !keys[aliasKey(&kernel[i])] {
			return
		}
	}
	p.merged = len(kernel) - len(ms.Routes)
}

// route4KeyOfRoute is route4KeyOf for a route the kernel reported.
func route4KeyOfRoute(r *rtnetlink.RouteMessage) route4Key {
	k := route4Key{table: uint32(r.Table), tos: r.Tos, priority: r.Attributes.Priority}
	if r.Attributes.Table != 0 {
		k.table = r.Attributes.Table
	}
	var dst [4]byte
	if d := r.Attributes.Dst.To4(); d != nil {
		dst = [4]byte(d)
	}
	k.dst = netip.PrefixFrom(netip.AddrFrom4(dst), int(r.DstLength)).Masked()
	return k
}

// replacesAlias tells whether m is an IPv4 route request for a prefix,
// table, TOS and metric of which the kernel held aliases when mem was
// loaded.
func (p *diffPair) replacesAlias(m diffMsg) bool {
	k, ok := route4KeyOf(m.body)
	k.dst = k.dst.Masked()
	return ok && p.aliases4[k] > 1
}

// aliasKey is what routes kept apart by the kernel and as one by a
// Source share: family, table, destination, TOS, metric, source prefix
// length.
func aliasKey(r *rtnetlink.RouteMessage) string {
	table := uint32(r.Table)
	if r.Attributes.Table != 0 {
		table = r.Attributes.Table
	}
	return fmt.Sprintf("%d %d %x/%d %d %d %d", r.Family, table, []byte(r.Attributes.Dst), r.DstLength, r.Tos, r.Attributes.Priority, r.SrcLength)
}

// fewerRecords tells whether answer classes kernel and emu are dumps
// that end alike, emu with 1 to n records fewer.
func fewerRecords(kernel, emu string, n int) bool {
	var kn, en int
	var kend, eend string
	if _, err := fmt.Sscanf(kernel, "%d records; %s", &kn, &kend); err != nil {
		return false
	}
	if _, err := fmt.Sscanf(emu, "%d records; %s", &en, &eend); err != nil {
		return false
	}
	_, krest, _ := strings.Cut(kernel, "; ")
	_, erest, _ := strings.Cut(emu, "; ")
	return krest == erest && kn > en && kn-en <= n
}
