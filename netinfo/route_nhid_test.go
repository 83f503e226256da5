package netinfo

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestRouteNHIDSentAlone: a route that names a nexthop object is sent
// with the id alone, since the kernel refuses next hops beside it, and
// the id decodes back.
func TestRouteNHIDSentAlone(t *testing.T) {
	r := Route{Family: FamilyInet, Dst: netip.MustParsePrefix("10.9.0.0/16"), Table: TableMain, Type: RouteUnicast,
		NHID: 5, OutIndex: 3, Gateway: netip.MustParseAddr("10.1.0.2"), NextHops: []NextHop{{OutIndex: 3, Weight: 1}}}
	got, err := DecodeRoute(appendRoute(nil, &r))
	require.NoError(t, err)
	require.Equal(t, Route{Family: FamilyInet, Dst: r.Dst, Table: TableMain, Type: RouteUnicast, NHID: 5}, got)
}
