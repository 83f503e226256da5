package netinfo

import (
	"context"
	"fmt"
	"time"

	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

// An eachReceiver is a Conn that hands datagrams to a callback as it
// reads them, as nlsock.Conn's ReceiveEach does: it reads the queue in
// batches and waits for more without a receive that finds it empty,
// which in a storm of one-message datagrams is a third of a watcher's
// system calls (bench/RESULTS.md, watch-scale).
type eachReceiver interface {
	ReceiveEach(ctx context.Context, b []byte, fn func([]byte) bool) error
}

// A pacedReceiver is an eachReceiver that can sleep instead of waiting
// for the next datagram, as nlsock.Conn's ReceiveEachPaced does: the
// watchers coalesce the wake-ups of a storm with it (watch_coalesce.go).
type pacedReceiver interface {
	ReceiveEachPaced(ctx context.Context, b []byte, fn func([]byte) bool, pause func() time.Duration) error
}

// receiveEach calls fn with each datagram received into buf until fn
// returns false (then it returns nil) or a receive fails, and with nil
// before it waits for the queue to fill (after every datagram, on a Conn
// that cannot tell an empty queue). Once drops are being watched it
// returns context.DeadlineExceeded every dropCheckIdle, so that the
// count is checked while the queue is idle too.
func (w *Watcher) receiveEach(ctx context.Context, buf []byte, fn func([]byte) bool) error {
	if w.drops != nil && w.dropWatch {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, dropCheckIdle)
		defer cancel()
	}
	if r, ok := w.conn.(pacedReceiver); ok && w.coal.delay > 0 {
		return r.ReceiveEachPaced(ctx, buf, func(b []byte) bool {
			if b != nil {
				w.coal.n++
			}
			return fn(b)
		}, w.coal.pauseNow)
	}
	if r, ok := w.conn.(eachReceiver); ok {
		return r.ReceiveEach(ctx, buf, fn)
	}
	for {
		n, err := w.conn.Receive(ctx, buf)
		if err != nil {
			return err
		}
		if !fn(buf[:n]) || !fn(nil) {
			return nil
		}
	}
}

// eachMessage calls fn with each message of datagram b until fn says
// stop or fails.
func eachMessage(b []byte, fn func(h nlmsg.Header, payload, msg []byte) (stop bool, err error)) (stop bool, err error) {
	for len(b) > 0 {
		mh, p, rest, ok := nlmsg.Next(b)
		if !ok {
			return false, fmt.Errorf("netinfo: watch: %w", messageError(mh, b))
		}
		msg := b[:mh.Len]
		b = rest
		if stop, err := fn(mh, p, msg); stop || err != nil {
			return stop, err
		}
	}
	return false, nil
}
