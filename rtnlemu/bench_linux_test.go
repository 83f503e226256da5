//go:build linux

package rtnlemu_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/rtnlx/rtnlx/internal/nstest"
	"github.com/rtnlx/rtnlx/netinfo"
	"github.com/rtnlx/rtnlx/rtnlemu"
)

// BenchmarkRoutes100kKernelVsEmulated measures the performance
// target on identical data: a typed netinfo dump of 100,000 routes from
// the Linux kernel (in a namespace of its own), and from a Memory loaded
// with the kernel's own records, through rtnlemu. The target is
// emulated <= 2x kernel. Needs root (skips, or fails under
// RTNLX_STRICT=1, without it).
func BenchmarkRoutes100kKernelVsEmulated(b *testing.B) {
	const n = 100_000
	ns := nstest.New(b, "rtemub")
	ns.Batch(b, []string{
		"link add rtemub0 type veth peer name rtemub1",
		"link set rtemub0 up",
		"link set rtemub1 up",
		"addr add 10.0.0.2/24 dev rtemub0",
	})
	lines := make([]string, n)
	for i := range lines {
		lines[i] = fmt.Sprintf("route add %d.%d.%d.0/24 via 10.0.0.1 dev rtemub0 metric 100", 20+i>>16, (i>>8)&255, i&255)
	}
	ns.Batch(b, lines)

	kh, err := netinfo.Open(netinfo.WithNetNS(ns.Path))
	if err != nil {
		b.Fatal(err)
	}
	defer kh.Close()
	state := readKernel(b, kh)
	mem := rtnlemu.NewMemory()
	if err := mem.Load(&state.snap); err != nil {
		b.Fatal(err)
	}
	eh := openNetinfo(b, mem)
	filter := netinfo.RouteFilter{Family: netinfo.FamilyInet, Table: netinfo.TableMain}
	for _, c := range []struct {
		name string
		h    *netinfo.Handle
	}{{"kernel", kh}, {"rtnlemu", eh}} {
		b.Run(c.name, func(b *testing.B) {
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				routes, err := c.h.Routes(ctx, filter)
				if err != nil {
					b.Fatal(err)
				}
				if len(routes) < n {
					b.Fatalf("%d routes", len(routes))
				}
			}
		})
	}
}
