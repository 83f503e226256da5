//go:build linux

// Command ipsetbench times listing a 100,000-entry hash:net set and adding
// 100,000 entries to one, with rtnlx's ipset package and its peers, in a
// network namespace of its own. Listing is compared with the floor (a bare
// receive loop on the same IPSET_CMD_LIST dump through nlsock), adding with
// `ipset restore`; every figure is a ratio to its reference measured just
// before it (paired), median over the rounds.
//
//	go run ./cmd/ipsetbench [-entries 100000] [-runs 5] [-slow-runs 1]
package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mdlayher/netlink"
	vnl "github.com/vishvananda/netlink"
	"github.com/vishvananda/netns"

	"github.com/rtnlx/rtnlx/bench/internal/runinfo"
	"github.com/rtnlx/rtnlx/ipset"
	"github.com/rtnlx/rtnlx/nlsock"
)

func main() {
	entries := flag.Int("entries", 100000, "entries in the set")
	runs := flag.Int("runs", 5, "rounds of the fast contenders")
	slowRuns := flag.Int("slow-runs", 1, "rounds of the per-entry adders (vishvananda, pyroute2)")
	smoke := flag.Bool("smoke", false, "a quick check with 2,000 entries and 1 round")
	only := flag.String("only", "", `"list" or "add": run one part only`)
	noPy := flag.Bool("no-pyroute2", false, "leave pyroute2 out")
	flag.Parse()
	if *smoke {
		*entries, *runs, *slowRuns = 2000, 1, 1
	}
	if err := run(*entries, *runs, *slowRuns, *only, *noPy); err != nil {
		fmt.Fprintln(os.Stderr, "ipsetbench:", err)
		os.Exit(1)
	}
}

// nets returns n distinct /28 networks in 10.0.0.0/8.
func nets(n int) []netip.Prefix {
	ps := make([]netip.Prefix, n)
	for i := range ps {
		ps[i] = netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i >> 12), byte(i >> 4), byte(i&15) << 4}), 28)
	}
	return ps
}

type bench struct {
	before func() error // runs untimed before each timed run
	ns     string
	path   string
	c      *ipset.Conn
	nets   []netip.Prefix
	vh     *vnl.Handle
	py     bool
	pyWhy  string
}

func run(n, runs, slowRuns int, only string, noPy bool) error {
	if os.Geteuid() != 0 {
		return errors.New("needs root (it makes a network namespace)")
	}
	if _, err := exec.LookPath("ipset"); err != nil {
		return errors.New("needs the ipset tool")
	}
	b := &bench{ns: fmt.Sprintf("ipsbench-%d", os.Getpid()), nets: nets(n)}
	b.path = "/var/run/netns/" + b.ns
	if out, err := exec.Command("ip", "netns", "add", b.ns).CombinedOutput(); err != nil {
		return fmt.Errorf("ip netns add: %v: %s", err, out)
	}
	defer exec.Command("ip", "netns", "del", b.ns).Run()
	var err error
	if b.c, err = ipset.Dial(&nlsock.Config{NetNS: b.path}); err != nil {
		return err
	}
	defer b.c.Close()
	nsh, err := netns.GetFromPath(b.path)
	if err != nil {
		return err
	}
	defer nsh.Close()
	if b.vh, err = vnl.NewHandleAt(nsh); err != nil {
		return err
	}
	defer b.vh.Close()
	if err := runinfo.Pyroute2(); err != nil {
		b.pyWhy = err.Error()
	} else if noPy {
		b.pyWhy = "-no-pyroute2"
	} else {
		b.py = true
	}

	fmt.Printf("ipset benchmark, %s UTC: %d entries of hash:net, %s, 2 CPUs shared with other work (load %s).\n\n",
		time.Now().UTC().Format("2006-01-02 15:04"), n, runtime.Version(), loadavg())
	if only != "add" {
		if err := b.list(runs); err != nil {
			return err
		}
		fmt.Println()
	}
	if only == "list" {
		return nil
	}
	return b.add(runs, slowRuns)
}

func loadavg() string {
	b, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return "?"
	}
	return f[0]
}

// restoreText is n add lines (and a create line first when create).
func (b *bench) restoreText(set string, create bool) string {
	var s strings.Builder
	if create {
		fmt.Fprintf(&s, "create %s hash:net family inet hashsize 65536 maxelem %d\n", set, len(b.nets)*2)
	}
	for _, p := range b.nets {
		fmt.Fprintf(&s, "add %s %s\n", set, p)
	}
	return s.String()
}

