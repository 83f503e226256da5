package conformance_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/conformance"
	"github.com/rtnlx/rtnlx/netinfo"
	"github.com/rtnlx/rtnlx/rtnlemu"
)

// memoryTarget is rtnlemu over mem; each handle gets its own emulator
// with opts, closed when the check that opened it ends.
func memoryTarget(mem *rtnlemu.Memory, opts ...rtnlemu.Option) conformance.Target {
	return conformance.Target{
		Name: "rtnlemu.Memory",
		Open: func(t testing.TB, nopts ...netinfo.Option) (*netinfo.Handle, error) {
			tr := rtnlemu.New(mem, opts...)
			t.Cleanup(func() { tr.Close() })
			return netinfo.Open(append([]netinfo.Option{netinfo.WithTransport(tr)}, nopts...)...)
		},
		Profile: conformance.EmulatorProfile(),
		Mutator: &conformance.MemoryMutator{Memory: mem},
	}
}

// TestMemory runs the suite against rtnlemu over a Memory loaded with a
// varied state, scripted by a MemoryMutator; the resync check uses the
// Memory's forced overflow. It needs nothing but Go.
func TestMemory(t *testing.T) {
	mem := rtnlemu.NewMemory()
	require.NoError(t, mem.Load(variedSnapshot()))
	conformance.Run(t, memoryTarget(mem))
}

// TestMemoryQueueOverflow runs the suite with a small emulator queue and
// a Mutator that cannot force an overflow, so the resync check overflows
// the queue with a storm, as a kernel socket buffer overflows.
func TestMemoryQueueOverflow(t *testing.T) {
	mem := rtnlemu.NewMemory()
	require.NoError(t, mem.Load(variedSnapshot()))
	target := memoryTarget(mem, rtnlemu.WithQueueLimit(256))
	target.Mutator = withoutOps{target.Mutator, []conformance.Op{conformance.OpOverflow}}
	conformance.Run(t, target)
}

// withoutOps hides some Ops of a Mutator.
type withoutOps struct {
	conformance.Mutator
	hidden []conformance.Op
}

func (m withoutOps) Supports(op conformance.Op) bool {
	for _, h := range m.hidden {
		if op == h {
			return false
		}
	}
	return m.Mutator.Supports(op)
}

func (m withoutOps) Mutate(ctx context.Context, mut conformance.Mutation) error {
	if !m.Supports(mut.Op) {
		return conformance.ErrUnsupportedOp
	}
	return m.Mutator.Mutate(ctx, mut)
}
