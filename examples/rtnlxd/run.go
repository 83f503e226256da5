package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/user"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/rtnlx/rtnlx/rtnlremote"
)

// config is a parsed command line.
type config struct {
	listen     string // -listen: unix:PATH, or pipe:\\.\pipe\NAME (Windows)
	pipeSDDL   string // -pipe-sddl: who may connect to the pipe
	netns      string // -n: a namespace name or path
	metrics    string // -metrics: host:port for Prometheus
	allowGroup string // -allow-group: a group whose members may change state
	queueBytes int    // -queue: each client's queue bound
}

func parseFlags(args []string, stderr io.Writer) (*config, error) {
	var c config
	fs := flag.NewFlagSet("rtnlxd", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.listen, "listen", "", "serve on `ADDR`: unix:PATH (an AF_UNIX stream socket; not needed under socket activation) or, on Windows, "+`pipe:\\.\pipe\NAME`+" (a named pipe)")
	fs.StringVar(&c.pipeSDDL, "pipe-sddl", rtnlremote.DefaultPipeSDDL, "the named pipe's security descriptor `SDDL`: who may connect (and so read); Windows")
	fs.StringVar(&c.netns, "n", "", "serve the network namespace `NETNS` (a name under /var/run/netns or a path; Linux)")
	fs.StringVar(&c.metrics, "metrics", "", "serve Prometheus metrics over HTTP at `ADDR` (host:port), path /metrics")
	fs.StringVar(&c.allowGroup, "allow-group", "", "let members of group `NAME` change network state, besides root and CAP_NET_ADMIN")
	fs.IntVar(&c.queueBytes, "queue", rtnlremote.DefaultQueueBytes, "bound each client's queue to `BYTES`; a client that falls further behind loses events and resyncs")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if c.queueBytes <= 0 {
		return nil, fmt.Errorf("-queue must be positive, not %d", c.queueBytes)
	}
	if strings.HasPrefix(c.listen, rtnlremote.PipePrefix) {
		if runtime.GOOS != "windows" {
			return nil, fmt.Errorf("-listen %s: named pipes are a Windows transport, not available on %s (use unix:PATH)", c.listen, runtime.GOOS)
		}
		return &c, nil // ListenPipe checks the name
	}
	if c.listen != "" && !strings.HasPrefix(c.listen, "unix:") {
		return nil, fmt.Errorf("-listen %q: want unix:PATH%s", c.listen, pipeHint())
	}
	if c.listen == "unix:" {
		return nil, errors.New("-listen unix: needs a path")
	}
	return &c, nil
}

// run is the whole daemon; it returns the exit status.
func run(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) int {
	log := slog.New(slog.NewTextHandler(stderr, nil))
	c, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "rtnlxd: %v\n", err)
		return 2
	}
	if err := serve(ctx, c, getenv, log); err != nil {
		log.Error("rtnlxd: " + err.Error())
		return 1
	}
	return 0
}

