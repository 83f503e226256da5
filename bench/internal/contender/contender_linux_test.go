package contender

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/rtnlx/rtnlx/bench/internal/nsbuild"
	"github.com/rtnlx/rtnlx/bench/internal/runinfo"
	"github.com/rtnlx/rtnlx/internal/nstest"
)

// TestContendersAgree builds a small namespace and checks that every
// contender dumps as many records of each kind as the floor counts, so
// that the benchmark compares the same work.
func TestContendersAgree(t *testing.T) {
	nstest.RequireIP(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	ns, err := nsbuild.Create(ctx, "rtbenchtest")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := ns.Delete(); err != nil {
			t.Error(err)
		}
	})
	size := nsbuild.Size{Routes: 500, Addrs: 50, Neighbors: 60, Links: 10}
	if err := nsbuild.Populate(ctx, ns, size, nil); err != nil {
		t.Fatal(err)
	}
	floor, err := NewFloor(ns.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer floor.Close()
	want := map[Object]int{}
	for _, o := range Objects {
		s, err := floor.Dump(ctx, o)
		if err != nil {
			t.Fatalf("floor %s: %v", o, err)
		}
		want[o] = s.Records
	}
	if want[Routes] < size.Routes || want[Neighbors] != size.Neighbors || want[Links] != size.Links+1 {
		t.Fatalf("floor counted %v for %+v", want, size)
	}
	for _, e := range Registry()[1:] {
		t.Run(e.Key, func(t *testing.T) {
			c, err := e.Open(ns.Name, ns.Path)
			if errors.Is(err, runinfo.ErrMissing) {
				nstest.Skip(t, "%v", err)
			}
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			for _, o := range Objects {
				s, err := c.Dump(ctx, o)
				if err != nil {
					t.Errorf("%s: %v", o, err)
					continue
				}
				if s.Records != want[o] {
					t.Errorf("%s: %d records, the floor counted %d", o, s.Records, want[o])
				}
			}
		})
	}
}
