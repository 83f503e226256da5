package netinfo

import (
	"context"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

// A Batch collects change requests and sends them together, many to a
// datagram, as the seeds' BatchSocket does: the kernel serves every
// request of a datagram in one system call, so a batch of thousands of
// routes costs a small fraction of the same requests one by one.
//
// Its methods check and encode a request at once, returning only the
// errors of bad input; Send then sends everything queued and ties each
// error the kernel answers to its request. A Batch is not safe for
// concurrent use; it may be used again after Send.
//
//	b := h.NewBatch()
//	for _, r := range routes {
//		if err := b.AddRoute(r); err != nil { ... }
//	}
//	err := b.Send(ctx) // a *BatchError naming each request that failed
type Batch struct {
	h   *Handle
	ctx context.Context // carries the batch to Handle.change
	buf []byte          // the requests' messages, back to back
	req []batchRequest
}

type batchRequest struct {
	op  string
	off int // where the request's message starts in buf
}

type batchKey struct{}

// NewBatch starts an empty batch of changes to send through h.
func (h *Handle) NewBatch() *Batch {
	b := &Batch{h: h}
	b.ctx = context.WithValue(context.Background(), batchKey{}, b)
	return b
}

// queuedIn reports the batch ctx queues h's requests in, if any.
func queuedIn(ctx context.Context, h *Handle) *Batch {
	if b, ok := ctx.Value(batchKey{}).(*Batch); ok && b.h == h {
		return b
	}
	return nil
}

// queue appends one request; its sequence number and ack flag are set
// by Send.
func (b *Batch) queue(op string, typ, flags uint16, payload func([]byte) []byte) error {
	start := len(b.buf)
	b.buf = nlmsg.AppendHeader(b.buf, typ, flags|linux.NLM_F_REQUEST, 0, 0)
	b.buf = nlmsg.Finish(payload(b.buf), start)
	b.req = append(b.req, batchRequest{op, start})
	return nil
}

// Len is the number of requests queued.
func (b *Batch) Len() int { return len(b.req) }

// AddRoute queues Handle.AddRoute.
func (b *Batch) AddRoute(r Route) error { return b.h.AddRoute(b.ctx, r) }

// ReplaceRoute queues Handle.ReplaceRoute.
func (b *Batch) ReplaceRoute(r Route) error { return b.h.ReplaceRoute(b.ctx, r) }

// DelRoute queues Handle.DelRoute.
func (b *Batch) DelRoute(r Route) error { return b.h.DelRoute(b.ctx, r) }

// AddAddr queues Handle.AddAddr.
func (b *Batch) AddAddr(a Addr) error { return b.h.AddAddr(b.ctx, a) }

// ReplaceAddr queues Handle.ReplaceAddr.
func (b *Batch) ReplaceAddr(a Addr) error { return b.h.ReplaceAddr(b.ctx, a) }

// DelAddr queues Handle.DelAddr.
func (b *Batch) DelAddr(a Addr) error { return b.h.DelAddr(b.ctx, a) }

// AddNeighbor queues Handle.AddNeighbor.
func (b *Batch) AddNeighbor(n Neighbor) error { return b.h.AddNeighbor(b.ctx, n) }

// ReplaceNeighbor queues Handle.ReplaceNeighbor.
func (b *Batch) ReplaceNeighbor(n Neighbor) error { return b.h.ReplaceNeighbor(b.ctx, n) }

// DelNeighbor queues Handle.DelNeighbor.
func (b *Batch) DelNeighbor(n Neighbor) error { return b.h.DelNeighbor(b.ctx, n) }

// AddRule queues Handle.AddRule.
func (b *Batch) AddRule(r Rule) error { return b.h.AddRule(b.ctx, r) }

// DelRule queues Handle.DelRule.
func (b *Batch) DelRule(r Rule) error { return b.h.DelRule(b.ctx, r) }

// AddNexthop queues Handle.AddNexthop.
func (b *Batch) AddNexthop(n Nexthop) error { return b.h.AddNexthop(b.ctx, n) }

// ReplaceNexthop queues Handle.ReplaceNexthop.
func (b *Batch) ReplaceNexthop(n Nexthop) error { return b.h.ReplaceNexthop(b.ctx, n) }

// DelNexthop queues Handle.DelNexthop.
func (b *Batch) DelNexthop(id uint32) error { return b.h.DelNexthop(b.ctx, id) }

// batchChunk bounds the bytes of one datagram: well under the kernel's
// default send buffer (net.core.wmem_default, 208 KiB), which caps a
// netlink datagram.
const batchChunk = 64 << 10

// Send sends the queued requests in order and empties the batch. It
// returns nil when the kernel took every request, or a *BatchError that
// names each one it refused, with its error; requests it does not name
// succeeded. Requests after a refused one are still sent: the kernel
// serves each on its own, as ip -batch -force does.
//
// Only the last request of each datagram asks for an acknowledgement;
// the kernel answers the others only when they fail, and its answers
// come in order, so the last one's ack closes the datagram. If the
// transport loses answers (ENOBUFS), or the context ends, the requests
// whose outcome is unknown are named with that error.
func (b *Batch) Send(ctx context.Context) error {
	defer b.reset()
	if len(b.req) == 0 {
		return nil
	}
	h := b.h
	rc, err := h.getConn(ctx)
	if err != nil {
		return err
	}
	base := h.seqBlock(len(b.req))
	var failed []RequestError
	for first := 0; first < len(b.req); {
		last := first
		for last+1 < len(b.req) && b.end(last+1)-b.req[first].off <= batchChunk {
			last++
		}
		for i := first; i <= last; i++ {
			m := b.buf[b.req[i].off:]
			flags := nlmsg.ParseHeader(m).Flags &^ linux.NLM_F_ACK
			if i == last {
				flags |= linux.NLM_F_ACK
			}
			binary.NativeEndian.PutUint16(m[6:], flags)
			binary.NativeEndian.PutUint32(m[8:], base+uint32(i))
		}
		answered := make([]bool, last-first+1)
		if err := b.exchange(ctx, rc, base, first, last, answered, &failed); err != nil {
			h.dropConn(rc)
			err = h.closedOr(wrapTransportError("batch", err))
			// A lost answer may be any one not received: every request
			// of the datagram without one is unknown, as is the rest.
			for i := first; i < len(b.req); i++ {
				if i <= last && answered[i-first] {
					continue
				}
				failed = append(failed, RequestError{Index: i, Op: b.req[i].op, Err: fmt.Errorf("outcome unknown: %w", err)})
			}
			slices.SortFunc(failed, func(a, b RequestError) int { return a.Index - b.Index })
			return &BatchError{Errors: failed}
		}
		first = last + 1
	}
	h.putConn(rc)
	if len(failed) > 0 {
		return &BatchError{Errors: failed}
	}
	return nil
}

// exchange sends requests first..last in one datagram and reads the
// answers up to the last one's ack, marking those answered.
func (b *Batch) exchange(ctx context.Context, rc *reqConn, base uint32, first, last int, answered []bool, failed *[]RequestError) error {
	if err := rc.conn.Send(ctx, b.buf[b.req[first].off:b.end(last)]); err != nil {
		return err
	}
	for {
		n, err := rc.conn.Receive(ctx, rc.buf)
		if err != nil {
			return err
		}
		for p := rc.buf[:n]; len(p) > 0; {
			mh, payload, rest, ok := nlmsg.Next(p)
			if !ok {
				return messageError(mh, p)
			}
			p = rest
			i := int(mh.Seq - base)
			if mh.Type != linux.NLMSG_ERROR || i < first || i > last {
				continue // a late answer to an earlier exchange
			}
			if err := parseError(mh, payload, b.req[i].op); err != nil {
				*failed = append(*failed, RequestError{Index: i, Op: b.req[i].op, Err: err})
			}
			answered[i-first] = true
			if i == last {
				return nil
			}
		}
	}
}

// end is where request i's message ends in buf.
func (b *Batch) end(i int) int {
	if i+1 < len(b.req) {
		return b.req[i+1].off
	}
	return len(b.buf)
}

func (b *Batch) reset() {
	b.buf = b.buf[:0]
	b.req = b.req[:0]
}

// seqBlock reserves n consecutive sequence numbers, none of them 0.
func (h *Handle) seqBlock(n int) uint32 {
	for {
		end := h.seq.Add(uint32(n))
		start := end - uint32(n) + 1
		if start != 0 && start <= end { // no wrap through 0
			return start
		}
	}
}

// A RequestError is the kernel's answer to one request of a batch.
type RequestError struct {
	Index int    // the request's place in the batch, from 0
	Op    string // what it asked, as "route add"
	Err   error
}

func (e RequestError) Error() string { return fmt.Sprintf("request %d (%s): %v", e.Index, e.Op, e.Err) }

// Unwrap gives the request's error.
func (e RequestError) Unwrap() error { return e.Err }

// A BatchError lists the requests of a batch that failed, in order.
// errors.Is matches any of their errors (syscall.EEXIST, ...).
type BatchError struct {
	Errors []RequestError
}

func (e *BatchError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "netinfo: batch: %d request(s) failed", len(e.Errors))
	for i, r := range e.Errors {
		if i == 3 {
			fmt.Fprintf(&b, "; ...")
			break
		}
		b.WriteString("; " + r.Error())
	}
	return b.String()
}

// Unwrap gives each request's error.
func (e *BatchError) Unwrap() []error {
	errs := make([]error, len(e.Errors))
	for i, r := range e.Errors {
		errs[i] = r
	}
	return errs
}
