package netinfo

import (
	"context"

	"github.com/rtnlx/rtnlx/rtnlremote"
)

// WithRemote makes the handle speak RTNL to an rtnlremote server, such
// as examples/rtnlxd, listening at addr: "unix:PATH" or a bare PATH, or
// on Windows a named pipe, "pipe:\\.\pipe\NAME". Every method works
// through it as on the server's own backend, with the
// server's permissions for changes; a watcher whose events the server
// had to drop resyncs. WithReceiveBuffer bounds the events each of the
// handle's connections holds for its reader, as it bounds a socket's
// receive buffer.
func WithRemote(addr string) Option { return func(o *options) { o.remote = addr } }

// remoteTransport is the dial function for WithRemote's server.
func remoteTransport(o *options) func(context.Context) (Conn, error) {
	return dialFunc(rtnlremote.NewTransport(o.remote, o.rcvbuf))
}
