package main

import (
	"strconv"

	"github.com/rtnlx/rtnlx/netinfo"
)

// This file prints a link's counters as ip -s (and -s -s) does: columns
// as wide as the widest number or heading.

// digits is how many decimal digits v takes.
func digits(v uint64) int {
	n := 1
	for ; v > 9; v /= 10 {
		n++
	}
	return n
}

// appendLinkStats appends ip's RX/TX blocks for l (the caller has
// started the line).
func appendLinkStats(b []byte, l *netinfo.Link, s textStyle) []byte {
	st := l.Stats
	e := &st.Errors
	// ip's starting widths: its headings'.
	cols := []int{len("*X errors:"), len("packets"), len("errors"), len("dropped"), len("heartbt"), len("overrun"), len("compressed"), len("otherhost")}
	size := func(vals ...uint64) {
		for i, v := range vals {
			cols[i] = max(cols[i], digits(v))
		}
	}
	size(st.RxBytes, st.RxPackets, st.RxErrors, st.RxDropped, e.RxMissed, st.Multicast, e.RxCompressed, 0)
	if s.stats > 1 {
		size(0, e.RxLength, e.RxCRC, e.RxFrame, e.RxFIFO, e.RxOver, e.RxNoHandler, 0)
	}
	size(st.TxBytes, st.TxPackets, st.TxErrors, st.TxDropped, e.TxCarrier, st.Collisions, e.TxCompressed, 0)
	if s.stats > 1 {
		size(0, 0, e.TxAborted, e.TxFIFO, e.TxWindow, e.TxHeartbeat, uint64(l.CarrierChanges), 0)
	}
	// ip's printf("%*s"): the width never truncates, so headings wider
	// than their numbers set the column's width in print only.
	pad := func(b []byte, w int, s string) []byte {
		for n := len(s); n < w; n++ {
			b = append(b, ' ')
		}
		return append(b, s...)
	}
	num := func(b []byte, w int, v uint64) []byte {
		// ip's print_num: "%*s " with the number right-aligned.
		return append(pad(b, w, strconv.FormatUint(v, 10)), ' ')
	}
	heading := func(b []byte, title string, words [6]string, compressed uint64) []byte {
		b = append(b, "    "...)
		b = append(b, title...)
		b = pad(b, cols[0]-4, "bytes")
		for i, w := range words[1:] {
			b = append(b, ' ')
			b = pad(b, cols[i+1], w)
		}
		b = append(b, ' ')
		c := ""
		if compressed != 0 {
			c = "compressed"
		}
		return pad(b, cols[6], c)
	}
	b = heading(b, "RX: ", [6]string{"bytes", "packets", "errors", "dropped", "missed", "mcast"}, e.RxCompressed)
	b = s.newline(b)
	b = append(b, "    "...)
	for i, v := range []uint64{st.RxBytes, st.RxPackets, st.RxErrors, st.RxDropped, e.RxMissed, st.Multicast} {
		b = num(b, cols[i], v)
	}
	if e.RxCompressed != 0 {
		b = num(b, cols[6], e.RxCompressed)
	}
	if s.stats > 1 {
		b = s.newline(b)
		b = append(b, "    RX errors:"...)
		b = pad(b, cols[0]-10, "")
		for i, w := range []string{"length", "crc", "frame", "fifo", "overrun"} {
			b = append(b, ' ')
			b = pad(b, cols[i+1], w)
		}
		if e.RxNoHandler != 0 {
			b = pad(b, cols[6]+1, " nohandler")
		}
		b = s.newline(b)
		b = pad(b, cols[0]+5, "")
		for i, v := range []uint64{e.RxLength, e.RxCRC, e.RxFrame, e.RxFIFO, e.RxOver} {
			b = num(b, cols[i+1], v)
		}
		if e.RxNoHandler != 0 {
			b = num(b, cols[6], e.RxNoHandler)
		}
	}
	b = s.newline(b)
	b = heading(b, "TX: ", [6]string{"bytes", "packets", "errors", "dropped", "carrier", "collsns"}, e.TxCompressed)
	b = s.newline(b)
	b = append(b, "    "...)
	for i, v := range []uint64{st.TxBytes, st.TxPackets, st.TxErrors, st.TxDropped, e.TxCarrier, st.Collisions} {
		b = num(b, cols[i], v)
	}
	if e.TxCompressed != 0 {
		b = num(b, cols[6], e.TxCompressed)
	}
	if s.stats > 1 {
		b = s.newline(b)
		b = append(b, "    TX errors:"...)
		b = pad(b, cols[0]-10, "")
		words := []string{"aborted", "fifo", "window", "heartbt", "transns"}
		vals := []uint64{e.TxAborted, e.TxFIFO, e.TxWindow, e.TxHeartbeat, uint64(l.CarrierChanges)}
		if s.noCarrier {
			words[4], vals = "", vals[:4]
		}
		for i, w := range words {
			b = append(b, ' ')
			b = pad(b, cols[i+1], w)
		}
		b = s.newline(b)
		b = pad(b, cols[0]+5, "")
		for i, v := range vals {
			b = num(b, cols[i+1], v)
		}
	}
	return b
}
