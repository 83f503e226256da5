package winetest

import (
	"context"
	"errors"
	"testing"
	"time"
)

// Exec runs another program under Wine while p runs, on p's prefix and
// so on its wineserver: a client of a server p serves, for one. Its
// namespace must be p's (the wineserver's) for the two to meet, as a
// wineserver serves one namespace. It returns as Env.Exec does.
func (p *Process) Exec(t testing.TB, limit time.Duration, netns, exe string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	if limit <= 0 {
		limit = DefaultRunLimit
	}
	select {
	case <-p.done:
		t.Fatalf("winetest: running %s beside a program that has ended", exe)
	default:
	}
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	stdout, stderr, err = runToFiles(p.env.command(ctx, netns, exe, args))
	if ctx.Err() != nil {
		err = errors.Join(err, ctx.Err())
	}
	return stdout, stderr, err
}
