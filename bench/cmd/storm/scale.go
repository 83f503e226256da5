package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
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
const scaleDefault = "rtnlx-count,rtnlx-noview,rtnlx-func,ipinfo,ip,vishvananda,pyroute2"

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
		return consumer.NewRtnlxFunc(cfg.childNS), nil
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
		child("rtnlx"),
		child("rtnlx-smallbuf"),
		child("vishvananda"),
		{"pyroute2", consumer.NewPyroute2(ns.Name)},
		{"ip", consumer.NewIPMonitor(ns.Name)},
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
		} else {
			s.usage0 = &u
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
	header := []string{"consumer", "events", "user s", "sys s", "CPU µs/event", "× ip monitor", "RSS before MB", "peak RSS MB", "(peak − before) B/route"}
	var rows [][]string
	for _, s := range consumers {
		if s.err != nil || s.usage0 == nil || s.usage1 == nil {
			rows = append(rows, []string{s.key, table.NA, table.NA, table.NA, table.NA, table.NA, table.NA, table.NA, table.NA})
			continue
		}
		u0, u1 := s.usage0, s.usage1
		pe := perEvent(s)
		ratio := table.NA
		if ipPerEvent > 0 {
			ratio = fmt.Sprintf("%.2f", float64(pe)/float64(ipPerEvent))
		}
		rows = append(rows, []string{
			s.key,
			table.Count(int(s.res.Events)),
			fmt.Sprintf("%.2f", (u1.User - u0.User).Seconds()),
			fmt.Sprintf("%.2f", (u1.Sys - u0.Sys).Seconds()),
			fmt.Sprintf("%.1f", float64(pe)/float64(time.Microsecond)),
			ratio,
			fmt.Sprintf("%.1f", float64(u0.RSS)/(1<<20)),
			fmt.Sprintf("%.1f", float64(u1.HWM)/(1<<20)),
			fmt.Sprintf("%.0f", float64(u1.HWM-u0.RSS)/float64(cfg.routes)),
		})
	}
	fmt.Fprintf(w, "\nwatch-scale: CPU time (user + sys, from /proc/PID/stat, 10 ms ticks) each consumer's process spent from the storm's start until it had received the storm, per event delivered; memory from /proc/PID/status (VmRSS at the storm's start, VmHWM at its end). CPU-time ratios in one run are fair on a shared machine; wall times are not.\n\n")
	table.Write(w, header, rows)
}
