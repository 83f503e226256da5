package consumer

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os/exec"
	"strings"
	"sync/atomic"
	"time"

	"github.com/rtnlx/rtnlx/bench/internal/runinfo"
	"github.com/rtnlx/rtnlx/bench/scripts"
)

// pythonPath is Debian's Python, the one python3-pyroute2 is installed
// for.
const pythonPath = runinfo.PythonPath

// Pyroute2 counts route events with pyroute2's IPRoute (bind, then a
// get loop, default options) in a Python process in the namespace.
type Pyroute2 struct {
	stopped stopOnce
	nsName  string
	cmd     *exec.Cmd
	stdin   io.WriteCloser
	stderr  bytes.Buffer
	lines   chan string // stdout lines other than progress
	done    chan struct{}

	events    atomic.Int64
	overflows atomic.Int64
}

// NewPyroute2 returns a consumer for the namespace with this name.
func NewPyroute2(nsName string) *Pyroute2 { return &Pyroute2{nsName: nsName} }

// Name implements Consumer.
func (p *Pyroute2) Name() string { return "pyroute2 IPRoute bind + get" }

// PID implements Process: `ip netns exec` execs Python in its place.
func (p *Pyroute2) PID() int {
	if p.cmd == nil || p.cmd.Process == nil {
		return 0
	}
	return p.cmd.Process.Pid
}

// Start implements Consumer: it returns when the script printed "ready",
// after its bind.
func (p *Pyroute2) Start(ctx context.Context) error {
	if err := runinfo.Pyroute2(); err != nil {
		return err
	}
	p.cmd = exec.Command("ip", "netns", "exec", p.nsName, pythonPath, "-c", scripts.PyrouteWatch)
	p.cmd.Stderr = &p.stderr
	stdin, err := p.cmd.StdinPipe()
	if err != nil {
		return err
	}
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		return err
	}
	p.stdin = stdin
	if err := p.cmd.Start(); err != nil {
		return fmt.Errorf("pyroute2: %w", err)
	}
	p.lines = make(chan string, 4)
	p.done = make(chan struct{})
	go p.read(stdout)
	select {
	case line, ok := <-p.lines:
		if ok && line == "ready" {
			return nil
		}
		p.Stop()
		return fmt.Errorf("pyroute2: expected ready, got %q: %s", line, strings.TrimSpace(p.stderr.String()))
	case <-ctx.Done():
		p.Stop()
		return ctx.Err()
	}
}

// read follows the script's output: progress lines update the counters,
// others go to lines.
func (p *Pyroute2) read(stdout io.Reader) {
	defer close(p.done)
	defer close(p.lines)
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		line := sc.Text()
		var events, overflows int64
		if _, err := fmt.Sscanf(line, "progress %d %d", &events, &overflows); err == nil {
			p.events.Store(events)
			p.overflows.Store(overflows)
			continue
		}
		p.lines <- line
	}
}

// Progress implements Consumer. It lags by up to half a second: the
// script reports twice a second.
func (p *Pyroute2) Progress() int64 { return p.events.Load() }

// Stop implements Consumer; calling it again returns the same result.
func (p *Pyroute2) Stop() (Result, error) { return p.stopped.do(p.stop) }

// stop implements Consumer: closing the script's input makes it print
// its final counts and exit.
func (p *Pyroute2) stop() (Result, error) {
	res := Result{Resyncs: -1, ResyncEvents: -1, StateDiff: -1}
	if p.cmd == nil || p.stdin == nil {
		return res, nil
	}
	p.stdin.Close()
	p.stdin = nil
	var final string
	timeout := time.After(time.Minute)
collect:
	for {
		select {
		case line, ok := <-p.lines:
			if !ok {
				break collect
			}
			final = line
		case <-timeout:
			p.cmd.Process.Kill()
		}
	}
	<-p.done
	if err := p.cmd.Wait(); err != nil {
		return res, fmt.Errorf("pyroute2: %v: %s", err, strings.TrimSpace(p.stderr.String()))
	}
	var r struct {
		Events        int64   `json:"events"`
		Enobufs       int64   `json:"enobufs"`
		LastEventUnix float64 `json:"last_event_unix"`
	}
	if err := json.Unmarshal([]byte(final), &r); err != nil {
		return res, fmt.Errorf("pyroute2: final line %q: %w", final, err)
	}
	res.Events, res.Overflows = r.Events, r.Enobufs
	if r.LastEventUnix > 0 {
		sec, frac := math.Modf(r.LastEventUnix)
		res.LastEvent = time.Unix(int64(sec), int64(frac*1e9))
	}
	return res, nil
}

// Activity implements Consumer: the route events.
func (p *Pyroute2) Activity() int64 { return p.Progress() }

// Settled implements Consumer: there is nothing to wait for.
func (p *Pyroute2) Settled() bool { return true }
