package contender

import (
	"context"
	"fmt"

	"github.com/rtnlx/rtnlx/netinfo"
)

// Rtnlx dumps with netinfo's typed slice calls (Routes, Addrs,
// Neighbors, Links), or with the iterator forms when Seq is set.
type Rtnlx struct {
	name   string
	handle *netinfo.Handle
	// seq selects the iter.Seq2 forms (RoutesSeq, ...), which yield
	// records without collecting them in a slice.
	seq bool
}

// NewRtnlx opens a netinfo handle in the namespace.
func NewRtnlx(nsPath string, seq bool) (*Rtnlx, error) {
	h, err := netinfo.Open(netinfo.WithNetNS(nsPath))
	if err != nil {
		return nil, fmt.Errorf("rtnlx: %w", err)
	}
	name := "rtnlx typed"
	if seq {
		name = "rtnlx typed, iterator form (...Seq)"
	}
	return &Rtnlx{name: name, handle: h, seq: seq}, nil
}

// newRtnlxOver wraps a handle opened some other way, such as over
// rtnlemu.
func newRtnlxOver(name string, h *netinfo.Handle) *Rtnlx {
	return &Rtnlx{name: name, handle: h}
}

// Name implements Contender.
func (r *Rtnlx) Name() string { return r.name }

// InProcess implements Contender.
func (r *Rtnlx) InProcess() bool { return true }

// Close implements Contender.
func (r *Rtnlx) Close() error { return r.handle.Close() }

// Dump implements Contender.
func (r *Rtnlx) Dump(ctx context.Context, o Object) (Sample, error) {
	var n int
	var err error
	if r.seq {
		n, err = r.dumpSeq(ctx, o)
	} else {
		n, err = r.dumpSlice(ctx, o)
	}
	if err != nil {
		return Sample{}, fmt.Errorf("%s: %w", r.name, err)
	}
	return Sample{Records: n}, nil
}

func (r *Rtnlx) dumpSlice(ctx context.Context, o Object) (int, error) {
	switch o {
	case Routes:
		rs, err := r.handle.Routes(ctx, netinfo.RouteFilter{})
		return len(rs), err
	case Addrs:
		as, err := r.handle.Addrs(ctx, netinfo.AddrFilter{})
		return len(as), err
	case Neighbors:
		ns, err := r.handle.Neighbors(ctx, netinfo.NeighFilter{})
		return len(ns), err
	default:
		ls, err := r.handle.Links(ctx)
		return len(ls), err
	}
}

func (r *Rtnlx) dumpSeq(ctx context.Context, o Object) (int, error) {
	switch o {
	case Routes:
		return count(r.handle.RoutesSeq(ctx, netinfo.RouteFilter{}))
	case Addrs:
		return count(r.handle.AddrsSeq(ctx, netinfo.AddrFilter{}))
	case Neighbors:
		return count(r.handle.NeighborsSeq(ctx, netinfo.NeighFilter{}))
	default:
		return count(r.handle.LinksSeq(ctx))
	}
}

// count consumes a record iterator, stopping at the first error.
func count[T any](seq func(yield func(T, error) bool)) (int, error) {
	if seq == nil {
		return 0, netinfo.ErrNotSupported
	}
	n := 0
	for _, err := range seq {
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
