package netinfo

import (
	"encoding/binary"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// decodeIPv6MIB reads the IPv6 counters in IFLA_AF_SPEC's AF_INET6 nest
// (IFLA_INET6_STATS: u64 values, unaligned, in host order); nil when
// there are none.
func decodeIPv6MIB(b []byte) ([]uint64, error) {
	r := attrReader{b: b}
	for r.next() {
		if r.typ != linux.AF_INET6 {
			continue
		}
		in6 := attrReader{b: r.val}
		for in6.next() {
			if in6.typ != linux.IFLA_INET6_STATS {
				continue
			}
			mib := make([]uint64, len(in6.val)/8)
			for i := range mib {
				mib[i] = binary.NativeEndian.Uint64(in6.val[8*i:])
			}
			return mib, nil
		}
		if in6.err != nil {
			return nil, in6.err
		}
	}
	return nil, r.err
}
