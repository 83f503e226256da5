package netinfo

import (
	"testing"

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

	var none *decodeScratch
	require.Equal(t, "x", none.str([]byte("x")))
	require.Equal(t, []byte{1}, none.hardwareAddr([]byte{1}))
}
