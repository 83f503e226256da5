package backend_bsd

import (
	"context"
	"errors"
	"sync"
	"syscall"

	"github.com/rtnlx/rtnlx/rtnlemu"
)

// ChangeOf tells which kinds of objects a routing message may have
// changed. The emulator re-reads those kinds and diffs them, which also
// fills every field PF_ROUTE leaves out of its messages.
func (l layout) ChangeOf(m message) rtnlemu.Change {
	switch m.Type {
	case msgIfInfo:
		return rtnlemu.Change{Kinds: rtnlemu.KindLinks}
	case msgIfAnnounce:
		if m.Announce != nil && m.Announce.Departure {
			// The link's addresses, routes and neighbours go with it,
			// whether or not the kernel says so message by message.
			return rtnlemu.Change{Kinds: rtnlemu.KindAll}
		}
		return rtnlemu.Change{Kinds: rtnlemu.KindLinks}
	case msgNewAddr, msgDelAddr, msgChgAddr:
		if m.Addr != nil && m.Addr.Addrs[raxIFA].Kind == saLink {
			return rtnlemu.Change{Kinds: rtnlemu.KindLinks} // a new link-layer address
		}
		return rtnlemu.Change{Kinds: rtnlemu.KindAddrs}
	case msgAdd, msgDelete, msgChange:
		r := m.Route
		if r == nil || r.Errno != 0 {
			return rtnlemu.Change{} // a failed request echoed back
		}
		if r.Flags&routeLLInfo != 0 {
			return rtnlemu.Change{Kinds: rtnlemu.KindNeighbors}
		}
		if r.Flags&routeCloned != 0 {
			return rtnlemu.Change{} // clones are not listed
		}
		return rtnlemu.Change{Kinds: rtnlemu.KindRoutes}
	case msgLLInfoUpd:
		return rtnlemu.Change{Kinds: rtnlemu.KindNeighbors}
	case msgDesync:
		return rtnlemu.Change{Kinds: rtnlemu.KindAll, Overflow: true}
	}
	return rtnlemu.Change{}
}

// merge folds c into the pending change.
func merge(p *rtnlemu.Change, c rtnlemu.Change) {
	p.Kinds |= c.Kinds
	p.Overflow = p.Overflow || c.Overflow
}

// monitorStats counts what a monitor dropped.
type monitorStats struct {
	Skipped   int // messages that failed to parse
	Overflows int // losses reported by the kernel (desync, ENOBUFS)
}

// A readResult is one datagram read from the routing socket, or an
// error.
type readResult struct {
	change  rtnlemu.Change
	skipped int
	err     error
}

// runMonitor reads routing messages with read, one datagram per call,
// and sends the changes they imply on out, merging changes while out
// is not ready so that a storm of messages costs one re-read. ENOBUFS
// from read is an overflow; any other error from read ends the monitor
// with that error, after an overflow so that nothing lost goes unseen.
// When ctx ends, runMonitor calls stop (which must make a blocked read
// return, e.g. by closing the socket), waits for the reader, and
// returns nil.
func runMonitor(ctx context.Context, l layout, read func([]byte) (int, error), stop func(), out chan<- rtnlemu.Change, st *monitorStats) error {
	results := make(chan readResult)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		buf := make([]byte, 64<<10)
		for {
			n, err := read(buf)
			var r readResult
			switch {
			case errors.Is(err, syscall.ENOBUFS):
				r.change = rtnlemu.Change{Kinds: rtnlemu.KindAll, Overflow: true}
			case errors.Is(err, syscall.EINTR) || errors.Is(err, syscall.EAGAIN):
				continue
			case err != nil:
				r.err = err
			default:
				msgs, ps := l.ParseMessages(buf[:n])
				r.skipped = ps.Skipped
				for _, m := range msgs {
					merge(&r.change, l.ChangeOf(m))
				}
			}
			select {
			case results <- r:
			case <-done:
				return
			}
			if r.err != nil {
				return
			}
		}
	}()
	defer func() {
		close(done)
		stop()
		wg.Wait()
	}()
	var pending rtnlemu.Change
	for {
		var send chan<- rtnlemu.Change
		if pending.Kinds != 0 || pending.Overflow {
			send = out
		}
		select {
		case <-ctx.Done():
			return nil
		case send <- pending:
			pending = rtnlemu.Change{}
		case r := <-results:
			st.Skipped += r.skipped
			if r.change.Overflow {
				st.Overflows++
			}
			merge(&pending, r.change)
			if r.err != nil {
				if ctx.Err() != nil {
					return nil
				}
				merge(&pending, rtnlemu.Change{Kinds: rtnlemu.KindAll, Overflow: true})
				select {
				case out <- pending:
				case <-ctx.Done():
				}
				return r.err
			}
		}
	}
}
