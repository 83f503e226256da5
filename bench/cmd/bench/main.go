// Command bench measures RTNL dumps side by side: the floor (a bare
// recvfrom loop), rtnlx typed and through rtnlemu, the Go peers,
// pyroute2 and `ip -j`, in one namespace it builds with `ip -batch`. It
// prints one Markdown table of medians over alternated runs.
//
//	cd bench && go run ./cmd/bench                 # 100k routes, 11 runs
//	cd bench && ROUTES=1000000 go run ./cmd/bench  # a million routes
//	cd bench && go run ./cmd/bench -smoke          # seconds: a check, not a measurement
//
// It needs root, iproute2, /usr/bin/time, and Debian's python3-pyroute2
// for the pyroute2 row.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/rtnlx/rtnlx/bench/internal/runinfo"
)

// nsPrefix starts the name of every namespace this command makes.
const nsPrefix = "rtbench"

// config is the command line.
type config struct {
	size struct {
		routes, addrs, neighs, links int
		ipv6                         bool
	}
	runs       int
	objects    string
	only       string
	reuseNS    string
	keepNS     bool
	skipRSS    bool
	cold       bool
	settle     time.Duration
	childKey   string
	childObj   string
	childNS    string
	smoke      bool
	check      bool
	outputPath string

	cpuProfile  string
	profileKey  string
	profileObj  string
	profileRuns int
}

func main() {
	cfg, err := parseFlags(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(2)
	}
	switch {
	case cfg.childKey != "":
		err = runChild(cfg)
	case cfg.cpuProfile != "":
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		err = runProfile(ctx, cfg)
		stop()
	default:
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		err = run(ctx, cfg)
		stop()
	}
	runinfo.Exit("bench", err)
}

func parseFlags(args []string) (*config, error) {
	cfg := &config{}
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	routesDefault, err := runinfo.Routes()
	if err != nil {
		return nil, err
	}
	fs.IntVar(&cfg.size.routes, "routes", routesDefault, "bulk routes in the namespace (default from $ROUTES, else 100000)")
	fs.IntVar(&cfg.size.addrs, "addrs", 10_000, "IPv4 addresses in the namespace")
	fs.IntVar(&cfg.size.neighs, "neighs", 10_000, "permanent neighbours in the namespace")
	fs.IntVar(&cfg.size.links, "links", 1_000, "veth links in the namespace")
	fs.BoolVar(&cfg.size.ipv6, "ipv6", false, "keep IPv6 on in the namespace (link-local addresses and per-link IPv6 routes; counts drift a little)")
	fs.IntVar(&cfg.runs, "runs", 11, "measured runs per contender and object (medians are reported)")
	fs.StringVar(&cfg.objects, "objects", "routes,addrs,neighs,links", "objects to dump")
	fs.StringVar(&cfg.only, "only", "", "comma-separated contenders to run (floor is always run): floor,floor-netpoll,rtnlx,rtnlx-seq,rtnlx-emu,mdlayher,jsimonetti,vishvananda,pyroute2,ip")
	fs.StringVar(&cfg.reuseNS, "ns", "", "measure this existing namespace (a name under /var/run/netns) instead of building one")
	fs.BoolVar(&cfg.keepNS, "keep", false, "keep the namespace built and print its name (for -ns on later runs)")
	fs.BoolVar(&cfg.skipRSS, "no-rss", false, "skip the peak-RSS child processes")
	fs.BoolVar(&cfg.cold, "cold", false, "before each Go run, return every free page to the system (debug.FreeOSMemory), so results are built in newly faulted memory")
	fs.DurationVar(&cfg.settle, "settle", 2*time.Second, "pause between building the namespace and measuring")
	fs.BoolVar(&cfg.smoke, "smoke", false, "quick check: 1000 routes, 100 addresses and neighbours, 10 links, 1 run; implies -check")
	fs.BoolVar(&cfg.check, "check", false, "exit with status 1 if a contender fails or returns another record count than the floor")
	fs.StringVar(&cfg.outputPath, "o", "", "also write the table to this file")
	fs.StringVar(&cfg.cpuProfile, "cpuprofile", "", "write a CPU profile of -profile-runs dumps by -profile (with -ns) to this file, and measure nothing else")
	fs.StringVar(&cfg.profileKey, "profile", "rtnlx", "contender to profile")
	fs.StringVar(&cfg.profileObj, "profile-object", "routes", "object to profile")
	fs.IntVar(&cfg.profileRuns, "profile-runs", 20, "dumps while profiling")
	fs.StringVar(&cfg.childKey, "child", "", "internal: dump once with this contender and report peak RSS")
	fs.StringVar(&cfg.childObj, "child-object", "", "internal: the object the child dumps")
	fs.StringVar(&cfg.childNS, "child-ns", "", "internal: the namespace the child dumps")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if cfg.smoke {
		cfg.size.routes, cfg.size.addrs, cfg.size.neighs, cfg.size.links = 1000, 100, 100, 10
		cfg.runs = 1
		cfg.settle = 200 * time.Millisecond
		cfg.check = true
	}
	if cfg.runs < 1 {
		return nil, fmt.Errorf("-runs must be at least 1")
	}
	return cfg, nil
}
