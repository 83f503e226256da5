package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"

	"github.com/rtnlx/rtnlx/bench/internal/contender"
	"github.com/rtnlx/rtnlx/bench/internal/nsbuild"
)

// childReport is what a peak-RSS child prints.
type childReport struct {
	Records  int   `json:"records"`
	VmHWMKiB int64 `json:"vmhwm_kib"`
}

// runChild is the -child mode: open one contender, dump one object once,
// and print the process's peak resident set. The child reads its own
// VmHWM because ru_maxrss of a child this process spawns would start at
// this process's high-water mark (the kernel carries it across exec).
func runChild(cfg *config) error {
	e, err := contender.Lookup(cfg.childKey)
	if err != nil {
		return err
	}
	o, err := contender.ParseObject(cfg.childObj)
	if err != nil {
		return err
	}
	ns := nsbuild.Existing(cfg.childNS)
	c, err := e.Open(ns.Name, ns.Path)
	if err != nil {
		return err
	}
	defer c.Close()
	s, err := c.Dump(context.Background(), o)
	if err != nil {
		return err
	}
	hwm, err := ownPeakRSS()
	if err != nil {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(childReport{Records: s.Records, VmHWMKiB: hwm})
}

// ownPeakRSS reads VmHWM, this process's peak resident set, in KiB.
func ownPeakRSS() (int64, error) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, err
	}
	for line := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			f := strings.Fields(rest)
			if len(f) > 0 {
				return strconv.ParseInt(f[0], 10, 64)
			}
		}
	}
	return 0, fmt.Errorf("no VmHWM in /proc/self/status")
}

// peakRSSReader is a contender that measures its own peak RSS (ip -j,
// under GNU time).
type peakRSSReader interface {
	PeakRSS(ctx context.Context, o contender.Object) (int64, error)
}

// measurePeakRSS fills in peak RSS: each in-process contender dumps each
// object once in a child process of this binary; ip -j runs once under
// GNU time; pyroute2 already reported its own.
func measurePeakRSS(ctx context.Context, ns *nsbuild.Namespace, objects []contender.Object, contenders []opened, res results) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	logf("peak RSS: one child process per contender and object")
	for _, o := range objects {
		for i, c := range contenders {
			cl := res[o][i]
			if c.c == nil || cl.err != nil {
				continue
			}
			var kib int64
			var source string
			switch {
			case c.c.InProcess():
				cmd := exec.CommandContext(ctx, self, "-child", c.entry.Key, "-child-object", string(o), "-child-ns", ns.Name)
				var stderr bytes.Buffer
				cmd.Stderr = &stderr
				out, err := cmd.Output()
				if err != nil {
					if ctx.Err() != nil {
						return ctx.Err()
					}
					logf("%s %s: peak RSS child: %v: %s", c.entry.Key, o, err, bytes.TrimSpace(stderr.Bytes()))
					continue
				}
				var r childReport
				if err := json.Unmarshal(out, &r); err != nil {
					logf("%s %s: peak RSS child printed %q: %v", c.entry.Key, o, out, err)
					continue
				}
				kib, source = r.VmHWMKiB, "child VmHWM"
			default:
				rr, ok := c.c.(peakRSSReader)
				if !ok {
					continue
				}
				kib, err = rr.PeakRSS(ctx, o)
				if err != nil {
					if ctx.Err() != nil {
						return ctx.Err()
					}
					logf("%s %s: peak RSS: %v", c.entry.Key, o, err)
					continue
				}
				source = "GNU time"
			}
			cl.peakRSSKiB, cl.peakRSSSource = kib, source
		}
	}
	return nil
}
