package conformance_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/conformance"
	"github.com/rtnlx/rtnlx/netinfo"
	"github.com/rtnlx/rtnlx/rtnlemu"
	"github.com/rtnlx/rtnlx/rtnlremote"
)

// serveRemote runs an rtnlremote server over dial on a fresh AF_UNIX
// socket (on Windows, a named pipe) until the test ends, and returns its
// address.
func serveRemote(t testing.TB, dial func(context.Context) (rtnlremote.Conn, error), cfg rtnlremote.Config) string {
	t.Helper()
	cfg.Dial = dial
	srv, err := rtnlremote.NewServer(cfg)
	require.NoError(t, err)
	l, addr := listenRemote(t)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(l) }()
	t.Cleanup(func() {
		srv.Close()
		require.ErrorIs(t, <-done, rtnlremote.ErrServerClosed)
	})
	return addr
}

// remoteTarget is a target whose handles reach the system through an
// rtnlremote server at addr, under name.
func remoteTarget(name, addr string, profile conformance.Profile) conformance.Target {
	return conformance.Target{
		Name: name + " through rtnlremote",
		Open: func(t testing.TB, opts ...netinfo.Option) (*netinfo.Handle, error) {
			return netinfo.Open(append([]netinfo.Option{netinfo.WithRemote(addr)}, opts...)...)
		},
		Profile: profile,
	}
}

// TestRemoteMemory runs the suite through an rtnlremote server whose
// backend is rtnlemu over a Memory: the server's shared subscription
// carries the Memory's forced overflow to every watcher, which resyncs.
// The server is made inside the test so that its goroutines are part
// of what the suite's leak check sees end.
func TestRemoteMemory(t *testing.T) {
	mem := rtnlemu.NewMemory()
	require.NoError(t, mem.Load(variedSnapshot()))
	tr := rtnlemu.New(mem)
	t.Cleanup(func() { tr.Close() })
	dial := func(ctx context.Context) (rtnlremote.Conn, error) { return tr.Dial(ctx) }
	addr := serveRemote(t, dial, rtnlremote.Config{MayChange: func(rtnlremote.Peer) bool { return true }})
	target := remoteTarget("rtnlemu.Memory", addr, conformance.EmulatorProfile())
	target.Mutator = &conformance.MemoryMutator{Memory: mem}
	conformance.Run(t, target)
}

// TestRemoteMemoryQueueOverflow runs the suite with a small client queue
// on the server and a Mutator that cannot force an overflow: the resync
// check's storm overflows the server's queue for that client.
func TestRemoteMemoryQueueOverflow(t *testing.T) {
	mem := rtnlemu.NewMemory()
	require.NoError(t, mem.Load(variedSnapshot()))
	tr := rtnlemu.New(mem)
	t.Cleanup(func() { tr.Close() })
	dial := func(ctx context.Context) (rtnlremote.Conn, error) { return tr.Dial(ctx) }
	addr := serveRemote(t, dial, rtnlremote.Config{
		MayChange:  func(rtnlremote.Peer) bool { return true },
		QueueBytes: 16 << 10,
	})
	target := remoteTarget("rtnlemu.Memory", addr, conformance.EmulatorProfile())
	target.Mutator = withoutOps{&conformance.MemoryMutator{Memory: mem}, []conformance.Op{conformance.OpOverflow}}
	conformance.Run(t, target)
}
