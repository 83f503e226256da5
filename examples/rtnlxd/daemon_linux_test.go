package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"os"
	"os/exec"
	"os/signal"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/nstest"
	"github.com/rtnlx/rtnlx/netinfo"
)

// The test binary doubles as two helpers, chosen by environment:
// helperChangeEnv adds the route it names through the daemon at
// helperSocketEnv and exits 0, or prints the error and exits 1;
// helperDaemonEnv runs the daemon with the arguments it holds, as main
// does, taking LISTEN_PID to be itself (systemd sets it after the fork,
// which exec.Cmd cannot).
const (
	helperChangeEnv = "RTNLXD_TEST_CHANGE"
	helperSocketEnv = "RTNLXD_TEST_SOCKET"
	helperDaemonEnv = "RTNLXD_TEST_DAEMON"
)

func TestMain(m *testing.M) {
	if route, ok := os.LookupEnv(helperChangeEnv); ok {
		os.Exit(helperChange(route, os.Getenv(helperSocketEnv)))
	}
	if args, ok := os.LookupEnv(helperDaemonEnv); ok {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		getenv := func(k string) string {
			if k == "LISTEN_PID" {
				return strconv.Itoa(os.Getpid())
			}
			return os.Getenv(k)
		}
		code := run(ctx, strings.Split(args, "\n"), getenv, os.Stderr)
		stop()
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// helperChange adds "PREFIX DEV" through the daemon at socket.
func helperChange(route, socket string) int {
	prefix, dev, _ := strings.Cut(route, " ")
	h, err := netinfo.Open(netinfo.WithRemote(socket))
	if err != nil {
		fmt.Println(err)
		return 1
	}
	defer h.Close()
	ctx := context.Background()
	l, err := h.LinkByName(ctx, dev)
	if err != nil {
		fmt.Println(err)
		return 1
	}
	err = h.AddRoute(ctx, netinfo.Route{Dst: netip.MustParsePrefix(prefix), OutIndex: l.Index})
	if err != nil {
		fmt.Println(err)
		if errors.Is(err, syscall.EPERM) {
			fmt.Println("errno EPERM")
		}
		return 1
	}
	return 0
}

// tempGroup makes a group for the test and removes it afterwards.
func tempGroup(t *testing.T) (string, uint32) {
	t.Helper()
	nstest.RequireCommand(t, "groupadd")
	name := fmt.Sprintf("rtnlxd%d", os.Getpid()%100000)
	out, err := exec.Command("groupadd", name).CombinedOutput()
	require.NoError(t, err, "groupadd: %s", out)
	t.Cleanup(func() { exec.Command("groupdel", name).Run() })
	g, err := user.LookupGroup(name)
	require.NoError(t, err)
	gid, err := strconv.ParseUint(g.Gid, 10, 32)
	require.NoError(t, err)
	return name, uint32(gid)
}

// changeAs adds route (PREFIX DEV) through socket as uid 65534 (nobody)
// with the supplementary groups given, and returns the exit status and
// output.
func changeAs(t *testing.T, bin, socket, route string, groups ...uint32) (int, string) {
	t.Helper()
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), helperChangeEnv+"="+route, helperSocketEnv+"="+socket)
	nstest.RunAsNobody(cmd, groups...)
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode(), string(out)
	}
	require.NoError(t, err)
	return 0, string(out)
}

// lockedBuffer is a log both the daemon and the test touch.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// freeTCPAddr is a loopback address with a port nothing listens on.
func freeTCPAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return l.Addr().String()
}

// scrapeMetrics reads the daemon's metrics page.
func scrapeMetrics(t *testing.T, addr string) string {
	t.Helper()
	resp, err := http.Get("http://" + addr + "/metrics")
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return string(b)
}

func waitForSocket(t *testing.T, path string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		nc, err := net.Dial("unix", path)
		if err == nil {
			nc.Close()
			return
		}
		require.True(t, time.Now().Before(deadline), "the daemon never listened on %s: %v", path, err)
		time.Sleep(10 * time.Millisecond)
	}
}

