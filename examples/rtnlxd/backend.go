package main

import (
	"context"

	"github.com/rtnlx/rtnlx/rtnlremote"
)

// A backend is the one transport the daemon serves: the platform's
// RTNL source (backend_*.go).
type backend struct {
	dial  func(context.Context) (rtnlremote.Conn, error)
	close func() error
}
