//go:build linux

package conformance

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/rtnlx/rtnlx/internal/nstest"
	"github.com/rtnlx/rtnlx/netinfo"
)

// kernelChurn is a namespace changed by one long-running
// `ip -force -batch -`, fed a burst at a time: an ip process per burst
// would cost more than the operations.
type kernelChurn struct {
	ns     *nstest.NS
	h      *netinfo.Handle
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stderr *bufio.Reader
	line   int // lines written so far
}

// newKernelChurn makes churn systems in fresh namespaces for t, opened
// with opts. DAD is off, so IPv6 addresses need no time to settle.
func newKernelChurn(t testing.TB, opts ...netinfo.Option) func(context.Context) (ChurnSystem, error) {
	return func(ctx context.Context) (ChurnSystem, error) {
		ns := nstest.New(t, "rtch")
		ns.Exec(t, "sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0")
		h, err := netinfo.Open(append([]netinfo.Option{netinfo.WithNetNS(ns.Path)}, opts...)...)
		if err != nil {
			return nil, err
		}
		k := &kernelChurn{ns: ns, h: h}
		if err := k.start(); err != nil {
			h.Close()
			return nil, err
		}
		return k, nil
	}
}

// start starts ip.
func (k *kernelChurn) start() error {
	k.cmd = exec.Command("ip", "-n", k.ns.Name, "-force", "-batch", "-")
	var err error
	if k.stdin, err = k.cmd.StdinPipe(); err != nil {
		return err
	}
	errPipe, err := k.cmd.StderrPipe()
	if err != nil {
		return err
	}
	k.stderr = bufio.NewReader(errPipe)
	k.line = 0
	return k.cmd.Start()
}

// restart replaces an ip that exited.
func (k *kernelChurn) restart() error {
	k.stdin.Close()
	k.cmd.Wait()
	return k.start()
}

func (k *kernelChurn) Handle() *netinfo.Handle { return k.h }

// Close ends ip and closes the handle; the namespace goes when the test
// ends.
func (k *kernelChurn) Close() error {
	k.stdin.Close()
	k.cmd.Wait()
	return k.h.Close()
}

// failedLine is how ip -batch -force reports a command that failed.
var failedLine = regexp.MustCompile(`Command failed -:(\d+)`)

// churnMarker is a command that always fails: its report on stderr, which
// ip does not buffer, tells that the lines before it are done.
const churnMarker = "link show dev churn-marker"

// Apply writes the burst and a marker, then reads ip's reports up to the
// marker's.
func (k *kernelChurn) Apply(ctx context.Context, ops []ChurnOp) []error {
	var in bytes.Buffer
	first := k.line + 1
	var lineOp []int // op of each line
	for i, op := range ops {
		for _, l := range op.Lines() {
			in.WriteString(l + "\n")
			lineOp = append(lineOp, i)
		}
	}
	in.WriteString(churnMarker + "\n")
	k.line += len(lineOp) + 1
	marker := k.line
	errs := make([]error, len(ops))
	fail := func(err error) []error {
		for i := range errs {
			errs[i] = err
		}
		return errs
	}
	if _, err := k.stdin.Write(in.Bytes()); err != nil {
		return fail(err)
	}
	var prev string
	for {
		l, err := k.stderr.ReadString('\n')
		if err != nil {
			// ip exits on some bad arguments, even with -force: the
			// burst's fate is unknown; a new ip takes the next.
			if err := k.restart(); err != nil {
				return fail(err)
			}
			return fail(fmt.Errorf("ip exited (last said %q): %w", prev, ErrChurnUnknown))
		}
		m := failedLine.FindStringSubmatch(l)
		if m == nil {
			prev = strings.TrimSpace(l)
			continue
		}
		n, _ := strconv.Atoi(m[1])
		if n == marker {
			return errs
		}
		if n >= first && n < marker {
			errs[lineOp[n-first]] = &churnRefusal{prev}
		}
	}
}

// TestChurnLinux runs the churn tester on the kernel: a few fixed seeds
// (1 and 42 found the divergences fixed so far), one on a small receive
// buffer that forces resyncs, and a fresh one (churnRuns). CHURN_SEED and
// CHURN_OPS choose one run instead (make churn).
func TestChurnLinux(t *testing.T) {
	nstest.RequireIP(t)
	for _, run := range churnRuns(t, []uint64{1, 2, 3, 42}, 400) {
		t.Run(run.name, func(t *testing.T) {
			opts := []netinfo.Option{}
			if run.smallBuffer {
				opts = append(opts, netinfo.WithReceiveBuffer(16384))
			}
			c := &Churn{New: newKernelChurn(t, opts...), Seed: run.seed, Ops: run.ops, Silent: netinfo.NeighNoARP, Logf: t.Logf, InPlace: run.inPlace}
			runChurn(t, c)
		})
	}
}

// A churnRefusal is an operation the system refused, with ip's message.
type churnRefusal struct{ msg string }

func (e *churnRefusal) Error() string { return e.msg }
