package backend_windows

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/rtnlx/rtnlx/rtnlemu"
)

// FuzzMonitor drives the notification translator with a script read
// from the input: how many notifications there are, what kinds each
// reports and whether its registration fails, whether a poll timer runs,
// then rounds of callbacks (some from several goroutines at once). The
// monitor must never send an empty change, must report every kind whose
// callback fired, must fail only when nothing can be watched, and on
// its context's end must cancel every registration once and return nil;
// a callback after that must not block.
//
//	go test -run '^$' -fuzz '^FuzzMonitor$' -fuzztime 30s ./backend_windows
func FuzzMonitor(f *testing.F) {
	// The first seed found that without a poll interval notifications
	// were never reported.
	f.Add([]byte{0x03, 0x01, 0x02, 0x04, 0x00, 0x01, 0x02})
	f.Add([]byte{0x82, 0x01, 0x08, 0xff, 0x81, 0x40})
	f.Add([]byte{0x01, 0x81})
	f.Add([]byte{0x44, 0x81, 0x82, 0x84, 0x88, 0x00, 0x13, 0x27})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return
		}
		head := data[0]
		data = data[1:]
		n := int(head&3) + 1
		var poll time.Duration
		if head&0x80 != 0 {
			poll = time.Duration(head>>2&0x1f+1) * time.Millisecond
		}
		fakes := make([]*fakeNotification, n)
		subs := make([]subscription, n)
		kinds := make([]rtnlemu.Kind, n)
		var failures []error
		for i := range n {
			var b byte
			if len(data) > 0 {
				b, data = data[0], data[1:]
			}
			kinds[i] = rtnlemu.Kind(b) & rtnlemu.KindAll
			if kinds[i] == 0 {
				kinds[i] = rtnlemu.KindLinks
			}
			fakes[i] = &fakeNotification{}
			if b&0x80 != 0 {
				fakes[i].failWith = fmt.Errorf("registration %d refused", i)
				failures = append(failures, fakes[i].failWith)
			}
			subs[i] = subscription{name: fmt.Sprint(i), kinds: kinds[i], register: fakes[i].register}
		}

		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		changes := make(chan rtnlemu.Change)
		ret := make(chan error, 1)
		m := &monitor{subs: subs, pollInterval: poll}
		go func() { ret <- m.run(ctx, changes) }()

		if len(failures) == n && poll == 0 {
			select {
			case err := <-ret:
				for _, f := range failures {
					if !errors.Is(err, f) {
						t.Fatalf("returned %v, want every registration's error", err)
					}
				}
			case <-time.After(10 * time.Second):
				t.Fatal("with nothing to watch, run did not return")
			}
			return
		}
		// Callbacks fire only once registered; wait for that.
		deadline := time.Now().Add(10 * time.Second)
		for _, f := range fakes {
			for f.failWith == nil && !registered(f) {
				if time.Now().After(deadline) {
					t.Fatal("registration not done after 10s")
				}
				time.Sleep(time.Millisecond)
			}
		}

		// Rounds: each op byte fires one notification (bit 6: from its
		// own goroutine, with the next one); bit 5 ends the round, and
		// the round's kinds must all be reported.
		var fired rtnlemu.Kind
		var wg sync.WaitGroup
		check := func() {
			wg.Wait()
			var got rtnlemu.Kind
			timeout := time.After(10 * time.Second)
			for got&fired != fired {
				select {
				case c := <-changes:
					if c.Kinds == 0 && !c.Overflow {
						t.Fatal("an empty change was sent")
					}
					if c.Kinds&^rtnlemu.KindAll != 0 {
						t.Fatalf("unknown kind bits in %+v", c)
					}
					got |= c.Kinds
				case <-timeout:
					t.Fatalf("fired %v, reported %v after 10s", fired, got)
				}
			}
			fired = 0
		}
		for _, op := range data {
			i := int(op&0x1f) % n
			if fakes[i].failWith == nil {
				fired |= kinds[i]
				if op&0x40 != 0 {
					wg.Add(1)
					go func() { defer wg.Done(); fakes[i].Fire() }()
				} else {
					fakes[i].Fire()
				}
			}
			if op&0x20 != 0 {
				check()
			}
		}
		check()

		cancel()
		select {
		case err := <-ret:
			if err != nil {
				t.Fatalf("ended by its context: returned %v, want nil", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("run did not return after its context ended")
		}
		for i, f := range fakes {
			if f.failWith == nil && !f.Cancelled() {
				t.Fatalf("registration %d not cancelled", i)
			}
			f.Fire() // after cancel: a no-op, never blocking
		}
	})
}

// registered tells whether f's callback is in place.
func registered(f *fakeNotification) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.fire != nil
}
