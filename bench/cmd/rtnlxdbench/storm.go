package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rtnlx/rtnlx/bench/internal/consumer"
	"github.com/rtnlx/rtnlx/bench/internal/nsbuild"
	"github.com/rtnlx/rtnlx/bench/internal/runinfo"
)

// stormConfig is -storm's.
type stormConfig struct {
	routes, clients int
	daemonDir       string        // examples/rtnlxd, built here
	idle, maxWait   time.Duration // when to stop waiting for events
	compact         bool          // clients keep keys and digests (WatchFunc), not Routes and a view
}

// markerRoute shows each watcher is listening before the storm.
const markerRoute = "198.18.0.1/32"

// storm runs the daemon storm: a namespace; rtnlxd serving it (a
// process); -clients watchers through rtnlxd in this process; one local
// watcher (a child process, this program with -local-watcher) on the
// kernel directly; routes added then deleted. It reports how many
// clients received every event, whether every client's state equals a
// fresh dump, and the CPU the daemon and the local watcher spent from
// the storm's start until every watcher had settled.
func storm(ctx context.Context, cfg stormConfig) error {
	if err := runinfo.SmokePrereqs(); err != nil {
		return err
	}
	const prefix = "rtnlxdstorm"
	if _, err := nsbuild.RemoveStale(prefix); err != nil {
		return err
	}
	ns, err := nsbuild.Create(ctx, prefix)
	if err != nil {
		return err
	}
	defer ns.Delete()
	if err := nsbuild.DisableIPv6(ctx, ns); err != nil {
		return err
	}
	if err := nsbuild.PrepareGateway(ctx, ns); err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "rtnlxdstorm")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	// The daemon, built from its module and run as a process of its own.
	bin := filepath.Join(dir, "rtnlxd")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, ".")
	build.Dir = cfg.daemonDir
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("building rtnlxd: %v\n%s", err, out)
	}
	sock := filepath.Join(dir, "s")
	daemonLog, err := os.Create(filepath.Join(dir, "rtnlxd.log"))
	if err != nil {
		return err
	}
	daemon := exec.Command(bin, "-listen", "unix:"+sock, "-n", ns.Path)
	daemon.Stdout, daemon.Stderr = daemonLog, daemonLog
	if err := daemon.Start(); err != nil {
		return err
	}
	defer func() {
		daemon.Process.Signal(os.Interrupt)
		daemon.Wait()
	}()
	for deadline := time.Now().Add(30 * time.Second); ; {
		if _, err := os.Stat(sock); err == nil {
			break
		}
		if time.Now().After(deadline) {
			return errors.New("rtnlxd did not make its socket in 30s")
		}
		time.Sleep(20 * time.Millisecond)
	}

	// The local watcher, a child process.
	local, err := startLocal(ns.Path)
	if err != nil {
		return err
	}
	defer local.stop()

	// The clients.
	clients := make([]consumer.Consumer, cfg.clients)
	for i := range clients {
		if cfg.compact {
			clients[i] = consumer.NewRtnlxCompactRemote(sock)
		} else {
			clients[i] = consumer.NewRtnlxRemote(sock)
		}
		if err := clients[i].Start(ctx); err != nil {
			return fmt.Errorf("client %d: %w", i, err)
		}
	}
	defer func() {
		for _, c := range clients {
			c.Stop()
		}
	}()
	logf("%d clients (%s) watching through rtnlxd, one local watcher", cfg.clients, clients[0].Name())

	// The marker: toggled until every watcher has seen an event of it.
	marker := false
	for deadline := time.Now().Add(time.Minute); ; {
		waiting := 0
		for _, c := range clients {
			if c.Progress() < 1 {
				waiting++
			}
		}
		if local.progress() < 1 {
			waiting++
		}
		if waiting == 0 {
			break
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%d watchers saw no marker event in a minute", waiting)
		}
		verb := []string{"route", "add", markerRoute, "via", nsbuild.Gateway}
		if marker {
			verb = []string{"route", "del", markerRoute}
		}
		if err := ns.IP(ctx, verb...); err != nil {
			return err
		}
		marker = !marker
		time.Sleep(500 * time.Millisecond)
	}
	time.Sleep(time.Second)
	baseline := make([]int64, len(clients))
	for i, c := range clients {
		baseline[i] = c.Progress()
	}
	localBase := local.progress()

	load0 := runinfo.LoadAverage()
	cpuDaemon0, cpuLocal0 := cpuTime(daemon.Process.Pid), cpuTime(local.cmd.Process.Pid)
	start := time.Now()
	if err := nsbuild.RouteBatch(ctx, ns, "add", 0, cfg.routes); err != nil {
		return err
	}
	addTook := time.Since(start)
	if err := nsbuild.RouteBatch(ctx, ns, "del", 0, cfg.routes); err != nil {
		return err
	}
	stormTook := time.Since(start)
	expected := int64(2 * cfg.routes)
	if marker {
		if err := ns.IP(ctx, "route", "del", markerRoute); err != nil {
			return err
		}
		expected++
	}

	// Wait until every watcher has everything and is settled, or nothing
	// moved for cfg.idle.
	waitStart, lastChange, lastTotal := time.Now(), time.Now(), int64(-1)
	for {
		total, all, settled := local.activity(), local.progress()-localBase >= expected, local.settled()
		for i, c := range clients {
			total += c.Activity()
			if c.Progress()-baseline[i] < expected {
				all = false
			}
			if !c.Settled() {
				settled = false
			}
		}
		if total != lastTotal {
			lastTotal, lastChange = total, time.Now()
		}
		if all && settled || settled && time.Since(lastChange) >= cfg.idle || time.Since(waitStart) >= cfg.maxWait {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	settledAfter := time.Since(start)
	cpuDaemon, cpuLocal := cpuTime(daemon.Process.Pid)-cpuDaemon0, cpuTime(local.cmd.Process.Pid)-cpuLocal0
	load1 := runinfo.LoadAverage()

	var full, resynced, converged, failed int
	var minEvents int64 = -1
	var samples []string
	for i, c := range clients {
		res, err := c.Stop()
		if err != nil {
			failed++
			samples = append(samples, fmt.Sprintf("client %d: %v", i, err))
			continue
		}
		got := res.Events - baseline[i]
		if minEvents < 0 || got < minEvents {
			minEvents = got
		}
		if got == expected && res.Resyncs == 0 {
			full++
		}
		if res.Resyncs > 0 {
			resynced++
		}
		if res.StateDiff == 0 {
			converged++
		} else if len(samples) < 5 {
			samples = append(samples, fmt.Sprintf("client %d: %d routes differ: %v", i, res.StateDiff, res.DiffSamples))
		}
	}
	// Peak resident sets (VmHWM), read before the processes end.
	daemonUse, _ := consumer.ReadUsage(daemon.Process.Pid)
	localUse, _ := consumer.ReadUsage(local.cmd.Process.Pid)
	selfUse, _ := consumer.ReadUsage(os.Getpid())
	lres, lerr := local.stop()
	if lerr != nil {
		return fmt.Errorf("local watcher: %w", lerr)
	}

	fmt.Printf("rtnlxd storm, %s UTC: %d routes added (%.1f s) then deleted (%.1f s); %d clients watching through rtnlxd; load %s before, %s after\n",
		start.UTC().Format("2006-01-02 15:04"), cfg.routes, addTook.Seconds(), (stormTook - addTook).Seconds(), cfg.clients, load0, load1)
	fmt.Printf("every watcher settled %.1f s after the storm began; each should receive %d route events\n", settledAfter.Seconds(), expected)
	fmt.Printf("clients: %d received every event without a resync, %d resynced, %d failed; fewest events received %d\n", full, resynced, failed, minEvents)
	fmt.Printf("clients whose state equals a fresh dump at the end: %d of %d\n", converged, cfg.clients)
	fmt.Printf("local watcher: %d events, %d resyncs, state − fresh dump %d\n", lres.events-localBase, lres.resyncs, lres.diff)
	fmt.Printf("CPU from the storm's start until settled: daemon %.2f s, local watcher %.2f s: daemon = %.2fx the local watcher (goal <= 3x)\n",
		cpuDaemon.Seconds(), cpuLocal.Seconds(), cpuDaemon.Seconds()/cpuLocal.Seconds())
	fmt.Printf("peak RSS: daemon %.0f MiB, local watcher %.0f MiB, bench process (the %d clients) %.0f MiB\n",
		mib(daemonUse.HWM), mib(localUse.HWM), cfg.clients, mib(selfUse.HWM))
	for _, s := range samples {
		fmt.Println("  ", s)
	}
	if converged != cfg.clients || lres.diff != 0 {
		return errors.New("a watcher's state differs from a fresh dump")
	}
	return nil
}

// cpuTime is a process's user and system time, all threads, from
// /proc/PID/stat (clock ticks of 1/100 s).
func cpuTime(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The command name may hold spaces: count fields after its ')'.
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * 10 * time.Millisecond
}

// localWatcher is the child process watching the namespace directly.
type localWatcher struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	mu    sync.Mutex
	last  localProgress
	final chan localProgress
	once  sync.Once
	res   localProgress
	err   error
}

