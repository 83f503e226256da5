package nstest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// netnsDir is where `ip netns add` binds namespace files.
const netnsDir = "/var/run/netns/"

// commandTimeout bounds every command run for a test, so a wedged tool
// fails the test instead of hanging it.
const commandTimeout = 2 * time.Minute

// An NS is a named network namespace made for one test.
type NS struct {
	// Name is the namespace name, as given to `ip -n` and `ip netns exec`.
	Name string
	// Path is the namespace file, /var/run/netns/Name, suitable for
	// netinfo.WithNetNS and backend_linux.Config.NetNS.
	Path string
}

// New creates a network namespace named prefix followed by random hex
// digits, brings its loopback up and deletes it when the test ends. It skips
// the test (or fails it under RTNLX_STRICT=1) when not root or when `ip` is
// missing.
func New(t testing.TB, prefix string) *NS {
	t.Helper()
	RequireIP(t)
	for range 5 {
		name := prefix + randomSuffix(t)
		if _, err := os.Stat(netnsDir + name); err == nil {
			continue // taken: draw again
		}
		ns := &NS{Name: name, Path: netnsDir + name}
		run(t, nil, "ip", "netns", "add", name)
		t.Cleanup(func() {
			if out, err := exec.Command("ip", "netns", "del", name).CombinedOutput(); err != nil {
				t.Errorf("nstest: deleting namespace %s: %v: %s", name, err, bytes.TrimSpace(out))
			}
		})
		ns.IP(t, "link", "set", "lo", "up")
		return ns
	}
	t.Fatalf("nstest: no free namespace name with prefix %q", prefix)
	return nil
}

// RequireIP skips the test (or fails it under RTNLX_STRICT=1) unless it runs
// as root with the `ip` command available.
func RequireIP(t testing.TB) {
	t.Helper()
	if os.Geteuid() != 0 {
		Skip(t, "network namespaces need root")
	}
	RequireCommand(t, "ip")
}

// randomSuffix returns 8 random hex digits, so namespaces of concurrent
// tests and test processes do not collide.
func randomSuffix(t testing.TB) string {
	t.Helper()
	var b [4]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatalf("nstest: random name: %v", err)
	}
	return hex.EncodeToString(b[:])
}

// IP runs `ip -n NAME args...`, fails the test on error and returns stdout.
func (ns *NS) IP(t testing.TB, args ...string) string {
	t.Helper()
	return run(t, nil, "ip", append([]string{"-n", ns.Name}, args...)...)
}

// IPJSON runs `ip -n NAME -j args...` and returns the decoded JSON array.
// An empty output decodes as an empty slice.
func (ns *NS) IPJSON(t testing.TB, args ...string) []map[string]any {
	t.Helper()
	out := run(t, nil, "ip", append([]string{"-n", ns.Name, "-j"}, args...)...)
	var objs []map[string]any
	if strings.TrimSpace(out) == "" {
		return objs
	}
	if err := json.Unmarshal([]byte(out), &objs); err != nil {
		t.Fatalf("nstest: decoding `ip -j %s`: %v\n%s", strings.Join(args, " "), err, out)
	}
	return objs
}

// Batch feeds lines to `ip -n NAME -batch -` on stdin: one command per
// line, without the leading "ip". It is the fast way to make bulk changes.
func (ns *NS) Batch(t testing.TB, lines []string) {
	t.Helper()
	var in bytes.Buffer
	for _, l := range lines {
		in.WriteString(l)
		in.WriteByte('\n')
	}
	run(t, &in, "ip", "-n", ns.Name, "-batch", "-")
}

// Exec runs `ip netns exec NAME name args...`, fails the test on error and
// returns stdout.
func (ns *NS) Exec(t testing.TB, name string, args ...string) string {
	t.Helper()
	return run(t, nil, "ip", append([]string{"netns", "exec", ns.Name, name}, args...)...)
}

// TryIP runs `ip -n NAME args...` and returns its stdout, or an error
// carrying its stderr: for tests that expect ip to fail.
func (ns *NS) TryIP(args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "ip", append([]string{"-n", ns.Name}, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.String(), fmt.Errorf("ip -n %s %s: %w: %s", ns.Name, strings.Join(args, " "), err, bytes.TrimSpace(stderr.Bytes()))
	}
	return stdout.String(), nil
}

// Command returns a command that runs name with args inside the namespace
// (through `ip netns exec`), for callers that need their own stdin, stdout
// or a long-running process; ctx kills it.
func (ns *NS) Command(ctx context.Context, name string, args ...string) *exec.Cmd {
	return exec.CommandContext(ctx, "ip", append([]string{"netns", "exec", ns.Name, name}, args...)...)
}

// run runs a command with stdin, failing the test with its stderr when it
// fails, and returns its stdout.
func run(t testing.TB, stdin io.Reader, name string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stdin = stdin
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("nstest: %s %s: %v: %s", name, strings.Join(args, " "), err, bytes.TrimSpace(stderr.Bytes()))
	}
	return stdout.String()
}