func (b *bench) tool(stdin string, args ...string) error {
	cmd := exec.Command("ip", append([]string{"netns", "exec", b.ns, "ipset"}, args...)...)
	cmd.Stdin = strings.NewReader(stdin)
	cmd.Stdout = nil
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("ipset %s: %v: %s", strings.Join(args, " "), err, stderr.Bytes())
	}
	return nil
}

// A contender lists or adds once and says how many entries it saw.
type contender struct {
	name string
	slow bool
	do   func() (int, error)
}

// row is one contender's results.
type row struct {
	name          string
	times, ratios []time.Duration
	ratio         []float64
	count         int
	skipped       string
}

func (b *bench) list(runs int) error {
	ctx := context.Background()
	if err := b.tool(b.restoreText("big", true), "restore"); err != nil {
		return err
	}
	floor, err := nlsock.Dial(nlsock.Netfilter, &nlsock.Config{NetNS: b.path, ReceiveBuffer: 8 << 20})
	if err != nil {
		return err
	}
	defer floor.Close()
	buf := make([]byte, 1<<20)
	req := listRequest(floor, "big")
	floorRun := func() (int, error) {
		if err := floor.Send(ctx, req); err != nil {
			return 0, err
		}
		msgs := 0
		for {
			n, err := floor.Receive(ctx, buf)
			if err != nil {
				return 0, err
			}
			for p := buf[:n]; len(p) >= 16; {
				l := int(binary.NativeEndian.Uint32(p))
				if binary.NativeEndian.Uint16(p[4:]) == 3 { // NLMSG_DONE
					return msgs, nil
				}
				msgs++
				if l < 16 || l > len(p) {
					return 0, errors.New("floor: bad message length")
				}
				p = p[(l+3)&^3:]
			}
		}
	}
	cs := []contender{
		{name: "rtnlx Members (iterator)", do: func() (int, error) {
			n := 0
			for _, err := range b.c.Members(ctx, "big") {
				if err != nil {
					return 0, err
				}
				n++
			}
			return n, nil
		}},
		{name: "rtnlx List (whole set)", do: func() (int, error) {
			n := 0
			for s, err := range b.c.List(ctx, "big") {
				if err != nil {
					return 0, err
				}
				n += len(s.Members)
			}
			return n, nil
		}},
		{name: "vishvananda IpsetList", do: func() (int, error) {
			r, err := b.vh.IpsetList("big")
			if err != nil {
				return 0, err
			}
			return len(r.Entries), nil
		}},
		{name: "`ipset save big` (whole command)", do: func() (int, error) {
			out, err := exec.Command("ip", "netns", "exec", b.ns, "ipset", "save", "big").Output()
			return bytes.Count(out, []byte("\nadd ")), err
		}},
	}
	if b.py {
		cs = append(cs, contender{name: "pyroute2 IPSet.list (timed inside Python)", do: nil})
	}
	fmt.Printf("List `big` (%d entries): × floor is the median over rounds of each run's time over a floor run made just before it.\n\n", len(b.nets))
	return b.table(runs, runs, contender{name: "floor (nlsock Receive loop, header walk)", do: floorRun}, cs, "× floor", "big")
}

// listRequest frames an IPSET_CMD_LIST dump of one set.
func listRequest(c *nlsock.Conn, set string) []byte {
	ae := netlink.NewAttributeEncoder()
	ae.Uint8(1, 7)    // IPSET_ATTR_PROTOCOL
	ae.String(2, set) // IPSET_ATTR_SETNAME
	attrs, _ := ae.Encode()
	data := append([]byte{2, 0, 0, 0}, attrs...)
	b := make([]byte, 16, 16+len(data))
	binary.NativeEndian.PutUint32(b, uint32(16+len(data)))
	binary.NativeEndian.PutUint16(b[4:], 6<<8|7)
	binary.NativeEndian.PutUint16(b[6:], 1|0x300)
	binary.NativeEndian.PutUint32(b[8:], c.NextSequence())
	return append(b, data...)
}

