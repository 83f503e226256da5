package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/rtnlx/rtnlx/bench/internal/consumer"
	"github.com/rtnlx/rtnlx/bench/internal/nsbuild"
	"github.com/rtnlx/rtnlx/bench/internal/table"
	"github.com/rtnlx/rtnlx/netinfo"
)

// This file is -scale, the watch-scale benchmark: the same storm, with
// every consumer in a process of its own so that its CPU time and memory
// can be read from /proc, and ipinfo's monitor among them.

// scaleDefault is -scale's default -only.
const scaleDefault = "rtnlx-count,rtnlx-noview,rtnlx-func,rtnlx-funcview,ipinfo,ip,vishvananda,pyroute2"

// childConsumer makes the in-process consumer -child names.
func childConsumer(cfg *config) (consumer.Consumer, error) {
	switch cfg.child {
	case "rtnlx":
		return consumer.NewRtnlx(cfg.childNS), nil
	case "rtnlx-smallbuf":
		return consumer.NewRtnlxSmallBuffer(cfg.childNS, cfg.smallBuffer), nil
	case "rtnlx-count":
		return consumer.NewRtnlxCount(cfg.childNS, "rtnlx Watch(WatchRoutes), counting"), nil
	case "rtnlx-noview":
		return consumer.NewRtnlxCount(cfg.childNS, "rtnlx Watch(WatchRoutes, WithoutView()), counting", netinfo.WithoutView()), nil
	case "rtnlx-func":
		return consumer.NewRtnlxFunc(cfg.childNS, false), nil
	case "rtnlx-funcview":
		return consumer.NewRtnlxFunc(cfg.childNS, true), nil
	case "vishvananda":
		return consumer.NewVishvananda(cfg.childNS), nil
	}
	return nil, fmt.Errorf("-child: unknown consumer %q", cfg.child)
}

// serveChild is -child: one consumer, driven by the parent through
// standard input and output.
func serveChild(ctx context.Context, cfg *config) error {
	c, err := childConsumer(cfg)
	if err != nil {
		return err
	}
	return consumer.ServeChild(ctx, c)
}

// scaleConsumers lists -scale's consumers: the Go ones in child
// processes of this binary, the others as they are.
func scaleConsumers(ctx context.Context, cfg *config, ns *nsbuild.Namespace) ([]keyed, error) {
	child := func(key string) keyed {
		name := key
		if c, err := childConsumer(&config{child: key, childNS: ns.Path, smallBuffer: cfg.smallBuffer}); err == nil {
			name = c.Name()
		}
		args := []string{"-child", key, "-child-ns", ns.Path, "-small-buffer", fmt.Sprint(cfg.smallBuffer)}
		return keyed{key, consumer.NewChild(name, args...)}
	}
	all := []keyed{
		child("rtnlx-count"),
		child("rtnlx-noview"),
		child("rtnlx-func"),
		child("rtnlx-funcview"),
		child("rtnlx"),
		child("rtnlx-smallbuf"),
		child("vishvananda"),
		{"pyroute2", consumer.NewPyroute2(ns.Name)},
		{"ip", consumer.NewIPMonitor(ns.Name)},
	}
	if cfg.bStorm != "" {
		for _, k := range all {
			if c, ok := k.c.(*consumer.Child); ok {
				args := []string{"-child", k.key, "-child-ns", ns.Path, "-small-buffer", fmt.Sprint(cfg.smallBuffer)}
				all = append(all, keyed{k.key + "-b", consumer.NewChildOf(cfg.bStorm, c.Name()+" (-b-storm)", args...)})
			}
		}
	}
	if cfg.selected("ipinfo") {
		bin := cfg.ipinfo
		if bin == "" {
			var err error
			if bin, err = buildIPInfo(ctx); err != nil {
				return nil, err
			}
		}
		all = append(all, keyed{"ipinfo", consumer.NewIPInfoMonitor(bin, ns.Name)})
		if cfg.bIPInfo != "" {
			all = append(all, keyed{"ipinfo-b", consumer.NewIPInfoMonitor(cfg.bIPInfo, ns.Name)})
		}
	}
	return all, nil
}

// buildIPInfo builds examples/ipinfo into a temporary directory.
func buildIPInfo(ctx context.Context) (string, error) {
	dir, err := os.MkdirTemp("", "rtstorm-ipinfo-")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "ipinfo")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "github.com/rtnlx/rtnlx/examples/ipinfo")
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("building ipinfo: %w", err)
	}
	return bin, nil
}

