// Command rtnlxdbench measures what clients of an rtnlremote server (the
// core of examples/rtnlxd) leave behind: -clients clients connect,
// dump links and routes through it and leave, -parallel at a time; the
// process's file descriptors and goroutines are counted before, at the
// peak and after the last client has gone. The server serves the
// kernel's NETLINK_ROUTE of the current namespace (dumps only: nothing
// is changed, no root needed).
//
// With -storm ROUTES (root) it measures the daemon under an event storm
// instead: -storm-clients clients watch routes through examples/rtnlxd
// (built and run as a process) while ROUTES routes are added and then
// deleted in a namespace; it reports how many received every event,
// whether each one's state equals a fresh dump, and the daemon's CPU
// time against one local watcher's (a child process) for the same storm.
//
//	cd bench && go run ./cmd/rtnlxdbench [-clients 1000] [-parallel 50]
//	cd bench && go run ./cmd/rtnlxdbench -storm 20000 [-storm-clients 100]
//	cd bench && go run ./cmd/rtnlxdbench -storm 100000 -storm-compact [-storm-clients 100]
//
// -storm-compact gives the clients a view-less watch (WatchFunc) and a
// state of route keys and digests, and re-reads the routes after a
// resync: 100 clients of a 100,000-route table then fit in one process.
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rtnlx/rtnlx/backend_linux"
	"github.com/rtnlx/rtnlx/netinfo"
	"github.com/rtnlx/rtnlx/rtnlremote"
)

func main() {
	clients := flag.Int("clients", 1000, "clients that connect, dump and leave")
	parallel := flag.Int("parallel", 50, "clients at a time")
	routes := flag.Int("storm", 0, "instead: a storm of this many routes added and deleted, watched through rtnlxd (root)")
	stormClients := flag.Int("storm-clients", 100, "with -storm: clients watching through rtnlxd")
	compact := flag.Bool("storm-compact", false, "with -storm: clients watch with WatchFunc and keep route keys and digests, not Routes and a view (100 clients of 100,000 routes fit in memory)")
	daemonDir := flag.String("rtnlxd", "../examples/rtnlxd", "with -storm: the daemon's module directory")
	idle := flag.Duration("idle", 10*time.Second, "with -storm: stop waiting when no event came for this long")
	maxWait := flag.Duration("max-wait", 5*time.Minute, "with -storm: stop waiting after this long")
	localWatcher := flag.String("local-watcher", "", "internal: be -storm's local watcher of this namespace path")
	flag.Parse()
	var err error
	switch {
	case *localWatcher != "":
		err = localWatcherMain(*localWatcher)
	case *routes > 0:
		err = storm(context.Background(), stormConfig{routes: *routes, clients: *stormClients, daemonDir: *daemonDir, idle: *idle, maxWait: *maxWait, compact: *compact})
	default:
		err = run(*clients, *parallel)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "rtnlxdbench:", err)
		os.Exit(1)
	}
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "rtnlxdbench: "+format+"\n", args...)
}

// fds counts the process's open file descriptors.
func fds() int {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return -1
	}
	return len(ents)
}

func run(clients, parallel int) error {
	tr, err := backend_linux.NewTransport(backend_linux.Config{})
	if err != nil {
		return err
	}
	defer tr.Close()
	srv, err := rtnlremote.NewServer(rtnlremote.Config{
		Dial: func(ctx context.Context) (rtnlremote.Conn, error) { return tr.Dial(ctx) },
	})
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "rtnlxdbench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	sock := filepath.Join(dir, "s")
	l, err := net.Listen("unix", sock)
	if err != nil {
		return err
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(l) }()
	defer func() { srv.Close(); <-served }()

	time.Sleep(100 * time.Millisecond)
	fd0, g0 := fds(), runtime.NumGoroutine()
	var peakFD, peakG, peakClients atomic.Int64
	sample := func() {
		if n := int64(fds()); n > peakFD.Load() {
			peakFD.Store(n)
		}
		if n := int64(runtime.NumGoroutine()); n > peakG.Load() {
			peakG.Store(n)
		}
		if n := int64(srv.Stats().Clients); n > peakClients.Load() {
			peakClients.Store(n)
		}
	}
	start := time.Now()
	var routes, failures atomic.Int64
	work := make(chan struct{})
	var wg sync.WaitGroup
	for range parallel {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range work {
				ctx := context.Background()
				h, err := netinfo.Open(netinfo.WithRemote(sock))
				if err != nil {
					failures.Add(1)
					continue
				}
				if _, err := h.Links(ctx); err != nil {
					failures.Add(1)
				}
				rs, err := h.Routes(ctx, netinfo.RouteFilter{})
				if err != nil {
					failures.Add(1)
				}
				routes.Add(int64(len(rs)))
				sample()
				h.Close()
			}
		}()
	}
	for range clients {
		work <- struct{}{}
	}
	close(work)
	wg.Wait()
	elapsed := time.Since(start)

	// The server notices each departure on its own goroutines.
	deadline := time.Now().Add(10 * time.Second)
	for srv.Stats().Clients > 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	var fd1, g1 int
	for time.Now().Before(deadline) {
		fd1, g1 = fds(), runtime.NumGoroutine()
		if fd1 <= fd0 && g1 <= g0 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	s := srv.Stats()
	fmt.Printf("clients %d (%d at a time), %v, %.0f clients/s, %d routes dumped, %d failures\n",
		clients, parallel, elapsed.Round(time.Millisecond), float64(clients)/elapsed.Seconds(), routes.Load(), failures.Load())
	fmt.Printf("server: accepted %d, connected at the peak >= %d, connected after %d\n", s.Accepted, peakClients.Load(), s.Clients)
	fmt.Printf("file descriptors: before %d, peak >= %d, after %d\n", fd0, peakFD.Load(), fd1)
	fmt.Printf("goroutines:       before %d, peak >= %d, after %d\n", g0, peakG.Load(), g1)
	if failures.Load() > 0 || fd1 > fd0 || g1 > g0 || s.Clients != 0 {
		return fmt.Errorf("not back to baseline (or failures): fds %d -> %d, goroutines %d -> %d, clients %d", fd0, fd1, g0, g1, s.Clients)
	}
	return nil
}
