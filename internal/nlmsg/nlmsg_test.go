package nlmsg

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestMessageRoundTrip(t *testing.T) {
	b := AppendHeader([]byte{}, 24, 0x302, 7, 99)
	b = AppendU32(b, 4, 3)
	b = AppendString(b, 3, "eth0")
	nest := 0
	b, nest = BeginNested(b, 9|0x8000)
	b = AppendU8(b, 1, 5)
	b = AppendU16(b, 2, 6)
	b = EndNested(b, nest)
	b = Finish(b, 0)
	second := len(b)
	b = Finish(Pad(append(AppendHeader(b, 3, 2, 7, 99), 1, 2, 3)), second)

	h, payload, rest, ok := Next(b)
	require.True(t, ok)
	require.Equal(t, Header{Len: uint32(second), Type: 24, Flags: 0x302, Seq: 7, Pid: 99}, h)
	var got []uint16
	for p := payload; len(p) > 0; {
		typ, val, r, ok := SplitAttr(p)
		require.True(t, ok)
		got = append(got, typ)
		if typ == 9 {
			typ, val, _, ok := SplitAttr(val)
			require.True(t, ok)
			require.Equal(t, uint16(1), typ)
			require.Equal(t, []byte{5}, val)
		}
		if typ == 3 {
			require.Equal(t, "eth0\x00", string(val))
		}
		p = r
	}
	require.Equal(t, []uint16{4, 3, 9}, got)

	h, payload, rest, ok = Next(rest)
	require.True(t, ok)
	require.Equal(t, uint32(20), h.Len)
	require.Equal(t, []byte{1, 2, 3, 0}, payload)
	require.Empty(t, rest)
}

func TestNextRejects(t *testing.T) {
	tests := []struct {
		name string
		b    []byte
	}{
		{"partial header", make([]byte, 15)},
		{"length below a header", Finish(AppendHeader(nil, 16, 0, 0, 0), 0)[:16:16]},
		{"length past the end", Finish(append(AppendHeader(nil, 16, 0, 0, 0), 0, 0, 0, 0), 0)[:18:18]},
	}
	tests[1].b[0] = 15
	for _, tt := range tests {
		_, _, _, ok := Next(tt.b)
		require.False(t, ok, tt.name)
	}
}

func TestSplitAttr(t *testing.T) {
	tests := []struct {
		name    string
		b       []byte
		ok      bool
		typ     uint16
		val     []byte
		restLen int
	}{
		{"u8 without padding at the end", []byte{5, 0, 1, 0, 7}, true, 1, []byte{7}, 0},
		{"u8 then more", []byte{5, 0, 1, 0, 7, 0, 0, 0, 4, 0, 2, 0}, true, 1, []byte{7}, 4},
		{"flags stripped", []byte{4, 0, 3, 0xc0}, true, 3, []byte{}, 0},
		{"partial header", []byte{4, 0, 1}, false, 0, nil, 0},
		{"length below a header", []byte{3, 0, 1, 0}, false, 0, nil, 0},
		{"length past the end", []byte{9, 0, 1, 0, 1, 2, 3, 4}, false, 0, nil, 0},
	}
	for _, tt := range tests {
		typ, val, rest, ok := SplitAttr(tt.b)
		require.Equal(t, tt.ok, ok, tt.name)
		if ok {
			require.Equal(t, tt.typ, typ, tt.name)
			require.Equal(t, tt.val, val, tt.name)
			require.Len(t, rest, tt.restLen, tt.name)
		}
	}
}

func TestTooLongLeftOut(t *testing.T) {
	b := []byte{1, 2, 3, 4}
	require.Equal(t, b, AppendAttr(b, 1, make([]byte, MaxAttrLen)))
	require.Equal(t, b, AppendString(b, 1, string(make([]byte, MaxAttrLen))))
	b2, nest := BeginNested(b, 1)
	b2 = AppendAttr(b2, 2, make([]byte, MaxAttrLen-8))
	b2 = AppendAttr(b2, 2, make([]byte, 8))
	require.Equal(t, b, EndNested(b2, nest))
}
