package netinfo

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"unsafe"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

// maxDumpRetries bounds how often a dump interrupted by concurrent
// changes (NLM_F_DUMP_INTR) is started again before the slice forms
// give up with ErrDumpInterrupted.
const maxDumpRetries = 5

// errStopped is how a dump's callback says the consumer has had enough.
var errStopped = errors.New("netinfo: dump stopped by the consumer")

// dump sends a dump request and calls each for every message of the
// reply, in order. It reports whether the kernel flagged the dump as
// interrupted by concurrent changes.
//
// The receive side is pipelined: a reader goroutine receives datagrams
// and walks only their headers to find the end of the reply, while the
// calling goroutine decodes the datagram before. With two cores the
// kernel builds the next part of the dump while this one is decoded, so a
// typed dump costs little more than a bare receive loop.
//
// each gets the connection's decode scratch, which is the dump's alone
// until it ends. readAhead bounds the buffers the reader may fill ahead
// of each (see maxDumpBuffers and seqDumpBuffers).
func (h *Handle) dump(ctx context.Context, op string, typ uint16, readAhead int, request func([]byte) []byte, each func(nlmsg.Header, []byte, *decodeScratch) error) (interrupted bool, err error) {
	rc, err := h.getConn(ctx)
	if err != nil {
		return false, err
	}
	seq := h.nextSeq()
	msg := nlmsg.AppendHeader(make([]byte, 0, 128), typ, linux.NLM_F_REQUEST|linux.NLM_F_DUMP, seq, 0)
	msg = nlmsg.Finish(request(msg), 0)
	if err := rc.conn.Send(ctx, msg); err != nil {
		h.dropConn(rc)
		return false, h.closedOr(wrapTransportError(op, err))
	}

	rd := &dumpReader{
		conn:  rc.conn,
		seq:   seq,
		bufs:  rc.dumpBufs,
		limit: readAhead,
		free:  make(chan []byte, readAhead),
		full:  make(chan receivedDatagram, readAhead),
	}
	readCtx, stopReader := context.WithCancel(ctx)
	go rd.run(readCtx)

	finish := func(err error) (bool, error) {
		stopReader()
		for range rd.full { // wait for the reader to end
		}
		rc.dumpBufs = rd.bufs // the reader has ended: its buffers are ours
		if err != nil {
			h.dropConn(rc)
			return interrupted, err
		}
		h.putConn(rc)
		return interrupted, nil
	}

	for {
		d, ok := rd.next()
		if !ok {
			break
		}
		if d.err != nil {
			return finish(h.closedOr(wrapTransportError(op, d.err)))
		}
		b := d.buf[:d.n]
		for len(b) > 0 {
			mh, p, rest, ok := nlmsg.Next(b)
			if !ok {
				err := messageError(mh, b)
				return finish(fmt.Errorf("netinfo: %s: %w", op, err))
			}
			b = rest
			if mh.Seq != seq {
				continue // a late answer to an earlier exchange
			}
			if mh.Flags&linux.NLM_F_DUMP_INTR != 0 {
				interrupted = true
			}
			switch mh.Type {
			case linux.NLMSG_DONE:
				// NLMSG_DONE carries the dump's own error code, if any.
				if len(p) >= 4 {
					if err := parseError(mh, p, op); err != nil {
						return finish(err)
					}
				}
				return finish(nil)
			case linux.NLMSG_ERROR:
				if err := parseError(mh, p, op); err != nil {
					return finish(err)
				}
				return finish(nil)
			case linux.NLMSG_NOOP, linux.NLMSG_OVERRUN:
				continue
			}
			if err := each(mh, p, &rc.scratch); err != nil {
				return finish(err)
			}
		}
		rd.free <- d.buf
		if d.last {
			return finish(fmt.Errorf("netinfo: %s: %w: reply ended without NLMSG_DONE", op, ErrTruncated))
		}
	}
	// The reader stops early only when the caller's context ends.
	if err := ctx.Err(); err != nil {
		return finish(err)
	}
	return finish(fmt.Errorf("netinfo: %s: %w: reply ended without NLMSG_DONE", op, ErrTruncated))
}

// dumpSeq yields the records of one dump as they are decoded. A dump the
// kernel flags as interrupted ends with ErrDumpInterrupted: records
// already yielded cannot be taken back, so the caller is told.
func dumpSeq[T any](ctx context.Context, h *Handle, k dumpSpec[T]) iter.Seq2[T, error] {
	op, newType, decode, match := k.op, k.newType, k.decode, k.match
	return func(yield func(T, error) bool) {
		var v T
		interrupted, err := h.dump(ctx, op, k.get, seqDumpBuffers, k.request, func(mh nlmsg.Header, p []byte, sc *decodeScratch) error {
			if mh.Type != newType {
				return nil
			}
			if err := decode(p, &v, sc); err != nil { // decoders overwrite v whole
				return fmt.Errorf("netinfo: %s: %w", op, err)
			}
			if !match(&v) {
				return nil
			}
			if !yield(v, nil) {
				return errStopped
			}
			return nil
		})
		if errors.Is(err, errStopped) {
			return
		}
		if err == nil && interrupted {
			err = fmt.Errorf("netinfo: %s: %w", op, ErrDumpInterrupted)
		}
		if err != nil {
			var zero T
			yield(zero, err)
		}
	}
}

