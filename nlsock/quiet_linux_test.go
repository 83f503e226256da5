//go:build linux

package nlsock

import (
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

func TestQuieterMutesRuntimeEntry(t *testing.T) {
	// The quieter finds the socket's entry in the runtime's epoll set,
	// mutes it and restores it as it was.
	c, err := Dial(Route, nil)
	require.NoError(t, err)
	defer c.Close()
	var st unix.Stat_t
	require.NoError(t, c.raw.Control(func(fd uintptr) {
		require.NoError(t, unix.Fstat(int(fd), &st))
		q := &c.quiet
		require.True(t, q.mute(int(fd)), "runtime's epoll entry not found")
		events, data, ok := epollEntry(q.epfd, int(fd), st.Ino)
		require.True(t, ok)
		// Armed once, or already fired (the socket is writable) and
		// disabled: the kernel then keeps only its private bits.
		require.Contains(t, []uint32{q.events | unix.EPOLLONESHOT, unix.EPOLLONESHOT | unix.EPOLLET}, events)
		require.Equal(t, q.data, data)
		q.unmute(int(fd))
		events, data, ok = epollEntry(q.epfd, int(fd), st.Ino)
		require.True(t, ok)
		require.Equal(t, q.events, events)
		require.Equal(t, uint32(runtimeInterest), events&runtimeInterest)
		require.Equal(t, q.data, data)
	}))
}
