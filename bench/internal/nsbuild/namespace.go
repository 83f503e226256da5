// Package nsbuild creates the network namespaces the benchmarks measure
// and fills them quickly with `ip -batch`.
package nsbuild

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
)

// netnsDir is where `ip netns add` binds namespace files.
const netnsDir = "/var/run/netns/"

// A Namespace is a named network namespace made by this process.
type Namespace struct {
	// Name is the name given to `ip -n` and `ip netns exec`.
	Name string
	// Path is the namespace file, for netinfo.WithNetNS and setns(2).
	Path string
}

// Create makes a namespace named prefix-PID-RANDOM and brings its
// loopback up. The PID in the name lets RemoveStale recognise namespaces
// left behind by a process that was killed.
func Create(ctx context.Context, prefix string) (*Namespace, error) {
	var b [3]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, err
	}
	name := fmt.Sprintf("%s-%d-%s", prefix, os.Getpid(), hex.EncodeToString(b[:]))
	if err := run(ctx, nil, io.Discard, "ip", "netns", "add", name); err != nil {
		return nil, err
	}
	ns := &Namespace{Name: name, Path: netnsDir + name}
	if err := ns.IP(ctx, "link", "set", "lo", "up"); err != nil {
		ns.Delete()
		return nil, err
	}
	return ns, nil
}

// Delete removes the namespace. It takes no context: it must run even
// after the benchmark's context was cancelled by an interrupt.
func (ns *Namespace) Delete() error {
	out, err := exec.Command("ip", "netns", "del", ns.Name).CombinedOutput()
	if err != nil {
		return fmt.Errorf("deleting namespace %s: %v: %s", ns.Name, err, bytes.TrimSpace(out))
	}
	return nil
}

// IP runs `ip -n NAME args...`, discarding its output.
func (ns *Namespace) IP(ctx context.Context, args ...string) error {
	return run(ctx, nil, io.Discard, "ip", append([]string{"-n", ns.Name}, args...)...)
}

// Batch feeds lines (ip commands without the leading "ip") to
// `ip -n NAME -batch -`, the fast way to make bulk changes.
func (ns *Namespace) Batch(ctx context.Context, lines []string) error {
	var in bytes.Buffer
	for _, l := range lines {
		in.WriteString(l)
		in.WriteByte('\n')
	}
	return run(ctx, &in, io.Discard, "ip", "-n", ns.Name, "-batch", "-")
}

// Sysctl sets a sysctl inside the namespace.
func (ns *Namespace) Sysctl(ctx context.Context, key, value string) error {
	return run(ctx, nil, io.Discard, "ip", "netns", "exec", ns.Name, "sysctl", "-q", "-w", key+"="+value)
}

// RemoveStale deletes namespaces named prefix-PID-* whose PID no longer
// runs: leftovers of a benchmark that was killed before it could clean
// up. It returns the names it removed.
func RemoveStale(prefix string) ([]string, error) {
	entries, err := os.ReadDir(netnsDir)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var removed []string
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), prefix+"-")
		if !ok {
			continue
		}
		pidText, _, ok := strings.Cut(rest, "-")
		if !ok {
			continue
		}
		pid, err := strconv.Atoi(pidText)
		if err != nil || pid == os.Getpid() || processAlive(pid) {
			continue
		}
		ns := &Namespace{Name: e.Name(), Path: netnsDir + e.Name()}
		if err := ns.Delete(); err != nil {
			return removed, err
		}
		removed = append(removed, e.Name())
	}
	return removed, nil
}

// processAlive reports whether a process with this PID exists.
func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || err == syscall.EPERM
}

// run runs a command with stdin and stdout, returning its stderr in the
// error when it fails.
func run(ctx context.Context, stdin io.Reader, stdout io.Writer, name string, args ...string) error {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stdin = stdin
	cmd.Stdout = stdout
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if len(msg) > 2000 {
			msg = msg[:2000] + "..."
		}
		return fmt.Errorf("%s %s: %v: %s", name, shortArgs(args), err, msg)
	}
	return nil
}

// shortArgs prints a command's arguments for an error message.
func shortArgs(args []string) string {
	s := strings.Join(args, " ")
	if len(s) > 200 {
		s = s[:200] + "..."
	}
	return s
}

// Existing refers to a namespace made elsewhere, by name.
func Existing(name string) *Namespace {
	return &Namespace{Name: name, Path: netnsDir + name}
}
