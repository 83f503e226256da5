package winetest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

// command makes the command that runs exe under Wine, inside the named
// network namespace unless netns is "".
func (e *Env) command(ctx context.Context, netns, exe string, args []string) *exec.Cmd {
	argv := append([]string{e.Wine, exe}, args...)
	if netns != "" {
		argv = append([]string{"ip", "netns", "exec", netns}, argv...)
	}
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Env = e.environ()
	cmd.WaitDelay = 5 * time.Second
	return cmd
}

// Exec runs exe with args under Wine inside netns ("" for the test's own
// namespace) and returns its stdout and stderr, and the error of a
// non-zero exit or of the time limit (DefaultRunLimit when limit is 0).
// Runs on the prefix are serialised; see the package comment.
func (e *Env) Exec(t testing.TB, limit time.Duration, netns, exe string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	if limit <= 0 {
		limit = DefaultRunLimit
	}
	lock := e.lockPrefix(t)
	defer lock.unlock()
	e.stopServer()
	defer e.stopServer()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := e.command(ctx, netns, exe, args)
	stdout, stderr, err = runToFiles(cmd)
	if ctx.Err() != nil {
		err = errors.Join(err, ctx.Err())
	}
	return stdout, stderr, err
}

// Run is Exec that fails the test on a non-zero exit and returns stdout.
func (e *Env) Run(t testing.TB, netns, exe string, args ...string) string {
	t.Helper()
	out, errOut, err := e.Exec(t, 0, netns, exe, args...)
	if err != nil {
		t.Fatalf("winetest: wine %s %s in %q: %v\nstdout:\n%s\nstderr:\n%s", exe, strings.Join(args, " "), netns, err, tail(out), tail(errOut))
	}
	return out
}

// lockWaitNote is how long a wait for the prefix lock must be before the
// test log mentions it (runs of other tests and test processes queue).
const lockWaitNote = 2 * time.Second

// lockPrefix takes the prefix lock for one run, noting a long wait.
func (e *Env) lockPrefix(t testing.TB) *fileLock {
	t.Helper()
	start := time.Now()
	lock, err := lockFile(e.lockPath)
	if err != nil {
		t.Fatalf("winetest: %v", err)
	}
	if d := time.Since(start); d > lockWaitNote {
		t.Logf("winetest: waited %v for the Wine prefix (another run was using it)", d.Round(time.Millisecond))
	}
	return lock
}

// normalize turns Windows line ends into Unix ones.
func normalize(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }

// A Process is a Windows program running under Wine, started by Start.
type Process struct {
	// Lines delivers the program's stdout line by line; it is closed when
	// the output ends.
	Lines <-chan string

	cmd    *exec.Cmd
	cancel context.CancelFunc
	stderr *bytes.Buffer
	done   chan struct{}
	stop   sync.Once
	env    *Env
	lock   *fileLock
}

// Start starts exe under Wine inside netns and returns at once. The
// prefix stays locked until Stop, which the test's cleanup also calls:
// other runs (Run, Exec, Start, in this process or another) wait until
// then, so a test must Stop a Process before running anything else under
// Wine.
func (e *Env) Start(t testing.TB, netns, exe string, args ...string) *Process {
	t.Helper()
	lock := e.lockPrefix(t)
	e.stopServer()
	ctx, cancel := context.WithTimeout(context.Background(), DefaultRunLimit)
	cmd := e.command(ctx, netns, exe, args)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		cancel()
		lock.unlock()
		t.Fatalf("winetest: %v", err)
	}
	p := &Process{cmd: cmd, cancel: cancel, stderr: &bytes.Buffer{}, done: make(chan struct{}), env: e, lock: lock}
	cmd.Stderr = p.stderr
	if err := cmd.Start(); err != nil {
		cancel()
		lock.unlock()
		t.Fatalf("winetest: starting wine %s: %v", exe, err)
	}
	lines := make(chan string, 1024)
	p.Lines = lines
	go p.readLines(stdout, lines)
	t.Cleanup(func() { p.Stop() })
	return p
}

// readLines copies stdout into the channel until it ends. A reader that
// falls more than the channel's capacity behind stalls the program, not
// the test.
func (p *Process) readLines(r io.Reader, lines chan<- string) {
	defer close(p.done)
	defer close(lines)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		lines <- strings.TrimRight(sc.Text(), "\r")
	}
}

// Stop kills the program and its wineserver, waits for them, releases
// the prefix and returns what the program wrote to stderr.
func (p *Process) Stop() string {
	p.stop.Do(func() {
		p.cancel()
		_ = p.cmd.Wait()
		go func() {
			for range p.Lines { // drain so readLines can finish
			}
		}()
		<-p.done
		p.env.stopServer()
		p.lock.unlock()
	})
	return normalize(p.stderr.String())
}
