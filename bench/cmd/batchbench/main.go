// Command batchbench installs many routes into a fresh namespace three
// ways and compares them in the same run: `ip -batch` reading a file of
// `route add` lines, a plain loop of netinfo's AddRoute, and a
// netinfo.Batch. For each it reports the wall time and the CPU time
// split into user and system (the kernel serves netlink requests in the
// sender's system call, so the system time is the kernel's own cost of
// installing the routes). On a shared machine the wall time of a
// process that waits for the CPU says little; the CPU time does not
// wait, so both are reported, with paired ratios. With -cpuprofile it writes a Go CPU profile of
// every run, labelled by contender, to see where the user time goes.
//
//	cd bench && go run ./cmd/batchbench              # 100k routes, 5 rounds
//	cd bench && go run ./cmd/batchbench -smoke       # seconds: a check
//
// It needs root and iproute2.
package main

import (
	"context"
	"flag"
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/rtnlx/rtnlx/bench/internal/runinfo"
	"github.com/rtnlx/rtnlx/netinfo"
)

type config struct {
	routes     int
	runs       int
	smoke      bool
	cpuprofile string
}

// A sample is one contender's run: wall time and the CPU it cost.
type sample struct{ wall, user, sys time.Duration }

// contenders in the order of the first round; each round starts one
// further, so a slow phase of a shared machine spreads over all.
var contenders = []string{"ip -batch", "AddRoute loop", "Batch"}

func main() {
	var cfg config
	flag.IntVar(&cfg.routes, "routes", 100000, "routes to install")
	flag.IntVar(&cfg.runs, "runs", 5, "rounds")
	flag.BoolVar(&cfg.smoke, "smoke", false, "a quick check: 2,000 routes, 1 round")
	flag.StringVar(&cfg.cpuprofile, "cpuprofile", "", "write a CPU profile, labelled by contender, to this file")
	flag.Parse()
	if cfg.smoke {
		cfg.routes, cfg.runs = 2000, 1
	}
	runinfo.Exit("batchbench", run(cfg))
}

