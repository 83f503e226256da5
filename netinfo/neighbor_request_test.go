package netinfo

import (
	"encoding/binary"
	"net/netip"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// TestNeighborRequestState: the state a neighbour request sends. The
// zero value is ip's default, PERMANENT (NONE for a managed entry);
// NeighExplicitNone sends NONE; what the kernel would read otherwise
// than asked is refused with EINVAL.
func TestNeighborRequestState(t *testing.T) {
	tests := []struct {
		name    string
		typ     uint16
		n       Neighbor
		want    NeighState
		wantErr bool
	}{
		{"unset add is permanent", linux.RTM_NEWNEIGH, Neighbor{}, NeighPermanent, false},
		{"unset managed is none", linux.RTM_NEWNEIGH, Neighbor{Flags: NeighManaged}, NeighNone, false},
		{"managed with a state keeps it", linux.RTM_NEWNEIGH, Neighbor{Flags: NeighManaged, State: NeighStale}, NeighStale, false},
		{"explicit none", linux.RTM_NEWNEIGH, Neighbor{State: NeighExplicitNone}, NeighNone, false},
		{"explicit none and managed", linux.RTM_NEWNEIGH, Neighbor{State: NeighExplicitNone, Flags: NeighManaged}, NeighNone, false},
		{"a state as it is", linux.RTM_NEWNEIGH, Neighbor{State: NeighStale}, NeighStale, false},
		{"unset del", linux.RTM_DELNEIGH, Neighbor{}, NeighNone, false},
		{"explicit none with another", linux.RTM_NEWNEIGH, Neighbor{State: NeighExplicitNone | NeighStale}, 0, true},
		{"past the kernel's byte", linux.RTM_NEWNEIGH, Neighbor{State: 0x200}, 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.n.requestState("neighbour add", tc.typ)
			if tc.wantErr {
				require.ErrorIs(t, err, syscall.EINVAL)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
		})
	}
}

// TestNeighborExtFlagsCodec: the extended flags travel in NDA_FLAGS_EXT
// (the kernel's NTF_EXT_* values, unshifted) and come back above
// ndm_flags' byte.
func TestNeighborExtFlagsCodec(t *testing.T) {
	n := Neighbor{Index: 3, Family: FamilyInet, IP: netip.MustParseAddr("10.1.0.40"), Flags: NeighManaged | NeighRouter}
	b := appendNeighbor(nil, &n)
	hdr, attrs := splitPayload(t, b, linux.SizeofNdMsg)
	require.Equal(t, uint8(linux.NTF_ROUTER), hdr[10], "ndm_flags holds the byte's flags only")
	require.Equal(t, []uint16{linux.NDA_DST, linux.NDA_FLAGS_EXT}, attrTypes(attrs))
	require.Equal(t, uint32(linux.NTF_EXT_MANAGED), binary.NativeEndian.Uint32(attrs[1].val))
	got, err := DecodeNeighbor(b)
	require.NoError(t, err)
	require.Equal(t, n, got)
	require.Equal(t, "router managed", got.Flags.String())
	require.Equal(t, []string{"router", "managed"}, got.Flags.Words())

	plain := Neighbor{Index: 3, Family: FamilyInet, IP: netip.MustParseAddr("10.1.0.41")}
	_, attrs = splitPayload(t, appendNeighbor(nil, &plain), linux.SizeofNdMsg)
	require.Equal(t, []uint16{linux.NDA_DST}, attrTypes(attrs), "no NDA_FLAGS_EXT without an extended flag")

	_, err = DecodeNeighbor(append(appendNdmsg(nil, linux.AF_INET, 3, 0, 0, 0), 6, 0, linux.NDA_FLAGS_EXT, 0, 1, 0, 0, 0))
	require.ErrorIs(t, err, ErrTruncated, "a 2-byte NDA_FLAGS_EXT")
}

// TestNeighFilterExplicitNone: NeighExplicitNone in a filter selects the
// entries in no state, alone or with other states, as ip's nud none.
func TestNeighFilterExplicitNone(t *testing.T) {
	none, stale := Neighbor{Family: FamilyInet}, Neighbor{Family: FamilyInet, State: NeighStale}
	for _, tc := range []struct {
		f                 NeighState
		wantNone, wantOld bool
	}{
		{0, true, true},
		{NeighExplicitNone, true, false},
		{NeighExplicitNone | NeighStale, true, true},
		{NeighStale, false, true},
	} {
		f := NeighFilter{State: tc.f}
		require.Equal(t, tc.wantNone, f.match(&none), "%v on none", tc.f)
		require.Equal(t, tc.wantOld, f.match(&stale), "%v on stale", tc.f)
	}
	require.Equal(t, "NONE", NeighExplicitNone.String())
	require.Equal(t, []string{"NONE"}, NeighExplicitNone.Words())
}

// TestNeighTableWideFlags: flags past the view record's 16 bits live
// beside it, and go when the entry's flags narrow or the entry goes.
func TestNeighTableWideFlags(t *testing.T) {
	tab := newNeighTable()
	n := Neighbor{Index: 3, Family: FamilyInet, IP: netip.MustParseAddr("192.0.2.9"), Flags: NeighRouter | 1<<20}
	k := keyOfNeigh(&n)
	tab.set(k, &n)
	got, _ := tab.get(k)
	require.Equal(t, n.Flags, got.Flags)
	n.Flags = NeighManaged
	tab.set(k, &n)
	got, _ = tab.get(k)
	require.Equal(t, NeighManaged, got.Flags)
	require.Empty(t, tab.wide)
	n.Flags |= 1 << 21
	tab.set(k, &n)
	tab.del(k)
	require.Empty(t, tab.wide)
}
