package netinfo

import (
	"context"
	"encoding/binary"
	"runtime"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// This file holds the reader side of a dump: the goroutine that receives
// the reply's datagrams in batches and finds where the reply ends.

// receivedDatagram is a batch of datagrams handed from a dump's reader
// goroutine to its consumer: back to back, they read as one run of
// messages, since every datagram holds whole, aligned messages.
type receivedDatagram struct {
	buf  []byte // the whole buffer, to give back
	n    int
	err  error
	last bool // holds the end of the reply
}

// Dump buffers: a dump's reader packs datagrams into buffers of
// dumpBufSize while at least dumpBufRoom is left (the kernel's dump
// datagrams are at most 32 KiB), so the two goroutines meet once per
// batch rather than once per datagram. A connection makes its buffers
// as its dumps need them, up to maxDumpBuffers (8 MiB), and keeps them:
// a dump the consumer keeps up with uses one or two, while a large one
// lets the reader run ahead when the consumer stalls, instead of
// leaving the kernel idle. Collecting a slice of 100,000 routes starts
// by faulting in its 17 MiB (touchPages), which takes the consumer as
// long as the kernel takes to build a third of the dump; with half as
// many buffers the reader waited, and the dump took a third longer.
//
// The iterator forms read at most seqDumpBuffers ahead: their consumer
// streams (prints, filters) rather than collects, and a reader running
// 8 MiB ahead of it made a streamed dump's memory grow with the table,
// which is what the iterator form exists to avoid. Two buffers still
// let the kernel build one batch while the consumer decodes the other.
const (
	dumpBufSize    = 512 << 10
	dumpBufRoom    = 128 << 10
	maxDumpBuffers = 16
	seqDumpBuffers = 2
	maxDumpBatch   = 16
)

// A dumpReader receives the datagrams of one dump on its own goroutine
// and hands them to the consumer in batches.
type dumpReader struct {
	conn  Conn
	seq   uint32
	bufs  [][]byte // the connection's buffers; it appends those it makes
	limit int      // how many of them it may fill ahead of the consumer
	given int      // how many of bufs it has taken so far
	free  chan []byte
	full  chan receivedDatagram
}

// run receives the datagrams of the dump until the one holding its end,
// then closes full. It stops early when ctx ends. The first batch is one
// datagram, so decoding starts at once; later ones shrink or grow with
// the consumer's pace, up to maxDumpBatch or a full buffer.
func (rd *dumpReader) run(ctx context.Context) {
	defer close(rd.full)
	batch := 1
	for {
		buf, ok := rd.nextBuffer(ctx)
		if !ok {
			return
		}
		d := receivedDatagram{buf: buf}
		for i := 0; i < batch; i++ {
			n, err := rd.conn.Receive(ctx, buf[d.n:])
			if err != nil {
				d.err = err
				break
			}
			d.last = endsReply(buf[d.n:d.n+n], rd.seq)
			d.n = min(d.n+(n+3)&^3, len(buf))
			if d.last || len(buf)-d.n < dumpBufRoom {
				break
			}
		}
		// A consumer that has taken every batch is keeping up: smaller
		// batches reach it sooner, and the last one, which it decodes
		// after the reader is done, is short. One with batches waiting
		// is behind: larger batches cost fewer hand-overs.
		if len(rd.full) == 0 {
			batch = max(1, batch/2)
		} else {
			batch = min(batch*2, maxDumpBatch)
		}
		select {
		case rd.full <- d:
		case <-ctx.Done():
			return
		}
		if d.err != nil || d.last {
			return
		}
	}
}

// next takes the reader's next batch; false once the reader has ended.
// It polls for a while before it parks: a parked consumer must be woken
// by the reader, which costs the reader a system call per batch, time
// the kernel would otherwise spend building the dump.
func (rd *dumpReader) next() (receivedDatagram, bool) {
	for range dumpSpins {
		select {
		case d, ok := <-rd.full:
			return d, ok
		default:
			runtime.Gosched()
		}
	}
	d, ok := <-rd.full
	return d, ok
}

// dumpSpins bounds next's polling: each turn yields the processor once,
// and the bound covers a few datagrams' worth of the kernel's work.
const dumpSpins = 500

// nextBuffer takes a buffer the consumer gave back, or one more of the
// connection's (made when it has none left) while fewer than limit are
// in use, or else waits for the consumer to give one back. It reports
// false when ctx ends first.
func (rd *dumpReader) nextBuffer(ctx context.Context) ([]byte, bool) {
	select {
	case buf := <-rd.free:
		return buf, true
	default:
	}
	if rd.given < rd.limit {
		if rd.given == len(rd.bufs) {
			rd.bufs = append(rd.bufs, make([]byte, dumpBufSize))
		}
		rd.given++
		return rd.bufs[rd.given-1], true
	}
	select {
	case buf := <-rd.free:
		return buf, true
	case <-ctx.Done():
		return nil, false
	}
}

// endsReply walks only the headers of a datagram and reports whether it
// holds the end of the reply to seq (NLMSG_DONE or NLMSG_ERROR), or is
// malformed, which also ends the reading.
//
// It reads just the length, type and sequence number of each message in
// place, as the floor's loop does: the reader's time is the dump's, and
// splitting every message off with nlmsg.Next cost it a tenth.
func endsReply(b []byte, seq uint32) bool {
	for off := 0; off < len(b); {
		if len(b)-off < linux.SizeofNlMsghdr {
			return true
		}
		h := b[off : off+linux.SizeofNlMsghdr]
		n := int(binary.NativeEndian.Uint32(h[0:4]))
		if n < linux.SizeofNlMsghdr || n > len(b)-off {
			return true
		}
		if typ := binary.NativeEndian.Uint16(h[4:6]); (typ == linux.NLMSG_DONE || typ == linux.NLMSG_ERROR) && binary.NativeEndian.Uint32(h[8:12]) == seq {
			return true
		}
		off += (n + 3) &^ 3
	}
	return false
}
