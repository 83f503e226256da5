package ipset

import (
	"net/netip"
	"testing"

	"github.com/mdlayher/netlink"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// BenchmarkDecodeMembers decodes one list message of 1,000 hash:net
// members, as a dump carries them.
func BenchmarkDecodeMembers(b *testing.B) {
	ae := netlink.NewAttributeEncoder()
	ae.String(linux.IPSET_ATTR_SETNAME, "big")
	ae.Nested(linux.IPSET_ATTR_ADT, func(adt *netlink.AttributeEncoder) error {
		for i := range 1000 {
			adt.Nested(linux.IPSET_ATTR_DATA, func(d *netlink.AttributeEncoder) error {
				encodeEntry(d, setTypes["hash:net"], Entry{Addr: netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i >> 8), byte(i), 0}), 28)})
				return nil
			})
		}
		return nil
	})
	data, err := ae.Encode()
	if err != nil {
		b.Fatal(err)
	}
	m := netlink.Message{Data: append([]byte{2, 0, 0, 0}, data...)}
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		if _, err := decodeSet(m, func(e *Entry) bool { n += e.Addr.Bits(); return true }); err != nil {
			b.Fatal(err)
		}
	}
}
