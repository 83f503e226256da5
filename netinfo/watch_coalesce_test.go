package netinfo

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestCoalescerPause(t *testing.T) {
	const d = time.Millisecond
	t0 := time.Unix(1000, 0)
	at := func(us int) time.Time { return t0.Add(time.Duration(us) * time.Microsecond) }
	steps := []struct {
		what  string
		n     int // datagrams read since the last empty queue
		now   time.Time
		sleep bool
	}{
		{"a lone event waits for the next", 1, at(0), false},
		{"another, 10 ms later: still lone", 1, at(10000), false},
		{"woken 200 µs after the last empty queue: a burst", 1, at(10200), true},
		{"a sleep that gathered 5: sleep again", 5, at(11300), true},
		{"one that gathered 2: again", 2, at(12400), true},
		{"one that gathered 1: the burst is over", 1, at(13500), false},
		{"woken 5 ms later", 1, at(18500), false},
		{"woken 900 µs later: a burst", 3, at(19400), true},
		{"a sleep that gathered nothing: over", 0, at(20500), false},
		{"an empty wake-up soon after does not start one", 0, at(20600), false},
	}
	var c coalescer
	c.delay = d
	for _, s := range steps {
		c.n = s.n
		require.Equal(t, s.sleep, c.pause(s.now), s.what)
		require.Zero(t, c.n, "%s: the count restarts", s.what)
	}

	off := coalescer{}
	for _, s := range steps {
		off.n = s.n
		require.False(t, off.pause(s.now), "delay 0 never sleeps: %s", s.what)
	}
}