// localProgress is a line the child prints: "events activity settled
// resyncs diff" (diff -1 until the end).
type localProgress struct {
	events, activity, resyncs int64
	settled                   bool
	diff                      int
}

func startLocal(nsPath string) (*localWatcher, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	l := &localWatcher{cmd: exec.Command(self, "-local-watcher", nsPath), final: make(chan localProgress, 1)}
	l.cmd.Stderr = os.Stderr
	out, err := l.cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if l.stdin, err = l.cmd.StdinPipe(); err != nil {
		return nil, err
	}
	if err := l.cmd.Start(); err != nil {
		return nil, err
	}
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(out)
		first := true
		for sc.Scan() {
			var p localProgress
			var settled int
			if _, err := fmt.Sscan(sc.Text(), &p.events, &p.activity, &settled, &p.resyncs, &p.diff); err != nil {
				continue
			}
			p.settled = settled == 1
			l.mu.Lock()
			l.last = p
			l.mu.Unlock()
			if first {
				close(ready)
				first = false
			}
			if p.diff >= 0 {
				l.final <- p
			}
		}
		close(l.final)
	}()
	select {
	case <-ready:
		return l, nil
	case <-time.After(30 * time.Second):
		l.cmd.Process.Kill()
		l.cmd.Wait()
		return nil, errors.New("the local watcher did not start in 30s")
	}
}