// syscallCounter counts a process's system calls with `perf stat` on
// the raw_syscalls:sys_enter tracepoint, from its start to stop.
type syscallCounter struct {
	cmd *exec.Cmd
	out bytes.Buffer
}

// countSyscalls starts counting pid's system calls; nil when perf cannot.
func countSyscalls(pid int) *syscallCounter {
	if _, err := exec.LookPath("perf"); err != nil {
		return nil
	}
	c := &syscallCounter{}
	c.cmd = exec.Command("perf", "stat", "-x", ",", "-e", "raw_syscalls:sys_enter", "-p", fmt.Sprint(pid))
	c.cmd.Stderr = &c.out
	if err := c.cmd.Start(); err != nil {
		return nil
	}
	return c
}

// stop ends the count and returns it, -1 if perf gave none.
func (c *syscallCounter) stop() int64 {
	if c == nil {
		return -1
	}
	c.cmd.Process.Signal(os.Interrupt)
	c.cmd.Wait()
	for line := range strings.SplitSeq(c.out.String(), "\n") {
		f := strings.Split(line, ",")
		if len(f) > 2 && strings.Contains(line, "raw_syscalls:sys_enter") {
			if n, err := strconv.ParseInt(f[0], 10, 64); err == nil {
				return n
			}
		}
	}
	return -1
}

// readUsage reads every running process consumer's CPU time and memory:
// at the storm's start, or (end) once it has been received.
func readUsage(consumers []*started, end bool) {
	for _, s := range consumers {
		p, ok := s.c.(consumer.Process)
		if s.err != nil || !ok || p.PID() == 0 {
			continue
		}
		u, err := consumer.ReadUsage(p.PID())
		if err != nil {
			logf("%s: %v", s.key, err)
			continue
		}
		if end {
			s.usage1 = &u
			s.syscalls = s.sysCounter.stop()
		} else {
			s.usage0 = &u
			s.sysCounter = countSyscalls(p.PID())
		}
	}
}

// writeScaleReport prints the consumers' CPU time and memory.
func writeScaleReport(w io.Writer, cfg *config, consumers []*started) {
	var ipPerEvent time.Duration
	perEvent := func(s *started) time.Duration {
		if s.usage0 == nil || s.usage1 == nil || s.res.Events <= 0 {
			return 0
		}
		return (s.usage1.CPU() - s.usage0.CPU()) / time.Duration(s.res.Events)
	}
	for _, s := range consumers {
		if s.key == "ip" && s.err == nil {
			ipPerEvent = perEvent(s)
		}
	}
	header := []string{"consumer", "events", "user s", "sys s", "CPU µs/event", "× ip monitor", "syscalls/event", "RSS before MB", "peak RSS MB", "(peak − before) B/route"}
	var rows [][]string
	for _, s := range consumers {
		if s.err != nil || s.usage0 == nil || s.usage1 == nil {
			rows = append(rows, []string{s.key, table.NA, table.NA, table.NA, table.NA, table.NA, table.NA, table.NA, table.NA, table.NA})
			continue
		}
		u0, u1 := s.usage0, s.usage1
		pe := perEvent(s)
		ratio := table.NA
		if ipPerEvent > 0 {
			ratio = fmt.Sprintf("%.2f", float64(pe)/float64(ipPerEvent))
		}
		sc := table.NA
		if s.syscalls >= 0 && s.res.Events > 0 {
			sc = fmt.Sprintf("%.2f", float64(s.syscalls)/float64(s.res.Events))
		}
		rows = append(rows, []string{
			s.key,
			table.Count(int(s.res.Events)),
			fmt.Sprintf("%.2f", (u1.User - u0.User).Seconds()),
			fmt.Sprintf("%.2f", (u1.Sys - u0.Sys).Seconds()),
			fmt.Sprintf("%.1f", float64(pe)/float64(time.Microsecond)),
			ratio,
			sc,
			fmt.Sprintf("%.1f", float64(u0.RSS)/(1<<20)),
			fmt.Sprintf("%.1f", float64(u1.HWM)/(1<<20)),
			fmt.Sprintf("%.0f", float64(u1.HWM-u0.RSS)/float64(cfg.routes)),
		})
	}
	fmt.Fprintf(w, "\nwatch-scale: CPU time (user + sys, from /proc/PID/stat, 10 ms ticks) each consumer's process spent from the storm's start until it had received the storm, per event delivered; memory from /proc/PID/status (VmRSS at the storm's start, VmHWM at its end); system calls counted by `perf stat -e raw_syscalls:sys_enter -p PID` over the same span. CPU-time ratios in one run are fair on a shared machine; wall times are not.\n\n")
	table.Write(w, header, rows)
}
