package contender

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/rtnlx/rtnlx/bench/internal/runinfo"
	"github.com/rtnlx/rtnlx/bench/scripts"
)

// PythonPath is Debian's Python, the one python3-pyroute2 is installed
// for (a pyenv python3 may come first on PATH).
const PythonPath = runinfo.PythonPath

// Pyroute2 dumps with pyroute2's IPRoute in a Python process started in
// the namespace for each dump; the script times its own dump, so
// interpreter start-up and imports are left out.
type Pyroute2 struct{ nsName string }

// NewPyroute2 checks that Debian's Python and pyroute2 are there.
func NewPyroute2(nsName string) (*Pyroute2, error) {
	if err := runinfo.Pyroute2(); err != nil {
		return nil, err
	}
	return &Pyroute2{nsName: nsName}, nil
}

// Name implements Contender.
func (p *Pyroute2) Name() string { return "pyroute2 IPRoute" }

// InProcess implements Contender.
func (p *Pyroute2) InProcess() bool { return false }

// Close implements Contender.
func (p *Pyroute2) Close() error { return nil }

// Dump implements Contender.
func (p *Pyroute2) Dump(ctx context.Context, o Object) (Sample, error) {
	cmd := exec.CommandContext(ctx, "ip", "netns", "exec", p.nsName, PythonPath, "-c", scripts.PyrouteDump, string(o))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return Sample{}, fmt.Errorf("pyroute2: %v: %s", err, bytes.TrimSpace(stderr.Bytes()))
	}
	var r struct {
		Records  int     `json:"records"`
		Seconds  float64 `json:"seconds"`
		VmHWMKiB int64   `json:"vmhwm_kib"`
	}
	if err := json.Unmarshal(out, &r); err != nil {
		return Sample{}, fmt.Errorf("pyroute2: reading %q: %w", out, err)
	}
	return Sample{Records: r.Records, Elapsed: time.Duration(r.Seconds * float64(time.Second)), PeakRSSKiB: r.VmHWMKiB}, nil
}

// IPJSON runs iproute2's `ip -j` in the namespace and times the whole
// command: start-up, dump, and printing JSON to a pipe this process
// drains.
type IPJSON struct{ nsName string }

// NewIPJSON checks that ip is there.
func NewIPJSON(nsName string) (*IPJSON, error) {
	if _, err := exec.LookPath("ip"); err != nil {
		return nil, runinfo.Missing("no ip command for ip -j (apt-get install iproute2)")
	}
	return &IPJSON{nsName: nsName}, nil
}

// Name implements Contender.
func (c *IPJSON) Name() string { return "ip -j (whole command)" }

// InProcess implements Contender.
func (c *IPJSON) InProcess() bool { return false }

// Close implements Contender.
func (c *IPJSON) Close() error { return nil }

// ipArgs is the ip command line that lists every object of kind o.
func (c *IPJSON) ipArgs(o Object) []string {
	args := []string{"-n", c.nsName, "-j"}
	switch o {
	case Routes:
		return append(args, "route", "show", "table", "all")
	case Addrs:
		return append(args, "addr", "show")
	case Neighbors:
		return append(args, "neigh", "show", "nud", "all")
	default:
		return append(args, "link", "show")
	}
}

// Dump implements Contender. The records are counted after the clock
// stops: the JSON decoding is this harness's cost, not ip's.
func (c *IPJSON) Dump(ctx context.Context, o Object) (Sample, error) {
	cmd := exec.CommandContext(ctx, "ip", c.ipArgs(o)...)
	var stdout, stderr bytes.Buffer
	stdout.Grow(64 << 20)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	elapsed := time.Since(start)
	if err != nil {
		return Sample{}, fmt.Errorf("ip -j: %v: %s", err, bytes.TrimSpace(stderr.Bytes()))
	}
	n, err := countIPJSON(o, stdout.Bytes())
	if err != nil {
		return Sample{}, err
	}
	return Sample{Records: n, Elapsed: elapsed}, nil
}

// countIPJSON counts the objects in ip -j output: array entries, or for
// addresses the addr_info entries of every link.
func countIPJSON(o Object, out []byte) (int, error) {
	if o == Addrs {
		var links []struct {
			AddrInfo []json.RawMessage `json:"addr_info"`
		}
		if err := json.Unmarshal(out, &links); err != nil {
			return 0, fmt.Errorf("ip -j: decoding output: %w", err)
		}
		n := 0
		for _, l := range links {
			n += len(l.AddrInfo)
		}
		return n, nil
	}
	var objs []json.RawMessage
	if err := json.Unmarshal(out, &objs); err != nil {
		return 0, fmt.Errorf("ip -j: decoding output: %w", err)
	}
	return len(objs), nil
}

// TimePath is GNU time, used to read the peak resident set of a command
// that cannot report its own.
const TimePath = runinfo.TimePath

// PeakRSS runs the dump once under GNU time and returns the command's
// peak resident set in KiB. GNU time forks a plain child, so the figure
// is ip's own (a child spawned straight from this process would inherit
// this process's high-water mark in ru_maxrss).
func (c *IPJSON) PeakRSS(ctx context.Context, o Object) (int64, error) {
	tmp, err := os.CreateTemp("", "rtbench-time-*")
	if err != nil {
		return 0, err
	}
	tmp.Close()
	defer os.Remove(tmp.Name())
	args := append([]string{"-f", "%M", "-o", tmp.Name(), "ip"}, c.ipArgs(o)...)
	cmd := exec.CommandContext(ctx, TimePath, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return 0, fmt.Errorf("%s ip: %v: %s", TimePath, err, bytes.TrimSpace(stderr.Bytes()))
	}
	out, err := os.ReadFile(tmp.Name())
	if err != nil {
		return 0, err
	}
	fields := strings.Fields(string(out))
	if len(fields) == 0 {
		return 0, fmt.Errorf("%s printed nothing", TimePath)
	}
	return strconv.ParseInt(fields[len(fields)-1], 10, 64)
}
