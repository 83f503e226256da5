package conformance_test

import (
	"context"
	"errors"
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/conformance"
)

// recordingMutator remembers the changes it was asked for and fails
// those on a chosen link.
type recordingMutator struct {
	mu   sync.Mutex
	got  []conformance.Mutation
	fail string
}

func (m *recordingMutator) Supports(op conformance.Op) bool { return op != conformance.OpOverflow }

func (m *recordingMutator) Mutate(ctx context.Context, mut conformance.Mutation) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.got = append(m.got, mut)
	if mut.Link == m.fail {
		return errors.New("no such device")
	}
	return nil
}

func TestRemoteMutatorRoundTrip(t *testing.T) {
	dir := t.TempDir()
	server := &recordingMutator{fail: "bad0"}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	served := make(chan error, 1)
	go func() { served <- conformance.ServeMutations(ctx, dir, server) }()

	client := &conformance.RemoteMutator{Dir: dir, Ops: []conformance.Op{conformance.OpAddrAdd, conformance.OpRouteAdd}}
	require.True(t, client.Supports(conformance.OpAddrAdd))
	require.False(t, client.Supports(conformance.OpLinkAdd))

	muts := []conformance.Mutation{
		{Op: conformance.OpAddrAdd, Link: "eth0", Prefix: netip.MustParsePrefix("198.18.77.1/24")},
		{Op: conformance.OpRouteAdd, Link: "eth0", Prefix: netip.MustParsePrefix("198.19.77.0/24"), Gateway: netip.MustParseAddr("198.18.77.254")},
	}
	for _, m := range muts {
		require.NoError(t, client.Mutate(ctx, m))
	}
	err := client.Mutate(ctx, conformance.Mutation{Op: conformance.OpAddrAdd, Link: "bad0", Prefix: netip.MustParsePrefix("198.18.77.1/24")})
	require.ErrorContains(t, err, "no such device")
	err = client.Mutate(ctx, conformance.Mutation{Op: conformance.OpOverflow})
	require.ErrorContains(t, err, "does not support")

	cancel()
	require.NoError(t, <-served)
	server.mu.Lock()
	defer server.mu.Unlock()
	require.Equal(t, muts, server.got[:2], "the server saw the changes in order, field by field")
	require.Len(t, server.got, 3, "the unsupported change never reached the server")
}
