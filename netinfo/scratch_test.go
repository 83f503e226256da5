package netinfo

import (
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
)

func TestDecodeScratch(t *testing.T) {
	var sc decodeScratch
	a := sc.hardwareAddr([]byte{1, 2, 3, 4, 5, 6})
	b := sc.hardwareAddr([]byte{7, 8, 9, 10, 11, 12})
	a = append(a, 0xff) // must not write into b
	require.Equal(t, []byte{7, 8, 9, 10, 11, 12}, b)
	require.Equal(t, []byte{1, 2, 3, 4, 5, 6, 0xff}, a)
	require.Nil(t, sc.hardwareAddr(nil))
	big := make([]byte, scratchBlock)
	require.Equal(t, big, sc.hardwareAddr(big))

	s1 := sc.str([]byte("eth0"))
	s2 := sc.str([]byte("eth0"))
	require.Equal(t, "eth0", s2)
	require.Equal(t, s1, s2)
	for i := range scratchStrings + 10 {
		_ = sc.str([]byte{byte(i), byte(i >> 8)})
	}
	require.LessOrEqual(t, len(sc.strs), scratchStrings)
	// A full table starts afresh, so the newest names are the ones kept.
	last := scratchStrings + 9
	newest := string([]byte{byte(last), byte(last >> 8)})
	require.Contains(t, sc.strs, newest)

	// The last string is served without a lookup, and one seen before
	// it from the map: the same bytes give the same string either way.
	buf := []byte("eth1")
	l1 := sc.str(buf)
	copy(buf, "eth2")
	l2 := sc.str(buf)
	copy(buf, "eth1")
	require.Equal(t, "eth1", l1)
	require.Equal(t, "eth2", l2)
	require.Equal(t, unsafe.StringData(l1), unsafe.StringData(sc.str(buf)))
	require.Equal(t, unsafe.StringData(l1), unsafe.StringData(sc.str(buf)))
	require.Equal(t, "", sc.str(nil))

	// Counters are handed out once each, zeroed, across block ends.
	seen := map[*LinkStats]bool{}
	for range 2*scratchStats + 1 {
		s := sc.linkStats()
		require.False(t, seen[s])
		require.Equal(t, LinkStats{}, *s)
		s.RxBytes = 1
		seen[s] = true
	}

	var none *decodeScratch
	require.Equal(t, "x", none.str([]byte("x")))
	require.Equal(t, []byte{1}, none.hardwareAddr([]byte{1}))
	require.NotSame(t, none.linkStats(), none.linkStats())
}