// serve runs the daemon until ctx ends.
func serve(ctx context.Context, c *config, getenv func(string) string, log *slog.Logger) error {
	mayChange, err := policy(c.allowGroup)
	if err != nil {
		return err
	}
	listeners, err := activationListeners(getenv)
	if err != nil {
		return err
	}
	var cleanup []func()
	defer func() {
		for _, f := range cleanup {
			f()
		}
	}()
	if name, ok := strings.CutPrefix(c.listen, rtnlremote.PipePrefix); ok {
		l, err := rtnlremote.ListenPipe(name, c.pipeSDDL)
		if err != nil {
			for _, l := range listeners {
				l.Close()
			}
			return fmt.Errorf("-listen %s: %w", c.listen, err)
		}
		listeners = append(listeners, l)
	} else if c.listen != "" {
		l, remove, err := listenUnix(strings.TrimPrefix(c.listen, "unix:"))
		if err != nil {
			for _, l := range listeners {
				l.Close()
			}
			return err
		}
		cleanup = append(cleanup, remove)
		listeners = append(listeners, l)
	}
	if len(listeners) == 0 {
		return errors.New("nothing to serve: give -listen unix:PATH" + pipeHint() + " or start by socket activation")
	}

	be, err := openBackend(c.netns)
	if err != nil {
		for _, l := range listeners {
			l.Close()
		}
		return err
	}
	defer be.close()
	srv, err := rtnlremote.NewServer(rtnlremote.Config{
		Dial:       be.dial,
		MayChange:  mayChange,
		QueueBytes: c.queueBytes,
		Logger:     log,
	})
	if err != nil {
		for _, l := range listeners {
			l.Close()
		}
		return err
	}
	stopMetrics, err := startMetrics(c.metrics, be, srv, log)
	if err != nil {
		srv.Close()
		for _, l := range listeners {
			l.Close()
		}
		return fmt.Errorf("-metrics %s: %w", c.metrics, err)
	}
	defer stopMetrics()

	var wg sync.WaitGroup
	errs := make(chan error, len(listeners))
	for _, l := range listeners {
		log.Info("rtnlxd: serving", "addr", l.Addr().String(), "netns", c.netns)
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := srv.Serve(l); !errors.Is(err, rtnlremote.ErrServerClosed) {
				errs <- err
			}
		}()
	}
	var serveErr error
	select {
	case <-ctx.Done():
		log.Info("rtnlxd: shutting down", "clients", srv.Stats().Clients)
	case serveErr = <-errs:
	}
	srv.Close()
	wg.Wait()
	return serveErr
}

// policy is who may change state: the privileged, and the members of
// group if one is named.
func policy(group string) (func(rtnlremote.Peer) bool, error) {
	if group == "" {
		return rtnlremote.Peer.Privileged, nil
	}
	g, err := user.LookupGroup(group)
	if err != nil {
		return nil, fmt.Errorf("-allow-group: %w", err)
	}
	if runtime.GOOS == "windows" { // g.Gid is the group's SID
		return func(p rtnlremote.Peer) bool { return p.Privileged() || p.InGroupSID(g.Gid) }, nil
	}
	gid, err := strconv.ParseUint(g.Gid, 10, 32)
	if err != nil {
		return nil, fmt.Errorf("-allow-group %s: gid %q is not a number", group, g.Gid)
	}
	return func(p rtnlremote.Peer) bool { return p.Privileged() || p.InGroup(uint32(gid)) }, nil
}

// listenUnix listens on path, replacing a socket file left by a daemon
// that did not stop cleanly (but not a live one's, nor any other file).
// The socket lets anyone connect: reads are for everyone, changes are
// decided per peer. remove deletes the file.
func listenUnix(path string) (net.Listener, func(), error) {
	if fi, err := os.Lstat(path); err == nil {
		if fi.Mode()&os.ModeSocket == 0 {
			return nil, nil, fmt.Errorf("-listen %s: exists and is not a socket", path)
		}
		if nc, err := net.Dial("unix", path); err == nil {
			nc.Close()
			return nil, nil, fmt.Errorf("-listen %s: another daemon is serving it", path)
		}
		os.Remove(path)
	}
	l, err := net.Listen("unix", path)
	if err != nil {
		return nil, nil, err
	}
	// The listener must not remove the file itself when closed: remove
	// does, once, after serving stops.
	if ul, ok := l.(*net.UnixListener); ok {
		ul.SetUnlinkOnClose(false)
	}
	if err := os.Chmod(path, 0o666); err != nil {
		l.Close()
		return nil, nil, err
	}
	return l, func() { os.Remove(path) }, nil
}

// pipeHint names the named pipe form of -listen where there is one.
func pipeHint() string {
	if runtime.GOOS == "windows" {
		return ` or pipe:\\.\pipe\NAME`
	}
	return ""
}