func (b *bench) add(runs, slowRuns int) error {
	ctx := context.Background()
	entries := make([]ipset.Entry, len(b.nets))
	for i, p := range b.nets {
		entries[i] = ipset.Entry{Addr: p}
	}
	fresh := func() error {
		_ = b.c.Destroy(ctx, "add")
		return b.c.Create(ctx, ipset.Set{Name: "add", Type: "hash:net", HashSize: 65536, MaxElem: uint32(2 * len(b.nets))}, false)
	}
	text := b.restoreText("add", false)
	ref := contender{name: "`ipset restore` (whole command)", do: func() (int, error) {
		return len(b.nets), b.tool(text, "restore")
	}}
	cs := []contender{
		{name: "rtnlx AddAll", do: func() (int, error) { return len(entries), b.c.AddAll(ctx, "add", entries, false) }},
		{name: "vishvananda IpsetAdd, one per entry", slow: true, do: func() (int, error) {
			for _, p := range b.nets {
				ip := p.Addr().As4()
				if err := b.vh.IpsetAdd("add", &vnl.IPSetEntry{IP: net.IP(ip[:]), CIDR: uint8(p.Bits())}); err != nil {
					return 0, err
				}
			}
			return len(b.nets), nil
		}},
	}
	if b.py {
		cs = append(cs, contender{name: "pyroute2 IPSet.add, one per entry (timed inside Python)", slow: true, do: nil})
	}
	fmt.Printf("Add %d entries to an empty hash:net set (made before each run, untimed): × restore is the median over rounds of each run's time over an `ipset restore` run made just before it.\n\n", len(b.nets))
	b.before = fresh
	return b.table(runs, slowRuns, ref, cs, "× restore", "add")
}

// pyroute2 runs a Python script in the namespace that times itself.
func (b *bench) pyroute2(op, set string) (time.Duration, int, error) {
	script := `
import sys, time
from pyroute2 import IPSet
op, name = sys.argv[1], sys.argv[2]
ips = IPSet()
if op == "list":
    t = time.perf_counter()
    r = ips.list(name)
    n = 0
    for m in r:
        adt = m.get_attr('IPSET_ATTR_ADT')
        if adt:
            n += len(adt.get_attrs('IPSET_ATTR_DATA'))
    print(time.perf_counter() - t, n)
else:
    nets = [l.split()[2] for l in sys.stdin]
    t = time.perf_counter()
    for p in nets:
        ips.add(name, p, etype="net")
    print(time.perf_counter() - t, len(nets))
ips.close()
`
	cmd := exec.Command("ip", "netns", "exec", b.ns, runinfo.PythonPath, "-c", script, op, set)
	if op == "add" {
		cmd.Stdin = strings.NewReader(b.restoreText(set, false))
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return 0, 0, fmt.Errorf("pyroute2: %v: %s", err, stderr.Bytes())
	}
	f := strings.Fields(string(out))
	if len(f) != 2 {
		return 0, 0, fmt.Errorf("pyroute2: %q", out)
	}
	secs, _ := strconv.ParseFloat(f[0], 64)
	n, _ := strconv.Atoi(f[1])
	return time.Duration(secs * float64(time.Second)), n, nil
}

// table runs the reference and the contenders, paired, and prints the
// results.
func (b *bench) table(runs, slowRuns int, ref contender, cs []contender, ratioName, set string) error {
	timeIt := func(c contender) (time.Duration, int, error) {
		if b.before != nil {
			if err := b.before(); err != nil {
				return 0, 0, err
			}
		}
		if c.do == nil {
			op := "list"
			if set == "add" {
				op = "add"
			}
			return b.pyroute2(op, set)
		}
		runtime.GC()
		start := time.Now()
		n, err := c.do()
		return time.Since(start), n, err
	}
	refRow := &row{name: ref.name}
	rows := make([]*row, len(cs))
	for i, c := range cs {
		rows[i] = &row{name: c.name}
	}
	for round := range runs {
		for k := range cs {
			i := (k + round) % len(cs)
			c := cs[i]
			if c.slow && round >= slowRuns {
				continue
			}
			rt, rn, err := timeIt(ref)
			if err != nil {
				return fmt.Errorf("%s: %w", ref.name, err)
			}
			refRow.times = append(refRow.times, rt)
			refRow.count = rn
			t, n, err := timeIt(c)
			if err != nil {
				return fmt.Errorf("%s: %w", c.name, err)
			}
			rows[i].times = append(rows[i].times, t)
			rows[i].ratio = append(rows[i].ratio, float64(t)/float64(rt))
			rows[i].count = n
		}
	}
	fmt.Printf("| contender | entries (floor: messages) | median time | %s | fastest run | runs |\n| --- | ---: | ---: | ---: | ---: | ---: |\n", ratioName)
	print := func(r *row, isRef bool) {
		ratio := "1.00x"
		if !isRef {
			ratio = fmt.Sprintf("%.2fx", median(r.ratio))
		}
		fmt.Printf("| %s | %d | %s | %s | %s | %d |\n", r.name, r.count, medianDur(r.times).Round(10*time.Microsecond),
			ratio, slices.Min(r.times).Round(10*time.Microsecond), len(r.times))
	}
	print(refRow, true)
	for _, r := range rows {
		print(r, false)
	}
	if !b.py {
		fmt.Printf("\npyroute2 left out: %s\n", b.pyWhy)
	}
	b.before = nil
	return nil
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2]
}

func medianDur(v []time.Duration) time.Duration {
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2]
}
