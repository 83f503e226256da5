package consumer

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"time"
)

// Child runs an in-process consumer in a child process, so that its CPU
// time and memory are its own: the storm command's -scale mode starts
// its own binary with the arguments that make it run ServeChild.
type Child struct {
	stopped stopOnce
	bin     string // "" for this binary
	name    string
	args    []string
	cmd     *exec.Cmd
	stdin   io.WriteCloser
	stderr  bytes.Buffer
	lines   chan string // stdout lines other than progress
	done    chan struct{}

	progress, activity atomic.Int64
	settled            atomic.Bool
}

// NewChild returns a consumer named name that runs this binary with args
// (which must make it call ServeChild).
func NewChild(name string, args ...string) *Child { return &Child{name: name, args: args} }

// NewChildOf is NewChild running the binary bin instead: another build
// of the same command, for a before-and-after comparison in one storm.
func NewChildOf(bin, name string, args ...string) *Child {
	return &Child{bin: bin, name: name, args: args}
}

// Name implements Consumer.
func (c *Child) Name() string { return c.name }

// PID implements Process.
func (c *Child) PID() int {
	if c.cmd == nil || c.cmd.Process == nil {
		return 0
	}
	return c.cmd.Process.Pid
}

// Start implements Consumer: it returns when the child's consumer has
// started.
func (c *Child) Start(ctx context.Context) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	if c.bin != "" {
		self = c.bin
	}
	c.cmd = exec.Command(self, c.args...)
	c.cmd.Stderr = &c.stderr
	if c.stdin, err = c.cmd.StdinPipe(); err != nil {
		return err
	}
	stdout, err := c.cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := c.cmd.Start(); err != nil {
		return fmt.Errorf("%s: %w", c.name, err)
	}
	c.settled.Store(true)
	c.lines = make(chan string, 4)
	c.done = make(chan struct{})
	go c.read(stdout)
	select {
	case line, ok := <-c.lines:
		if ok && line == "ready" {
			return nil
		}
		c.Stop()
		return fmt.Errorf("%s: %s %s", c.name, line, strings.TrimSpace(c.stderr.String()))
	case <-ctx.Done():
		c.Stop()
		return ctx.Err()
	}
}

func (c *Child) read(stdout io.Reader) {
	defer close(c.done)
	defer close(c.lines)
	sc := bufio.NewScanner(stdout)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		var p, a, s int64
		if _, err := fmt.Sscanf(line, "progress %d %d %d", &p, &a, &s); err == nil {
			c.progress.Store(p)
			c.activity.Store(a)
			c.settled.Store(s != 0)
			continue
		}
		c.lines <- line
	}
}

// Progress implements Consumer; it lags by up to childReport.
func (c *Child) Progress() int64 { return c.progress.Load() }

// Activity implements Consumer.
func (c *Child) Activity() int64 { return c.activity.Load() }

// Settled implements Consumer.
func (c *Child) Settled() bool { return c.settled.Load() }

// Stop implements Consumer; calling it again returns the same result.
func (c *Child) Stop() (Result, error) { return c.stopped.do(c.stop) }

// stop closes the child's input, which makes it stop its consumer, print
// the result and exit.
func (c *Child) stop() (Result, error) {
	res := Result{Resyncs: -1, ResyncEvents: -1, StateDiff: -1}
	if c.cmd == nil || c.stdin == nil {
		return res, nil
	}
	c.stdin.Close()
	var final string
	timeout := time.After(2 * time.Minute)
collect:
	for {
		select {
		case line, ok := <-c.lines:
			if !ok {
				break collect
			}
			final = line
		case <-timeout:
			c.cmd.Process.Kill()
		}
	}
	<-c.done
	if err := c.cmd.Wait(); err != nil {
		return res, fmt.Errorf("%s: %v: %s", c.name, err, strings.TrimSpace(c.stderr.String()))
	}
	var r struct {
		Result Result
		Err    string
	}
	body, ok := strings.CutPrefix(final, "result ")
	if !ok {
		return res, fmt.Errorf("%s: final line %q: %s", c.name, final, strings.TrimSpace(c.stderr.String()))
	}
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		return res, fmt.Errorf("%s: final line %q: %w", c.name, final, err)
	}
	if r.Err != "" {
		return r.Result, fmt.Errorf("%s", r.Err)
	}
	return r.Result, nil
}

// childReport is how often ServeChild reports its consumer's progress.
const childReport = 50 * time.Millisecond

// ServeChild is the child's side of Child: it starts c, prints "ready",
// reports progress until its standard input ends, then stops c and
// prints the result.
func ServeChild(ctx context.Context, c Consumer) error {
	out := bufio.NewWriter(os.Stdout)
	if err := c.Start(ctx); err != nil {
		fmt.Fprintf(out, "error %v\n", err)
		return out.Flush()
	}
	fmt.Fprintln(out, "ready")
	out.Flush()
	eof := make(chan struct{})
	go func() {
		io.Copy(io.Discard, os.Stdin)
		close(eof)
	}()
	tick := time.NewTicker(childReport)
	defer tick.Stop()
	report := func() {
		s := 0
		if c.Settled() {
			s = 1
		}
		fmt.Fprintf(out, "progress %d %d %d\n", c.Progress(), c.Activity(), s)
		out.Flush()
	}
	for running := true; running; {
		select {
		case <-tick.C:
			report()
		case <-eof:
			running = false
		case <-ctx.Done():
			running = false
		}
	}
	report()
	res, err := c.Stop()
	var r struct {
		Result Result
		Err    string
	}
	r.Result = res
	if err != nil {
		r.Err = err.Error()
	}
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "result %s\n", b)
	return out.Flush()
}
