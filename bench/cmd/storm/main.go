// Command storm adds and then deletes many routes with `ip -batch` in a
// namespace of its own while several consumers watch the route events:
// rtnlx Watch, vishvananda/netlink RouteSubscribe, pyroute2 and
// `ip monitor`. It prints one Markdown table: events received per
// consumer, overflows, rtnlx resyncs, and whether the state rtnlx's
// events built equals a fresh dump.
//
//	cd bench && go run ./cmd/storm                 # 100k routes
//	cd bench && ROUTES=1000000 go run ./cmd/storm  # a million
//	cd bench && go run ./cmd/storm -smoke          # seconds: a check
//
// It needs root, iproute2 and Debian's python3-pyroute2.
package main

import (
	"context"
	"flag"
	"fmt"
	"iter"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/rtnlx/rtnlx/bench/internal/runinfo"
)

// nsPrefix starts the name of every namespace this command makes.
const nsPrefix = "rtstorm"

// smokeSmallBuffer is rtnlx-smallbuf's receive buffer under -smoke.
const smokeSmallBuffer = 4096

// config is the command line.
type config struct {
	routes     int
	only       string
	idle       time.Duration
	maxWait    time.Duration
	outputPath string
	check      bool
	// smoke is -smoke: a missing prerequisite skips (see runinfo.Skip).
	smoke bool
	// smallBuffer is the receive buffer of the rtnlx-smallbuf consumer.
	smallBuffer int
	// scale is -scale, the watch-scale benchmark: every consumer in a
	// process of its own, with its CPU time and memory (scale.go).
	scale bool
	// ipinfo is the ipinfo binary for -scale ("" builds one).
	ipinfo string
	// bStorm and bIPInfo are -b-storm and -b-ipinfo: other builds whose
	// consumers run beside these, as KEY-b (scale.go).
	bStorm, bIPInfo string
	// child and childNS are -child and -child-ns: run one consumer for
	// a parent in -scale mode.
	child, childNS string
}

func main() {
	cfg, err := parseFlags(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "storm:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	if cfg.child != "" {
		err = serveChild(ctx, cfg)
	} else {
		err = run(ctx, cfg)
	}
	stop()
	runinfo.Exit("storm", err)
}

func parseFlags(args []string) (*config, error) {
	cfg := &config{}
	fs := flag.NewFlagSet("storm", flag.ContinueOnError)
	routesDefault, err := runinfo.Routes()
	if err != nil {
		return nil, err
	}
	fs.BoolVar(&cfg.smoke, "smoke", false, "quick check: 1000 routes, a 4 KiB buffer for rtnlx-smallbuf; implies -check")
	fs.BoolVar(&cfg.check, "check", false, "exit with status 1 unless every consumer ran, rtnlx with default options received every event without a resync, and every rtnlx consumer's state equals the fresh dump")
	fs.IntVar(&cfg.routes, "routes", routesDefault, "routes to add and then delete (default from $ROUTES, else 100000)")
	fs.StringVar(&cfg.only, "only", "", "comma-separated consumers to run: rtnlx,rtnlx-smallbuf,vishvananda,pyroute2,ip, and with -scale rtnlx-count,rtnlx-noview,rtnlx-func,rtnlx-funcview,ipinfo (default all, or with -scale "+scaleDefault+")")
	fs.DurationVar(&cfg.idle, "idle", 5*time.Second, "after the storm, stop waiting once no consumer received anything for this long")
	fs.DurationVar(&cfg.maxWait, "max-wait", 10*time.Minute, "after the storm, stop waiting after this long in any case")
	fs.IntVar(&cfg.smallBuffer, "small-buffer", 212992, "receive buffer of the rtnlx-smallbuf consumer in bytes (default: Linux's usual rmem_default)")
	fs.StringVar(&cfg.outputPath, "o", "", "also write the table to this file")
	fs.BoolVar(&cfg.scale, "scale", false, "watch-scale: run every consumer in a process of its own and report its CPU time per event and memory (default consumers: "+scaleDefault+")")
	fs.StringVar(&cfg.ipinfo, "ipinfo", "", "-scale: the ipinfo binary to run as `ipinfo monitor route` (default: build examples/ipinfo)")
	fs.StringVar(&cfg.bStorm, "b-storm", "", "-scale: also run each selected Go consumer KEY from this other build of the storm command, as KEY-b (a before-and-after comparison in one storm)")
	fs.StringVar(&cfg.bIPInfo, "b-ipinfo", "", "-scale: also run this other ipinfo binary, as ipinfo-b")
	fs.StringVar(&cfg.child, "child", "", "internal: run this consumer for a -scale parent")
	fs.StringVar(&cfg.childNS, "child-ns", "", "internal: the namespace path of -child")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if cfg.scale && cfg.only == "" {
		cfg.only = scaleDefault
	}
	if cfg.smoke {
		cfg.routes = 1000
		cfg.idle = time.Second
		cfg.check = true
		// Small enough that 1,000 routes overflow it whatever the load,
		// so that the smoke check goes through Watch's resync.
		cfg.smallBuffer = smokeSmallBuffer
	}
	if cfg.routes < 1 || cfg.routes > 1<<22 {
		return nil, fmt.Errorf("-routes %d is outside 1..%d", cfg.routes, 1<<22)
	}
	return cfg, nil
}

// selected reports whether consumer key was asked for.
func (cfg *config) selected(key string) bool {
	if cfg.only == "" {
		return true
	}
	for k := range strings.SplitSeq(cfg.only, ",") {
		if k = strings.TrimSpace(k); k == key || k+"-b" == key {
			return true
		}
	}
	return false
}

// checkOnly fails if -only names a consumer that is not among known.
func (cfg *config) checkOnly(known iter.Seq[string]) error {
	if cfg.only == "" {
		return nil
	}
	names := slices.Collect(known)
	for k := range strings.SplitSeq(cfg.only, ",") {
		if k = strings.TrimSpace(k); k != "" && !slices.Contains(names, k) {
			return fmt.Errorf("-only: unknown consumer %q (known: %s)", k, strings.Join(names, ", "))
		}
	}
	return nil
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "storm: "+format+"\n", args...)
}
