package kernel

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/linux"
)

func TestAddrScope(t *testing.T) {
	tests := []struct {
		addr string
		want uint8
	}{
		{"127.0.0.1", linux.RT_SCOPE_HOST},
		{"127.5.6.7", linux.RT_SCOPE_HOST},
		{"192.0.2.1", linux.RT_SCOPE_UNIVERSE},
		{"10.1.2.3", linux.RT_SCOPE_UNIVERSE},
		{"169.254.1.1", linux.RT_SCOPE_UNIVERSE},
		{"224.0.0.1", linux.RT_SCOPE_UNIVERSE},
		{"::1", linux.RT_SCOPE_HOST},
		{"fe80::1", linux.RT_SCOPE_LINK},
		{"febf::1", linux.RT_SCOPE_LINK},
		{"fec0::1", linux.RT_SCOPE_SITE},
		{"ff01::1", linux.RT_SCOPE_HOST},
		{"ff02::1", linux.RT_SCOPE_LINK},
		{"ff05::2", linux.RT_SCOPE_SITE},
		{"ff0e::1", linux.RT_SCOPE_UNIVERSE},
		{"2001:db8::1", linux.RT_SCOPE_UNIVERSE},
		{"fd00::1", linux.RT_SCOPE_UNIVERSE},
		{"::ffff:127.0.0.1", linux.RT_SCOPE_UNIVERSE},
		{"::ffff:192.0.2.1", linux.RT_SCOPE_UNIVERSE},
		{"::", linux.RT_SCOPE_UNIVERSE},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, AddrScope(netip.MustParseAddr(tt.addr)), tt.addr)
	}
	require.Equal(t, uint8(linux.RT_SCOPE_UNIVERSE), AddrScope(netip.Addr{}), "the zero Addr")
}

func TestRouteUsesLink(t *testing.T) {
	tests := []struct {
		name  string
		out   int
		hops  []int
		index int
		want  bool
	}{
		{"output link", 3, nil, 3, true},
		{"another link", 3, nil, 4, false},
		{"a next hop's link", 0, []int{2, 5}, 5, true},
		{"no next hop's link", 0, []int{2, 5}, 3, false},
		{"no link at all", 0, nil, 3, false},
	}
	for _, tt := range tests {
		got := RouteUsesLink(tt.out, len(tt.hops), func(i int) int { return tt.hops[i] }, tt.index)
		require.Equal(t, tt.want, got, tt.name)
	}
}
