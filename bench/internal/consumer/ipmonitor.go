package consumer

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"sync/atomic"
	"syscall"
)

// IPMonitor counts the lines `ip monitor route` prints, one per route
// event, and the receive errors it reports on standard error. The same
// type runs `ipinfo monitor route`, which prints the same lines.
type IPMonitor struct {
	stopped   stopOnce
	nsName    string
	bin, name string
	cmd       *exec.Cmd
	done      chan struct{}
	cnt       counter
	overflows atomic.Int64
	errLine   atomic.Value // string: the last stderr line that is not an overflow
}

// NewIPMonitor returns a consumer for the namespace with this name.
func NewIPMonitor(nsName string) *IPMonitor {
	return &IPMonitor{nsName: nsName, bin: "ip", name: "ip monitor route"}
}

// NewIPInfoMonitor returns a consumer that runs the ipinfo binary at bin
// as `ipinfo -n NS monitor route`.
func NewIPInfoMonitor(bin, nsName string) *IPMonitor {
	return &IPMonitor{nsName: nsName, bin: bin, name: "ipinfo monitor route"}
}

// Name implements Consumer.
func (m *IPMonitor) Name() string { return m.name }

// PID implements Process.
func (m *IPMonitor) PID() int {
	if m.cmd == nil || m.cmd.Process == nil {
		return 0
	}
	return m.cmd.Process.Pid
}

// Start implements Consumer. ip says nothing when it has subscribed, so
// Start returns at once; the storm waits until every consumer has seen
// a marker route before it begins.
func (m *IPMonitor) Start(ctx context.Context) error {
	m.cmd = exec.Command(m.bin, "-n", m.nsName, "monitor", "route")
	stdout, err := m.cmd.StdoutPipe()
	if err != nil {
		return err
	}
	stderr, err := m.cmd.StderrPipe()
	if err != nil {
		return err
	}
	if err := m.cmd.Start(); err != nil {
		return fmt.Errorf("%s: %w", m.name, err)
	}
	m.done = make(chan struct{})
	errDone := make(chan struct{})
	go func() {
		defer close(errDone)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			// iproute2 prints strerror's capitalised text:
			// "netlink receive error No buffer space available (105)".
			if strings.Contains(strings.ToLower(sc.Text()), strings.ToLower(syscall.ENOBUFS.Error())) {
				m.overflows.Add(1)
			} else {
				m.errLine.Store(sc.Text())
			}
		}
	}()
	go func() {
		defer close(m.done)
		m.count(stdout)
		<-errDone
	}()
	return nil
}

// count counts stdout lines in large reads: ip prints tens of thousands
// of lines a second in a storm.
func (m *IPMonitor) count(r io.Reader) {
	buf := make([]byte, 1<<16)
	for {
		n, err := r.Read(buf)
		if lines := int64(bytes.Count(buf[:n], []byte{'\n'})); lines > 0 {
			m.cnt.add(lines)
		}
		if err != nil {
			return
		}
	}
}

// Progress implements Consumer.
func (m *IPMonitor) Progress() int64 { return m.cnt.events.Load() }

// Stop implements Consumer; calling it again returns the same result.
func (m *IPMonitor) Stop() (Result, error) { return m.stopped.do(m.stop) }

// stop implements Consumer.
func (m *IPMonitor) stop() (Result, error) {
	res := Result{Resyncs: -1, ResyncEvents: -1, StateDiff: -1}
	if m.cmd == nil {
		return res, nil
	}
	m.cmd.Process.Signal(syscall.SIGTERM)
	<-m.done
	m.cmd.Wait()
	res.Events, res.LastEvent = m.cnt.events.Load(), m.cnt.last()
	res.Overflows = m.overflows.Load()
	if s, ok := m.errLine.Load().(string); ok {
		res.Stopped = s
	}
	return res, nil
}

// Activity implements Consumer: the route events.
func (m *IPMonitor) Activity() int64 { return m.Progress() }

// Settled implements Consumer: there is nothing to wait for.
func (m *IPMonitor) Settled() bool { return true }
