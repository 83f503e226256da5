package rtnlemu

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/mdlayher/netlink"
	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// TestConcurrentUse drives one transport from many goroutines at once:
// dumps on their own conns, listeners joining and leaving groups,
// scripted changes, conns closing, and finally the transport closing
// under them. Run with -race; every goroutine must end (TestMain checks).
func TestConcurrentUse(t *testing.T) {
	mem := fixture(t)
	tr := New(mem, WithQueueLimit(64))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	report := func(err error) {
		if err != nil && !errors.Is(err, net.ErrClosed) && !errors.Is(err, context.Canceled) {
			select {
			case errs <- err:
			default:
			}
		}
	}
	stop := make(chan struct{})

	// Dumpers.
	for i := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := tr.Dial(ctx)
			if err != nil {
				report(err)
				return
			}
			defer c.Close()
			buf := make([]byte, 4096)
			for seq := uint32(1); ; seq++ {
				select {
				case <-stop:
					return
				default:
				}
				typ := []uint16{linux.RTM_GETLINK, linux.RTM_GETADDR, linux.RTM_GETROUTE, linux.RTM_GETNEIGH}[(int(seq)+i)%4]
				if err := c.Send(ctx, request(t, typ, dumpFlags, seq, make([]byte, 16))); err != nil {
					report(err)
					return
				}
				for done := false; !done; {
					n, err := c.Receive(ctx, buf)
					if err != nil {
						report(err)
						return
					}
					for _, m := range parse(t, buf[:n]) {
						if m.Header.Type == netlink.Done || m.Header.Type == netlink.Error {
							done = true
						}
					}
				}
			}
		}()
	}
	// Listeners that join, read a little, leave, and close.
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				c, err := tr.Dial(ctx)
				if err != nil {
					report(err)
					return
				}
				for _, g := range []uint32{linux.RTNLGRP_LINK, linux.RTNLGRP_IPV4_ROUTE, linux.RTNLGRP_NEIGH} {
					report(c.JoinGroup(g))
				}
				rctx, rcancel := context.WithTimeout(ctx, 5*time.Millisecond)
				_, err = c.Receive(rctx, make([]byte, 65536))
				rcancel()
				if err != nil && !errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, syscall.ENOBUFS) {
					report(err)
				}
				report(c.LeaveGroup(linux.RTNLGRP_LINK))
				report(c.Close())
			}
		}()
	}
	// A scripter.
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			report(mem.PutRoute(testRoute4(254, fmt.Sprintf("10.%d.%d.0/24", 100+i%50, i%200), 2, 0)))
			if i%7 == 0 {
				report(mem.PutLink(testLink(uint32(50+i%5), "churn", i%2 == 0)))
			}
			if i%50 == 0 {
				mem.Overflow()
			}
		}
	}()

	time.Sleep(300 * time.Millisecond)
	close(stop)
	wg.Wait()
	require.NoError(t, tr.Close())
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
