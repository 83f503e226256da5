package consumer

import (
	"context"
	"fmt"
	"sync"

	"github.com/vishvananda/netlink"
	"github.com/vishvananda/netns"
	"golang.org/x/sys/unix"
)

// Vishvananda counts route updates from vishvananda/netlink's
// RouteSubscribeWithOptions with default options (only the namespace
// and an error callback set), reading an unbuffered channel as the
// library's examples do.
type Vishvananda struct {
	stopped stopOnce
	nsPath  string
	ns      netns.NsHandle
	ch      chan netlink.RouteUpdate
	stopCh  chan struct{}
	done    chan struct{}
	cnt     counter

	mu        sync.Mutex
	stopping  bool
	overflows int64
	firstErr  string
}

// NewVishvananda returns a consumer for the namespace at nsPath.
func NewVishvananda(nsPath string) *Vishvananda { return &Vishvananda{nsPath: nsPath} }

// Name implements Consumer.
func (v *Vishvananda) Name() string { return "vishvananda RouteSubscribeWithOptions" }

// Start implements Consumer: the subscription is in place when
// RouteSubscribeWithOptions returns.
func (v *Vishvananda) Start(ctx context.Context) error {
	ns, err := netns.GetFromPath(v.nsPath)
	if err != nil {
		return fmt.Errorf("vishvananda/netns: %w", err)
	}
	v.ns = ns
	v.ch = make(chan netlink.RouteUpdate)
	v.stopCh = make(chan struct{})
	v.done = make(chan struct{})
	err = netlink.RouteSubscribeWithOptions(v.ch, v.stopCh, netlink.RouteSubscribeOptions{
		Namespace:     &v.ns,
		ErrorCallback: v.onError,
	})
	if err != nil {
		ns.Close()
		return fmt.Errorf("vishvananda/netlink: %w", err)
	}
	go func() {
		defer close(v.done)
		for u := range v.ch {
			if u.Type == unix.RTM_NEWROUTE || u.Type == unix.RTM_DELROUTE {
				v.cnt.add(1)
			}
		}
	}()
	return nil
}

// onError records the library's errors; the library stops its receive
// loop after any receive error, ENOBUFS included.
func (v *Vishvananda) onError(err error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.stopping {
		return // the error that closing the socket causes
	}
	if errorIsENOBUFS(err) {
		v.overflows++
	}
	if v.firstErr == "" {
		v.firstErr = err.Error()
	}
}

// Progress implements Consumer.
func (v *Vishvananda) Progress() int64 { return v.cnt.events.Load() }

// Stop implements Consumer; calling it again returns the same result.
func (v *Vishvananda) Stop() (Result, error) { return v.stopped.do(v.stop) }

// stop implements Consumer.
func (v *Vishvananda) stop() (Result, error) {
	res := Result{Resyncs: -1, ResyncEvents: -1, StateDiff: -1}
	if v.stopCh == nil {
		return res, nil
	}
	v.mu.Lock()
	v.stopping = true
	v.mu.Unlock()
	close(v.stopCh)
	<-v.done
	v.ns.Close()
	v.mu.Lock()
	defer v.mu.Unlock()
	res.Events, res.LastEvent = v.cnt.events.Load(), v.cnt.last()
	res.Overflows = v.overflows
	if v.firstErr != "" {
		res.Stopped = v.firstErr
	}
	return res, nil
}

// Activity implements Consumer: the route events.
func (v *Vishvananda) Activity() int64 { return v.Progress() }

// Settled implements Consumer: there is nothing to wait for.
func (v *Vishvananda) Settled() bool { return true }