func (l *localWatcher) progress() int64 { l.mu.Lock(); defer l.mu.Unlock(); return l.last.events }
func (l *localWatcher) activity() int64 { l.mu.Lock(); defer l.mu.Unlock(); return l.last.activity }
func (l *localWatcher) settled() bool   { l.mu.Lock(); defer l.mu.Unlock(); return l.last.settled }

// stop asks the child for its final line and waits for it to exit.
func (l *localWatcher) stop() (localProgress, error) {
	l.once.Do(func() {
		l.stdin.Close()
		p, ok := <-l.final
		if err := l.cmd.Wait(); err != nil {
			l.err = err
		} else if !ok {
			l.err = errors.New("no final result")
		}
		l.res = p
	})
	return l.res, l.err
}

// localWatcherMain is the child: a Watch on the namespace, its progress
// printed every 50 ms; when stdin closes, its result.
func localWatcherMain(nsPath string) error {
	c := consumer.NewRtnlx(nsPath)
	if err := c.Start(context.Background()); err != nil {
		return err
	}
	print := func(diff int, resyncs int64) {
		settled := 0
		if c.Settled() {
			settled = 1
		}
		fmt.Printf("%d %d %d %d %d\n", c.Progress(), c.Activity(), settled, resyncs, diff)
	}
	done := make(chan struct{})
	go func() { io.Copy(io.Discard, os.Stdin); close(done) }()
	t := time.NewTicker(50 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			print(-1, 0)
		case <-done:
			res, err := c.Stop()
			if err != nil {
				return err
			}
			print(res.StateDiff, res.Resyncs)
			return nil
		}
	}
}

// mib is bytes in MiB.
func mib(b int64) float64 { return float64(b) / (1 << 20) }
