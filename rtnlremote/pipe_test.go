package rtnlremote

import (
	"context"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestPipeNames(t *testing.T) {
	for _, tc := range []struct {
		name string
		ok   bool
	}{
		{`\\.\pipe\rtnlxd`, true},
		{`\\.\pipe\`, false},
		{`\\.\pipe\a\b`, false},
		{`\\host\pipe\rtnlxd`, false},
		{`rtnlxd`, false},
	} {
		err := checkPipeName(tc.name)
		if tc.ok {
			require.NoError(t, err, tc.name)
		} else {
			require.ErrorContains(t, err, `want \\.\pipe\NAME`, tc.name)
		}
	}
}

// TestPipeElsewhere: named pipes are Windows', and other systems say so
// on both sides.
func TestPipeElsewhere(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("named pipes work on windows")
	}
	_, err := ListenPipe(`\\.\pipe\rtnlxd`, "")
	require.ErrorContains(t, err, "named pipes are a Windows transport, not available on "+runtime.GOOS)
	_, err = NewTransport(PipePrefix+`\\.\pipe\rtnlxd`, 0).Dial(context.Background())
	require.ErrorContains(t, err, "named pipes are a Windows transport, not available on "+runtime.GOOS)
	_, err = NewTransport(PipePrefix+`rtnlxd`, 0).Dial(context.Background())
	require.ErrorContains(t, err, `want \\.\pipe\NAME`)
}

// TestTokenPeer: the groups of a Windows token that count are the
// enabled ones; the first token is the one Wine 8 gives every process
// (Administrators enabled), the second a UAC-filtered administrator's.
func TestTokenPeer(t *testing.T) {
	wine := []tokenGroup{
		{"S-1-1-0", 0x7}, {"S-1-2-0", 0x7}, {"S-1-5-4", 0x7}, {"S-1-5-11", 0x7},
		{"S-1-5-21-0-0-0-513", 0xf}, {"S-1-5-32-544", 0xf}, {"S-1-5-32-545", 0x7},
		{"S-1-5-5-0-0", 0xc0000007},
	}
	p := tokenPeer(32, "S-1-5-21-0-0-0-1000", wine)
	require.True(t, p.Privileged())
	require.True(t, p.InGroupSID("S-1-5-32-545"))
	require.False(t, p.InGroup(0), "a Windows peer has no gid")
	require.Equal(t, "pid=32 sid=S-1-5-21-0-0-0-1000", p.String())

	filtered := []tokenGroup{{"S-1-1-0", 0x7}, {"S-1-5-32-544", seGroupUseForDenyOnly}, {"S-1-5-32-545", 0x7}, {"S-1-5-21-1-2-3-1100", 0}}
	p = tokenPeer(7, "S-1-5-21-1-2-3-1001", filtered)
	require.False(t, p.Privileged(), "Administrators for deny only grants nothing")
	require.False(t, p.InGroupSID("S-1-5-21-1-2-3-1100"), "a group not enabled grants nothing")
	require.True(t, p.InGroupSID("S-1-5-32-545"))
	require.False(t, p.InGroup(0))
}