// dumpSlice collects one dump, starting it again (a bounded number of
// times) when the kernel flags it as interrupted. After the last retry it
// returns what it read together with ErrDumpInterrupted.
func dumpSlice[T any](ctx context.Context, h *Handle, k dumpSpec[T]) ([]T, error) {
	op, newType, decode, match := k.op, k.newType, k.decode, k.match
	for attempt := 0; ; attempt++ {
		var out []T
		interrupted, err := h.dump(ctx, op, k.get, maxDumpBuffers, k.request, func(mh nlmsg.Header, p []byte, sc *decodeScratch) error {
			if mh.Type != newType {
				return nil
			}
			if out == nil {
				// Start at the size of this kind's last dump on this
				// handle, so a table read again (polling, benchmarks)
				// is collected in one allocation without copies. Made
				// here, at the first record, its zeroing overlaps the
				// reader's receiving rather than delaying the request.
				out = make([]T, 0, h.lastDumpLen(newType)+16)
				touchPages(out)
			}
			// Decode in place, and double the capacity when full: records
			// are large, and append's 1.25x growth for big slices would
			// allocate five times the final size and copy four.
			// Grown capacity is not touched: on a first dump, whose size
			// is unknown, up to half of it may stay unused, and touching
			// it raised the peak RSS of a million-route dump by a third.
			if len(out) == cap(out) {
				out = slices.Grow(out, max(cap(out), 64))
			}
			out = out[:len(out)+1]
			v := &out[len(out)-1]
			if err := decode(p, v, sc); err != nil { // decoders overwrite v whole
				return fmt.Errorf("netinfo: %s: %w", op, err)
			}
			if !match(v) {
				out = out[:len(out)-1]
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		h.setLastDumpLen(newType, len(out))
		if !interrupted {
			return out, nil
		}
		if attempt == maxDumpRetries {
			return out, fmt.Errorf("netinfo: %s: %w (%d attempts)", op, ErrDumpInterrupted, attempt+1)
		}
	}
}

// touchPages stores a zero byte into every memory page of s's spare
// capacity, last page first, before any record is decoded into it.
//
// A large slice comes from pages the runtime has only just mapped. When
// the first access to such a page is a read (the collector scanning the
// new slice, which its allocation has often just triggered, or the
// write barrier of a typed store), Linux maps the shared zero page, and
// the decoder's first write then copies it and flushes the TLB of every
// thread, by interrupt: a route dump paid that once per 4 KiB. A plain
// store maps each page once. Last page first leaves the pages decoded
// first the most recently touched.
//
// The byte stored is the record's first, which must not be part of a
// pointer (TestTouchPagesFirstByte checks every record type): it is
// stored as a byte, with no write barrier, so that no read comes first.
func touchPages[T any](s []T) {
	var zero T
	size := int(unsafe.Sizeof(zero))
	if size == 0 || (cap(s)-len(s))*size < touchMinBytes {
		return
	}
	stride := max(1, pageSize/size) // records per page, rounded down: no page is skipped
	spare := s[len(s):cap(s)]
	for i := len(spare) - 1; i >= 0; i -= stride {
		*(*byte)(unsafe.Pointer(&spare[i])) = 0
	}
}

// pageSize is the smallest page size of the platforms served; touching
// more often than a larger page needs costs only a store.
const pageSize = 4096

// touchMinBytes is the size below which touchPages leaves a slice alone:
// the runtime serves small allocations from pages it already uses.
const touchMinBytes = 256 << 10

func matchAll[T any](*T) bool { return true }

// decodeRouteWith is decodeRoute in the form dumps call: a route has no
// string or hardware address for a scratch to save.
func decodeRouteWith(b []byte, r *Route, _ *decodeScratch) error { return decodeRoute(b, r) }

// A dumpSpec is what differs between the dumps of links, addresses,
// routes and neighbours: the request and how its records decode.
type dumpSpec[T any] struct {
	op      string                                 // names the dump in errors
	get     uint16                                 // RTM_GET*
	newType uint16                                 // RTM_NEW*, the records' type
	request func([]byte) []byte                    // appends the request's payload
	decode  func([]byte, *T, *decodeScratch) error // overwrites the record whole
	match   func(*T) bool                          // the filter the kernel may not apply
}

func linkDump() dumpSpec[Link] {
	return dumpSpec[Link]{"link dump", linux.RTM_GETLINK, linux.RTM_NEWLINK, appendLinkDumpRequest, decodeLinkWith, matchAll[Link]}
}

func addrDump(f AddrFilter) dumpSpec[Addr] {
	return dumpSpec[Addr]{"address dump", linux.RTM_GETADDR, linux.RTM_NEWADDR,
		func(b []byte) []byte { return appendAddrDumpRequest(b, f) }, decodeAddrWith, f.match}
}

func routeDump(f RouteFilter) dumpSpec[Route] {
	return dumpSpec[Route]{"route dump", linux.RTM_GETROUTE, linux.RTM_NEWROUTE,
		func(b []byte) []byte { return appendRouteDumpRequest(b, f) }, decodeRouteWith, f.match}
}

func neighDump(f NeighFilter) dumpSpec[Neighbor] {
	return dumpSpec[Neighbor]{"neighbour dump", linux.RTM_GETNEIGH, linux.RTM_NEWNEIGH,
		func(b []byte) []byte { return appendNeighDumpRequest(b, f) }, decodeNeighborWith, f.match}
}

// Links lists every link.
func (h *Handle) Links(ctx context.Context) ([]Link, error) {
	return dumpSlice(ctx, h, linkDump())
}

// LinksSeq yields every link without collecting them.
func (h *Handle) LinksSeq(ctx context.Context) iter.Seq2[Link, error] {
	return dumpSeq(ctx, h, linkDump())
}

// Addrs lists the addresses that match f.
func (h *Handle) Addrs(ctx context.Context, f AddrFilter) ([]Addr, error) {
	if err := f.validate("address dump"); err != nil {
		return nil, err
	}
	return dumpSlice(ctx, h, addrDump(f))
}

// AddrsSeq yields the addresses that match f.
func (h *Handle) AddrsSeq(ctx context.Context, f AddrFilter) iter.Seq2[Addr, error] {
	if err := f.validate("address dump"); err != nil {
		return errSeq[Addr](err)
	}
	return dumpSeq(ctx, h, addrDump(f))
}

// Routes lists the routes that match f, from every table unless f.Table
// is set.
func (h *Handle) Routes(ctx context.Context, f RouteFilter) ([]Route, error) {
	if err := f.validate("route dump"); err != nil {
		return nil, err
	}
	return dumpSlice(ctx, h, routeDump(f))
}

// RoutesSeq yields the routes that match f, decoding them as they arrive,
// so that a million routes need not sit in one slice.
func (h *Handle) RoutesSeq(ctx context.Context, f RouteFilter) iter.Seq2[Route, error] {
	if err := f.validate("route dump"); err != nil {
		return errSeq[Route](err)
	}
	return dumpSeq(ctx, h, routeDump(f))
}

// Neighbors lists the neighbours that match f.
func (h *Handle) Neighbors(ctx context.Context, f NeighFilter) ([]Neighbor, error) {
	if err := f.validate("neighbour dump"); err != nil {
		return nil, err
	}
	return dumpSlice(ctx, h, neighDump(f))
}

// NeighborsSeq yields the neighbours that match f.
func (h *Handle) NeighborsSeq(ctx context.Context, f NeighFilter) iter.Seq2[Neighbor, error] {
	if err := f.validate("neighbour dump"); err != nil {
		return errSeq[Neighbor](err)
	}
	return dumpSeq(ctx, h, neighDump(f))
}

// LinkByIndex gets one link; the error matches ErrNotFound when it does
// not exist.
func (h *Handle) LinkByIndex(ctx context.Context, index int) (Link, error) {
	if index <= 0 {
		return Link{}, fmt.Errorf("netinfo: link index %d: %w", index, ErrNotFound)
	}
	return h.getLink(ctx, index, "")
}

// LinkByName gets one link; the error matches ErrNotFound when it does
// not exist.
func (h *Handle) LinkByName(ctx context.Context, name string) (Link, error) {
	if name == "" || len(name) > 15 {
		return Link{}, fmt.Errorf("netinfo: link name %q: %w", name, ErrNotFound)
	}
	return h.getLink(ctx, 0, name)
}

func (h *Handle) getLink(ctx context.Context, index int, name string) (Link, error) {
	var l Link
	found := false
	err := h.request(ctx, "link get", linux.RTM_GETLINK, 0, func(b []byte) []byte {
		return appendLinkGetRequest(b, index, name)
	}, func(mh nlmsg.Header, p []byte) error {
		if mh.Type != linux.RTM_NEWLINK {
			return fmt.Errorf("netinfo: link get: unexpected reply type %d", mh.Type)
		}
		found = true
		return decodeLink(p, &l)
	})
	if err != nil {
		return Link{}, err
	}
	if !found {
		return Link{}, fmt.Errorf("netinfo: link get: %w", ErrNotFound)
	}
	return l, nil
}

// errSeq yields err alone: a dump refused before it was sent.
func errSeq[T any](err error) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		yield(zero, err)
	}
}
