package netinfo

import (
	"iter"
	"net"
	"net/netip"
)

// neighTable is the view's neighbours, stored compactly, as routeTable
// stores routes: a router's neighbour cache can hold a hundred thousand
// entries. A neighbour costs one 40-byte map slot: its key packed, its
// fields in a fixed record with the link-layer address inline (longer
// ones, rare, in a map of their own). CacheInfo is not kept: it ages by
// itself, the view's equality leaves it out, and a deletion the watcher
// tells from its view carries none.
type neighTable struct {
	m    map[packedNeigh]neighRecord
	long map[packedNeigh]net.HardwareAddr // addresses longer than neighHWInline
	wide map[packedNeigh]NeighFlags       // flags past the record's 16 bits (extended flags the kernel has not yet)
	// hw backs the HardwareAddr of what get returns, valid until the
	// next get: the view's generic code only compares it.
	hw [neighHWInline]byte
}

// neighHWInline is the longest link-layer address kept inline: Ethernet's
// 6 bytes, and EUI-64's 8.
const neighHWInline = 8

// packedNeigh is neighKey packed: the address's 16 bytes, its family (4,
// 6, or 0 for none) and the link.
type packedNeigh struct {
	ip    [16]byte
	index int32
	fam   uint8
}

// neighRecord is a neighbour's fields but its key and CacheInfo.
type neighRecord struct {
	state    NeighState
	flags    uint16 // ndm_flags, and the first byte of the extended flags; more in wide
	family   Family
	typ      RouteType
	protocol RouteProtocol
	hwLen    uint8 // 0: no address; above neighHWInline: in long
	hw       [neighHWInline]byte
}

func newNeighTable() *neighTable {
	return &neighTable{m: map[packedNeigh]neighRecord{}}
}

func packNeigh(k neighKey) packedNeigh {
	p := packedNeigh{ip: k.ip.As16(), index: int32(k.index)}
	switch {
	case k.ip.Is4():
		p.fam = 4
	case k.ip.Is6():
		p.fam = 6
	}
	return p
}

func (p packedNeigh) key() neighKey {
	k := neighKey{index: int(p.index)}
	switch p.fam {
	case 4:
		k.ip = netip.AddrFrom16(p.ip).Unmap()
	case 6:
		k.ip = netip.AddrFrom16(p.ip)
	}
	return k
}

// neighbor rebuilds the neighbour of key p and record r, its link-layer
// address in hw if not nil, else in a new slice.
func (t *neighTable) neighbor(p packedNeigh, r *neighRecord, hw []byte) Neighbor {
	k := p.key()
	n := Neighbor{Index: k.index, Family: r.family, IP: k.ip, State: r.state, Flags: NeighFlags(r.flags), Type: r.typ, Protocol: r.protocol}
	if f, ok := t.wide[p]; ok {
		n.Flags = f
	}
	switch {
	case r.hwLen == 0:
	case int(r.hwLen) > neighHWInline:
		n.HardwareAddr = t.long[p]
		if hw == nil {
			n.HardwareAddr = append(net.HardwareAddr(nil), n.HardwareAddr...)
		}
	case hw != nil:
		n.HardwareAddr = append(hw[:0], r.hw[:r.hwLen]...)
	default:
		n.HardwareAddr = append(net.HardwareAddr(nil), r.hw[:r.hwLen]...)
	}
	return n
}

// get returns the neighbour of k; its HardwareAddr is valid until the
// next get.
func (t *neighTable) get(k neighKey) (Neighbor, bool) {
	p := packNeigh(k)
	r, ok := t.m[p]
	if !ok {
		return Neighbor{}, false
	}
	return t.neighbor(p, &r, t.hw[:0]), true
}

func (t *neighTable) set(k neighKey, n *Neighbor) {
	p := packNeigh(k)
	r := neighRecord{state: n.State, family: n.Family, flags: uint16(n.Flags), typ: n.Type, protocol: n.Protocol}
	switch {
	case n.Flags > 0xffff:
		if t.wide == nil {
			t.wide = map[packedNeigh]NeighFlags{}
		}
		t.wide[p] = n.Flags
	default:
		delete(t.wide, p)
	}
	switch hw := n.HardwareAddr; {
	case len(hw) > neighHWInline:
		if t.long == nil {
			t.long = map[packedNeigh]net.HardwareAddr{}
		}
		t.long[p] = append(net.HardwareAddr(nil), hw...)
		r.hwLen = uint8(min(len(hw), 255))
	default:
		delete(t.long, p) // a no-op on a nil map
		r.hwLen = uint8(copy(r.hw[:], hw))
	}
	t.m[p] = r
}

func (t *neighTable) del(k neighKey) {
	p := packNeigh(k)
	delete(t.m, p)
	delete(t.long, p)
	delete(t.wide, p)
}

// all yields every neighbour, each with a HardwareAddr of its own.
func (t *neighTable) all() iter.Seq2[neighKey, Neighbor] {
	return func(yield func(neighKey, Neighbor) bool) {
		for p, r := range t.m {
			if !yield(p.key(), t.neighbor(p, &r, nil)) {
				return
			}
		}
	}
}
