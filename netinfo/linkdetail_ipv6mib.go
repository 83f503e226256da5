package netinfo

import (
	"encoding/binary"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// decodeIPv6MIB reads the IPv6 counters in IFLA_AF_SPEC's AF_INET6 nest
// (IFLA_INET6_STATS: u64 values, unaligned, in host order); nil when
// there are none.
func decodeIPv6MIB(b []byte) ([]uint64, error) {
	v, ok, err := inet6Attr(b, linux.IFLA_INET6_STATS)
	if !ok {
		return nil, err
	}
	mib := make([]uint64, len(v)/8)
	for i := range mib {
		mib[i] = binary.NativeEndian.Uint64(v[8*i:])
	}
	return mib, nil
}
