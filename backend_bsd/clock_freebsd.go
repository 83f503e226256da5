package backend_bsd

import "golang.org/x/sys/unix"

// uptimeSeconds is time_uptime, the clock FreeBSD's rmx_expire of
// neighbour entries (lltable la_expire) counts in: arp(8) compares it
// with CLOCK_MONOTONIC seconds.
func uptimeSeconds() int64 {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_UPTIME, &ts); err != nil {
		return 0
	}
	return int64(ts.Sec) // int32 on 386
}
