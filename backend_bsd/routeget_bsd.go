//go:build darwin || dragonfly || freebsd || netbsd || openbsd

package backend_bsd

import (
	"context"
	"errors"
	"os"
	"syscall"
	"time"

	"github.com/rtnlx/rtnlx/rtnlemu"
)

// GetRoute implements rtnlemu.RouteGetter with RTM_GET on a routing
// socket of its own, as `route -n get` asks: the kernel's own answer,
// read back by pid and sequence number.
func (s *source) GetRoute(ctx context.Context, q *rtnlemu.RouteQuery) (*rtnlemu.RouteLookup, error) {
	pid, seq := int32(os.Getpid()), s.seq.Add(1)
	req, err := s.layout.MarshalRouteGet(q, pid, seq)
	if err != nil {
		return nil, err
	}
	f, err := openRouteSocket(0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	deadline, ok := ctx.Deadline()
	if !ok {
		deadline = time.Now().Add(5 * time.Second)
	}
	if err := f.SetDeadline(deadline); err != nil {
		return nil, err
	}
	if _, err := f.Write(req); err != nil {
		var errno syscall.Errno
		if errors.As(err, &errno) && errno == syscall.ESRCH {
			return nil, syscall.ENETUNREACH // "not in table"
		}
		return nil, errnoOf(err)
	}
	buf := make([]byte, 2048)
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		n, err := f.Read(buf)
		if err != nil {
			return nil, errnoOf(err)
		}
		m, err := s.layout.ParseMessage(buf[:n])
		if err != nil || m.Type != msgGet || m.Route == nil || m.Route.Pid != pid || m.Route.Seq != seq {
			continue // another process's message, or a change
		}
		return s.layout.RouteGetAnswer(m.Route, q)
	}
}