// TestAccessControl runs the daemon on a namespace with -allow-group:
// nobody outside the group gets the kernel's EPERM and changes nothing;
// nobody in the group and root succeed; SIGTERM's context end stops the
// daemon cleanly and removes its socket.
func TestAccessControl(t *testing.T) {
	if os.Geteuid() != 0 {
		nstest.Skip(t, "running clients as another user needs root")
	}
	ns := nstest.New(t, "rtxd")
	nstest.Populate(t, ns)
	group, gid := tempGroup(t)
	bin := nstest.ExposedTestBinary(t)
	socket := filepath.Join(nstest.ExposedTempDir(t), "rtnlxd.sock")

	metrics := freeTCPAddr(t)

	logs := &lockedBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"-listen", "unix:" + socket, "-n", ns.Name, "-allow-group", group, "-metrics", metrics}, func(string) string { return "" }, logs)
	}()
	waitForSocket(t, socket)

	before := ns.IP(t, "-j", "route", "show", "table", "all")
	code, out := changeAs(t, bin, socket, "100.64.7.0/24 veth0")
	require.Equal(t, 1, code, out)
	require.Contains(t, out, "operation not permitted")
	require.Contains(t, out, "errno EPERM")
	require.Equal(t, before, ns.IP(t, "-j", "route", "show", "table", "all"), "a refused change changed the routes")
	require.Contains(t, logs.String(), "change refused")
	scrape := scrapeMetrics(t, metrics)
	for _, line := range []string{
		"rtnlxd_refused_changes_total 1",
		`rtnlxd_link_oper_state{link="veth0",state="UP"} 1`,
		`rtnlxd_link_carrier_changes_total{link="veth0"}`,
		`rtnlxd_link_receive_bytes_total{link="veth0"}`,
		`rtnlxd_routes{family="inet",table="local"}`,
		`rtnlxd_addresses{family="inet6"}`,
		`rtnlxd_neighbors{family="inet"}`,
		"rtnlxd_scrape_error 0",
	} {
		require.Contains(t, scrape, line)
	}

	code, out = changeAs(t, bin, socket, "100.64.7.0/24 veth0", gid)
	require.Equal(t, 0, code, out)
	require.Contains(t, ns.IP(t, "route", "show", "100.64.7.0/24"), "100.64.7.0/24 dev veth0")

	h, err := netinfo.Open(netinfo.WithRemote(socket))
	require.NoError(t, err)
	l, err := h.LinkByName(ctx, "veth0")
	require.NoError(t, err)
	require.NoError(t, h.AddRoute(ctx, netinfo.Route{Dst: netip.MustParsePrefix("100.64.8.0/24"), OutIndex: l.Index}), "root's change")
	require.Contains(t, ns.IP(t, "route", "show", "100.64.8.0/24"), "100.64.8.0/24 dev veth0")
	require.NoError(t, h.Close())

	cancel()
	select {
	case code := <-done:
		require.Equal(t, 0, code, logs.String())
	case <-time.After(10 * time.Second):
		t.Fatal("the daemon did not stop")
	}
	_, err = os.Lstat(socket)
	require.ErrorIs(t, err, os.ErrNotExist, "the socket file outlived the daemon")
}

// TestSocketActivation starts the daemon as systemd would, with its
// listening socket as fd 3 and LISTEN_FDS=1, serves a client through
// it, and stops it with SIGTERM: it exits 0.
func TestSocketActivation(t *testing.T) {
	if os.Geteuid() != 0 {
		nstest.Skip(t, "the daemon's kernel backend in a namespace needs root")
	}
	ns := nstest.New(t, "rtxd")
	nstest.Populate(t, ns)
	socket := filepath.Join(nstest.ExposedTempDir(t), "rtnlxd.sock")
	l, err := net.Listen("unix", socket)
	require.NoError(t, err)
	f, err := l.(*net.UnixListener).File()
	require.NoError(t, err)
	l.(*net.UnixListener).SetUnlinkOnClose(false)
	l.Close() // the daemon gets the copy in f
	defer f.Close()

	self, err := os.Executable()
	require.NoError(t, err)
	var stderr lockedBuffer
	cmd := exec.Command(self)
	cmd.Env = append(os.Environ(), helperDaemonEnv+"=-n\n"+ns.Name, "LISTEN_FDS=1")
	cmd.ExtraFiles = []*os.File{f}
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	defer cmd.Process.Kill()

	h, err := netinfo.Open(netinfo.WithRemote(socket))
	require.NoError(t, err, stderr.String())
	links, err := h.Links(context.Background())
	require.NoError(t, err)
	require.NotEmpty(t, links)
	require.NoError(t, h.Close())

	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	require.NoError(t, cmd.Wait(), stderr.String())
	require.Contains(t, stderr.String(), "shutting down")
}
