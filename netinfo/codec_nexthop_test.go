package netinfo

import (
	"net/netip"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestNexthopCodecRoundTrip encodes nexthops as requests and decodes
// them as records; the kernel's own answers are checked in
// nexthop_linux_test.go.
func TestNexthopCodecRoundTrip(t *testing.T) {
	for _, n := range []Nexthop{
		{ID: 1, Family: FamilyInet, Gateway: netip.MustParseAddr("10.0.0.1"), OutIndex: 3, Flags: RouteOnLink, Protocol: ProtoStatic},
		{ID: 2, Family: FamilyInet6, Gateway: netip.MustParseAddr("2001:db8::1"), FDB: true},
		{ID: 3, Family: FamilyInet, Blackhole: true},
		{ID: 4, Group: []NexthopGroupMember{{1, 1}, {2, 256}, {3, 300}}},
		{ID: 5, Group: []NexthopGroupMember{{1, 2}}, GroupType: NexthopGroupResilient,
			Resilient: &NexthopResilient{Buckets: 32, IdleTimer: time.Minute, UnbalancedTimer: 2 * time.Second}},
	} {
		b := appendNexthop(nil, &n)
		got, err := DecodeNexthop(b)
		require.NoError(t, err)
		require.Equal(t, n, got)
		for i := range len(b) { // every cut is an error or a shorter record, never a panic
			_, _ = DecodeNexthop(b[:i])
		}
		_, err = DecodeNexthop(b[:3])
		require.ErrorIs(t, err, ErrTruncated)
	}
}