func run(cfg config) error {
	if err := runinfo.SmokePrereqs(); err != nil {
		return err
	}
	var prof *os.File
	if cfg.cpuprofile != "" {
		f, err := os.Create(cfg.cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		prof = f
	}
	dir, err := os.MkdirTemp("", "batchbench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	script := filepath.Join(dir, "routes.batch")
	if err := writeScript(script, cfg.routes); err != nil {
		return err
	}

	samples := map[string][]sample{}
	if prof != nil {
		// Every run is profiled, labelled with its contender: see the
		// Batch runs alone with pprof -tagfocus=contender=Batch.
		if err := pprof.StartCPUProfile(prof); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	for round := range cfg.runs {
		for k := range contenders {
			name := contenders[(round+k)%len(contenders)]
			var s sample
			var err error
			pprof.Do(context.Background(), pprof.Labels("contender", name), func(context.Context) {
				s, err = measure(name, cfg.routes, script, round)
			})
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			samples[name] = append(samples[name], s)
			fmt.Fprintf(os.Stderr, "round %d %-14s wall %v user %v sys %v\n", round, name, s.wall, s.user, s.sys)
		}
	}
	report(cfg, samples)
	return nil
}

// writeScript writes the ip -batch file: one `route add` per route.
func writeScript(path string, n int) error {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "route add %s dev bb0\n", routeDst(i))
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// routeDst is route i's destination: a /32 in 100.64.0.0/10.
func routeDst(i int) netip.Prefix {
	return netip.PrefixFrom(netip.AddrFrom4([4]byte{100, 64 + byte(i>>16), byte(i >> 8), byte(i)}), 32)
}

// measure runs one contender in a namespace of its own and checks that
// every route is there afterwards.
func measure(name string, n int, script string, round int) (sample, error) {
	ns := fmt.Sprintf("rtbatch-%d-%d", os.Getpid(), round)
	if out, err := exec.Command("ip", "netns", "add", ns).CombinedOutput(); err != nil {
		return sample{}, fmt.Errorf("ip netns add: %v: %s", err, out)
	}
	defer exec.Command("ip", "netns", "del", ns).Run()
	for _, args := range [][]string{
		{"link", "set", "lo", "up"},
		{"link", "add", "bb0", "type", "veth", "peer", "name", "bb1"},
		{"link", "set", "bb0", "up"},
	} {
		if out, err := exec.Command("ip", append([]string{"-n", ns}, args...)...).CombinedOutput(); err != nil {
			return sample{}, fmt.Errorf("ip %v: %v: %s", args, err, out)
		}
	}
	h, err := netinfo.Open(netinfo.WithNetNS("/var/run/netns/" + ns))
	if err != nil {
		return sample{}, err
	}
	defer h.Close()
	ctx := context.Background()
	link, err := h.LinkByName(ctx, "bb0")
	if err != nil {
		return sample{}, err
	}
	routes := make([]netinfo.Route, n)
	for i := range routes {
		routes[i] = netinfo.Route{Dst: routeDst(i), OutIndex: link.Index}
	}
	runtime.GC()

	var s sample
	switch name {
	case "ip -batch":
		cmd := exec.Command("ip", "-n", ns, "-batch", script)
		start := time.Now()
		out, err := cmd.CombinedOutput()
		s.wall = time.Since(start)
		if err != nil {
			return s, fmt.Errorf("%v: %s", err, out)
		}
		ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		s.user, s.sys = tv(ru.Utime), tv(ru.Stime)
	case "AddRoute loop":
		s, err = timed(func() error {
			for _, r := range routes {
				if err := h.AddRoute(ctx, r); err != nil {
					return err
				}
			}
			return nil
		})
	case "Batch":
		s, err = timed(func() error {
			b := h.NewBatch()
			for _, r := range routes {
				if err := b.AddRoute(r); err != nil {
					return err
				}
			}
			return b.Send(ctx)
		})
	}
	if err != nil {
		return s, err
	}
	got, err := h.Routes(ctx, netinfo.RouteFilter{Table: netinfo.TableMain, OutIndex: link.Index})
	if err != nil {
		return s, err
	}
	if len(got) != n {
		return s, fmt.Errorf("%d routes installed, want %d", len(got), n)
	}
	return s, nil
}

// timed runs fn and measures this process's wall, user and system time.
func timed(fn func() error) (sample, error) {
	var r0, r1 syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &r0)
	start := time.Now()
	err := fn()
	wall := time.Since(start)
	syscall.Getrusage(syscall.RUSAGE_SELF, &r1)
	return sample{wall, tv(r1.Utime) - tv(r0.Utime), tv(r1.Stime) - tv(r0.Stime)}, err
}

func tv(t syscall.Timeval) time.Duration { return time.Duration(t.Nano()) }

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// report prints a Markdown table of the medians and the ratios.
func report(cfg config, samples map[string][]sample) {
	med := map[string]sample{}
	for name, ss := range samples {
		var w, u, k []time.Duration
		for _, s := range ss {
			w, u, k = append(w, s.wall), append(u, s.user), append(k, s.sys)
		}
		med[name] = sample{median(w), median(u), median(k)}
	}
	ms := func(d time.Duration) string { return fmt.Sprintf("%.0f ms", float64(d)/float64(time.Millisecond)) }
	fmt.Printf("%d routes (`/32 dev bb0`) into a fresh namespace, median of %d rounds\n\n", cfg.routes, cfg.runs)
	fmt.Println("| contender | wall | user | sys (kernel) | CPU | sys share of CPU | wall × ip -batch | wall × loop | CPU × ip -batch | CPU × loop |")
	fmt.Println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	wall := func(s sample) time.Duration { return s.wall }
	cpu := func(s sample) time.Duration { return s.user + s.sys }
	for _, name := range contenders {
		m := med[name]
		ip, loop := samples["ip -batch"], samples["AddRoute loop"]
		fmt.Printf("| %s | %s | %s | %s | %s | %.0f%% | %.3f | %.3f | %.3f | %.3f |\n", name, ms(m.wall), ms(m.user), ms(m.sys),
			ms(m.user+m.sys), 100*float64(m.sys)/float64(m.user+m.sys),
			ratio(samples[name], ip, wall), ratio(samples[name], loop, wall),
			ratio(samples[name], ip, cpu), ratio(samples[name], loop, cpu))
	}
}

// ratio is the median over rounds of a's measure over b's in the same
// round: paired, so a slow phase of the machine moves both.
func ratio(a, b []sample, of func(sample) time.Duration) float64 {
	var rs []float64
	for i := range min(len(a), len(b)) {
		rs = append(rs, float64(of(a[i]))/float64(of(b[i])))
	}
	slices.Sort(rs)
	return rs[len(rs)/2]
}
