package netinfo

import "context"

// This file is watching in the caller's goroutine: WatchFunc, with or
// without a view.

// WatchFunc watches in the calling goroutine: it calls fn with every
// event until ctx ends (then it returns nil), the handle is closed (nil
// too), fn returns an error (that error) or the transport fails. The
// Event, the object it points to and its Message are reused for the
// next event: fn must copy what it keeps (Event.Clone). fn must not close the handle (Close waits for
// WatchFunc to return); to stop, it returns an error.
//
// By default it keeps no view (as WithoutView): the kernel's events as
// they come, no allocation per route, address or neighbour event. With
// WithView it keeps one, and tells what Watch tells (deduplicated
// events, silent changes read again, the difference after an overflow),
// in the same order. Either way there is no goroutine and no channel
// between the receive and fn, which makes it the cheapest way to watch:
// handing each event over Watch's channel wakes the consumer's goroutine
// and, when the process has an idle processor, a second thread to run it
// (bench/RESULTS.md, watch-scale).
func (h *Handle) WatchFunc(ctx context.Context, kinds WatchKind, fn func(*Event) error, opts ...WatchOption) error {
	var o watchOptions
	for _, opt := range opts {
		opt(&o)
	}
	if !o.view {
		opts = append(opts[:len(opts):len(opts)], WithoutView())
	}
	w, wctx, err := h.openWatcher(ctx, kinds, opts)
	if err != nil {
		return err
	}
	if o.idle != nil {
		// Each wake-up makes fn flush: worth coalescing, as Watch does.
		w.coal.delay = coalesceDelay
	}
	defer func() {
		w.cancel()
		w.finish()
	}()
	var fnErr error
	deliver := func(ev *Event) bool {
		fnErr = fn(ev)
		return fnErr == nil
	}
	var idle func() bool
	if w.opts.idle != nil {
		idle = func() bool {
			fnErr = w.opts.idle()
			return fnErr == nil
		}
	}
	if o.view {
		w.deliver, w.onIdle, w.scratch = deliver, idle, new(eventScratch)
		err = w.loop(wctx)
	} else {
		err = w.runWithoutView(wctx, deliver, idle)
	}
	switch {
	case fnErr != nil:
		return fnErr
	case wctx.Err() != nil || h.isClosed():
		return nil
	}
	return err
}

// WithView makes WatchFunc keep a view of what it delivered, as Watch
// does (Watch keeps one anyway). It cannot be combined with WithoutView
// or WithMessages (an error matching syscall.EINVAL).
func WithView() WatchOption { return func(o *watchOptions) { o.view = true } }

// WithIdle makes WatchFunc call fn whenever it has delivered every event
// received so far and is about to wait for more. A consumer that buffers
// what it makes of the events flushes it there, once per burst instead of
// once per event (ipinfo monitor does): in a storm the kernel's events
// come in bursts, and each flush is a system call. With it WatchFunc also
// reads a storm in batches as Watch does, sleeping up to 2 ms between
// reads, so that a flush serves a batch (see Watch on latency). An error from fn stops
// WatchFunc, which returns it. Watch refuses the option with an error
// matching syscall.EINVAL: its consumer is in another goroutine.
func WithIdle(fn func() error) WatchOption { return func(o *watchOptions) { o.idle = fn } }

// deliverInPlace hands ev to WatchFunc's fn (see Watcher.deliver); false
// once fn has failed, and from then on, so that no path of the loop
// calls fn again.
func (w *Watcher) deliverInPlace(ev Event) bool {
	if w.stopped {
		return false
	}
	w.cur = ev
	if !w.deliver(&w.cur) {
		// The loop's context ends with fn: the receive pending or next
		// ends, and every path that ignores a failed send finds it.
		w.stopped = true
		w.cancel()
		return false
	}
	return true
}
